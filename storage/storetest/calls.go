package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"readout/summaries"
)

// A record is created at version 0, is version 1 once built, and grows a
// version only when summaries.Diff finds a change; every version is kept.
func testCallVersions(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Phone,
		Points: []summaries.KeyPoint{{Text: "They agreed an energy truce.", URL: "https://a.test/3"}}}
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		id, err := tx.CreateCall(ctx, c)
		if err != nil {
			return err
		}
		c.ID = id
		if v, changed, err := tx.SaveCall(ctx, c, t0); err != nil || !changed || v != 1 {
			t.Errorf("first save: v%d changed=%v err=%v", v, changed, err)
		}
		if v, changed, err := tx.SaveCall(ctx, c, t0); err != nil || changed || v != 1 {
			t.Errorf("unchanged save: v%d changed=%v err=%v", v, changed, err)
		}
		c.DurationMinutes = 90
		if v, changed, err := tx.SaveCall(ctx, c, t0.Add(time.Minute)); err != nil || !changed || v != 2 {
			t.Errorf("changed save: v%d changed=%v err=%v", v, changed, err)
		}
		return nil
	})
	// A record not yet built is not listed.
	var unbuilt int64
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		var err error
		unbuilt, err = tx.CreateCall(ctx, summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-18")})
		return err
	})
	calls, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil || len(calls) != 1 || calls[0].ID != c.ID || calls[0].Version != 2 || calls[0].DurationMinutes != 90 {
		t.Fatalf("calls = %+v, %v", calls, err)
	}
	if got, _ := db.CallsByID(ctx, []int64{c.ID, unbuilt, 9999}); !slices.Equal(callIDs(got), []int64{c.ID}) {
		t.Fatalf("calls by id: %v, want only the built record", callIDs(got))
	}
	v1, err := db.CallAt(ctx, c.ID, 1)
	if err != nil || v1.DurationMinutes != 0 || v1.Version != 1 || !v1.LastSeen.Equal(t0) {
		t.Fatalf("version 1: %+v %v", v1, err)
	}
	v2, err := db.CallAt(ctx, c.ID, 2)
	if err != nil || v2.DurationMinutes != 90 || v2.Version != 2 || !v2.LastSeen.Equal(t0.Add(time.Minute)) {
		t.Fatalf("version 2: %+v %v", v2, err)
	}
	if _, err := db.CallAt(ctx, c.ID, 3); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("version 3: %v, want ErrNotFound", err)
	}
	if _, err := db.CallAt(ctx, 9999, 1); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("a missing record: %v, want ErrNotFound", err)
	}
}

func testCallFilters(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	tp, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Phone}, t0)
	tx, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "xi-jinping"}, Date: day("2025-06-05"), Medium: summaries.Video}, t0)
	mp, _ := saveCall(t, db, summaries.Call{Participants: []string{"emmanuel-macron", "vladimir-putin"}, Date: day("2025-07-01")}, t0)
	// Same day as tp, a later id: listed before it.
	tp2, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Video}, t0)
	// A call no article dates yet: listed last, and only when asked for.
	und, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Medium: summaries.Phone}, t0)
	for _, tc := range []struct {
		name string
		f    summaries.CallFilter
		want []int64
	}{
		{"all, newest first", summaries.CallFilter{}, []int64{mp, tx, tp2, tp}},
		{"limit", summaries.CallFilter{Limit: 2}, []int64{mp, tx}},
		{"one leader", summaries.CallFilter{Leaders: []string{"vladimir-putin"}}, []int64{mp, tp2, tp}},
		{"two leaders", summaries.CallFilter{Leaders: []string{"donald-trump", "vladimir-putin"}}, []int64{tp2, tp}},
		{"nobody's", summaries.CallFilter{Leaders: []string{"keir-starmer"}}, nil},
		{"any of", summaries.CallFilter{AnyOf: [][]string{{"xi-jinping", "emmanuel-macron"}}}, []int64{mp, tx}},
		{"any of and a leader", summaries.CallFilter{Leaders: []string{"donald-trump"}, AnyOf: [][]string{{"xi-jinping", "emmanuel-macron"}}}, []int64{tx}},
		{"from a day on", summaries.CallFilter{From: day("2025-06-05")}, []int64{mp, tx}},
		{"before a day", summaries.CallFilter{To: day("2025-06-05")}, []int64{tp2, tp}},
		{"to excludes its day", summaries.CallFilter{To: day("2025-03-18")}, nil},
		{"within", summaries.CallFilter{From: day("2025-03-19"), To: day("2025-07-01")}, []int64{tx}},
		{"by days, not hours", summaries.CallFilter{From: day("2025-06-05").Add(13 * time.Hour)}, []int64{mp, tx}},
		{"medium", summaries.CallFilter{Medium: summaries.Video}, []int64{tx, tp2}},
		{"undated too, last", summaries.CallFilter{Undated: true}, []int64{mp, tx, tp2, tp, und}},
		{"a pair's, undated too", summaries.CallFilter{Leaders: []string{"donald-trump", "vladimir-putin"}, Undated: true}, []int64{tp2, tp, und}},
		{"undated never the latest", summaries.CallFilter{Leaders: []string{"donald-trump", "vladimir-putin"}, To: day("2025-03-18"), Undated: false}, nil},
	} {
		got, err := db.Calls(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(callIDs(got), tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, callIDs(got), tc.want)
		}
		// A count is what the listing holds, whatever its limit.
		all := tc.f
		all.Limit = 0
		listed, err := db.Calls(ctx, all)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n, err := db.CountCalls(ctx, tc.f); err != nil || n != len(listed) {
			t.Errorf("%s: CountCalls = %d, %v; want %d", tc.name, n, err, len(listed))
		}
	}
}

