package chart

import (
	"strconv"
	"time"

	"readout/summaries"
)

const day = 24 * time.Hour

// axis maps dates to pixels and knows where its ticks go.
type axis struct {
	lo, hi      time.Time
	left, right int
	ticks       []tick
}

// tick is a labelled date; year is set where a reader needs the year again:
// on the first tick and where the year turns.
type tick struct {
	at    time.Time
	label string
	year  string
}

// newAxis spans the calls with a little room at both ends; a short span is
// widened so that one call, or a few on one day, sit in a readable window
// of dates rather than alone on an axis of hours.
func newAxis(calls []summaries.Call, left, right int) axis {
	first, last := dateRange(calls)
	// A call's day is drawn at its middle, so a bar sits over its tick.
	first, last = first.Add(12*time.Hour), last.Add(12*time.Hour)
	const minSpan = 20 * day
	if span := last.Sub(first); span < minSpan {
		grow := (minSpan - span) / 2
		first, last = first.Add(-grow), last.Add(grow)
	}
	pad := max(last.Sub(first)/25, day)
	a := axis{lo: first.Add(-pad), hi: last.Add(pad), left: left, right: right}
	a.ticks = a.chooseTicks()
	return a
}

// x returns the pixel column of a moment.
func (a axis) x(t time.Time) float64 {
	f := float64(t.Sub(a.lo)) / float64(a.hi.Sub(a.lo))
	return float64(a.left) + f*float64(a.right-a.left)
}

// tickStep is one candidate spacing of ticks, finest first.
type tickStep struct {
	approx  time.Duration // for fitting: the typical gap between ticks
	minGap  float64       // pixels a label of this kind needs
	days    int           // a step in days (weekly steps start on Mondays)
	months  int           // or a step in months, aligned to January
	years   int           // or a step in years
	yearTag bool          // labels leave the year to a second line
}

var tickSteps = []tickStep{
	{approx: day, minGap: 52, days: 1, yearTag: true},
	{approx: 2 * day, minGap: 52, days: 2, yearTag: true},
	{approx: 7 * day, minGap: 52, days: 7, yearTag: true},
	{approx: 14 * day, minGap: 52, days: 14, yearTag: true},
	{approx: 30 * day, minGap: 40, months: 1, yearTag: true},
	{approx: 61 * day, minGap: 40, months: 2, yearTag: true},
	{approx: 91 * day, minGap: 40, months: 3, yearTag: true},
	{approx: 182 * day, minGap: 40, months: 6, yearTag: true},
	{approx: 365 * day, minGap: 48, years: 1},
	{approx: 2 * 365 * day, minGap: 48, years: 2},
	{approx: 5 * 365 * day, minGap: 48, years: 5},
	{approx: 10 * 365 * day, minGap: 48, years: 10},
}

func (a axis) chooseTicks() []tick {
	width := float64(a.right - a.left)
	span := a.hi.Sub(a.lo)
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if width*float64(s.approx)/float64(span) >= s.minGap {
			step = s
			break
		}
	}
	var out []tick
	prevYear := 0
	for t := firstTick(a.lo, step); !t.After(a.hi); t = nextTick(t, step) {
		tk := tick{at: t}
		if step.days > 0 {
			// Days are drawn at their middle, like the calls on them.
			tk.at = t.Add(12 * time.Hour)
		}
		switch {
		case step.years > 0:
			tk.label = strconv.Itoa(t.Year())
		case step.months > 0:
			tk.label = t.Format("Jan")
		default:
			tk.label = t.Format("Jan 2")
		}
		if step.yearTag && t.Year() != prevYear {
			tk.year = strconv.Itoa(t.Year())
		}
		prevYear = t.Year()
		out = append(out, tk)
	}
	return out
}

// firstTick is the first aligned tick at or after lo.
func firstTick(lo time.Time, s tickStep) time.Time {
	d := summaries.Day(lo)
	if d.Before(lo) {
		d = d.AddDate(0, 0, 1)
	}
	switch {
	case s.years > 0:
		t := time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		for t.Before(lo) || t.Year()%s.years != 0 {
			t = t.AddDate(1, 0, 0)
		}
		return t
	case s.months > 0:
		t := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		for t.Before(lo) || (int(t.Month())-1)%s.months != 0 {
			t = t.AddDate(0, 1, 0)
		}
		return t
	case s.days >= 7:
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
		return d
	default:
		return d
	}
}

func nextTick(t time.Time, s tickStep) time.Time {
	switch {
	case s.years > 0:
		return t.AddDate(s.years, 0, 0)
	case s.months > 0:
		return t.AddDate(0, s.months, 0)
	default:
		return t.AddDate(0, 0, s.days)
	}
}
