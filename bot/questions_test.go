package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"
)

// questionsDir holds the issue 11 question corpus: a fixed store's coverage,
// its labels and the questions people ask about it (see its README).
var questionsDir = filepath.Join("..", "testdata", "questions")

type labelledCall struct {
	ID           string   `json:"id"`
	Participants []string `json:"participants"`
	Date         string   `json:"date"`
	Medium       string   `json:"medium"`
	Duration     *int     `json:"duration_minutes"`
	Initiator    *string  `json:"initiator"`
	Topics       []string `json:"topics"`
}

type corpusQuestion struct {
	Q         string   `json:"q"`
	Now       string   `json:"now"`
	FollowUp  *int     `json:"follow_up_of"`
	Intent    string   `json:"intent"`
	Leaders   []string `json:"leaders"`
	From      *string  `json:"from"`
	To        *string  `json:"to"`
	Words     []string `json:"words"`
	Medium    *string  `json:"medium"`
	Calls     []string `json:"calls"`
	FirstLine *string  `json:"first_line"`
}

// questionStore ingests the corpus coverage through the real pipeline into
// SQLite and returns the bot and the label id of every stored record.
func questionStore(t testing.TB) (core, map[int64]string) {
	b, ids, _ := questionStoreLabels(t)
	return b, ids
}

func questionStoreLabels(t testing.TB) (core, map[int64]string, map[string]labelledCall) {
	t.Helper()
	ctx := context.Background()
	f, err := os.Open(filepath.Join(questionsDir, "coverage.jsonl"))
	if err != nil {
		t.Skipf("question corpus not found: %v", err)
	}
	defer f.Close()
	raw, err := os.ReadFile(filepath.Join(questionsDir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct {
		Calls []labelledCall `json:"calls"`
	}
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "questions.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
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
		pub, err := time.Parse(time.RFC3339, a.Published)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Ingest(ctx, summaries.Article{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: pub, Text: a.Body}, 0); err != nil {
			t.Fatal(err)
		}
	}
	calls, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]string{}
	for _, l := range labels.Calls {
		p := append([]string(nil), l.Participants...)
		sort.Strings(p)
		byKey[strings.Join(p, "+")+"@"+l.Date] = l.ID
	}
	byID := map[string]labelledCall{}
	for _, l := range labels.Calls {
		byID[l.ID] = l
	}
	ids := map[int64]string{}
	for _, c := range calls {
		key := strings.Join(c.Participants, "+") + "@" + c.Date.Format(time.DateOnly)
		if id, ok := byKey[key]; ok {
			ids[c.ID] = id
		} else {
			ids[c.ID] = "unlabelled:" + key
		}
	}
	return b, ids, byID
}

func readQuestions(t testing.TB) []corpusQuestion {
	t.Helper()
	f, err := os.Open(filepath.Join(questionsDir, "questions.jsonl"))
	if err != nil {
		t.Skipf("question corpus not found: %v", err)
	}
	defer f.Close()
	var qs []corpusQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q corpusQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}

// TestQuestionCorpus asks every question of the corpus, in its
// conversation, and holds the reading and the answer to the expectation.
func TestQuestionCorpus(t *testing.T) {
	b, ids, labels := questionStoreLabels(t)
	qs := readQuestions(t)
	ctx := context.Background()
	failed := 0
	for i, q := range qs {
		now, err := time.Parse(time.RFC3339, q.Now)
		if err != nil {
			t.Fatal(err)
		}
		// Each question has its own conversation unless it follows one.
		conv := i
		for c := q.FollowUp; c != nil; c = qs[*c].FollowUp {
			conv = *c
		}
		origin := bot.Origin{Platform: "test", Channel: "c", User: "u" + strings.Repeat("x", conv%7), Thread: "t" + itoa(conv)}
		reply := b.Handle(ctx, bot.Request{Origin: origin, Text: q.Q, Now: now})
		var problems []string
		got := reply.Asked
		if reply.Intent != q.Intent {
			problems = append(problems, "intent "+reply.Intent+" want "+q.Intent)
		}
		if g, w := strings.Join(sorted(got.Leaders), ","), strings.Join(q.Leaders, ","); g != w {
			problems = append(problems, "leaders "+g+" want "+w)
		}
		if g, w := day(got.From), deref(q.From); g != w {
			problems = append(problems, "from "+g+" want "+w)
		}
		if g, w := day(got.To), deref(q.To); g != w {
			problems = append(problems, "to "+g+" want "+w)
		}
		if g, w := strings.Join(sorted(got.Words), "|"), strings.Join(sorted(q.Words), "|"); g != w {
			problems = append(problems, "words "+g+" want "+w)
		}
		wantMedium := ""
		if q.Medium != nil {
			wantMedium = *q.Medium
		}
		if string(got.Medium) != wantMedium && !(got.Medium == summaries.Phone && wantMedium == "") {
			problems = append(problems, "medium "+string(got.Medium)+" want "+wantMedium)
		}
		var gotCalls []string
		for _, c := range reply.Calls {
			gotCalls = append(gotCalls, ids[c.ID])
		}
		if g, w := strings.Join(gotCalls, ","), strings.Join(q.Calls, ","); g != w {
			problems = append(problems, "calls "+g+" want "+w)
		}
		first := ""
		if len(reply.Messages) > 0 {
			first = firstLine(reply.Messages[0])
		}
		if q.FirstLine != nil && !strings.Contains(first, *q.FirstLine) {
			problems = append(problems, "first line "+strconvQuote(first)+" lacks "+strconvQuote(*q.FirstLine))
		}
		// The first line is one line an embed title can hold.
		if len(reply.Messages) == 0 || strings.Contains(reply.Messages[0].Title, "\n") || len([]rune(reply.Messages[0].Title)) > 256 {
			problems = append(problems, "no one-line title of at most 256 characters")
		}
		// What the labels know, the answer must not call unknown.
		if len(q.Calls) == 1 && strings.Contains(first, "does not say") {
			l := labels[q.Calls[0]]
			if (q.Intent == "initiator" && l.Initiator != nil) || (q.Intent == "duration" && l.Duration != nil) {
				problems = append(problems, "first line "+strconvQuote(first)+" but the coverage says")
			}
		}
		if len(problems) > 0 {
			failed++
			t.Errorf("#%d %q @%s:\n\t%s", i, q.Q, q.Now, strings.Join(problems, "\n\t"))
		}
	}
	t.Logf("questions answered right: %d of %d", len(qs)-failed, len(qs))
}

// firstLine is the answer's first line as every adapter shows it: the
// title, or the text when there is none.
func firstLine(m bot.Message) string {
	s := m.Title
	if s == "" {
		s = m.Text
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func day(t time.Time) string {
	if t.IsZero() {
		return "null"
	}
	return t.Format(time.DateOnly)
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func itoa(i int) string { return strconv.Itoa(i) }

func strconvQuote(s string) string { return strconv.Quote(s) }