// A record comes back as it was saved, every fact included.
func testCallFactsRoundTrip(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "xi-jinping"}, Date: day("2025-06-05"), DateBasis: summaries.DateExplicit,
		Medium: summaries.Phone, DurationMinutes: 90, Duration: &summaries.Evidence{Text: "90 minutes", Sentence: "They spoke for 90 minutes.", URL: "https://a.test/1"},
		Initiator: "donald-trump", Ordinal: 2, Tone: "positive", Topics: []string{"trade", "Taiwan"},
		Points:     []summaries.KeyPoint{{Text: "Tariffs were discussed.", URL: "https://a.test/1"}},
		Agreements: []summaries.Evidence{{Text: "to meet again", URL: "https://a.test/1"}},
		Quotes:     []summaries.Quote{{Speaker: "xi-jinping", Text: "Cooperation \"benefits\" both — ça va."}},
		ReadoutBy:  []string{"Xinhua"},
		Articles:   []summaries.ArticleRef{{URL: "https://a.test/1", Title: "Call", Outlet: "Test", Published: day("2025-06-05"), Role: summaries.Reported}},
	}
	id, _ := saveCall(t, db, c, t0)
	got, err := db.CallsByID(ctx, []int64{id})
	if err != nil || len(got) != 1 {
		t.Fatalf("calls by id: %+v %v", got, err)
	}
	want := c
	want.ID, want.Version, want.FirstSeen, want.LastSeen = id, 1, t0, t0
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("record came back as\n%+v\nwant\n%+v", got[0], want)
	}
}

