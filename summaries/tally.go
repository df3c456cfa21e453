package summaries

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"readout/summaries/internal/words"
)

// Tally is what Build has counted of a call's mentions: votes, the figures
// and evidence chosen so far, and the key-point clusters with their word
// counts. Build is Add over the mentions in their order (published, then
// URL), so a tally kept with a record takes the next report of a live
// story at a cost that does not grow with the reports before it. A mention
// that sorts before one already added, or names a leader the tally's words
// did not leave out, is refused: the record is then built from all its
// mentions, which gives the same record.
//
// A tally keeps no list of the articles: that list grows with the story,
// and a store keeps it with the mentions, apart from the record.
type Tally struct {
	// Last is the order key of the mention added last.
	LastPublished time.Time `json:"last_published"`
	LastURL       string    `json:"last_url"`
	Added         int       `json:"added"` // mentions added: their positions are 1..Added

	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`

	Reported int                    `json:"reported"`
	Videos   int                    `json:"videos"`
	People   map[string]*peopleVote `json:"people,omitempty"` // by the ids joined with '+'
	Dates    map[string]*dateVote   `json:"dates,omitempty"`  // by the day, YYYY-MM-DD

	Duration durationTally `json:"duration"`

	Initiators map[string]*seqVote `json:"initiators,omitempty"`
	Ordinals   map[int]*seqVote    `json:"ordinals,omitempty"`
	Tone       string              `json:"tone,omitempty"`
	TopicVotes map[string]int      `json:"topic_votes,omitempty"`
	ReadoutBy  []string            `json:"readout_by,omitempty"`
	Quotes     []Quote             `json:"quotes,omitempty"`
	Agreements []Evidence          `json:"agreements,omitempty"`

	Points pointTally `json:"points"`
}

type peopleVote struct {
	Count int      `json:"n"`
	List  []string `json:"list"`
}

type dateVote struct {
	Votes int       `json:"votes"`
	Basis DateBasis `json:"basis"`
}

// seqVote counts a value and remembers where its latest vote came: the
// value that first reached the highest count is the one whose count-th
// vote came earliest.
type seqVote struct {
	Count int `json:"n"`
	At    int `json:"at"`
}

// durationTally keeps competing durations grouped by figure and rank
// (figures in one group score alike; the first of a group is the one
// kept), and the largest lower bound.
type durationTally struct {
	Figs  []durationFig `json:"figs,omitempty"`
	Bound durationFig   `json:"bound"`
}

type durationFig struct {
	Minutes int       `json:"minutes"`
	Rank    int       `json:"rank"`
	Count   int       `json:"n"`
	First   int       `json:"first"` // position of the group's first figure
	Ev      *Evidence `json:"ev,omitempty"`
}

// pointTally is keyPoints' state: word counts and clusters of near-equal
// candidate sentences, in the order they were formed.
type pointTally struct {
	Names map[string]bool `json:"names,omitempty"` // words of the participants' ids, never content
	TF    map[string]int  `json:"tf,omitempty"`    // sentences (and headlines, twice) using a word
	DF    map[string]int  `json:"df,omitempty"`    // articles using a word
	// An article's mentions are adjacent in order, so only the words of
	// the article counted last need remembering for df.
	DFURL   string          `json:"df_url,omitempty"`
	DFWords map[string]bool `json:"df_words,omitempty"`
	Titled  string          `json:"titled,omitempty"` // the article whose headline was counted last
	Titles  int             `json:"titles,omitempty"` // headlines counted
	Cs      []*pointCluster `json:"clusters,omitempty"`
	Dropped int             `json:"dropped,omitempty"` // clusters dropped past maxClusters
}

type pointCluster struct {
	Text    string   `json:"text"`
	URL     string   `json:"url"`
	Words   []string `json:"words"` // sorted: sums over them are the same every run
	Weight  float64  `json:"weight"`
	Support int      `json:"support"` // articles with a sentence in the cluster
	SeenURL string   `json:"seen_url"`
}

// maxClusters bounds the clusters of near-equal sentences a tally keeps,
// so that one more article costs the same at the thousandth as at the
// tenth. Past it, the cluster least likely to be chosen (lowest prior) is
// dropped. Coverage of ordinary calls stays far below it (the largest
// story of the corpora forms 61).
const maxClusters = 160

// NewTally is an empty tally whose content words leave out the words of
// names (the participants' ids of every mention the record will have).
func NewTally(names map[string]bool) *Tally {
	return &Tally{Points: pointTally{Names: names}}
}

// NameWords are the words of the participants' ids of ms, which key points
// do not count as content.
func NameWords(ms []Attributed) map[string]bool {
	names := map[string]bool{}
	for _, m := range ms {
		addNames(names, m.Participants)
	}
	return names
}

func addNames(names map[string]bool, people []string) {
	for _, p := range people {
		for _, w := range strings.Split(p, "-") {
			names[w] = true
		}
	}
}

// SortMentions puts mentions in Build's order: by publication, then URL
// (stable, so one article's mentions keep theirs).
func SortMentions(ms []Attributed) {
	sort.SliceStable(ms, func(i, j int) bool { return mentionBefore(ms[i], ms[j]) })
}

func mentionBefore(a, b Attributed) bool {
	if !a.Article.Published.Equal(b.Article.Published) {
		return a.Article.Published.Before(b.Article.Published)
	}
	return a.Article.URL < b.Article.URL
}

// Add folds one more mention in, as Build would had it been among the
// mentions. It refuses (false, the tally unchanged) a mention that sorts
// before one added already, or whose participants' names the tally's
// words counted: the record is then to be built from all its mentions.
func (t *Tally) Add(m Attributed) bool {
	if t.Added > 0 && mentionBefore(m, Attributed{Article: ArticleRef{Published: t.LastPublished, URL: t.LastURL}}) {
		return false
	}
	for _, p := range m.Participants {
		for _, w := range strings.Split(p, "-") {
			if !t.Points.Names[w] {
				return false
			}
		}
	}
	t.add(m)
	return true
}

func (t *Tally) add(m Attributed) {
	t.Added++
	pos := t.Added
	t.LastPublished, t.LastURL = m.Article.Published, m.Article.URL
	if t.FirstSeen.IsZero() || m.Seen.Before(t.FirstSeen) {
		t.FirstSeen = m.Seen
	}
	if m.Seen.After(t.LastSeen) {
		t.LastSeen = m.Seen
	}
	reported := m.Role == Reported
	if reported {
		t.Reported++
		if m.Medium == Video {
			t.Videos++
		}
		k := strings.Join(m.Participants, "+")
		if t.People == nil {
			t.People = map[string]*peopleVote{}
		}
		if v := t.People[k]; v != nil {
			v.Count++
		} else {
			t.People[k] = &peopleVote{Count: 1, List: m.Participants}
		}
	}
	if !m.Date.IsZero() {
		w := int(m.DateBasis) + 1
		if m.DateBasis == DateExplicit {
			w = 4
		}
		k := m.Date.UTC().Format(time.DateOnly)
		if t.Dates == nil {
			t.Dates = map[string]*dateVote{}
		}
		v := t.Dates[k]
		if v == nil {
			v = &dateVote{}
			t.Dates[k] = v
		}
		v.Votes += w
		if m.DateBasis > v.Basis {
			v.Basis = m.DateBasis
		}
	}
	t.Duration.add(m, pos)
	if m.Initiator != "" {
		if t.Initiators == nil {
			t.Initiators = map[string]*seqVote{}
		}
		vote(t.Initiators, m.Initiator, pos)
	}
	if reported {
		if m.Ordinal > 0 {
			if t.Ordinals == nil {
				t.Ordinals = map[int]*seqVote{}
			}
			vote(t.Ordinals, m.Ordinal, pos)
		}
		if t.Tone == "" {
			t.Tone = m.Tone
		}
		for _, tp := range m.Topics {
			if t.TopicVotes == nil {
				t.TopicVotes = map[string]int{}
			}
			t.TopicVotes[tp]++
		}
		for _, r := range m.ReadoutBy {
			if !slices.Contains(t.ReadoutBy, r) {
				t.ReadoutBy = append(t.ReadoutBy, r)
			}
		}
		for _, q := range m.Quotes {
			if len(t.Quotes) < 8 && !hasQuote(t.Quotes, q) {
				t.Quotes = append(t.Quotes, q)
			}
		}
		for _, a := range m.Agreements {
			if len(t.Agreements) < 8 && !hasEvidence(t.Agreements, a) {
				t.Agreements = append(t.Agreements, a)
			}
		}
	}
	t.Points.add(m)
}

func vote[K comparable](votes map[K]*seqVote, k K, pos int) {
	v := votes[k]
	if v == nil {
		v = &seqVote{}
		votes[k] = v
	}
	v.Count++
	v.At = pos
}

// winner is the value that first reached the highest count among those
// allowed.
func winner[K comparable](votes map[K]*seqVote, allowed func(K) bool) (K, bool) {
	var best K
	var bv *seqVote
	for k, v := range votes {
		if !allowed(k) {
			continue
		}
		if bv == nil || v.Count > bv.Count || (v.Count == bv.Count && v.At < bv.At) {
			best, bv = k, v
		}
	}
	return best, bv != nil
}

// Call is the record the tally's mentions give, without its articles.
func (t *Tally) Call() Call {
	c := Call{FirstSeen: t.FirstSeen, LastSeen: t.LastSeen}
	if t.Reported == 0 {
		return c
	}
	c.Participants = t.modePeople()
	c.Date, c.DateBasis = t.voteDate()
	c.Medium = Phone
	if 2*t.Videos >= t.Reported {
		c.Medium = Video
	}
	c.DurationMinutes, c.Duration, c.DurationAtLeast = t.Duration.best()
	c.Initiator, _ = winner(t.Initiators, func(id string) bool { return slices.Contains(c.Participants, id) })
	c.Ordinal, _ = winner(t.Ordinals, func(int) bool { return true })
	c.Tone = t.Tone
	for _, tp := range Topics {
		if t.TopicVotes[tp] > 0 {
			c.Topics = append(c.Topics, tp)
		}
	}
	sort.SliceStable(c.Topics, func(i, j int) bool { return t.TopicVotes[c.Topics[i]] > t.TopicVotes[c.Topics[j]] })
	if len(c.Topics) > 5 {
		c.Topics = c.Topics[:5]
	}
	c.ReadoutBy = slices.Clone(t.ReadoutBy)
	c.Quotes = slices.Clone(t.Quotes)
	c.Agreements = slices.Clone(t.Agreements)
	c.Points = t.Points.choose()
	return c
}

// modePeople picks the participant list most articles agree on; for a
// conference of many, the largest such list.
func (t *Tally) modePeople() []string {
	best := ""
	for k, v := range t.People {
		b := t.People[best]
		if b == nil || v.Count > b.Count || (v.Count == b.Count && (len(v.List) > len(b.List) || (len(v.List) == len(b.List) && k < best))) {
			best = k
		}
	}
	return slices.Clone(t.People[best].List)
}

// voteDate weighs each mention's date by how it was established; dates
// recalled by later coverage count too ("their call on February 12").
// Undated mentions have no vote: a record only they report stays undated
// (zero), never dated year 1.
func (t *Tally) voteDate() (time.Time, DateBasis) {
	best := ""
	for k, v := range t.Dates {
		if best == "" || v.Votes > t.Dates[best].Votes || (v.Votes == t.Dates[best].Votes && k < best) {
			best = k
		}
	}
	if best == "" {
		return time.Time{}, 0
	}
	d, _ := time.Parse(time.DateOnly, best)
	return d, t.Dates[best].Basis
}

// A figure given while the call was still going on is a lower bound: it
// counts only when no article gives a final one, and then the largest such
// bound is kept, flagged.
func (d *durationTally) add(m Attributed, pos int) {
	if m.DurationMinutes <= 0 {
		return
	}
	if m.DurationAtLeast {
		if m.DurationMinutes > d.Bound.Minutes {
			d.Bound = durationFig{Minutes: m.DurationMinutes, Rank: m.DurationRank, Count: 1, First: pos, Ev: attributed(m.Duration, m.Article.URL)}
		}
		return
	}
	for i := range d.Figs {
		if f := &d.Figs[i]; f.Minutes == m.DurationMinutes && f.Rank == m.DurationRank {
			f.Count++
			return
		}
	}
	d.Figs = append(d.Figs, durationFig{Minutes: m.DurationMinutes, Rank: m.DurationRank, Count: 1, First: pos, Ev: attributed(m.Duration, m.Article.URL)})
}

// best takes the best-ranked final figure; figures that agree (within five
// minutes) strengthen each other.
func (d *durationTally) best() (int, *Evidence, bool) {
	if len(d.Figs) == 0 {
		return d.Bound.Minutes, d.Bound.Ev, d.Bound.Minutes > 0
	}
	best, bestScore := -1, 0
	for i, f := range d.Figs {
		score := f.Rank*4 - 1
		for _, g := range d.Figs {
			if abs(g.Minutes-f.Minutes) <= 5 {
				score += g.Count
			}
		}
		if best < 0 || score > bestScore || (score == bestScore && f.First < d.Figs[best].First) {
			best, bestScore = i, score
		}
	}
	f := d.Figs[best]
	if f.Ev == nil {
		return f.Minutes, nil, false
	}
	ev := *f.Ev
	return f.Minutes, &ev, false
}

// add counts a mention's headline and candidate sentences, and puts each
// candidate in the first cluster it nearly equals, or a new one. A
// heavier sentence becomes its cluster's text.
func (pt *pointTally) add(m Attributed) {
	url := m.Article.URL
	if pt.TF == nil {
		pt.TF = map[string]int{}
	}
	if pt.DF == nil {
		pt.DF = map[string]int{}
	}
	// Headlines are their editors' summaries: their words count double.
	if pt.Titles == 0 || pt.Titled != url {
		pt.Titled = url
		pt.Titles++
		for w := range contentWords(m.Article.Title) {
			pt.TF[w] += 2
		}
	}
	if pt.DFWords == nil || pt.DFURL != url {
		pt.DFURL, pt.DFWords = url, map[string]bool{}
	}
	for _, p := range m.Candidates {
		// Mentions stored before points were held to one readable
		// sentence may still offer longer ones.
		if len(p.Text) > MaxPointChars {
			continue
		}
		content := contentWords(p.Text)
		list := make([]string, 0, len(content))
		for w := range content {
			if pt.Names[w] {
				continue
			}
			list = append(list, w)
			pt.TF[w]++
			if !pt.DFWords[w] {
				pt.DFWords[w] = true
				pt.DF[w]++
			}
		}
		slices.Sort(list)
		w := p.Weight
		if metaSentence.MatchString(words.Lower(p.Text)) {
			w *= 0.3
		}
		var home *pointCluster
		for _, c := range pt.Cs {
			if jaccard(list, c.Words) >= 0.5 {
				home = c
				break
			}
		}
		if home == nil {
			pt.Cs = append(pt.Cs, &pointCluster{Text: p.Text, URL: url, Words: list, Weight: w, Support: 1, SeenURL: url})
			pt.prune()
			continue
		}
		if home.SeenURL != url {
			home.SeenURL = url
			home.Support++
		}
		if w > home.Weight {
			home.Text, home.URL, home.Words, home.Weight = p.Text, url, list, w
		}
	}
}

// prune drops the cluster least likely to become a point once there are
// more than maxClusters: the lowest prior, the newest of equals.
func (pt *pointTally) prune() {
	if len(pt.Cs) <= maxClusters {
		return
	}
	low := 0
	for i, c := range pt.Cs {
		if c.prior() <= pt.Cs[low].prior() {
			low = i
		}
	}
	pt.Cs = slices.Delete(pt.Cs, low, low+1)
	pt.Dropped++
}

func (c *pointCluster) prior() float64 { return c.Weight + 0.5*float64(c.Support-1) }

// choose picks a handful of points. A word's weight is how many of the
// call's sentences use it: what many sentences and outlets repeat is
// central. Each next point is chosen for the central words it adds, per
// length, so that the budget holds as many distinct facts as it can.
func (pt *pointTally) choose() []KeyPoint {
	covered := map[string]bool{}
	var out []KeyPoint
	used := 0
	taken := make([]bool, len(pt.Cs))
	for len(out) < maxPoints {
		best, bestScore := -1, 0.0
		for i, c := range pt.Cs {
			if taken[i] || used+len(c.Text) > pointBudget {
				continue
			}
			gain := 0.0
			for _, w := range c.Words {
				if !covered[w] {
					gain += wordWeight(pt.TF[w], pt.DF[w])
				}
			}
			score := gain * c.prior() / math.Sqrt(float64(len(c.Text))+60)
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			break
		}
		taken[best] = true
		c := pt.Cs[best]
		used += len(c.Text) + 1
		for _, w := range c.Words {
			covered[w] = true
		}
		out = append(out, KeyPoint{Text: c.Text, URL: c.URL})
	}
	return out
}

// jaccard compares two sorted word lists.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
