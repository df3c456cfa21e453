package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateRef is a date expression found in a sentence, resolved against the
// article's publication time.
type DateRef struct {
	Start, End int
	Day        time.Time
	Basis      summaries.DateBasis
	// Anchor says the date is a reference point ("since March 18", "until
	// May"), not when something happened.
	Anchor bool
	// Month says only the month is known ("in May 2022"): Day is its first.
	Month bool
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

const monthRE = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	reISO      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reMonthDay = regexp.MustCompile(`\b` + monthRE + ` (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4})\b)?`)
	reDayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?` + monthRE + `\b(?:,? (\d{4})\b)?`)
	reWeekday  = words.Regexp(`(?i)\b(last |this |next |on |late on |early on |late |early )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?\b`)
	reRelative = words.Regexp(`(?i)\b(earlier today|later today|today|this morning|this afternoon|this evening|tonight|yesterday|the day before|last night|on the same day|the same day|earlier in the day|earlier on \w+day)\b`)
	// A date after "the" names another event ("the September 16 general
	// election", "the June 2 Istanbul talks") rather than dating a call.
	reAnchor    = words.Regexp(`(?i)(\b(since|until|till|before|ahead of|after)\s+(the\s+)?(start of\s+|end of\s+)?|\bthe\s+)$`)
	reMonthYear = regexp.MustCompile(`\b` + monthRE + `,? ((?:19|20)\d\d)\b`)
)

// FindDates returns the date expressions of a sentence, resolved against pub
// (the publication time, in UTC). Weekdays and month-days without a year are
// taken in the past: news reports what has happened.
func FindDates(s string, pub time.Time) []DateRef {
	pubDay := summaries.Day(pub)
	l := words.Lower(s)
	var out []DateRef
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.End && b > d.Start {
				return true
			}
		}
		return false
	}
	add := func(a, b int, day time.Time, basis summaries.DateBasis) {
		if taken(a, b) || day.IsZero() {
			return
		}
		out = append(out, DateRef{Start: a, End: b, Day: day, Basis: basis, Anchor: anchored(l, a, b)})
	}
	for _, m := range isoMatches(s) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		add(m[0], m[1], validDay(y, time.Month(mo), d), summaries.DateExplicit)
	}
	hasMonth := mentionsMonth(s)
	for _, m := range monthMatches(reMonthDay, s, hasMonth) {
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[2]:m[3]], "."))]
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		y := 0
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		// "May 9" could be the month May and a day; "may 9" lower-case is a verb.
		add(m[0], m[1], pastDay(y, mo, d, pubDay), summaries.DateExplicit)
	}
	for _, m := range monthMatches(reDayMonth, s, hasMonth) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[4]:m[5]], "."))]
		y := 0
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		add(m[0], m[1], pastDay(y, mo, d, pubDay), summaries.DateExplicit)
	}
	for _, m := range monthMatches(reMonthYear, s, hasMonth) {
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[2]:m[3]], "."))]
		y, _ := strconv.Atoi(s[m[4]:m[5]])
		if taken(m[0], m[1]) {
			continue
		}
		out = append(out, DateRef{Start: m[0], End: m[1], Day: validDay(y, mo, 1), Basis: summaries.DateExplicit, Month: true, Anchor: anchored(l, m[0], m[1])})
	}
	for _, m := range weekdayMatches(l) {
		mod := ""
		if m[2] >= 0 {
			mod = strings.TrimSpace(l[m[2]:m[3]])
		}
		wd := weekdays[l[m[4]:m[5]]]
		back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
		switch mod {
		case "next":
			back = -((int(wd)-int(pubDay.Weekday())+6)%7 + 1)
		case "last":
			if back == 0 {
				back = 7
			}
		}
		add(m[0], m[1], pubDay.AddDate(0, 0, -back), summaries.DateRelative)
	}
	for _, m := range relativeMatches(l) {
		w := l[m[0]:m[1]]
		day := pubDay
		switch {
		case w == "yesterday" || w == "last night" || w == "the day before":
			day = pubDay.AddDate(0, 0, -1)
		case strings.HasPrefix(w, "earlier on "):
			continue // covered by the weekday
		}
		add(m[0], m[1], day, summaries.DateRelative)
	}
	return out
}

func validDay(y int, m time.Month, d int) time.Time {
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}
	}
	return t
}

// pastDay resolves a month-day without a year to its latest occurrence no
// more than a week after pub (an article may name tomorrow's date).
func pastDay(y int, m time.Month, d int, pub time.Time) time.Time {
	if y != 0 {
		return validDay(y, m, d)
	}
	t := validDay(pub.Year(), m, d)
	if !t.IsZero() && t.After(pub.AddDate(0, 0, 7)) {
		t = validDay(pub.Year()-1, m, d)
	}
	return t
}

// weekdayMatches and relativeMatches run their patterns only on text that
// can hold a match: every weekday and relative day word contains "day",
// "night", "morning", "afternoon" or "evening".
func weekdayMatches(l string) [][]int {
	if !strings.Contains(l, "day") {
		return nil
	}
	return reWeekday.FindAllStringSubmatchIndex(l, -1)
}

func relativeMatches(l string) [][]int {
	if !strings.Contains(l, "day") && !strings.Contains(l, "night") && !strings.Contains(l, "morning") &&
		!strings.Contains(l, "afternoon") && !strings.Contains(l, "evening") {
		return nil
	}
	return reRelative.FindAllStringIndex(l, -1)
}

func isoMatches(s string) [][]int {
	if !strings.Contains(s, "-") {
		return nil
	}
	return reISO.FindAllStringSubmatchIndex(s, -1)
}

var monthStems = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// mentionsMonth reports whether a capitalised month name may be in s.
func mentionsMonth(s string) bool {
	for _, m := range monthStems {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

func monthMatches(re *regexp.Regexp, s string, hasMonth bool) [][]int {
	if !hasMonth {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// callAfter is a call named right after a date: "the December 7 video call".
var callAfter = words.Regexp(`(?i)^(\s+[\w-]+){0,2}?\s+(call|calls|conversation|phone call|telephone call|video call|video conference)\b`)

// anchored reports a date that is a reference point, not when something
// happened: "since March 18", or "the September 16 election" — but "the
// December 7 video call" dates a call.
func anchored(l string, a, b int) bool {
	return reAnchor.MatchString(l[:a]) && !(strings.HasSuffix(strings.TrimRight(l[:a], " "), "the") && callAfter.MatchString(l[b:]))
}