// A brief or timeline listing lists what the full one does, each call
// with the facts kept beside its record and nothing read from the record
// itself.
func testBriefListings(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	tp := []string{"donald-trump", "vladimir-putin"}
	for i, c := range []summaries.Call{
		{Participants: tp, Date: day("2025-03-18"), Medium: summaries.Phone, DurationMinutes: 90, Initiator: "donald-trump", Topics: []string{"ceasefire", "trade"},
			Points: []summaries.KeyPoint{{Text: "They agreed to talk again.", URL: "https://a.test/1"}}},
		{Participants: tp, Date: day("2025-05-19"), Medium: summaries.Video},
		{Participants: []string{"emmanuel-macron", "xi-jinping"}, Date: day("2025-04-02"), Medium: summaries.Phone, DurationMinutes: 45, DurationAtLeast: true},
		{Participants: tp},
	} {
		c.Articles = []summaries.ArticleRef{{URL: fmt.Sprintf("https://a.test/%d", i+1), Title: "Call", Role: summaries.Reported}}
		saveCall(t, db, c, t0)
	}
	for _, f := range []summaries.CallFilter{{}, {Leaders: tp}, {Leaders: tp[:1]}, {AnyOf: [][]string{{"xi-jinping", "donald-trump"}, {"vladimir-putin", "emmanuel-macron"}}},
		{Medium: summaries.Phone, Limit: 1}, {Undated: true}} {
		full, err := db.Calls(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		f.Brief = true
		brief, err := db.Calls(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(callIDs(brief), callIDs(full)) {
			t.Fatalf("%+v: brief %v, full %v", f, callIDs(brief), callIDs(full))
		}
		for i, c := range full {
			want := summaries.Call{ID: c.ID, Participants: c.Participants, Date: c.Date, Medium: c.Medium, DurationMinutes: c.DurationMinutes,
				DurationAtLeast: c.DurationAtLeast, Initiator: c.Initiator, Topics: c.Topics, FirstSeen: c.FirstSeen, LastSeen: c.LastSeen, Version: c.Version}
			if !reflect.DeepEqual(brief[i], want) {
				t.Errorf("%+v: brief\n%+v\nwant\n%+v", f, brief[i], want)
			}
		}
		f.Brief, f.Timeline = false, true
		timeline, err := db.Calls(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(callIDs(timeline), callIDs(full)) {
			t.Fatalf("%+v: timeline %v, full %v", f, callIDs(timeline), callIDs(full))
		}
		for i, c := range full {
			got := timeline[i]
			if !slices.Equal(got.Participants, c.Participants) || !got.Date.Equal(c.Date) || got.Medium != c.Medium || got.DurationMinutes != c.DurationMinutes {
				t.Errorf("%+v: timeline\n%+v\nwant from\n%+v", f, got, c)
			}
			if got.Points != nil || got.Articles != nil || got.Quotes != nil {
				t.Errorf("%+v: a timeline listing read the record: %+v", f, got)
			}
		}
	}
	got, err := db.SearchCalls(ctx, "talk again", summaries.CallFilter{Brief: true})
	if err != nil || len(got) != 1 || got[0].DurationMinutes != 90 || got[0].Points != nil {
		t.Fatalf("brief search: %+v %v", got, err)
	}
}

// Leaders are listed most frequent first, ties by id.
func testCallLeaders(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	if got, err := db.CallLeaders(ctx); err != nil || len(got) != 0 {
		t.Fatalf("no calls: %v %v", got, err)
	}
	saveCall(t, db, summaries.Call{Participants: []string{"b-leader", "z-leader"}, Date: day("2025-03-18")}, t0)
	saveCall(t, db, summaries.Call{Participants: []string{"B-leader", "z-leader"}, Date: day("2025-03-19")}, t0)
	saveCall(t, db, summaries.Call{Participants: []string{"a-leader", "z-leader"}, Date: day("2025-03-20")}, t0)
	got, err := db.CallLeaders(ctx)
	if want := []string{"z-leader", "B-leader", "a-leader", "b-leader"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("call leaders %v %v, want %v (byte order among equals)", got, err, want)
	}
}

// Mentions attach an article to a record, or wait loose until one matches.
func testMentions(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	people := []string{"donald-trump", "vladimir-putin"}
	reported := summaries.Mention{Role: summaries.Reported, Participants: people, Date: day("2025-03-18"), Medium: summaries.Phone,
		DurationMinutes: 90, Candidates: []summaries.Candidate{{Text: "They spoke.", Weight: 0.75}}}
	background := summaries.Mention{Role: summaries.Background, Participants: people, Date: day("2025-02-12")}
	a := article("https://a.test/m", "text")
	a.Published = time.Date(2025, 3, 19, 8, 30, 0, 0, time.UTC)
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		aid, _, err := tx.PutArticle(ctx, a, 0)
		if err != nil {
			return err
		}
		callID, err := tx.CreateCall(ctx, summaries.Call{Participants: people, Date: reported.Date})
		if err != nil {
			return err
		}
		other, err := tx.CreateCall(ctx, summaries.Call{Participants: []string{"emmanuel-macron", "keir-starmer"}, Date: reported.Date})
		if err != nil {
			return err
		}
		if err := tx.AddMention(ctx, aid, callID, reported, t0); err != nil {
			return err
		}
		if err := tx.AddMention(ctx, aid, 0, background, t0); err != nil {
			return err
		}
		if got, err := tx.MentionCalls(ctx, aid); err != nil || !slices.Equal(got, []int64{callID}) {
			t.Errorf("mention calls: %v %v, want [%d]", got, err, callID)
		}
		// CallsNear: the calls of exactly a pair (or one leader), within the
		// days, both ends included; of three or more, those with any of them.
		near, err := tx.CallsNear(ctx, people, day("2025-03-17"), day("2025-03-18").Add(5*time.Hour))
		if err != nil || !slices.Equal(callIDs(near), []int64{callID}) {
			t.Errorf("calls near: %v %v, want [%d]", callIDs(near), err, callID)
		}
		if near, _ := tx.CallsNear(ctx, []string{"nobody", "vladimir-putin"}, day("2025-03-17"), day("2025-03-19")); len(near) != 0 {
			t.Errorf("calls near another pair: %v", callIDs(near))
		}
		if near, _ := tx.CallsNear(ctx, []string{"vladimir-putin"}, day("2025-03-17"), day("2025-03-19")); len(near) != 0 {
			t.Errorf("calls near one of the pair: %v", callIDs(near))
		}
		if near, _ := tx.CallsNear(ctx, []string{"emmanuel-macron", "keir-starmer"}, day("2025-03-18"), day("2025-03-18")); !slices.Equal(callIDs(near), []int64{other}) {
			t.Errorf("calls near on the day: %v, want [%d]", callIDs(near), other)
		}
		if near, _ := tx.CallsNear(ctx, []string{"donald-trump", "keir-starmer", "xi-jinping"}, day("2025-03-18"), day("2025-03-18")); !slices.Equal(callIDs(near), []int64{callID, other}) {
			t.Errorf("calls near three: %v, want [%d %d]", callIDs(near), callID, other)
		}
		if near, _ := tx.CallsNear(ctx, people, day("2025-03-19"), day("2025-03-20")); len(near) != 0 {
			t.Errorf("calls near after the day: %v", callIDs(near))
		}
		if near, _ := tx.CallsNear(ctx, nil, day("2025-03-01"), day("2025-03-30")); len(near) != 0 {
			t.Errorf("calls near nobody: %v", callIDs(near))
		}

		loose, err := tx.LooseMentions(ctx, day("2025-02-12"), day("2025-02-12"))
		if err != nil || len(loose) != 1 || !reflect.DeepEqual(loose[0].Mention, background) {
			t.Fatalf("loose mentions: %+v %v", loose, err)
		}
		if out, _ := tx.LooseMentions(ctx, day("2025-02-13"), day("2025-03-30")); len(out) != 0 {
			t.Errorf("loose mentions outside their days: %+v", out)
		}
		if err := tx.AttachMention(ctx, loose[0].ID, callID); err != nil {
			return err
		}
		if out, _ := tx.LooseMentions(ctx, day("2025-01-01"), day("2025-12-31")); len(out) != 0 {
			t.Errorf("an attached mention is still loose: %+v", out)
		}
		ms, err := tx.CallMentions(ctx, callID)
		if err != nil || len(ms) != 2 {
			t.Fatalf("call mentions: %+v %v", ms, err)
		}
		if !reflect.DeepEqual(ms[0].Mention, reported) || ms[1].Role != summaries.Background {
			t.Errorf("call mentions in order of storing: %+v", ms)
		}
		ref := summaries.ArticleRef{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: a.Published, Role: summaries.Reported}
		if ms[0].Article != ref || !ms[0].Seen.Equal(t0) {
			t.Errorf("mention's article %+v seen %v, want %+v at %v", ms[0].Article, ms[0].Seen, ref, t0)
		}
		// Moving a record's mentions empties it and fills the other.
		if err := tx.MoveMentions(ctx, callID, other); err != nil {
			return err
		}
		if ms, _ := tx.CallMentions(ctx, callID); len(ms) != 0 {
			t.Errorf("mentions left after moving: %+v", ms)
		}
		if ms, _ := tx.CallMentions(ctx, other); len(ms) != 2 {
			t.Errorf("moved mentions: %+v, want 2", ms)
		}
		if got, _ := tx.MentionCalls(ctx, aid); !slices.Equal(got, []int64{other}) {
			t.Errorf("mention calls after moving: %v, want [%d]", got, other)
		}
		// Re-reading the article starts from nothing.
		if err := tx.DeleteMentions(ctx, aid); err != nil {
			return err
		}
		if ms, _ := tx.CallMentions(ctx, other); len(ms) != 0 {
			t.Errorf("deleted mentions: %+v", ms)
		}
		if got, _ := tx.MentionCalls(ctx, aid); len(got) != 0 {
			t.Errorf("mention calls after delete: %v", got)
		}
		return nil
	})
}

// A deleted record's mentions become loose again; its versions go with it.
func testDeleteCallLoosensMentions(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	m := summaries.Mention{Role: summaries.Reported, Participants: []string{"a", "b"}, Date: day("2025-03-18")}
	id, _ := saveCall(t, db, summaries.Call{Participants: m.Participants, Date: m.Date}, t0)
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		aid, _, err := tx.PutArticle(ctx, article("https://a.test/d", "text"), 0)
		if err != nil {
			return err
		}
		if err := tx.AddMention(ctx, aid, id, m, t0); err != nil {
			return err
		}
		return tx.DeleteCall(ctx, id)
	})
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		loose, err := tx.LooseMentions(ctx, m.Date, m.Date)
		if err != nil || len(loose) != 1 {
			t.Errorf("mentions of a deleted record: %+v %v, want one loose", loose, err)
		}
		return err
	})
	if calls, _ := db.Calls(ctx, summaries.CallFilter{}); len(calls) != 0 {
		t.Errorf("deleted record listed: %+v", calls)
	}
	if _, err := db.CallAt(ctx, id, 1); !errors.Is(err, summaries.ErrNotFound) {
		t.Errorf("a deleted record's version: %v, want ErrNotFound", err)
	}
	if got, _ := db.CallLeaders(ctx); len(got) != 0 {
		t.Errorf("a deleted record's leaders: %v", got)
	}
}

