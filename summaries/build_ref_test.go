package summaries

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"readout/summaries/internal/words"
)

// The record builder as it was before records were tallied (Tally): every
// mention decoded and ranked again for each article. Build must give what
// it gave, and a tally fed the mentions one by one the same again.

// Build derives a call record from every mention of the call. It depends
// only on the mentions, never on the order they arrived in, so that
// conflicting figures are settled by source quality and agreement rather
// than by the last article read.
func refBuild(ms []Attributed) Call {
	sort.SliceStable(ms, func(i, j int) bool {
		if !ms[i].Article.Published.Equal(ms[j].Article.Published) {
			return ms[i].Article.Published.Before(ms[j].Article.Published)
		}
		return ms[i].Article.URL < ms[j].Article.URL
	})
	var c Call
	var reported []Attributed
	for _, m := range ms {
		if m.Role == Reported {
			reported = append(reported, m)
		}
		if c.FirstSeen.IsZero() || m.Seen.Before(c.FirstSeen) {
			c.FirstSeen = m.Seen
		}
		if m.Seen.After(c.LastSeen) {
			c.LastSeen = m.Seen
		}
	}
	if len(reported) == 0 {
		return c
	}
	c.Participants = refModePeople(reported)
	c.Date, c.DateBasis = refVoteDate(ms)

	videos := 0
	for _, m := range reported {
		if m.Medium == Video {
			videos++
		}
	}
	c.Medium = Phone
	if 2*videos >= len(reported) {
		c.Medium = Video
	}

	c.DurationMinutes, c.Duration, c.DurationAtLeast = refBestDuration(ms)

	initVotes := map[string]int{}
	for _, m := range ms {
		if m.Initiator != "" && slices.Contains(c.Participants, m.Initiator) {
			initVotes[m.Initiator]++
			if c.Initiator == "" || initVotes[m.Initiator] > initVotes[c.Initiator] {
				c.Initiator = m.Initiator
			}
		}
	}
	ordVotes := map[int]int{}
	for _, m := range reported {
		if m.Ordinal > 0 {
			ordVotes[m.Ordinal]++
			if c.Ordinal == 0 || ordVotes[m.Ordinal] > ordVotes[c.Ordinal] {
				c.Ordinal = m.Ordinal
			}
		}
	}
	topicVotes := map[string]int{}
	for _, m := range reported {
		if c.Tone == "" {
			c.Tone = m.Tone
		}
		for _, t := range m.Topics {
			topicVotes[t]++
		}
		for _, r := range m.ReadoutBy {
			if !slices.Contains(c.ReadoutBy, r) {
				c.ReadoutBy = append(c.ReadoutBy, r)
			}
		}
		for _, q := range m.Quotes {
			if len(c.Quotes) < 8 && !hasQuote(c.Quotes, q) {
				c.Quotes = append(c.Quotes, q)
			}
		}
		for _, a := range m.Agreements {
			if len(c.Agreements) < 8 && !hasEvidence(c.Agreements, a) {
				c.Agreements = append(c.Agreements, a)
			}
		}
	}
	for _, t := range Topics {
		if topicVotes[t] > 0 {
			c.Topics = append(c.Topics, t)
		}
	}
	sort.SliceStable(c.Topics, func(i, j int) bool { return topicVotes[c.Topics[i]] > topicVotes[c.Topics[j]] })
	if len(c.Topics) > 5 {
		c.Topics = c.Topics[:5]
	}
	c.Points = refKeyPoints(ms)
	seen := map[string]bool{}
	for _, role := range []Role{Reported, Background} {
		for _, m := range ms {
			if m.Role == role && !seen[m.Article.URL] {
				seen[m.Article.URL] = true
				a := m.Article
				a.Role = role
				c.Articles = append(c.Articles, a)
			}
		}
	}
	return c
}

// modePeople picks the participant list most articles agree on; for a
// conference of many, the largest such list.
func refModePeople(ms []Attributed) []string {
	count := map[string]int{}
	lists := map[string][]string{}
	for _, m := range ms {
		k := strings.Join(m.Participants, "+")
		count[k]++
		lists[k] = m.Participants
	}
	best := ""
	for k, n := range count {
		if best == "" || n > count[best] || (n == count[best] && (len(lists[k]) > len(lists[best]) || (len(lists[k]) == len(lists[best]) && k < best))) {
			best = k
		}
	}
	return lists[best]
}

// voteDate weighs each mention's date by how it was established; dates
// recalled by later coverage count too ("their call on February 12").
// Undated mentions have no vote: a record only they report stays undated
// (zero), never dated year 1.
func refVoteDate(ms []Attributed) (time.Time, DateBasis) {
	votes := map[time.Time]int{}
	basis := map[time.Time]DateBasis{}
	for _, m := range ms {
		if m.Date.IsZero() {
			continue
		}
		w := int(m.DateBasis) + 1
		if m.DateBasis == DateExplicit {
			w = 4
		}
		votes[m.Date] += w
		if m.DateBasis > basis[m.Date] {
			basis[m.Date] = m.DateBasis
		}
	}
	var best time.Time
	for d, v := range votes {
		if best.IsZero() || v > votes[best] || (v == votes[best] && d.Before(best)) {
			best = d
		}
	}
	return best, basis[best]
}

