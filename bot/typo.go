package bot

import (
	"strings"
	"sync"
	"time"

	"readout/summaries/leaders"
)

// fuzzyLeaders reads misspelt names ("trmup", "zelenksy") as the leader
// they are closest to. Only words of five letters or more are tried, the
// first letter must agree, and a word as close to two leaders names
// neither: a typo never turns into the wrong leader.
func fuzzyLeaders(toks []leaders.Token, found []leaders.Match, ix *nameIndex, at time.Time) []leaders.Match {
	var out []leaders.Match
	for _, t := range toks {
		covered := false
		for _, m := range found {
			if t.Start < m.End && t.End > m.Start {
				covered = true
				break
			}
		}
		if covered || filler[t.Norm] {
			continue
		}
		if id := fuzzyNameAt(t.Norm, ix, at); id != "" {
			out = append(out, leaders.Match{Start: t.Start, End: t.End, Kind: leaders.KindName, Leader: id})
		}
	}
	return out
}

// nameIndex holds every name word of the gazetteer by first letter, for
// typo matching. Its zero value builds itself on first use.
type nameIndex struct {
	once  sync.Once
	g     *leaders.Gazetteer
	words map[byte][]nameWord
}

type nameWord struct {
	word, leader string
}

func newNameIndex(g *leaders.Gazetteer) *nameIndex {
	ix := &nameIndex{}
	ix.build(g)
	return ix
}

func (ix *nameIndex) build(g *leaders.Gazetteer) *nameIndex {
	ix.once.Do(func() {
		ix.g, ix.words = g, map[byte][]nameWord{}
		for _, l := range g.Leaders() {
			seen := map[string]bool{}
			for _, name := range append([]string{l.Name}, l.Names...) {
				for _, part := range strings.Fields(leaders.Normalize(name)) {
					if len(part) >= 4 && !seen[part] {
						seen[part] = true
						ix.words[part[0]] = append(ix.words[part[0]], nameWord{part, l.ID})
					}
				}
			}
		}
	})
	return ix
}

// fuzzyName is fuzzyNameAt for leaders in office at any time.
func fuzzyName(w string, ix *nameIndex) string { return fuzzyNameAt(w, ix, time.Time{}) }

// fuzzyNameAt returns the one leader (in office at at, unless at is zero)
// one of whose name words is within a small edit distance of w.
func fuzzyNameAt(w string, ix *nameIndex, at time.Time) string {
	n := len([]rune(w))
	if n < 5 || filler[w] {
		return ""
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	best, bestID, tie := limit+1, "", false
	for _, nw := range ix.words[w[0]] {
		if abs(len(nw.word)-len(w)) > limit || (!at.IsZero() && !ix.g.InOffice(nw.leader, at)) {
			continue
		}
		d := editDistance(w, nw.word)
		switch {
		case d < best:
			best, bestID, tie = d, nw.leader, false
		case d == best && nw.leader != bestID:
			tie = true
		}
	}
	if tie || best == 0 {
		return ""
	}
	return bestID
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours ("trmup") cost one.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