// Search matches every word in a record's summary, or in an article that
// reports the call (not one that recalls it in passing), whatever the
// case and accents.
func testSearch(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	people := []string{"donald-trump", "vladimir-putin"}
	bySummary, _ := saveCall(t, db, summaries.Call{Participants: people, Date: day("2025-03-18"),
		Points: []summaries.KeyPoint{{Text: "They agreed an Energy truce at the Élysée."}}}, t0)
	byArticle, _ := saveCall(t, db, summaries.Call{Participants: people, Date: day("2025-05-19")}, t0)
	recalled, _ := saveCall(t, db, summaries.Call{Participants: []string{"emmanuel-macron", "vladimir-putin"}, Date: day("2025-05-01")}, t0)
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		a := article("https://a.test/s", "The leaders discussed a prisoner exchange and grain corridors.")
		aid, _, err := tx.PutArticle(ctx, a, 0)
		if err != nil {
			return err
		}
		if err := tx.AddMention(ctx, aid, byArticle, summaries.Mention{Role: summaries.Reported, Participants: people, Date: day("2025-05-19")}, t0); err != nil {
			return err
		}
		return tx.AddMention(ctx, aid, recalled, summaries.Mention{Role: summaries.Background, Participants: []string{"emmanuel-macron", "vladimir-putin"}, Date: day("2025-05-01")}, t0)
	})
	for _, tc := range []struct {
		words string
		f     summaries.CallFilter
		want  []int64
	}{
		{"energy truce", summaries.CallFilter{}, []int64{bySummary}},
		{"TRUCE", summaries.CallFilter{}, []int64{bySummary}},
		{"elysee", summaries.CallFilter{}, []int64{bySummary}},
		{"energy exchange", summaries.CallFilter{}, nil}, // every word, in one text
		{"prisoner exchange", summaries.CallFilter{}, []int64{byArticle}},
		{"grain", summaries.CallFilter{Leaders: []string{"emmanuel-macron"}}, nil},
		{"the", summaries.CallFilter{}, []int64{byArticle, bySummary}},
		{"the", summaries.CallFilter{Limit: 1}, []int64{byArticle}},
		{"the", summaries.CallFilter{To: day("2025-04-01")}, []int64{bySummary}},
		{"corridor", summaries.CallFilter{}, nil}, // words, not stems
	} {
		got, err := db.SearchCalls(ctx, tc.words, tc.f)
		if err != nil {
			t.Fatalf("search %q: %v", tc.words, err)
		}
		if !slices.Equal(callIDs(got), tc.want) {
			t.Errorf("search %q %+v: %v, want %v", tc.words, tc.f, callIDs(got), tc.want)
		}
	}
	// An edited article is searched as it now reads.
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		_, st, err := tx.PutArticle(ctx, article("https://a.test/s", "They discussed sanctions."), 0)
		if st != summaries.ArticleChanged {
			t.Errorf("edit: state %v", st)
		}
		return err
	})
	if got, _ := db.SearchCalls(ctx, "grain", summaries.CallFilter{}); len(got) != 0 {
		t.Errorf("old text still found: %v", callIDs(got))
	}
	if got, _ := db.SearchCalls(ctx, "sanctions", summaries.CallFilter{}); !slices.Equal(callIDs(got), []int64{byArticle}) {
		t.Errorf("new text: %v, want [%d]", callIDs(got), byArticle)
	}
}

