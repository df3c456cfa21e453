// Package summaries is readout's domain: articles, the call mentions
// extracted from them (summaries/extract), the call records built from
// every mention of a call, the change between two versions of a record,
// sources, subscriptions and deliveries, and the store interfaces a
// backend implements. It imports no other project package; storage and
// the bot depend on it, never the reverse.
package summaries

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Article is one piece of coverage, as fetched and reduced to plain text.
type Article struct {
	URL       string    `json:"url"`   // canonical URL, the article's identity
	GUID      string    `json:"guid"`  // feed item id, when it had one
	Title     string    `json:"title"` // headline
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published"`
	// Text is the article's plain text, paragraphs separated by blank lines.
	Text string `json:"text"`
}

// Hash identifies the article's content, so that an unchanged re-fetch is
// recognised and an edited article is not: the SHA-256 of the trimmed
// title, a zero byte and the text's words joined by single spaces. The
// words are gathered in one buffer (no list of them), as the hash is taken
// for every article of every fetch.
func (a Article) Hash() string {
	title := strings.TrimSpace(a.Title)
	b := make([]byte, 0, len(title)+1+len(a.Text)+2)
	b = append(append(b, title...), 0)
	sep := false
	for w := range strings.FieldsSeq(a.Text) {
		if sep {
			b = append(b, ' ')
		}
		b, sep = append(b, w...), true
	}
	// An undated copy differs from the same text dated, so that dating a
	// clipping later (ingest --published) re-reads it; dated articles hash
	// as they always did.
	if a.Published.IsZero() {
		b = append(b, 0, 'u')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Medium is how the leaders spoke.
type Medium string

// The media a call can have; an empty Medium means coverage does not say.
const (
	Phone Medium = "phone"
	Video Medium = "video"
)

// Role says whether an article reports a call or only refers to it.
type Role string

const (
	// Reported: the article is about this call; it may create a record.
	Reported Role = "reported"
	// Background: the call is recalled in passing ("their last conversation
	// on May 19"). It corroborates a record's facts but never creates one.
	Background Role = "background"
)

// DateBasis says how a call's date was established, strongest last.
type DateBasis int

const (
	DateInferred DateBasis = iota // from the publication time alone
	DateRelative                  // "yesterday", "on Tuesday", resolved against publication
	DateExplicit                  // "May 19", "19 May 2025"
)

// Evidence is an extracted fact with the sentence it came from.
type Evidence struct {
	Text     string `json:"text"`               // the fact, as short as it can be said
	Sentence string `json:"sentence,omitempty"` // where it was found
	URL      string `json:"url,omitempty"`      // the article, once the fact is in a record
}

// Quote is something a named person said, as reported.
type Quote struct {
	Speaker string `json:"speaker"` // leader ID when the speaker is a leader, else the name as written
	Text    string `json:"text"`
}

// Candidate is a sentence of an article that may become one of a record's
// key points, with a weight that says how central it is to that article's
// account of the call. Build chooses among the candidates of every article.
type Candidate struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
}

// Mention is one call as one article reports or recalls it.
type Mention struct {
	Role         Role      `json:"role"`
	Participants []string  `json:"participants"` // leader IDs, sorted
	Date         time.Time `json:"date"`         // UTC midnight
	DateBasis    DateBasis `json:"date_basis"`
	// MonthDay ("07-03") is the day an undated article gives its call
	// without a year: it names which call of the pair the article is about
	// once another article dates one on that day.
	MonthDay string `json:"month_day,omitempty"`
	Medium   Medium `json:"medium,omitempty"`
	// DurationMinutes is 0 when the article gives no length.
	DurationMinutes int       `json:"duration_minutes,omitempty"`
	Duration        *Evidence `json:"duration,omitempty"`
	// DurationRank orders competing figures: an exact figure from a readout
	// outranks a round one from a reporter.
	DurationRank int `json:"duration_rank,omitempty"`
	// DurationAtLeast says the figure was given while the call was still
	// going on: a lower bound, to be said as "more than N minutes".
	DurationAtLeast bool        `json:"duration_at_least,omitempty"`
	Initiator       string      `json:"initiator,omitempty"` // leader ID
	InitiatedBy     *Evidence   `json:"initiated_by,omitempty"`
	Ordinal         int         `json:"ordinal,omitempty"` // "the third call this year"
	Tone            string      `json:"tone,omitempty"`
	Agreements      []Evidence  `json:"agreements,omitempty"`
	Quotes          []Quote     `json:"quotes,omitempty"`
	ReadoutBy       []string    `json:"readout_by,omitempty"` // "Yuri Ushakov", "the White House"
	Topics          []string    `json:"topics,omitempty"`
	Candidates      []Candidate `json:"points,omitempty"`
	// Sentence is where the call itself was found.
	Sentence string `json:"sentence,omitempty"`
}

// Day returns t's calendar day as UTC midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ArticleRef is an article as listed under a call record.
type ArticleRef struct {
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published"`
	Role      Role      `json:"role"`
}

// KeyPoint is a point of a call's summary with the article it came from.
type KeyPoint struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Call is the record of one call between leaders, built from every article
// that covers it.
type Call struct {
	ID              int64     `json:"id"`
	Participants    []string  `json:"participants"` // leader IDs, sorted
	Date            time.Time `json:"date"`
	DateBasis       DateBasis `json:"date_basis"`
	Medium          Medium    `json:"medium,omitempty"`
	DurationMinutes int       `json:"duration_minutes,omitempty"`
	Duration        *Evidence `json:"duration,omitempty"`
	// DurationAtLeast says DurationMinutes is a lower bound ("more than N
	// minutes"): the only figure was given while the call went on.
	DurationAtLeast bool         `json:"duration_at_least,omitempty"`
	Initiator       string       `json:"initiator,omitempty"`
	Ordinal         int          `json:"ordinal,omitempty"`
	Tone            string       `json:"tone,omitempty"`
	Topics          []string     `json:"topics,omitempty"`
	Points          []KeyPoint   `json:"points,omitempty"`
	Agreements      []Evidence   `json:"agreements,omitempty"`
	Quotes          []Quote      `json:"quotes,omitempty"`
	ReadoutBy       []string     `json:"readout_by,omitempty"`
	Articles        []ArticleRef `json:"articles,omitempty"`
	FirstSeen       time.Time    `json:"first_seen"`
	LastSeen        time.Time    `json:"last_seen"`
	Version         int          `json:"version"`
}

// Undated reports a record no article dates: its articles had no
// publication time and no date with a year. It is never "the latest" call
// and never merged with another.
func (c Call) Undated() bool { return c.Date.IsZero() }

// Summary is the record's key points as one text.
func (c Call) Summary() string {
	parts := make([]string, len(c.Points))
	for i, p := range c.Points {
		parts[i] = p.Text
	}
	return strings.Join(parts, "\n")
}

// Topics is the taxonomy a call's topics come from, in the order a record
// lists topics with equal support.
var Topics = []string{"ceasefire", "energy infrastructure", "prisoner exchange", "sanctions", "trade", "weapons deliveries", "summit planning", "Middle East", "nuclear", "Taiwan", "peace talks", "security guarantees"}
