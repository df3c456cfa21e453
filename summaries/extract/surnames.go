package extract

import (
	"sort"

	"readout/summaries/leaders"
)

// surnames reads a bare surname as the leader the article names in full:
// "Pedro Sánchez ... Sánchez had proposed the call". The gazetteer leaves
// such surnames out because, in other text, they name other people
// (Sánchez, Costa, Sharif, Martin, Kim); within one article that names the
// leader in full, a writer uses them for him. A surname shared by two
// people of the article, or written beside another capitalised name
// ("Kamala Harris" beside "Simon Harris"), stays unread.
func (x *Extractor) surnames(sents []*sentence) {
	type named struct {
		leader, country string
		shared          bool
	}
	byKey := map[string]*named{}
	for _, s := range sents {
		for _, m := range s.ms {
			if m.Kind != leaders.KindName || m.Leader == "" {
				continue
			}
			key := x.familyNames[m.Leader]
			if key == "" {
				continue
			}
			switch n := byKey[key]; {
			case n == nil:
				byKey[key] = &named{leader: m.Leader, country: m.Country}
			case n.leader != m.Leader:
				n.shared = true
			}
		}
	}
	if len(byKey) == 0 {
		return
	}
	type spot struct {
		s   *sentence
		tok int
	}
	var spots []spot
	for _, s := range sents {
		for i, t := range s.toks {
			if !t.Upper || t.AllCaps {
				continue // most words: no lookup
			}
			n := byKey[t.Norm]
			if n == nil || n.shared || overlaps(s.ms, t.Start, t.End) {
				continue
			}
			if otherName(s, i) {
				n.shared = true
				continue
			}
			spots = append(spots, spot{s, i})
		}
	}
	touched := map[*sentence]bool{}
	for _, sp := range spots {
		t := sp.s.toks[sp.tok]
		n := byKey[t.Norm]
		if n.shared {
			continue
		}
		sp.s.ms = append(sp.s.ms, leaders.Match{Start: t.Start, End: t.End, Kind: leaders.KindName, Leader: n.leader, Country: n.country})
		touched[sp.s] = true
	}
	for s := range touched {
		sort.SliceStable(s.ms, func(i, j int) bool { return s.ms[i].Start < s.ms[j].Start })
	}
}

// familyName is the folded family name of a leader whose full name has
// more than one word: the last word, or the first for names written family
// name first (Lai Ching-te).
func familyName(l *leaders.Leader) string {
	toks := leaders.Tokenize(l.Name)
	if len(toks) < 2 {
		return ""
	}
	t := toks[len(toks)-1]
	if l.FamilyFirst {
		t = toks[0]
	}
	if len(t.Norm) < 2 {
		return ""
	}
	return t.Norm
}

// otherName reports a surname written beside another capitalised word that
// is not a title: "Kamala Harris", "Kim Yo Jong" name someone else.
func otherName(s *sentence, i int) bool {
	adjacent := func(a, b int) bool {
		gap := s.text[s.toks[a].End:s.toks[b].Start]
		return gap == " " || gap == "-"
	}
	if i > 0 && s.toks[i-1].Upper && !honorifics[s.toks[i-1].Norm] && adjacent(i-1, i) {
		return true
	}
	if i+1 < len(s.toks) && s.toks[i+1].Upper && adjacent(i, i+1) && !overlaps(s.ms, s.toks[i+1].Start, s.toks[i+1].End) {
		return true
	}
	return false
}

// honorifics may stand before a leader's surname without naming anyone
// else: "Prime Minister Sánchez", "President Lai".
var honorifics = map[string]bool{
	"president": true, "minister": true, "premier": true, "chancellor": true, "king": true, "prince": true,
	"emir": true, "sheikh": true, "sultan": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"taoiseach": true, "leader": true, "chairman": true, "secretary": true, "general": true, "vice": true,
}