// User input never becomes search syntax.
func testSearchInput(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	id, _ := saveCall(t, db, summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-18"),
		Points: []summaries.KeyPoint{{Text: "An energy truce."}}}, t0)
	for _, q := range []string{`"`, `AND OR NOT`, `*`, `energy" OR "x`, `NEAR(`, ``, `!`, `energy & | ! <-> truce`, `'':*`, "\x00", "\xff"} {
		if _, err := db.SearchCalls(ctx, q, summaries.CallFilter{}); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	if got, _ := db.SearchCalls(ctx, `energy & | ! <-> truce`, summaries.CallFilter{}); !slices.Equal(callIDs(got), []int64{id}) {
		t.Errorf("words among operators: %v, want [%d]", callIDs(got), id)
	}
}

// An event is claimed once within its time to live, on the store's clock.
func testClaimEvent(t *testing.T, open Opener) {
	db, clock := openAt(t, open, t0)
	ctx := context.Background()
	if ok, err := db.ClaimEvent(ctx, "slack:Ev1", time.Hour); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, err := db.ClaimEvent(ctx, "slack:Ev1", time.Hour); ok || err != nil {
		t.Fatalf("second claim of the same event: %v %v", ok, err)
	}
	if ok, _ := db.ClaimEvent(ctx, "slack:Ev2", time.Hour); !ok {
		t.Fatal("another event must be claimable")
	}
	clock.Advance(time.Minute)
	if ok, _ := db.ClaimEvent(ctx, "slack:Ev1", time.Hour); ok {
		t.Error("a claim within its time to live succeeded")
	}
	clock.Advance(2 * time.Hour)
	if ok, _ := db.ClaimEvent(ctx, "slack:Ev1", time.Hour); !ok {
		t.Error("a claim past its time to live failed")
	}
	if ok, _ := db.ClaimEvent(ctx, "slack:Ev1", time.Hour); ok {
		t.Error("a renewed claim was claimed again")
	}
}