// bestDuration takes the best-ranked figure; figures that agree (within
// five minutes) strengthen each other. A figure given while the call was
// still going on is a lower bound: it counts only when no article gives a
// final one, and then the largest such bound is kept, flagged.
func refBestDuration(ms []Attributed) (int, *Evidence, bool) {
	type fig struct {
		minutes, rank int
		ev            *Evidence
	}
	final := false
	for _, m := range ms {
		final = final || (m.DurationMinutes > 0 && !m.DurationAtLeast)
	}
	var figs []fig
	var bound fig
	for _, m := range ms {
		if m.DurationMinutes > 0 && m.DurationAtLeast && !final {
			if m.DurationMinutes > bound.minutes {
				bound = fig{m.DurationMinutes, m.DurationRank, attributed(m.Duration, m.Article.URL)}
			}
			continue
		}
		if m.DurationMinutes > 0 && !m.DurationAtLeast {
			figs = append(figs, fig{m.DurationMinutes, m.DurationRank, attributed(m.Duration, m.Article.URL)})
		}
	}
	if len(figs) == 0 {
		return bound.minutes, bound.ev, bound.minutes > 0
	}
	best, bestScore := -1, 0
	for i, f := range figs {
		score := f.rank * 4
		for j, g := range figs {
			if j != i && abs(g.minutes-f.minutes) <= 5 {
				score++
			}
		}
		if best < 0 || score > bestScore {
			best, bestScore = i, score
		}
	}
	return figs[best].minutes, figs[best].ev, false
}

// keyPoints chooses a handful of points across articles. A word's weight
// is how many of the call's sentences use it: what many sentences and
// outlets repeat is central. Near-duplicates merge (their support counts),
// and each next point is chosen for the central words it adds, per length,
// so that the budget holds as many distinct facts as it can.
func refKeyPoints(ms []Attributed) []KeyPoint {
	type cluster struct {
		text    string
		url     string
		words   map[string]bool
		list    []string // words, sorted: sums over them are the same every run
		weight  float64
		support map[string]bool
	}
	var cs []*cluster
	tf := map[string]int{}
	names := map[string]bool{}
	for _, m := range ms {
		for _, p := range m.Participants {
			for _, w := range strings.Split(p, "-") {
				names[w] = true
			}
		}
	}
	// Headlines are their editors' summaries: their words count double.
	seenTitle := map[string]bool{}
	for _, m := range ms {
		if !seenTitle[m.Article.URL] {
			seenTitle[m.Article.URL] = true
			for w := range contentWords(m.Article.Title) {
				tf[w] += 2
			}
		}
	}
	// df counts the articles that use a word: a fact many outlets report.
	df := map[string]int{}
	dfSeen := map[string]bool{}
	for _, m := range ms {
		for _, p := range m.Candidates {
			// Mentions stored before points were held to one readable
			// sentence may still offer longer ones.
			if len(p.Text) > MaxPointChars {
				continue
			}
			content := contentWords(p.Text)
			for w := range content {
				if names[w] {
					delete(content, w)
					continue
				}
				tf[w]++
				if k := m.Article.URL + "\x00" + w; !dfSeen[k] {
					dfSeen[k] = true
					df[w]++
				}
			}
			w := p.Weight
			if metaSentence.MatchString(words.Lower(p.Text)) {
				w *= 0.3
			}
			var home *cluster
			for _, c := range cs {
				if refJaccard(content, c.words) >= 0.5 {
					home = c
					break
				}
			}
			if home == nil {
				cs = append(cs, &cluster{text: p.Text, url: m.Article.URL, words: content, weight: w, support: map[string]bool{m.Article.URL: true}})
				continue
			}
			home.support[m.Article.URL] = true
			if w > home.weight {
				home.text, home.url, home.words, home.weight = p.Text, m.Article.URL, content, w
			}
		}
	}
	// Summed in map order, equal scores could differ in their last bits
	// and the same coverage give two summaries.
	for _, c := range cs {
		c.list = slices.Sorted(maps.Keys(c.words))
	}
	covered := map[string]bool{}
	var out []KeyPoint
	used := 0
	taken := make([]bool, len(cs))
	for len(out) < maxPoints {
		best, bestScore := -1, 0.0
		for i, c := range cs {
			if taken[i] || used+len(c.text) > pointBudget {
				continue
			}
			gain := 0.0
			for _, w := range c.list {
				if !covered[w] {
					gain += wordWeight(tf[w], df[w])
				}
			}
			prior := c.weight + 0.5*float64(len(c.support)-1)
			score := gain * prior / math.Sqrt(float64(len(c.text))+60)
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			break
		}
		taken[best] = true
		c := cs[best]
		used += len(c.text) + 1
		for w := range c.words {
			covered[w] = true
		}
		out = append(out, KeyPoint{Text: c.text, URL: c.url})
	}
	return out
}

func refJaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
