package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"slices"
	"strings"
)

// candidates weighs an article's sentences about its call as candidate key
// points: early and listed sentences carry an article's main facts.
func candidates(sents []*sentence, people []string, countryOf func([]string, string) bool) []summaries.Candidate {
	var out []summaries.Candidate
	for _, s := range sents {
		if !s.own || s.para < 0 {
			continue
		}
		n := len(s.text)
		if n < 40 || strings.HasSuffix(s.text, "?") {
			continue
		}
		w := 1.0
		switch {
		case s.para == 0:
			w += 1.0
		case s.para == 1:
			w += 0.6
		case s.para == 2:
			w += 0.4
		case s.para <= 5:
			w += 0.2
		}
		if s.bullet {
			w += 0.8
		}
		if hasCallWord(s.toks) {
			w += 0.5
		}
		named, others := 0, 0
		for _, m := range s.ms {
			switch {
			case m.Kind == leaders.KindName && !slices.Contains(people, m.Leader):
				others++
			case slices.Contains(people, m.Leader) || (m.Leader == "" && m.Country != "" && countryOf(people, m.Country)):
				named++ // its people, or their countries ("Kyiv said")
			}
		}
		if named > 0 {
			w += 0.5
		}
		// A point must be about the call: its people, the call itself, a
		// topic of the taxonomy. Page asides ("The Chiefs beat the 49ers")
		// are not.
		if named == 0 && (others > 0 || (!hasCallWord(s.toks) && !anyTopic(s.toks))) {
			continue
		}
		// A sentence that brings in another leader is often about him.
		if others > 0 {
			w *= 0.6
		}
		// "Later, at a briefing, ..." tells of another moment.
		if laterRE.MatchString(s.lower) && !hasCallWord(s.toks) {
			continue
		}
		if hasPhrase(s.toks, agreeWords) {
			w += 0.3
		}
		if hasPrefix(s.toks, outcomePrefixes) || strings.Contains(s.lower, " called for") || strings.Contains(s.lower, " asked for") {
			w += 0.4
		}
		if n > 350 {
			w -= 0.5
		}
		out = append(out, summaries.Candidate{Text: s.text, Weight: w})
	}
	return out
}

// laterRE opens a sentence about another moment than the call.
var laterRE = words.Regexp(`^(later|separately|meanwhile|elsewhere|in other news|earlier)\b`)

func anyTopic(toks []leaders.Token) bool {
	for _, t := range summaries.Topics {
		if hasPhrase(toks, topicWords[t]) {
			return true
		}
	}
	return false
}
