package servicetest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/summaries"
	"readout/summaries/extract"
)

// lockedBuffer collects log lines written from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An item past the extraction cap is stored whole, its call is found in
// its first part, and the cut is logged with the item's URL and sizes:
// nothing is lost without a word.
func TestOversizedItemIsStoredWholeAndTheCutLogged(t *testing.T) {
	r := newRig(t, wednesday)
	var logs lockedBuffer
	r.log = slog.New(slog.NewTextHandler(&logs, nil))
	r.reopen()

	a := putinTrumpReport(wednesday)
	a.Text += "\n\n" + strings.Repeat("Officials in both capitals described the preparations in detail. ", 2*extract.MaxItemBytes/66)
	if !extract.Oversized(a) {
		t.Fatalf("an item of %d bytes is within the cap", len(a.Text))
	}
	res := r.ingest(nil, a)
	if len(res.NewCalls) != 1 {
		t.Errorf("%d new calls, want the one its first paragraph reports", len(res.NewCalls))
	}
	unchanged, err := r.db.ArticleUnchanged(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if !unchanged {
		t.Error("the stored article is not the whole item")
	}
	out := logs.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "url="+a.URL) ||
		!strings.Contains(out, "text_bytes=") || !strings.Contains(out, "read_text_bytes=1048576") {
		t.Errorf("no warning naming the cut item and its sizes:\n%.600s", out)
	}

	// An item within the cap says nothing.
	before := len(logs.String())
	r.ingest(nil, xiMacronReport(wednesday))
	if extra := logs.String()[before:]; strings.Contains(extra, "longer than extraction reads") {
		t.Errorf("an item within the cap was reported cut:\n%s", extra)
	}
}

// Coverage of two calls (one article reports both, two articles disagree
// on a length, two share a publication time, a later one recalls a call)
// ingested in every one of the 120 orders gives byte-identical records.
func TestSameArticlesInAnyOrderGiveTheSameRecords(t *testing.T) {
	arts := orderCoverage()
	var first string
	var firstOrder []int
	n := 0
	permute(len(arts), func(order []int) {
		n++
		r := newRig(t, time.Date(2026, 5, 13, 9, 0, 0, 0, time.UTC))
		for _, i := range order {
			r.ingest(nil, arts[i])
		}
		got := r.recordsJSON()
		r.db.Close()
		if first == "" {
			first, firstOrder = got, append([]int(nil), order...)
			return
		}
		if got != first {
			t.Fatalf("order %v gave other records than order %v:\n%s\n---\n%s", order, firstOrder, first, got)
		}
	})
	if n != 120 {
		t.Fatalf("%d orders tried, want 120", n)
	}
	// The coverage is what the test says it is: two records, one with
	// every article that speaks of it.
	var stored struct{ Calls []summaries.Call }
	if err := json.Unmarshal([]byte(first), &stored); err != nil {
		t.Fatal(err)
	}
	calls := stored.Calls
	if len(calls) != 2 {
		t.Fatalf("%d records, want 2:\n%s", len(calls), first)
	}
	articles := 0
	for _, c := range calls {
		articles += len(c.Articles)
		if len(c.Points) == 0 {
			t.Errorf("record of %v has no key points", c.Participants)
		}
	}
	if articles != 6 {
		t.Errorf("%d article listings under the records, want 6 (the roundup under both):\n%s", articles, first)
	}
}

// recordsJSON is every stored record as JSON, and the bot's view of each
// (what calls --json prints), by date and people. The ids and versions are
// left out: they count which record was made first and how often it
// changed on the way, which the order of arrival decides; everything a
// record says is kept.
func (r *rig) recordsJSON() string {
	r.t.Helper()
	calls, err := r.db.Calls(context.Background(), summaries.CallFilter{Undated: true})
	if err != nil {
		r.t.Fatal(err)
	}
	// Calls of one day are listed in the order they were made; the
	// records are compared in an order of their own.
	slices.SortStableFunc(calls, func(a, b summaries.Call) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(strings.Join(a.Participants, "+"), strings.Join(b.Participants, "+")))
	})
	views := make([]any, 0, len(calls))
	for i := range calls {
		calls[i].ID, calls[i].Version = 0, 0
		views = append(views, r.bot.View(calls[i]))
	}
	out, err := json.MarshalIndent(struct {
		Calls []summaries.Call `json:"calls"`
		Views []any            `json:"views"`
	}{calls, views}, "", " ")
	if err != nil {
		r.t.Fatal(err)
	}
	return string(out)
}

