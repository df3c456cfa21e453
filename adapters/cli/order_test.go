package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The same clippings ingested in another order list the same records in
// the same order; only the ids, which count the order records were made
// in, differ. Two of the calls are on one day. Written for this test.
func TestCallsListingIsTheSameInAnyIngestOrder(t *testing.T) {
	clips := []string{
		"Xi holds phone calls with Lula and Sheinbaum\nPublished: May 6, 2026\n" +
			"Chinese President Xi Jinping spoke by phone with Brazilian President Luiz Inacio Lula da Silva on Tuesday, and later in the day with Mexican President Claudia Sheinbaum.\n" +
			"In the first call, Xi and Lula discussed soybean exports. In the second, Xi and Sheinbaum talked about car tariffs.\n",
		"Sheinbaum and Xi agree on trade working group\nPublished: May 6, 2026\n" +
			"Mexican President Claudia Sheinbaum said she spoke by phone with Chinese President Xi Jinping on Tuesday and that they agreed to set up a working group on trade.\n" +
			"Sheinbaum said the call lasted 40 minutes.\n",
		"Lula and Xi discuss farm trade by phone\nPublished: May 6, 2026\n" +
			"Brazilian President Luiz Inacio Lula da Silva and Chinese President Xi Jinping spoke by phone on Tuesday for about 50 minutes, the Planalto palace said.\n" +
			"Lula invited Xi to the climate conference in Belem.\n",
	}
	dir := t.TempDir()
	paths := make([]string, len(clips))
	for i, c := range clips {
		paths[i] = filepath.Join(dir, string(rune('a'+i))+".txt")
		if err := os.WriteFile(paths[i], []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ids := regexp.MustCompile(`"id": \d+`)
	var first string
	for n, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
		db := filepath.Join(t.TempDir(), "r.db")
		for _, i := range order {
			if r := runCLI(t, nil, "", "--db", db, "ingest", paths[i]); r.code != 0 {
				t.Fatalf("ingest: %+v", r)
			}
		}
		r := runCLI(t, nil, "", "--db", db, "calls", "--json")
		if r.code != 0 {
			t.Fatalf("calls: %+v", r)
		}
		got := ids.ReplaceAllString(r.stdout, `"id": 0`)
		if n == 0 {
			if len(listCalls(t, db)) != 2 {
				t.Fatalf("want the two calls of the day:\n%s", r.stdout)
			}
			first = got
			continue
		}
		if got != first {
			t.Errorf("ingest order %v lists other records than %v:\n%s\n---\n%s", order, []int{0, 1, 2}, first, got)
		}
	}
}
