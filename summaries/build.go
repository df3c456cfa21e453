package summaries

import (
	"math"
	"readout/summaries/internal/words"
	"slices"
	"strings"
	"time"
)

// Attributed is a mention with the article it came from.
type Attributed struct {
	Mention
	Article ArticleRef
	Seen    time.Time // when readout stored it
}

// SameCall reports whether a mention, from an article published at
// published (zero when unknown), is of the call a record describes: the
// same people (most of them, for a conference of many) on the same day, or
// a day apart where a date was only inferred from publication, or read from
// a weekday in articles published within hours of each other: outlets in
// Jakarta and Washington name different days for one call, while the same
// two leaders calling on consecutive days are reported a day apart.
//
// An undated mention (zero Date: an article with no publication time and
// no date with a year) is never the same call as another: the same two
// leaders may have spoken many times, and nothing says which call it is.
func SameCall(c Call, m Mention, published time.Time) bool {
	same, byArticles := sameCall(c, m, published)
	if !byArticles {
		return same
	}
	for _, a := range c.Articles {
		d := a.Published.Sub(published)
		if a.Role == Reported && d < sameNews && d > -sameNews {
			return true
		}
	}
	return false
}

// OnMonthDay reports whether an undated mention gives its call the day of
// the year, without the year, on which a dated record of the same people
// fell: "a phone call on July 3" in an article with no publication date is
// that pair's July 3 call, when the pair has only one.
func OnMonthDay(c Call, m Mention) bool {
	return m.Date.IsZero() && m.MonthDay != "" && !c.Date.IsZero() &&
		samePeople(c.Participants, m.Participants) && c.Date.Format("01-02") == m.MonthDay
}

// SameCallNeedsArticles reports whether SameCall's answer turns on the
// record's articles (a day apart, both dates read from weekdays): a store
// keeps a record's articles apart from it, and reads them only then.
func SameCallNeedsArticles(c Call, m Mention, published time.Time) bool {
	_, byArticles := sameCall(c, m, published)
	return byArticles
}

// sameCall is SameCall's verdict, unless byArticles: then the record's
// reports published near published decide.
func sameCall(c Call, m Mention, published time.Time) (same, byArticles bool) {
	if m.Date.IsZero() || c.Date.IsZero() {
		return false, false
	}
	if !samePeople(c.Participants, m.Participants) {
		return false, false
	}
	gap := m.Date.Sub(c.Date)
	if gap < 0 {
		gap = -gap
	}
	if gap == 0 {
		return true, false
	}
	if gap > 24*time.Hour {
		return false, false
	}
	if m.DateBasis == DateInferred || c.DateBasis == DateInferred {
		return true, false
	}
	if m.DateBasis == DateExplicit || c.DateBasis == DateExplicit || published.IsZero() {
		return false, false
	}
	return false, true
}

// sameNews is how close two reports of one call are published.
const sameNews = 14 * time.Hour

func samePeople(a, b []string) bool {
	if len(a) <= 2 || len(b) <= 2 {
		return strings.Join(a, "+") == strings.Join(b, "+")
	}
	inter := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			inter++
		}
	}
	return float64(inter)/float64(len(a)+len(b)-inter) >= 0.5
}

// MaxPointChars is the longest a key point may be: one sentence or list
// item a reader takes in at a glance. Longer sentences are never cut, only
// left out.
const MaxPointChars = 300

// pointBudget bounds a summary's length: a handful of points, not the articles.
const (
	pointBudget = 1400
	maxPoints   = 6
	minPoints   = 3
)

// Build derives a call record from every mention of the call. It depends
// only on the mentions, never on the order they arrived in, so that
// conflicting figures are settled by source quality and agreement rather
// than by the last article read. It is a Tally of the mentions in their
// order, with their articles listed.
func Build(ms []Attributed) Call {
	c, _ := BuildTally(ms)
	return c
}

// Stub is the record one reported mention starts: Build's of that mention
// alone, with only what matching other mentions to it needs (SameCall,
// OnMonthDay: people, date, how it was dated) and its medium, at none of
// the cost of its key points. A store creates a record so, and builds it
// whole once its article's mentions are all in.
func Stub(m Mention) Call {
	c := Call{Participants: slices.Clone(m.Participants), Medium: Phone}
	if !m.Date.IsZero() {
		// The day Build votes for: the mention's, in UTC.
		c.Date, _ = time.Parse(time.DateOnly, m.Date.UTC().Format(time.DateOnly))
		c.DateBasis = m.DateBasis
	}
	if m.Medium == Video {
		c.Medium = Video
	}
	return c
}

// BuildTally is Build with the tally it counted, to keep with the record
// so that the next report of the call folds in (Tally.Add).
func BuildTally(ms []Attributed) (Call, *Tally) {
	SortMentions(ms)
	t := NewTally(NameWords(ms))
	for _, m := range ms {
		t.add(m)
	}
	c := t.Call()
	if t.Reported > 0 {
		c.Articles = ArticleList(ms)
	}
	return c, t
}

// ArticleList lists the articles of a call's mentions as a record does:
// those reporting the call first, then those recalling it, each in mention
// order (SortMentions), every article once (as reported when any of its
// mentions reports the call).
func ArticleList(ms []Attributed) []ArticleRef {
	var out []ArticleRef
	seen := map[string]bool{}
	for _, role := range []Role{Reported, Background} {
		for _, m := range ms {
			if m.Role == role && !seen[m.Article.URL] {
				seen[m.Article.URL] = true
				a := m.Article
				a.Role = role
				out = append(out, a)
			}
		}
	}
	return out
}

func hasQuote(qs []Quote, q Quote) bool {
	for _, x := range qs {
		if x.Text == q.Text {
			return true
		}
	}
	return false
}

func hasEvidence(es []Evidence, e Evidence) bool {
	for _, x := range es {
		if x.Text == e.Text {
			return true
		}
	}
	return false
}

// attributed is a copy of ev naming the article it came from.
func attributed(ev *Evidence, url string) *Evidence {
	if ev == nil {
		return nil
	}
	e := *ev
	e.URL = url
	return &e
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// wordWeight values a word by how many sentences and how many articles
// use it.
func wordWeight(tf, df int) float64 {
	return math.Pow(float64(df), 3) + math.Sqrt(float64(tf))
}

// metaSentence is a sentence about the coverage rather than the call.
var metaSentence = words.Regexp(`(?i)\b(did not (immediately )?(comment|respond|publish|issue|say)|declined to comment|no (further )?details|details to follow|scroll down|as well\.$|here is what|this is what|what we know)\b`)

var stopwords = words.Set("the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that",
	"this", "it", "its", "is", "was", "were", "be", "been", "has", "have", "had", "he", "she", "they", "his", "her",
	"their", "as", "but", "not", "said", "says", "would", "will", "also", "who", "which", "after", "before", "about",
	"than", "more", "into", "over", "s", "two", "leaders", "call", "conversation", "president", "spoke", "phone")

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		if len(f) > 1 && !stopwords[f] {
			out[f] = true
		}
	}
	return out
}
