package summaries

import (
	"reflect"
	"slices"
	"time"
)

// Change is what differs between two builds of one call record. It is
// decided here once: storage keeps a new version when Fields is not empty,
// and digests announce the version when Material says a reader should
// hear of it.
type Change struct {
	Old, Cur Call

	// Fields names every part that differs, ignoring bookkeeping (id,
	// version, when the call was seen), in this order: participants, date,
	// medium, duration, initiator, topics, points, articles, agreements,
	// quotes, tone, ordinal, readout. The names are kept with each
	// version's history, so they are never renamed.
	Fields []string

	// What a reader is told about. A medium, duration or initiator counts
	// only when the new version knows it: losing one is not news.
	Participants bool // the set of leaders changed
	Date         bool // the call moved to another day
	Medium       bool
	Duration     bool
	Initiator    bool
	// NewPoints, NewAgreements and NewArticles are those whose text (or
	// URL) the old version did not have, in the new version's order.
	NewPoints     []KeyPoint
	NewAgreements []Evidence
	NewArticles   []ArticleRef
}

// Diff compares two versions of a call record.
func Diff(old, cur Call) Change {
	return diff(old, cur, !slices.Equal(articleURLs(old), articleURLs(cur)))
}

// DiffStored compares a stored record with its rebuild where records are
// stored without their articles (kept apart, with the mentions): articles
// says whether the record's articles, or their roles, changed.
func DiffStored(old, cur Call, articles bool) Change {
	old.Articles, cur.Articles = nil, nil
	return diff(old, cur, articles)
}

func diff(old, cur Call, articles bool) Change {
	ch := Change{Old: old, Cur: cur}
	add := func(name string, changed bool) {
		if changed {
			ch.Fields = append(ch.Fields, name)
		}
	}
	differ := func(a, b any) bool { return !reflect.DeepEqual(a, b) }
	add("participants", differ(old.Participants, cur.Participants))
	add("date", !sameDay(old, cur))
	add("medium", old.Medium != cur.Medium)
	add("duration", old.DurationMinutes != cur.DurationMinutes)
	add("initiator", old.Initiator != cur.Initiator)
	add("topics", differ(old.Topics, cur.Topics))
	add("points", differ(old.Points, cur.Points))
	add("articles", articles)
	add("agreements", differ(old.Agreements, cur.Agreements))
	add("quotes", differ(old.Quotes, cur.Quotes))
	add("tone", old.Tone != cur.Tone)
	add("ordinal", old.Ordinal != cur.Ordinal)
	add("readout", differ(old.ReadoutBy, cur.ReadoutBy))

	ch.Participants = !slices.Equal(old.Participants, cur.Participants)
	ch.Date = !sameDay(old, cur)
	ch.Medium = cur.Medium != "" && old.Medium != cur.Medium
	ch.Duration = cur.DurationMinutes > 0 && old.DurationMinutes != cur.DurationMinutes
	ch.Initiator = cur.Initiator != "" && old.Initiator != cur.Initiator
	ch.NewPoints = added(old.Points, cur.Points, func(p KeyPoint) string { return p.Text })
	ch.NewAgreements = added(old.Agreements, cur.Agreements, func(e Evidence) string { return e.Text })
	ch.NewArticles = added(old.Articles, cur.Articles, func(a ArticleRef) string { return a.URL })
	return ch
}

// Changed reports whether the two versions differ at all: whether the new
// one is a new version.
func (ch Change) Changed() bool { return len(ch.Fields) > 0 }

// Has reports whether the named part differs.
func (ch Change) Has(name string) bool { return slices.Contains(ch.Fields, name) }

// Material reports whether the change is worth telling a reader. Material:
// a different set of leaders, date or medium; a new or changed duration; a
// newly known initiator; a new key point; a new agreement; a new article.
// Not material: reordered or dropped points, topic labels, tone, quotes,
// ordinals, readout attributions, and articles that went away.
func (ch Change) Material() bool {
	return ch.Participants || ch.Date || ch.Medium || ch.Duration || ch.Initiator ||
		len(ch.NewPoints) > 0 || len(ch.NewAgreements) > 0 || len(ch.NewArticles) > 0
}

// sameDay compares the calendar days of two records, as they are stored.
func sameDay(a, b Call) bool {
	return a.Date.UTC().Format(time.DateOnly) == b.Date.UTC().Format(time.DateOnly)
}

func articleURLs(c Call) []string {
	var out []string
	for _, a := range c.Articles {
		out = append(out, a.URL)
	}
	return out
}

// added returns the items of cur whose key no item of old has.
func added[T any](old, cur []T, key func(T) string) []T {
	seen := make(map[string]bool, len(old))
	for _, v := range old {
		seen[key(v)] = true
	}
	var out []T
	for _, v := range cur {
		if !seen[key(v)] {
			out = append(out, v)
		}
	}
	return out
}
