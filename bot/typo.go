package bot

import (
	"strings"
	"time"

	"readout/summaries/leaders"
)

// fuzzyLeaders reads misspelt names ("trmup", "zelenksy") as the leader
// they are closest to. Only words of five letters or more are tried, the
// first letter must agree, and a word as close to two leaders names
// neither: a typo never turns into the wrong leader.
func fuzzyLeaders(text string, toks []leaders.Token, found []leaders.Match, g *leaders.Gazetteer, at time.Time) []leaders.Match {
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
		if id := fuzzyNameAt(t.Norm, g, at); id != "" {
			out = append(out, leaders.Match{Start: t.Start, End: t.End, Kind: leaders.KindName, Leader: id})
		}
	}
	return out
}

// fuzzyName is fuzzyNameAt for leaders in office at any time.
func fuzzyName(w string, g *leaders.Gazetteer) string { return fuzzyNameAt(w, g, time.Time{}) }

// fuzzyNameAt returns the one leader (in office at at, unless at is zero)
// one of whose name words is within a small edit distance of w.
func fuzzyNameAt(w string, g *leaders.Gazetteer, at time.Time) string {
	n := len([]rune(w))
	if n < 5 || filler[w] {
		return ""
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	best, bestID, tie := limit+1, "", false
	for _, l := range g.Leaders() {
		if !at.IsZero() && !g.InOffice(l.ID, at) {
			continue
		}
		for _, name := range append([]string{l.Name}, l.Names...) {
			for _, part := range strings.Fields(leaders.Normalize(name)) {
				if len(part) < 4 || part[0] != w[0] || abs(len(part)-len(w)) > limit {
					continue
				}
				d := editDistance(w, part)
				switch {
				case d < best:
					best, bestID, tie = d, l.ID, false
				case d == best && l.ID != bestID:
					tie = true
				}
			}
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
