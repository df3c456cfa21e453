package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readout/summaries"
	"readout/summaries/leaders"
)

// Writer renders call records for people: messages, JSON views, leaders'
// names. It needs only the gazetteer, so that digests write as answers do
// without a Bot.
type Writer struct{ g *leaders.Gazetteer }

// NewWriter returns a Writer naming leaders from g.
func NewWriter(g *leaders.Gazetteer) Writer { return Writer{g: g} }

// Gazetteer returns the leaders the writer knows.
func (w Writer) Gazetteer() *leaders.Gazetteer { return w.g }

// Names joins leaders' short names: "Trump and Putin", "Macron, Starmer and Merz".
func (w Writer) Names(ids []string) string {
	var ns []string
	for _, id := range ids {
		ns = append(ns, w.shortName(id))
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func (w Writer) shortName(id string) string {
	l, ok := w.g.Leader(id)
	if !ok {
		return id
	}
	parts := strings.Fields(l.Name)
	if len(parts) < 2 {
		return l.Name
	}
	if l.FamilyFirst {
		return parts[0]
	}
	// A one-word name the gazetteer knows ("Lula", "Erdogan") is what
	// coverage calls the leader.
	for _, n := range l.Names {
		if r, _ := utf8.DecodeRuneInString(n); len(n) >= 3 && !strings.Contains(n, " ") && unicode.IsUpper(r) && n != strings.ToUpper(n) && strings.Contains(l.Name, n) {
			return n
		}
	}
	// "Ursula von der Leyen" is "von der Leyen".
	for i, p := range parts[1:] {
		if p == strings.ToLower(p) {
			return strings.Join(parts[i+1:], " ")
		}
	}
	return parts[len(parts)-1]
}

// Day is a calendar date as answers and digests write it; a call no
// coverage dates yet is "an unknown date", never year 1.
func Day(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return t.Format("2 January 2006")
}

// Minutes is a call's length as answers and digests write it: "50 min",
// "1 hour", "1 h 30 min".
// Length is how long a call lasted as an answer says it: "1 hour 30
// minutes", or "more than 55 minutes" when coverage gave the length while
// the call was still going on.
func Length(c summaries.Call) string {
	if c.DurationAtLeast {
		return "more than " + Minutes(c.DurationMinutes)
	}
	return Minutes(c.DurationMinutes)
}

func Minutes(m int) string {
	h, mm := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", mm)
	case mm == 0 && h == 1:
		return "1 hour"
	case mm == 0:
		return fmt.Sprintf("%d hours", h)
	default:
		return fmt.Sprintf("%d h %d min", h, mm)
	}
}

// OneLine is an error's text on one line, for logs, chat and stored
// source states.
func OneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Plural counts: "1 item", "3 items".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Trim cuts s to at most n characters, ending a cut one with "…".
func Trim(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
