package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"sort"
	"strings"
)

// topicPair returns the two leaders an article is most about, when two
// stand out: "the call", "the two leaders" and "their conversation" refer
// to them.
func topicPair(sents []*sentence) []string {
	count := map[string]float64{}
	for _, s := range sents {
		w := 1.0
		if s.para < 0 {
			w = 2
		}
		for _, m := range s.ms {
			if m.Leader != "" && m.Kind != leaders.KindSeat && !ownerOnly(s.toks, m) && !attributive(s.toks, m) {
				count[m.Leader] += w
			}
		}
	}
	var ids []string
	for id, n := range count {
		if n >= 2 {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if count[ids[i]] != count[ids[j]] {
			return count[ids[i]] > count[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) < 2 || (len(ids) > 2 && count[ids[2]] == count[ids[1]]) {
		return nil // no clear pair
	}
	pair := []string{ids[0], ids[1]}
	sort.Strings(pair)
	return pair
}

// ownerOnly reports a possessive leader whose noun is not a call:
// "Trump's inauguration", "Zelensky's chief of staff".
func ownerOnly(toks []leaders.Token, m leaders.Match) bool {
	for i, t := range toks {
		if t.End != m.End || !t.Poss {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if callWords[toks[j].Norm] || talkWords[toks[j].Norm] {
				return false
			}
		}
		return true
	}
	return false
}

// attributiveNouns follow a leader's name used as a modifier: "Trump envoy
// Witkoff", "the Putin administration" name no call party.
var attributiveNouns = words.Set("envoy", "envoys", "aide", "aides", "adviser", "advisers", "advisor", "advisors", "spokesman",
	"spokeswoman", "spokesperson", "administration", "government", "officials", "official", "team", "camp", "allies",
	"ally", "negotiator", "negotiators", "delegation", "minister", "ministers", "cabinet", "policy", "doctrine", "tariffs",
	"era", "presidency", "loyalists", "supporters", "campaign", "regime", "plan")

func attributive(toks []leaders.Token, m leaders.Match) bool {
	for i, t := range toks {
		if t.End == m.End {
			return !t.Poss && i+1 < len(toks) && attributiveNouns[toks[i+1].Norm]
		}
	}
	return false
}

// pronounBefore reports "he spoke with the Chinese leader": a pronoun
// subject just before the call word, standing for one of the article's pair.
func pronounBefore(toks []leaders.Token, cue int) bool {
	for i := cue - 1; i >= 0 && i >= cue-3; i-- {
		switch toks[i].Norm {
		case "he", "she":
			return true
		}
	}
	return false
}

// leaderNext reports a leader named right after toks[i] ("called Putin",
// "called the Russian president") and not followed by what he was called.
func leaderNext(s *sentence, toks []leaders.Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	for _, m := range s.ms {
		// Titles may stand between: "called Japanese Prime Minister Sanae
		// Takaichi".
		if m.Leader == "" || m.Kind == leaders.KindCountry || m.Start < toks[i].End || m.Start-toks[i].End > 40 ||
			strings.ContainsAny(s.text[toks[i].End:m.Start], ",;:.()\"") {
			continue
		}
		return !nounAfter(s.text[m.End:])
	}
	return false
}

// republic reads "the President of the Republic", as official communiqués
// call their own head of state, as the president of the country the
// article is datelined in ("Paris, 1 July 2025").
func (x *Extractor) republic(a summaries.Article, sents []*sentence) {
	head := a.Text
	if len(head) > 120 {
		head = head[:120]
	}
	home := ""
	for _, m := range x.g.Find(head, a.Published, leaders.Prose) {
		if m.Kind == leaders.KindCountry {
			home = m.Country
			break
		}
	}
	if home == "" {
		return
	}
	id, ok := x.g.Holder(home, "president", summaries.Day(a.Published))
	if !ok {
		return
	}
	const phrase = "president of the republic"
	for _, s := range sents {
		from := 0
		for {
			i := strings.Index(s.lower[from:], phrase)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(phrase)
			if strings.HasPrefix(s.lower[from:], " of ") || overlaps(s.ms, at, from) {
				continue // "the President of the Republic of Korea" names his country
			}
			s.ms = append(s.ms, leaders.Match{Start: at, End: from, Kind: leaders.KindTitle, Leader: id, Country: home})
		}
		sort.Slice(s.ms, func(i, j int) bool { return s.ms[i].Start < s.ms[j].Start })
	}
}

// twoRE names two leaders as a pair.
var twoRE = words.Regexp(`(?i)\b(the two (leaders|presidents|men|heads of state|prime ministers)|both leaders|both presidents|between the two)\b`).Needs("the two", "both ")

func overlaps(ms []leaders.Match, a, b int) bool {
	for _, m := range ms {
		if a < m.End && b > m.Start {
			return true
		}
	}
	return false
}

// groupPeople gathers the participants of a leaders' video conference: the
// leaders named as chairing, joining or taking part near where it is reported.
func (x *Extractor) groupPeople(sents []*sentence, at int) []string {
	people := map[string]bool{}
	from := sents[at].para
	if from < 0 {
		from = 0
	}
	for _, s := range sents {
		if s.para < from || s.para > from+3 {
			continue
		}
		takesPart := false
		for _, t := range s.toks {
			if participate[t.Norm] {
				takesPart = true
				break
			}
		}
		// In the sentence that tells of the group call, only the clause
		// that does: "Two days after Trump received Putin in Alaska, the
		// European leaders met by video conference" names no participant
		// in its first clause.
		var clauses [][2]int
		for _, e := range s.events {
			if e.group {
				clauses = append(clauses, [2]int{e.start, e.end})
			}
		}
		if !takesPart && len(clauses) == 0 {
			continue
		}
		for _, m := range s.ms {
			// A seat ("the Oval Office") speaks for a leader but does not
			// take part.
			if m.Leader == "" || m.Kind == leaders.KindSeat {
				continue
			}
			// Beside "joined", "took part", "co-chairs": not "Trump's wish"
			// nor "further talks with Trump" at the far end of the sentence.
			in := takesPart && len(clauses) == 0 && !ownerOnly(s.toks, m) && !attributive(s.toks, m) && nearParticipation(s.toks, m)
			for _, c := range clauses {
				in = in || (m.Start >= c[0] && m.End <= c[1])
			}
			if in {
				people[m.Leader] = true
			}
		}
	}
	out := make([]string, 0, len(people))
	for p := range people {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// nearParticipation reports a leader named in the reach of a word of
// taking part: a few words before it ("Zelensky joined"), or after it up
// to a verb of saying, which starts what someone said ("Taking part were
// Trudeau, Macron, ... and Michel"; not "the co-chairs said ... further
// talks with Trump").
func nearParticipation(toks []leaders.Token, m leaders.Match) bool {
	in := func(j int) bool { return toks[j].Start >= m.Start && toks[j].End <= m.End }
	for i, t := range toks {
		if !participate[t.Norm] {
			continue
		}
		for j := max(0, i-10); j < i; j++ {
			if in(j) {
				return true
			}
		}
		for j := i; j < len(toks) && !sayingVerbs[toks[j].Norm]; j++ {
			if in(j) {
				return true
			}
		}
	}
	return false
}

var sayingVerbs = words.Set("said", "says", "told", "added", "stressed", "warned", "welcomed", "praised", "urged")

// inCountry reports whether one of people led the country.
func (x *Extractor) inCountry(people []string, country string) bool {
	for _, p := range people {
		for _, c := range x.g.Countries(p) {
			if c == country {
				return true
			}
		}
	}
	return false
}
