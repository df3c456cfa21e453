package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"readout/bot"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"

	"github.com/jonboulle/clockwork"
)

// The corpora in testdata/corpus* were written for the project (their
// READMEs say how); this test holds extraction to them end to end, through
// real SQLite, so that `go test` catches a rule that only fits one corpus.
type corpusLabels struct {
	Calls []struct {
		ID           string     `json:"id"`
		Participants []string   `json:"participants"`
		Date         string     `json:"date"`
		Medium       string     `json:"medium"`
		Duration     *int       `json:"duration_minutes"`
		KeyFacts     [][]string `json:"key_facts"`
		MustNot      []string   `json:"must_not"`
	} `json:"calls"`
	Questions []struct {
		Q      string  `json:"q"`
		Now    string  `json:"now"`
		Expect *string `json:"expect"`
	} `json:"questions"`
}

func TestOwnCorpora(t *testing.T) {
	for _, name := range []string{"corpus", "corpus2", "corpus3"} {
		t.Run(name, func(t *testing.T) { ownCorpus(t, filepath.Join("..", "testdata", name)) })
	}
}

func ownCorpus(t *testing.T, dir string) {
	f, err := os.Open(filepath.Join(dir, "articles.jsonl"))
	if err != nil {
		t.Skipf("own corpus not found: %v", err)
	}
	defer f.Close()
	var labels corpusLabels
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil || json.Unmarshal(raw, &labels) != nil {
		t.Fatalf("labels: %v", err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "corpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	b := newCore(t, db, g, clockwork.NewRealClock())
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a struct{ URL, Outlet, Title, Body, Published string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		pub, _ := time.Parse(time.RFC3339, a.Published)
		if _, err := b.Ingest(ctx, summaries.Article{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: pub, Text: a.Body}, 0); err != nil {
			t.Fatal(err)
		}
	}
	calls, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(names []string) string {
		var out []string
		for _, n := range names {
			for _, m := range g.Find(n, time.Now(), leaders.Query) {
				if m.Leader != "" {
					out = append(out, m.Leader)
					break
				}
			}
		}
		sort.Strings(out)
		return strings.Join(out, "+")
	}
	used := map[int64]bool{}
	found, dated, leaks := 0, 0, 0
	for _, want := range labels.Calls {
		day, _ := time.Parse(time.DateOnly, want.Date)
		// The nearest unused record of the same people within a day, as
		// the scorer matches.
		var best *summaries.Call
		var bestGap time.Duration
		for i, c := range calls {
			gap := c.Date.Sub(day)
			if gap < 0 {
				gap = -gap
			}
			if used[c.ID] || gap > 24*time.Hour || !samePeople(ids(want.Participants), strings.Join(c.Participants, "+")) {
				continue
			}
			if best == nil || gap < bestGap {
				best, bestGap = &calls[i], gap
			}
		}
		if best == nil {
			continue
		}
		c := *best
		used[c.ID] = true
		found++
		if bestGap == 0 {
			dated++
		} else {
			t.Logf("%s dated %s", want.ID, c.Date.Format(time.DateOnly))
		}
		text := strings.ToLower(c.Summary() + " " + strings.Join(c.Topics, " "))
		for _, s := range want.MustNot {
			if strings.Contains(text, strings.ToLower(s)) {
				leaks++
				t.Logf("%s leaks %q", want.ID, s)
			}
		}
	}
	recall := float64(found) / float64(len(labels.Calls))
	precision := float64(found) / float64(max(1, len(calls)))
	t.Logf("own corpus: %d calls labeled, %d found, %d records; recall %.2f precision %.2f dates %d/%d leaks %d",
		len(labels.Calls), found, len(calls), recall, precision, dated, found, leaks)
	if recall < 0.9 || precision < 0.9 || float64(dated) < 0.9*float64(found) || leaks > 4 {
		t.Errorf("own corpus below its floors: recall %.2f precision %.2f dates %d/%d leaks %d", recall, precision, dated, found, leaks)
	}
	okQ := 0
	for _, q := range labels.Questions {
		now, _ := time.Parse(time.RFC3339, q.Now)
		r := b.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "test"}, Text: q.Q, Now: now})
		switch {
		case q.Expect == nil && len(r.Calls) == 0:
			okQ++
		case q.Expect != nil && len(r.Calls) > 0 && expectMatches(labels, *q.Expect, r.Calls[0], ids):
			okQ++
		default:
			t.Logf("question %q @%s: got %d calls", q.Q, q.Now, len(r.Calls))
		}
	}
	if float64(okQ) < 0.9*float64(len(labels.Questions)) {
		t.Errorf("questions answered right: %d of %d", okQ, len(labels.Questions))
	}
}

func samePeople(want, got string) bool {
	w, g := strings.Split(want, "+"), strings.Split(got, "+")
	if len(w) <= 2 {
		return want == got
	}
	inter := 0
	for _, x := range w {
		for _, y := range g {
			if x == y {
				inter++
			}
		}
	}
	return float64(inter)/float64(len(w)+len(g)-inter) >= 0.5
}

func expectMatches(labels corpusLabels, id string, got bot.CallView, ids func([]string) string) bool {
	for _, c := range labels.Calls {
		if c.ID == id {
			return c.Date == deref(got.Date) && samePeople(ids(c.Participants), ids(got.Participants))
		}
	}
	return false
}
