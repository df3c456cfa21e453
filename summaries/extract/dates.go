package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
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
	reISO = words.Compile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// A date's match starts at most 8 bytes before its month ("22nd of
	// May") and ends at most 21 after ("September 22nd, 2024"). The three
	// month patterns share one gate and windows (findDates reads them
	// once for all three); a
	// weekday's at most 9 before ("early on ") and 13 after ("wednesday’s").
	reMonthDay = words.Compile(`\b`+monthRE+` (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4})\b)?`).When(monthDigit).Around(monthStems, 10, 24)
	reDayMonth = words.Compile(`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?`+monthRE+`\b(?:,? (\d{4})\b)?`).When(monthDigit).Around(monthStems, 10, 24)
	reWeekday  = words.Regexp(`(?i)\b(last |this |next |on |late on |early on |late |early )?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?\b`).
			Around(weekdayNames, 12, 16)
	reRelative = words.Regexp(`(?i)\b(earlier today|later today|today|this morning|this afternoon|this evening|tonight|yesterday|the day before|last night|on the same day|the same day|earlier in the day|earlier on \w+day)\b`).
			Needs("today", "this morning", "this afternoon", "this evening", "tonight", "yesterday", "the day before", "last night", "same day", "earlier in the day", "earlier on ")
	// A date after "the" names another event ("the September 16 general
	// election", "the June 2 Istanbul talks") rather than dating a call.
	reAnchor    = words.Regexp(`(?i)(\b(since|until|till|before|ahead of|after)\s+(the\s+)?(start of\s+|end of\s+)?|\bthe\s+)$`).When(anchorGate)
	reMonthYear = words.Compile(`\b`+monthRE+`,? ((?:19|20)\d\d)\b`).When(monthDigit).Around(monthStems, 10, 24)
)

// FindDates returns the date expressions of a sentence, resolved against pub
// (the publication time, in UTC). Weekdays and month-days without a year are
// taken in the past: news reports what has happened. With pub zero (an
// undated clipping) only dates that give their year are found.
func FindDates(s string, pub time.Time) []DateRef { return findDates(s, words.Lower(s), pub) }

