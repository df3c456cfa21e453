// Package chart draws call records as images, for answers people would
// rather look at than read. It renders with a pure-Go rasteriser (no cgo,
// no browser) and knows no chat platform: adapters attach the PNG.
package chart

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readout/summaries"
)

// ErrNothingToDraw is returned when no call has a date to place on the axis.
var ErrNothingToDraw = errors.New("chart: nothing to draw: no dated calls")

// Options shape a timeline.
type Options struct {
	// Title heads the image; empty derives one from the leaders and years,
	// e.g. "Trump–Putin calls, 2025–2026".
	Title string
	// Names turns a leader ID into a short display name ("Putin"); nil, or
	// an empty result, falls back to the ID's last word.
	Names func(id string) string
	// Width and Height in pixels; zero picks 1000 wide and a height that
	// gives each row room.
	Width, Height int
}

// Timeline draws calls on a time axis as a PNG: one row per set of
// participants, each call a bar at its date whose height is proportional to
// its length, coloured by medium. Calls without a date are left out and
// counted in the subtitle.
func Timeline(calls []summaries.Call, opts Options) ([]byte, error) {
	dated := make([]summaries.Call, 0, len(calls))
	for _, c := range calls {
		if !c.Date.IsZero() {
			dated = append(dated, c)
		}
	}
	if len(dated) == 0 {
		return nil, ErrNothingToDraw
	}
	names := opts.Names
	if names == nil {
		names = func(string) string { return "" }
	}
	name := func(id string) string {
		if n := strings.TrimSpace(names(id)); n != "" {
			return n
		}
		return shortID(id)
	}
	rows := groupRows(dated, name)
	l, err := newLayout(opts.Width, opts.Height, len(rows))
	if err != nil {
		return nil, err
	}
	title := opts.Title
	if title == "" {
		title = defaultTitle(dated, name)
	}
	c := newCanvas(l.width, l.height)
	d := newDrawer(c, l)
	d.background()
	d.header(title, subtitle(dated, len(calls)-len(dated)))
	d.legend(dated)
	ax := newAxis(dated, d.placeLabels(rows), l.plotRight)
	d.rows(rows, ax)
	d.axis(ax)
	d.footer(dated)
	return c.png()
}

// shortID makes a display name of an ID like "vladimir-putin" when no name
// is known: surnames are how headlines name leaders.
func shortID(id string) string {
	last := id[strings.LastIndex(id, "-")+1:]
	r, size := utf8.DecodeRuneInString(last)
	if size == 0 {
		return id
	}
	return string(unicode.ToUpper(r)) + last[size:]
}

// defaultTitle names the leader every call shares, or the only pair, and the
// years covered.
func defaultTitle(calls []summaries.Call, name func(string) string) string {
	who := "Leader"
	if common := commonParticipants(calls); len(common) > 0 {
		labels := make([]string, len(common))
		for i, id := range common {
			labels[i] = name(id)
		}
		who = strings.Join(labels, "–")
	}
	return who + " calls, " + yearSpan(calls)
}

// commonParticipants returns the leaders present in every call, in the
// order of the first call's participants.
func commonParticipants(calls []summaries.Call) []string {
	var out []string
	for _, id := range calls[0].Participants {
		all := true
		for _, c := range calls[1:] {
			if !slices.Contains(c.Participants, id) {
				all = false
				break
			}
		}
		if all {
			out = append(out, id)
		}
	}
	return out
}

func yearSpan(calls []summaries.Call) string {
	first, last := dateRange(calls)
	if first.Year() == last.Year() {
		return fmt.Sprint(first.Year())
	}
	return fmt.Sprintf("%d–%d", first.Year(), last.Year())
}

func dateRange(calls []summaries.Call) (first, last time.Time) {
	first, last = calls[0].Date, calls[0].Date
	for _, c := range calls[1:] {
		if c.Date.Before(first) {
			first = c.Date
		}
		if c.Date.After(last) {
			last = c.Date
		}
	}
	return first, last
}

// subtitle counts what is shown and says what is not.
func subtitle(dated []summaries.Call, undated int) string {
	first, last := dateRange(dated)
	var b strings.Builder
	if len(dated) == 1 {
		b.WriteString("1 call, " + first.Format("Jan 2, 2006"))
	} else {
		fmt.Fprintf(&b, "%d calls, %s – %s", len(dated), first.Format("Jan 2, 2006"), last.Format("Jan 2, 2006"))
	}
	switch {
	case undated == 1:
		b.WriteString(" · 1 undated call not shown")
	case undated > 1:
		fmt.Fprintf(&b, " · %d undated calls not shown", undated)
	}
	return b.String()
}

// formatMinutes writes a call's length the way a caption would.
func formatMinutes(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	default:
		return fmt.Sprintf("%d h %02d", m/60, m%60)
	}
}
