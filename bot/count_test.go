package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"readout/bot"
	"readout/summaries"
)

// A count past what a listing holds is the store's count, not the
// listing's length.
func TestCountBeyondTheListing(t *testing.T) {
	const n = 230
	b := dailyCalls(t, n)
	ctx := context.Background()
	r := b.Handle(ctx, bot.Request{Text: "how many times have trump and putin spoken"})
	if r.Intent != "count" || len(r.Messages) == 0 || !strings.HasPrefix(r.Messages[0].Title, "230 calls") {
		t.Fatalf("intent %q, first line %q; want the count of all 230", r.Intent, firstTitle(r))
	}
	if len(r.Calls) == 0 || len(r.Calls) >= n {
		t.Errorf("%d records listed: a count lists the newest, up to a listing's cap", len(r.Calls))
	}
}

// A list of free words alone has no timeline: it reads one call past the
// 25 it shows, and says there are more.
func TestListOfWordsAloneShowsTheNewest(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		n     int
		title string
	}{{30, "More than 25 calls about sanctions; the 25 newest"}, {20, "20 calls about sanctions, newest first"}} {
		b := dailyCalls(t, tc.n)
		r := b.Handle(ctx, bot.Request{Text: "calls about sanctions"})
		if r.Intent != "list" || firstTitle(r) != tc.title {
			t.Errorf("%d calls: intent %q, first line %q; want %q", tc.n, r.Intent, firstTitle(r), tc.title)
		}
		if want := min(tc.n, 25); len(r.Calls) != want {
			t.Errorf("%d calls: %d records listed, want %d", tc.n, len(r.Calls), want)
		}
	}
}

// dailyCalls is a store of n Trump–Putin calls on consecutive days from 21
// January 2025, each summed up as about sanctions, and a bot on it.
func dailyCalls(t *testing.T, n int) core {
	t.Helper()
	start := time.Date(2025, 1, 21, 0, 0, 0, 0, time.UTC)
	var calls []summaries.Call
	for i := range n {
		calls = append(calls, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: start.AddDate(0, 0, i), Medium: summaries.Phone,
			Points: []summaries.KeyPoint{{Text: "They discussed sanctions."}}})
	}
	return storeCalls(t, calls)
}

func firstTitle(r bot.Reply) string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[0].Title
}