// Retries racing each other: exactly one claim wins.
func testClaimEventRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	const racers = 8
	var wg sync.WaitGroup
	won := make(chan bool, racers)
	errs := make(chan error, racers)
	for range racers {
		wg.Go(func() {
			ok, err := db.ClaimEvent(ctx, "slack:race", time.Hour)
			if err != nil {
				errs <- err
			}
			won <- ok
		})
	}
	wg.Wait()
	close(won)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n := 0
	for ok := range won {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d of %d racing claims won, want 1", n, racers)
	}
}

// CallArticles lists a record's articles as the record itself does, for
// the records asked and no others.
func testCallArticles(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	people := []string{"donald-trump", "vladimir-putin"}
	m := summaries.Mention{Role: summaries.Reported, Participants: people, Date: day("2025-03-18"), Medium: summaries.Phone}
	var ids []int64
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		for i, url := range []string{"https://a.test/1", "https://b.test/2", "https://c.test/3"} {
			a := article(url, "text "+url)
			a.Published = time.Date(2025, 3, 18, 20+i, 0, 0, 0, time.UTC)
			aid, _, err := tx.PutArticle(ctx, a, 0)
			if err != nil {
				return err
			}
			if i != 1 { // the first two articles report one record, the third another
				id, err := tx.CreateCall(ctx, summaries.Call{Participants: people, Date: m.Date.AddDate(0, 0, i)})
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			if err := tx.AddMention(ctx, aid, ids[len(ids)-1], m, t0); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := db.CallArticles(ctx, ids[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[ids[0]]) != 2 || got[ids[0]][0].URL != "https://a.test/1" || got[ids[0]][1].URL != "https://b.test/2" {
		t.Errorf("articles of record %d: %+v", ids[0], got)
	}
	calls, err := db.Calls(ctx, summaries.CallFilter{Leaders: people})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if c.ID == ids[0] && !reflect.DeepEqual(c.Articles, got[ids[0]]) {
			t.Errorf("record's articles %+v, CallArticles %+v", c.Articles, got[ids[0]])
		}
	}
	if none, err := db.CallArticles(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("articles of no record: %v %v", none, err)
	}
}