// findDates is FindDates on s and l, s lowered by words.Lower.
func findDates(s, l string, pub time.Time) []DateRef {
	pubDay := summaries.Day(pub)
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
	// The month patterns share their gate and windows: they are found
	// once for the three.
	var monthWins [][2]int
	if mentionsMonth(s) {
		monthWins = reMonthDay.Windows(s)
	}
	for _, w := range writtenDays(s, monthWins) {
		add(w.start, w.end, pastDay(w.year, w.month, w.day, pubDay), summaries.DateExplicit)
	}
	for _, m := range reMonthYear.FindAllStringSubmatchIndexIn(s, monthWins) {
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[2]:m[3]], "."))]
		y, _ := strconv.Atoi(s[m[4]:m[5]])
		if taken(m[0], m[1]) {
			continue
		}
		out = append(out, DateRef{Start: m[0], End: m[1], Day: validDay(y, mo, 1), Basis: summaries.DateExplicit, Month: true, Anchor: anchored(l, m[0], m[1])})
	}
	// Without a publication time, "on Tuesday" and "yesterday" name no day.
	if pub.IsZero() {
		return out
	}
	hasDay := words.Contains(l, "day")
	for _, m := range weekdayMatches(l, hasDay) {
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
	for _, m := range relativeMatches(l, hasDay) {
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

// writtenDay is a month and day as written ("March 18", "18 March 2025"),
// at s[start:end]; year is 0 when none is written.
type writtenDay struct {
	start, end int
	month      time.Month
	day, year  int
}

// writtenDays reads the month-day and day-month dates of s, month-day
// first, in the month patterns' windows monthWins (Windows). "May 9" could be the month May and a day; "may 9" lower-case is a
// verb, which the capitalised patterns leave out.
func writtenDays(s string, monthWins [][2]int) []writtenDay {
	var out []writtenDay
	year := func(m []int) int {
		y := 0
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		return y
	}
	month := func(a, b int) time.Month { return months[strings.ToLower(strings.TrimSuffix(s[a:b], "."))] }
	for _, m := range reMonthDay.FindAllStringSubmatchIndexIn(s, monthWins) {
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		out = append(out, writtenDay{start: m[0], end: m[1], month: month(m[2], m[3]), day: d, year: year(m)})
	}
	for _, m := range reDayMonth.FindAllStringSubmatchIndexIn(s, monthWins) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		out = append(out, writtenDay{start: m[0], end: m[1], month: month(m[4], m[5]), day: d, year: year(m)})
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
// "night", "morning", "afternoon" or "evening". day says whether l holds
// "day", which both ask.
func weekdayMatches(l string, day bool) [][]int {
	if !day {
		return nil
	}
	return reWeekday.FindAllStringSubmatchIndex(l, -1)
}

func relativeMatches(l string, day bool) [][]int {
	if !day && !words.Contains(l, "night") && !words.Contains(l, "morning") &&
		!words.Contains(l, "afternoon") && !words.Contains(l, "evening") {
		return nil
	}
	return reRelative.FindAllStringIndex(l, -1)
}

func isoMatches(s string) [][]int {
	if !digitDash(s) {
		return nil
	}
	return reISO.FindAllStringSubmatchIndex(s, -1)
}

// digitDash reports a hyphen between digits ("2025-05"), which every ISO
// date holds: most hyphens in prose join words.
func digitDash(s string) bool {
	return anyDash(s, func(i int) bool {
		return i > 0 && i+1 < len(s) && '0' <= s[i-1] && s[i-1] <= '9' && '0' <= s[i+1] && s[i+1] <= '9'
	})
}

// anyDash reports whether ok holds at the index of any hyphen of s.
func anyDash(s string, ok func(i int) bool) bool {
	for i := strings.IndexByte(s, '-'); i >= 0; {
		if ok(i) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '-')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

var weekdayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

var monthStems = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// mentionsMonth reports whether a capitalised month name may be in s.
func mentionsMonth(s string) bool {
	for _, m := range monthStems {
		if words.Contains(s, m) {
			return true
		}
	}
	return false
}

// callAfter is a call named right after a date: "the December 7 video call".
var callAfter = words.Regexp(`(?i)^(\s+[\w-]+){0,2}?\s+(call|calls|conversation|phone call|telephone call|video call|video conference)\b`)

// anchored reports a date that is a reference point, not when something
// happened: "since March 18", or "the September 16 election" — but "the
// December 7 video call" dates a call.
func anchored(l string, a, b int) bool {
	before := wordsBefore(l, a)
	return reAnchor.MatchString(before) && !(strings.HasSuffix(strings.TrimRight(before, " "), "the") && callAfter.MatchString(l[b:]))
}

// wordsBefore is the few words before offset a: all an anchor ("ahead of
// the start of") can span. Matching the whole prefix instead made a long
// unpunctuated item cost quadratic time, one scan per date in it. The
// window starts at a word's start, so that \b sees what it would.
func wordsBefore(l string, a int) string {
	start := max(0, a-48)
	for start > 0 && start > a-96 && isWordByte(l[start-1]) {
		start--
	}
	return l[start:a]
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func monthOrDay(w string) bool {
	_, m := months[w]
	_, d := weekdays[w]
	return m || d
}

func sameMonth(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month()
}

// Records carry the UTC date of a call. A report dates a call in its own
// time zone ("just after midnight Jakarta time on Wednesday" is Tuesday in
// UTC), so a stated clock time with a zone moves the date across midnight.

// zone is a place's offset from UTC in hours, standard and summer time;
// summer is approximated by month (April to October in the north).
type zone struct {
	std, summer float64
	south       bool // summer from October to March
}

var zones = map[string]zone{
	"et": {-5, -4, false}, "edt": {-4, -4, false}, "est": {-5, -5, false}, "eastern time": {-5, -4, false},
	"washington time": {-5, -4, false}, "new york time": {-5, -4, false},
	"ct": {-6, -5, false}, "central time": {-6, -5, false}, "mt": {-7, -6, false}, "mdt": {-6, -6, false},
	"pt": {-8, -7, false}, "pdt": {-7, -7, false}, "pacific time": {-8, -7, false},
	"gmt": {0, 0, false}, "utc": {0, 0, false}, "london time": {0, 1, false}, "bst": {1, 1, false},
	"cet": {1, 1, false}, "cest": {2, 2, false}, "paris time": {1, 2, false}, "berlin time": {1, 2, false},
	"brussels time": {1, 2, false}, "rome time": {1, 2, false}, "kyiv time": {2, 3, false}, "kiev time": {2, 3, false},
	"moscow time": {3, 3, false}, "msk": {3, 3, false}, "ankara time": {3, 3, false}, "istanbul time": {3, 3, false},
	"tehran time": {3.5, 3.5, false}, "dubai time": {4, 4, false}, "gulf time": {4, 4, false}, "doha time": {3, 3, false},
	"riyadh time": {3, 3, false}, "delhi time": {5.5, 5.5, false}, "new delhi time": {5.5, 5.5, false}, "ist": {5.5, 5.5, false},
	"jakarta time": {7, 7, false}, "bangkok time": {7, 7, false}, "beijing time": {8, 8, false}, "singapore time": {8, 8, false},
	"hong kong time": {8, 8, false}, "manila time": {8, 8, false}, "tokyo time": {9, 9, false}, "seoul time": {9, 9, false},
	"jst": {9, 9, false}, "kst": {9, 9, false}, "canberra time": {10, 11, true}, "sydney time": {10, 11, true},
	"brasilia time": {-3, -3, false}, "mexico city time": {-6, -6, false},
}

var (
	clockRE   = words.Regexp(`(?i)\b(?:(\d{1,2})(?::(\d{2}))?\s*(a\.m\.|p\.m\.|am|pm)|(\d{1,2}):(\d{2})|(midnight|noon))\s+(?:in\s+|\()?([a-z]+(?: [a-z]+){0,2})`)
	zoneWords = func() []string {
		out := make([]string, 0, len(zones))
		for k := range zones {
			out = append(out, k)
		}
		return out
	}()
)

// utcShift returns the days to add to a local date for a clock time with a
// zone stated in a sentence, lowered by words.Lower as l ("began at 10
// p.m. Washington time"): -1, 0 or 1.
func utcShift(l string, day time.Time) (int, bool) {
	if !words.Contains(l, "time") && !words.Contains(l, " gmt") && !words.Contains(l, " utc") && !words.Contains(l, " et") {
		return 0, false
	}
	for _, m := range clockRE.FindAllStringSubmatch(l, -1) {
		z, ok := zoneOf(m[7])
		if !ok {
			continue
		}
		var hour, minute float64
		switch {
		case m[1] != "":
			h, _ := strconv.Atoi(m[1])
			mm, _ := strconv.Atoi(m[2])
			if h < 1 || h > 12 || mm > 59 {
				continue
			}
			hour, minute = float64(h%12), float64(mm)
			if strings.HasPrefix(m[3], "p") {
				hour += 12
			}
		case m[4] != "":
			h, _ := strconv.Atoi(m[4])
			mm, _ := strconv.Atoi(m[5])
			if h > 23 || mm > 59 {
				continue
			}
			hour, minute = float64(h), float64(mm)
		case m[6] == "noon":
			hour = 12
		}
		return dayShift(hour+minute/60, z, day), true
	}
	return 0, false
}

// dayShift is the days between a local date and the UTC date of a clock
// time on it in zone z.
func dayShift(hour float64, z zone, day time.Time) int {
	utc := hour - z.offset(day.Month())
	switch {
	case utc < 0:
		return -1
	case utc >= 24:
		return 1
	}
	return 0
}

// bareClockRE is a clock time with no zone: "shortly after 8 a.m.".
var bareClockRE = words.Regexp(`(?i)\b(\d{1,2})(?::(\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)`)

// deskShift is utcShift for a clock time without a zone in an article
// datelined in a city whose zone is known: a reporter in Tokyo gives Tokyo
// time ("began shortly after 8 a.m." on a Tuesday is Monday in UTC).
func deskShift(s string, day time.Time, desk *zone) (int, bool) {
	if desk == nil || !words.Contains(s, ".m.") && !words.Contains(s, "am") && !words.Contains(s, "pm") {
		return 0, false
	}
	m := bareClockRE.FindStringSubmatch(words.Lower(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if h < 1 || h > 12 || mm > 59 {
		return 0, false
	}
	hour := float64(h%12) + float64(mm)/60
	if strings.HasPrefix(m[3], "p") {
		hour += 12
	}
	return dayShift(hour, *desk, day), true
}

// deskZone is the zone of a dateline's city ("TOKYO (Wire) --"), if known.
func deskZone(dateline string) *zone {
	city := strings.ToLower(strings.TrimSpace(strings.FieldsFunc(dateline, func(r rune) bool {
		return r == ',' || r == '(' || r == '/' || r == '-' || r == '—' || r == '–'
	})[0]))
	if z, ok := zones[city+" time"]; ok {
		return &z
	}
	return nil
}

// zoneOf finds the zone a clock time is followed by: "washington time",
// "et", "gmt".
func zoneOf(words string) (zone, bool) {
	for _, k := range zoneWords {
		if words == k || strings.HasPrefix(words, k+" ") {
			return zones[k], true
		}
	}
	return zone{}, false
}

func (z zone) offset(m time.Month) float64 {
	summer := m >= time.April && m <= time.October
	if z.south {
		summer = !summer
	}
	if summer {
		return z.summer
	}
	return z.std
}