// permute calls f with every order of 0..n-1 (Heap's algorithm).
func permute(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var gen func(k int)
	gen = func(k int) {
		if k == 1 {
			f(p)
			return
		}
		for i := 0; i < k; i++ {
			gen(k - 1)
			if k%2 == 0 {
				p[i], p[k-1] = p[k-1], p[i]
			} else {
				p[0], p[k-1] = p[k-1], p[0]
			}
		}
	}
	gen(n)
}

// orderCoverage is five articles, written for this test, about Xi's calls
// with Lula and with Sheinbaum on Tuesday 5 May 2026.
func orderCoverage() []summaries.Article {
	morning := time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC)
	return []summaries.Article{
		{URL: "https://state-wire.example/xi-two-calls", Title: "Xi holds phone calls with Lula and Sheinbaum", Outlet: "State Wire", Published: morning,
			Text: "Chinese President Xi Jinping spoke by phone with Brazilian President Luiz Inacio Lula da Silva on Tuesday, and later in the day with Mexican President Claudia Sheinbaum.\n\n" +
				"In the first call, Xi and Lula discussed soybean exports and joint work on solar power.\n\n" +
				"In the second, Xi and Sheinbaum talked about car tariffs and agreed to form a working group on trade."},
		// Published at the same moment as the roundup: the tie is broken by URL.
		{URL: "https://brasilia-daily.example/lula-xi", Title: "Lula and Xi discuss farm trade by phone", Outlet: "Brasilia Daily", Published: morning,
			Text: "Brazilian President Luiz Inacio Lula da Silva and Chinese President Xi Jinping spoke by phone on Tuesday for about 50 minutes, the Planalto palace said.\n\n" +
				"Lula invited Xi to the climate conference in Belem, and the two leaders discussed soybean exports and rail links.\n\n" +
				"Lula said the call was warm and productive."},
		{URL: "https://asia-desk.example/xi-lula-hour", Title: "Xi tells Lula China will buy more Brazilian farm goods", Outlet: "Asia Desk", Published: morning.Add(6 * time.Hour),
			Text: "Xi Jinping told Luiz Inacio Lula da Silva in a phone call on Tuesday that China would buy more Brazilian farm goods, state television said.\n\n" +
				"The call between the two presidents lasted an hour, it said. Lula and Xi also discussed investment in ports.\n\n" +
				"The Brazilian side gave a shorter account of the call."},
		{URL: "https://mexico-post.example/sheinbaum-xi", Title: "Sheinbaum and Xi agree on trade working group", Outlet: "Mexico Post", Published: morning.Add(3 * time.Hour),
			Text: "Mexican President Claudia Sheinbaum said she spoke by phone with Chinese President Xi Jinping on Tuesday and that they agreed to set up a working group on trade.\n\n" +
				"Sheinbaum said the call lasted 40 minutes and covered tariffs on Chinese cars and steel.\n\n" +
				"She described the conversation as respectful."},
		// A week on, the Lula call is recalled in passing.
		{URL: "https://farm-journal.example/soy-deal", Title: "Brazil and China sign soybean deal", Outlet: "Farm Journal", Published: morning.AddDate(0, 0, 6),
			Text: "Brazil and China signed a soybean supply deal on Monday, following a phone call between Lula and Xi on May 5.\n\n" +
				"Exporters welcomed the deal, which sets volumes for the next three years.\n\n" +
				"Prices at the port of Santos rose slightly."},
	}
}
