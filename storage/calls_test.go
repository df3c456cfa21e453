package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"readout/summaries"
)

// lookupCast is who the lookup tests' calls are between.
var lookupCast = []string{"donald-trump", "vladimir-putin", "xi-jinping", "li-qiang", "emmanuel-macron", "narendra-modi"}

// seedCalls stores n built records (and one never built), each covered by
// an article whose text says the word of its topic, and returns them as
// stored.
func seedCalls(t *testing.T, db *DB, n int) []summaries.Call {
	t.Helper()
	ctx := context.Background()
	var out []summaries.Call
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for i := 0; i < n; i++ {
			people := []string{lookupCast[i%len(lookupCast)], lookupCast[(i*7/3+1)%len(lookupCast)]}
			if people[0] == people[1] {
				people[1] = lookupCast[(i+1)%len(lookupCast)]
			}
			if i%11 == 0 {
				people = append(people, lookupCast[(i+3)%len(lookupCast)])
			}
			slices.Sort(people)
			people = slices.Compact(people)
			medium := summaries.Phone
			if i%4 == 0 {
				medium = summaries.Video
			}
			word := []string{"grain", "drones", "tariffs"}[i%3]
			c := summaries.Call{Participants: people, Date: day("2024-01-01").AddDate(0, 0, i/2), Medium: medium,
				Points: []summaries.KeyPoint{{Text: fmt.Sprintf("Point %d.", i)}}}
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
			a := summaries.Article{URL: fmt.Sprintf("https://a.test/%d", i), Title: "Call", Published: c.Date, Text: "They spoke about " + word + "."}
			aid, _, err := tx.PutArticle(ctx, a, 0)
			if err != nil {
				return err
			}
			if err := tx.AddMention(ctx, aid, id, summaries.Mention{Role: summaries.Reported, Participants: people, Date: c.Date}, time.Now()); err != nil {
				return err
			}
			if _, _, err := tx.SaveCall(ctx, c, time.Now()); err != nil {
				return err
			}
			c.Version = 1
			out = append(out, c)
		}
		// A record created but never built is no answer.
		_, err := tx.CreateCall(ctx, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2024-02-01")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// want is what a filter selects, by its definition, newest first.
func want(all []summaries.Call, f summaries.CallFilter, match func(summaries.Call) bool) []int64 {
	var out []summaries.Call
	for _, c := range all {
		ok := (f.From.IsZero() || !c.Date.Before(f.From)) && (f.To.IsZero() || c.Date.Before(f.To)) && (f.Medium == "" || c.Medium == f.Medium)
		for _, l := range f.Leaders {
			ok = ok && slices.Contains(c.Participants, l)
		}
		for _, set := range f.AnyOf {
			if len(set) > 0 {
				ok = ok && slices.ContainsFunc(set, func(l string) bool { return slices.Contains(c.Participants, l) })
			}
		}
		if ok && (match == nil || match(c)) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b summaries.Call) int {
		if d := b.Date.Compare(a.Date); d != 0 {
			return d
		}
		return int(b.ID - a.ID)
	})
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	if f.Limit > 0 && len(ids) > f.Limit {
		ids = ids[:f.Limit]
	}
	return ids
}

func idsOf(cs []summaries.Call) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// lookupFilters are the shapes answers ask: pairs either way round, a
// leader, a country's leaders as alternatives, three parties, sets that
// overlap, periods, media and limits.
func lookupFilters() []summaries.CallFilter {
	var fs []summaries.CallFilter
	shapes := []summaries.CallFilter{
		{},
		{Leaders: []string{"donald-trump", "vladimir-putin"}},
		{Leaders: []string{"vladimir-putin", "donald-trump"}},
		{Leaders: []string{"xi-jinping"}},
		{AnyOf: [][]string{{"donald-trump"}, {"xi-jinping", "li-qiang"}}},
		{AnyOf: [][]string{{"xi-jinping", "li-qiang"}}},
		{AnyOf: [][]string{{"donald-trump"}, {"vladimir-putin"}, {"xi-jinping"}}},
		{Leaders: []string{"donald-trump"}, AnyOf: [][]string{{"donald-trump", "vladimir-putin"}}},
		{AnyOf: [][]string{{"emmanuel-macron"}, {}, {"narendra-modi"}}},
		{Leaders: []string{"emmanuel-macron", "joe-biden"}},
	}
	for _, s := range shapes {
		for _, limit := range []int{0, 1, 2, 200} {
			for _, period := range [][2]string{{}, {"2024-01-10", "2024-02-01"}, {"", "2024-01-20"}} {
				for _, medium := range []summaries.Medium{"", summaries.Video} {
					f := s
					f.Limit, f.Medium = limit, medium
					if period[0] != "" {
						f.From = day(period[0])
					}
					if period[1] != "" {
						f.To = day(period[1])
					}
					fs = append(fs, f)
				}
			}
		}
	}
	return fs
}

func checkLookups(t *testing.T, db *DB, all []summaries.Call) {
	t.Helper()
	ctx := context.Background()
	for _, f := range lookupFilters() {
		got, err := db.Calls(ctx, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		if w := want(all, f, nil); !slices.Equal(idsOf(got), w) {
			t.Errorf("Calls(%+v) = %v, want %v", f, idsOf(got), w)
		}
		n, err := db.CountCalls(ctx, f)
		unlimited := f
		unlimited.Limit = 0
		if w := want(all, unlimited, nil); err != nil || n != len(w) {
			t.Errorf("CountCalls(%+v) = %d, %v, want %d", f, n, err, len(w))
		}
	}
}

func TestCallsLookupMatchesTheFilter(t *testing.T) {
	db, _ := openTemp(t)
	all := seedCalls(t, db, 60)
	checkLookups(t, db, all)

	// Rebuilt records move in the lookup: new people, a new date, a new
	// medium; a deleted record leaves it.
	ctx := context.Background()
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		all[3].Participants = []string{"joe-biden", "xi-jinping"}
		all[5].Date = day("2023-12-01")
		all[6].Medium = summaries.Video
		for _, i := range []int{3, 5, 6} {
			if _, _, err := tx.SaveCall(ctx, all[i], time.Now()); err != nil {
				return err
			}
		}
		return tx.DeleteCall(ctx, all[8].ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	all = slices.Delete(all, 8, 9)
	checkLookups(t, db, all)
	if got, _ := db.Calls(ctx, summaries.CallFilter{Leaders: []string{"joe-biden"}}); !slices.Equal(idsOf(got), []int64{all[3].ID}) {
		t.Fatalf("a rebuilt record's new leader finds %v", idsOf(got))
	}
}

func TestSearchCallsRareAndCommonWords(t *testing.T) {
	db, _ := openTemp(t)
	// Each topic word is said by a third of 150 articles; "point 7" by one
	// summary, "nowhere" by none.
	all := seedCalls(t, db, 150)
	ctx := context.Background()
	for _, word := range []string{"grain", "drones", "point 7", "nowhere"} {
		match := func(c summaries.Call) bool {
			i := slices.IndexFunc(all, func(x summaries.Call) bool { return x.ID == c.ID })
			switch word {
			case "point 7":
				return c.Points[0].Text == "Point 7."
			case "nowhere":
				return false
			}
			return []string{"grain", "drones", "tariffs"}[i%3] == word
		}
		for _, f := range lookupFilters() {
			got, err := db.SearchCalls(ctx, word, f)
			if err != nil {
				t.Fatalf("%q %+v: %v", word, f, err)
			}
			if w := want(all, f, match); !slices.Equal(idsOf(got), w) {
				t.Errorf("SearchCalls(%q, %+v) = %v, want %v", word, f, idsOf(got), w)
			}
		}
	}
}

// queryPlan is the EXPLAIN QUERY PLAN of a query, one step a line.
func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}

func TestCallLookupsSeekIndexes(t *testing.T) {
	db, _ := openTemp(t)
	seedCalls(t, db, 20)
	for _, tc := range []struct {
		f    summaries.CallFilter
		uses string
	}{
		{summaries.CallFilter{AnyOf: [][]string{{"donald-trump"}, {"vladimir-putin"}}, To: day("2025-01-01"), Limit: 1}, "call_pairs"},
		{summaries.CallFilter{AnyOf: [][]string{{"donald-trump"}, {"xi-jinping", "li-qiang"}}, Limit: 2}, "call_pairs"},
		{summaries.CallFilter{AnyOf: [][]string{{"xi-jinping"}}, From: day("2024-01-01"), Limit: 3}, "call_leaders"},
		{summaries.CallFilter{To: day("2025-01-01"), Medium: summaries.Video, Limit: 3}, "calls_built"},
	} {
		ids, args := lookup(tc.f).ids(tc.f.Limit)
		plan := queryPlan(t, db, recordsOf(ids), args...)
		if !strings.Contains(plan, tc.uses) {
			t.Errorf("%+v: plan does not use %s:\n%s", tc.f, tc.uses, plan)
		}
		// Only the rows listed are read from calls, by id; no table is
		// scanned (the subqueries scanned are ranges already cut to the
		// limit, merged).
		for _, line := range strings.Split(plan, "\n") {
			if strings.HasPrefix(line, "SCAN") && !strings.HasPrefix(line, "SCAN k") && !strings.HasPrefix(line, "SCAN (subquery-") && !strings.Contains(line, "COVERING INDEX") {
				t.Errorf("%+v: %q in plan:\n%s", tc.f, line, plan)
			}
		}
	}
}

func TestMigrationIndexesExistingCalls(t *testing.T) {
	db, path := openTemp(t)
	all := seedCalls(t, db, 40)
	ctx := context.Background()
	// Take the database back to before migration 0004, records kept.
	_, err := db.db.ExecContext(ctx, `DROP TRIGGER calls_lookup_ai; DROP TRIGGER calls_lookup_au; DROP TRIGGER calls_lookup_ad;
		DROP TABLE call_leaders; DROP TABLE call_pairs; DROP INDEX calls_built; DROP INDEX mentions_reported;
		DROP INDEX mentions_call_articles; CREATE INDEX mentions_call ON mentions(call_id); DELETE FROM schema_migrations WHERE version IN (4, 12)`)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	checkLookups(t, again, all)
}

// Free words with no leader are read from the index in its own order
// (newest first), never gathered and sorted: a common word stops at the
// limit.
func TestFreeWordsReadNewestFirst(t *testing.T) {
	db, _ := openTemp(t)
	seedCalls(t, db, 20)
	f := summaries.CallFilter{From: day("2020-01-01"), To: day("2025-01-01"), Medium: summaries.Phone, Limit: 15}
	q, args := newestQuery(`"truce"`, f)
	plan := queryPlan(t, db, q, args...)
	if !strings.Contains(plan, "SCAN w VIRTUAL TABLE") || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "SCAN c") {
		t.Errorf("the search does not read the index in its order:\n%s", plan)
	}
}

// stringList reads what encoding/json reads, on the plain path and off it.
func TestStringList(t *testing.T) {
	for _, in := range [][]string{nil, {"trade"}, {"trade", "the war in Ukraine"}, {`a "quoted" topic`, `back\slash`}, {"", "x"}, {"comma, inside", "é"}, {`","`}} {
		enc, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := stringList(string(enc))
		if err != nil || !slices.Equal(got, in) {
			t.Errorf("stringList(%s) = %q, %v; want %q", enc, got, err, in)
		}
	}
	if _, err := stringList(`["unclosed`); err == nil {
		t.Error("stringList of a broken list gave no error")
	}
}

// Migration 0013 reads "at least" lengths from the records stored before
// it, deflated ones included.
func TestMigrationReadsAtLeastLengths(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	long := strings.Repeat("The call went on while officials briefed reporters outside. ", 20) // packed: over packFrom
	var ids []int64
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for i, atLeast := range []bool{true, false, true} {
			c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18").AddDate(0, 0, i), Medium: summaries.Phone,
				DurationMinutes: 90, DurationAtLeast: atLeast, Points: []summaries.KeyPoint{{Text: "Point."}}}
			if i == 0 {
				c.Points[0].Text = long
			}
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
			ids = append(ids, id)
			if _, _, err := tx.SaveCall(ctx, c, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var packed int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM calls WHERE substr(CAST(record AS BLOB), 1, 1) <> CAST('{' AS BLOB)`).Scan(&packed); err != nil || packed == 0 {
		t.Fatalf("no record stored deflated (%d, %v): the test would not test the Go step", packed, err)
	}
	if _, err := db.db.ExecContext(ctx, `ALTER TABLE calls DROP COLUMN duration_at_least; DELETE FROM schema_migrations WHERE version = 13`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got, err := again.Calls(ctx, summaries.CallFilter{Brief: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]bool{ids[0]: true, ids[1]: false, ids[2]: true}
	for _, c := range got {
		if c.DurationAtLeast != want[c.ID] {
			t.Errorf("call %d: at least %v after the migration, want %v", c.ID, c.DurationAtLeast, want[c.ID])
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d calls listed, want 3", len(got))
	}
}
