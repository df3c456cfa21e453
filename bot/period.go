package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"readout/summaries"
)

// period is the time a question asks about, as UTC days: From inclusive,
// To exclusive, either zero when open. Spans are separate periods named
// for one call each ("compare the calls of 2025-12-28 and 2026-03-10",
// "… in june 2025 and february 2026"), newest first.
type period struct {
	From, To time.Time
	Spans    []span
	Said     string // as typed: "this year"
	ReadAs   string // how a relative or yearless period was read: "2026"
}

const monthRe = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`

var (
	reTwoMonths  = lazy(`\b(?:in )?` + monthRe + ` ((?:19|20)\d\d) and (?:in )?` + monthRe + ` ((?:19|20)\d\d)\b`)
	reSincePfx   = lazy(`\bsince\s*$`)
	reBetweenISO = lazy(`\bbetween (\d{4}-\d{1,2}-\d{1,2}) and (\d{4}-\d{1,2}-\d{1,2})\b`)
	reRelative   = map[string]*pattern{}
	reISO        = lazy(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	// "march 18, 2025", "feb 4", "the may 19 call"
	reMonthDay = lazy(`\b` + monthRe + `\.? (\d{1,2})(?:st|nd|rd|th)?\b(?:,? ((?:19|20)\d\d)\b)?`)
	// "18 March 2025", "the 12th of february 2025", "28 december"
	reDayMonth = lazy(`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?` + monthRe + `\b(?:,? ((?:19|20)\d\d)\b)?`)
	// "on the 18th"
	reNth       = lazy(`\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b`)
	reBetweenM  = lazy(`\bbetween ` + monthRe + `(?: ((?:19|20)\d\d))? and ` + monthRe + `(?: ((?:19|20)\d\d))?\b`)
	reMonthAndM = lazy(`\b(?:in )?` + monthRe + ` and ` + monthRe + ` ((?:19|20)\d\d)\b`)
	// "compare the march and may calls": two months, one call each.
	reCompareMonths = lazy(`\bcompar.*\b` + monthRe + `(?: call)? (?:and|with|to|vs\.?|versus) (?:the )?` + monthRe + `\b`)
	reSince         = lazy(`\bsince ` + monthRe + `\b(?: ((?:19|20)\d\d)\b)?`)
	reSeason        = lazy(`\b(?:in |during )?(?:the )?(spring|summer|autumn|fall|winter)\b(?: of)?(?: ((?:19|20)\d\d)\b)?`)
	reHalf          = lazy(`\b(?:in )?the (first|second) half of ((?:19|20)\d\d)\b`)
	reMonthYear     = lazy(`\b(?:in |during |of )?` + monthRe + `\b(?: ((?:19|20)\d\d)\b)?`)
	reYearOnly      = lazy(`\b(?:in |during |of |for )?((?:19|20)\d\d)\b`)
	reWeekday       = lazy(`\blast (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	reLastN         = lazy(`\b(?:in |over |during )?(?:the )?(?:last|past) (\d+|two|three|four|five|six|seven|ten|thirty) (days?|weeks?|months?)\b`)
	rePast          = lazy(`\b(?:in |over |during )?the past (week|month|year)\b`)
)

// span is one period of a question that names several.
type span struct{ From, To time.Time }

// parsePeriod finds the period a question asks about and returns the
// question without it. now anchors relative periods. "since" before a
// period opens its end: "since the summer".
func parsePeriod(s string, now time.Time) (period, string) {
	p, rest := findPeriod(s, now)
	if p.Said != "" && !p.From.IsZero() && !p.To.IsZero() {
		if i := strings.Index(s, p.Said); i >= 0 && reSincePfx.MatchString(s[:i]) {
			p.To, p.Said = time.Time{}, "since "+p.Said
			if p.ReadAs != "" {
				p.ReadAs = "since " + p.From.Format("January 2006")
			}
			rest = strings.Replace(rest, "since", " ", 1)
		}
	}
	return p, rest
}

func findPeriod(s string, now time.Time) (period, string) {
	today := summaries.Day(now)
	var p period
	cut := func(loc []int) string { return s[:loc[0]] + " " + s[loc[1]:] }
	sub := func(loc []int, i int) string {
		if loc[2*i] < 0 {
			return ""
		}
		return s[loc[2*i]:loc[2*i+1]]
	}
	year := func(y string) (int, bool) {
		if y == "" {
			return today.Year(), false
		}
		n, _ := strconv.Atoi(y)
		return n, true
	}
	said := func(loc []int) string { return strings.TrimSpace(s[loc[0]:loc[1]]) }

	if loc := reBetweenISO.FindStringSubmatchIndex(s); loc != nil {
		a, errA := time.Parse("2006-1-2", sub(loc, 1))
		b, errB := time.Parse("2006-1-2", sub(loc, 2))
		if errA == nil && errB == nil && !b.Before(a) {
			p.From, p.To, p.Said = a, b.AddDate(0, 0, 1), said(loc)
			return p, cut(loc)
		}
	}
	// Two or more dated calls: each is named, no period.
	if days, rest := namedDays(s, today); len(days) >= 2 {
		// "between march 1 and march 20, 2025": one period, both ends
		// whole; a missing year is the other end's.
		if len(days) == 2 && strings.Contains(s[:days[1].start+len(days[1].said)], "between") {
			first, last := days[0], days[1]
			if first.start > last.start {
				first, last = last, first // as written: the first is the start
			}
			if first.readAs != "" && last.readAs == "" {
				first.day = time.Date(last.day.Year(), first.day.Month(), first.day.Day(), 0, 0, 0, 0, time.UTC)
			}
			if last.readAs != "" && first.readAs == "" {
				last.day = time.Date(first.day.Year(), last.day.Month(), last.day.Day(), 0, 0, 0, 0, time.UTC)
			}
			if !last.day.Before(first.day) {
				return period{From: first.day, To: last.day.AddDate(0, 0, 1), Said: "from " + Day(first.day) + " to " + Day(last.day)}, rest
			}
		}
		var p period
		for _, d := range days {
			p.Spans = append(p.Spans, span{d.day, d.day.AddDate(0, 0, 1)})
		}
		return p, rest
	}
	if loc := reTwoMonths.FindStringSubmatchIndex(s); loc != nil {
		var spans []span
		for _, i := range []int{1, 3} {
			y, _ := strconv.Atoi(sub(loc, i+1))
			from := time.Date(y, monthNumber(sub(loc, i)), 1, 0, 0, 0, 0, time.UTC)
			spans = append(spans, span{from, from.AddDate(0, 1, 0)})
		}
		if spans[1].From.Before(spans[0].From) {
			spans[0], spans[1] = spans[1], spans[0]
		}
		if !strings.Contains(s, "between") {
			return period{Spans: []span{spans[1], spans[0]}}, cut(loc)
		}
		return period{From: spans[0].From, To: spans[1].To, Said: said(loc)}, cut(loc)
	}
	if loc := reBetweenM.FindStringSubmatchIndex(s); loc != nil {
		y, explicit := year(sub(loc, 4))
		if !explicit {
			y, explicit = year(sub(loc, 2))
		}
		m1, m2 := monthNumber(sub(loc, 1)), monthNumber(sub(loc, 3))
		p.From = time.Date(y, m1, 1, 0, 0, 0, 0, time.UTC)
		p.To = time.Date(y, m2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
		if p.To.Before(p.From) {
			p.From = p.From.AddDate(-1, 0, 0)
		}
		p.Said = said(loc)
		if !explicit {
			p.ReadAs = fmt.Sprintf("%s to %s %d", m1, m2, y)
		}
		return p, cut(loc)
	}
	if loc := reCompareMonths.FindStringSubmatchIndex(s); loc != nil && !reMonthAndM.MatchString(s) {
		var spans []span
		for _, i := range []int{1, 2} {
			from := time.Date(today.Year(), monthNumber(sub(loc, i)), 1, 0, 0, 0, 0, time.UTC)
			if from.After(today) {
				from = from.AddDate(-1, 0, 0) // the latest such month
			}
			spans = append(spans, span{from, from.AddDate(0, 1, 0)})
		}
		if spans[0].From.Before(spans[1].From) {
			spans[0], spans[1] = spans[1], spans[0]
		}
		at := loc[2] // the months, not the "compare" before them
		return period{Spans: spans, Said: strings.TrimSpace(s[at:loc[1]]), ReadAs: spans[1].From.Format("January 2006") + " and " + spans[0].From.Format("January 2006")}, s[:at] + " " + s[loc[1]:]
	}
	if loc := reMonthAndM.FindStringSubmatchIndex(s); loc != nil {
		y, _ := year(sub(loc, 3))
		m1, m2 := monthNumber(sub(loc, 1)), monthNumber(sub(loc, 2))
		if m2 < m1 {
			m1, m2 = m2, m1
		}
		p.From = time.Date(y, m1, 1, 0, 0, 0, 0, time.UTC)
		p.To = time.Date(y, m2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
		p.Said = said(loc)
		return p, cut(loc)
	}
	if days, rest := namedDays(s, today); len(days) == 1 {
		d := days[0]
		p.From, p.To = d.day, d.day.AddDate(0, 0, 1)
		p.Said, p.ReadAs = d.said, d.readAs
		return p, rest
	}
	if loc := reNth.FindStringSubmatchIndex(s); loc != nil {
		n, _ := strconv.Atoi(sub(loc, 1))
		if n >= 1 && n <= 31 {
			d := time.Date(today.Year(), today.Month(), n, 0, 0, 0, 0, time.UTC)
			if d.After(today) || d.Month() != today.Month() {
				first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
				d = time.Date(first.Year(), first.Month(), n, 0, 0, 0, 0, time.UTC)
			}
			p.From, p.To, p.Said, p.ReadAs = d, d.AddDate(0, 0, 1), said(loc), Day(d)
			return p, cut(loc)
		}
	}
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	firstOfMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	jan1 := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []struct {
		say      string
		from, to time.Time
		readAs   string
	}{
		{"today", today, today.AddDate(0, 0, 1), Day(today)},
		{"yesterday", today.AddDate(0, 0, -1), today, Day(today.AddDate(0, 0, -1))},
		{"this week", monday, monday.AddDate(0, 0, 7), "the week of " + Day(monday)},
		{"last week", monday.AddDate(0, 0, -7), monday, "the week of " + Day(monday.AddDate(0, 0, -7))},
		{"this month", firstOfMonth, firstOfMonth.AddDate(0, 1, 0), firstOfMonth.Format("January 2006")},
		{"last month", firstOfMonth.AddDate(0, -1, 0), firstOfMonth, firstOfMonth.AddDate(0, -1, 0).Format("January 2006")},
		{"this year", jan1, jan1.AddDate(1, 0, 0), strconv.Itoa(jan1.Year())},
		{"last year", jan1.AddDate(-1, 0, 0), jan1, strconv.Itoa(jan1.Year() - 1)},
	} {
		if loc := reRelative[r.say].FindStringIndex(s); loc != nil {
			p.From, p.To, p.Said, p.ReadAs = r.from, r.to, r.say, r.readAs
			return p, cut(loc)
		}
	}
	if loc := reWeekday.FindStringSubmatchIndex(s); loc != nil {
		want := weekday(sub(loc, 1))
		d := today.AddDate(0, 0, -1)
		for d.Weekday() != want {
			d = d.AddDate(0, 0, -1)
		}
		p.From, p.To, p.Said, p.ReadAs = d, d.AddDate(0, 0, 1), said(loc), Day(d)
		return p, cut(loc)
	}
	if loc := reLastN.FindStringSubmatchIndex(s); loc != nil {
		n := wordNum(sub(loc, 1))
		switch unit := sub(loc, 2); {
		case strings.HasPrefix(unit, "week"):
			p.From = today.AddDate(0, 0, -7*n)
		case strings.HasPrefix(unit, "month"):
			p.From = today.AddDate(0, -n, 0)
		default:
			p.From = today.AddDate(0, 0, -n)
		}
		p.To, p.Said = today.AddDate(0, 0, 1), said(loc)
		p.ReadAs = "since " + Day(p.From)
		return p, cut(loc)
	}
	if loc := rePast.FindStringSubmatchIndex(s); loc != nil {
		switch sub(loc, 1) {
		case "week":
			p.From = today.AddDate(0, 0, -7)
		case "month":
			p.From = today.AddDate(0, -1, 0)
		default:
			p.From = today.AddDate(-1, 0, 0)
		}
		p.To, p.Said, p.ReadAs = today.AddDate(0, 0, 1), said(loc), "since "+Day(p.From)
		return p, cut(loc)
	}
	if loc := reSince.FindStringSubmatchIndex(s); loc != nil {
		m := monthNumber(sub(loc, 1))
		y, explicit := year(sub(loc, 2))
		if !explicit && m > today.Month() {
			y--
		}
		p.From, p.Said = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), said(loc)
		if !explicit {
			p.ReadAs = "since " + p.From.Format("January 2006")
		}
		return p, cut(loc)
	}
	if loc := reHalf.FindStringSubmatchIndex(s); loc != nil {
		y, _ := year(sub(loc, 2))
		p.From = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		if sub(loc, 1) == "second" {
			p.From = p.From.AddDate(0, 6, 0)
		}
		p.To, p.Said = p.From.AddDate(0, 6, 0), said(loc)
		return p, cut(loc)
	}
	if loc := reSeason.FindStringSubmatchIndex(s); loc != nil {
		start := map[string]time.Month{"spring": time.March, "summer": time.June, "autumn": time.September, "fall": time.September, "winter": time.December}[sub(loc, 1)]
		y, explicit := year(sub(loc, 2))
		p.From = time.Date(y, start, 1, 0, 0, 0, 0, time.UTC)
		if !explicit && p.From.After(today) {
			p.From = p.From.AddDate(-1, 0, 0)
		}
		p.To, p.Said = p.From.AddDate(0, 3, 0), said(loc)
		if !explicit {
			p.ReadAs = fmt.Sprintf("%s %d (%s to %s)", sub(loc, 1), p.From.Year(), p.From.Month(), p.To.AddDate(0, -1, 0).Month())
		}
		return p, cut(loc)
	}
	for _, loc := range reMonthYear.FindAllStringSubmatchIndex(s, -1) {
		word := sub(loc, 1)
		// "may" is a month only where a month is expected.
		if word == "may" && loc[4] < 0 && !strings.HasPrefix(s[loc[0]:], "in ") && !strings.HasPrefix(s[loc[0]:], "during ") && !monthMay(s, loc[2], loc[3]) {
			continue
		}
		// "mar-a-lago" is a place.
		if loc[3] < len(s) && s[loc[3]] == '-' {
			continue
		}
		m := monthNumber(word)
		y, explicit := year(sub(loc, 2))
		if !explicit && m > today.Month() {
			y-- // "in october" asked in February is last October
		}
		p.From = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		p.To, p.Said = p.From.AddDate(0, 1, 0), said(loc)
		if !explicit {
			p.ReadAs = p.From.Format("January 2006")
		}
		return p, cut(loc)
	}
	if loc := reYearOnly.FindStringSubmatchIndex(s); loc != nil {
		y, _ := year(sub(loc, 1))
		p.From = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		p.To, p.Said = p.From.AddDate(1, 0, 0), said(loc)
		return p, cut(loc)
	}
	return p, s
}

func init() {
	for _, say := range []string{"today", "yesterday", "this week", "last week", "this month", "last month", "this year", "last year"} {
		reRelative[say] = lazy(`\b` + say + `\b`)
	}
}

type namedDay struct {
	day          time.Time
	said, readAs string
	start, end   int
}

// namedDays finds the days a question names by date ("March 18, 2025",
// "18 March", "2025-03-18") and returns the question without them. A day
// without a year is the most recent such day on or before today.
func namedDays(s string, today time.Time) ([]namedDay, string) {
	var out []namedDay
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.end && b > d.start {
				return true
			}
		}
		return false
	}
	add := func(loc []int, y int, explicitYear bool, m time.Month, d int) {
		if taken(loc[0], loc[1]) || d < 1 || d > 31 || m < 1 || m > 12 {
			return
		}
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if t.Month() != m {
			return
		}
		nd := namedDay{day: t, said: strings.TrimSpace(s[loc[0]:loc[1]]), start: loc[0], end: loc[1]}
		if !explicitYear {
			if t.After(today) {
				t = t.AddDate(-1, 0, 0)
			}
			nd.day, nd.readAs = t, Day(t)
		}
		out = append(out, nd)
	}
	sub := func(loc []int, i int) string {
		if loc[2*i] < 0 {
			return ""
		}
		return s[loc[2*i]:loc[2*i+1]]
	}
	for _, loc := range reISO.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(sub(loc, 1))
		m, _ := strconv.Atoi(sub(loc, 2))
		d, _ := strconv.Atoi(sub(loc, 3))
		add(loc, y, true, time.Month(m), d)
	}
	for _, re := range []*pattern{reMonthDay, reDayMonth} {
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			mw, dw := sub(loc, 1), sub(loc, 2)
			if re == reDayMonth {
				mw, dw = dw, mw
			}
			// "in may 2025" is a month; "may 19" is a day.
			if _, err := strconv.Atoi(dw); err != nil {
				continue
			}
			d, _ := strconv.Atoi(dw)
			// "2025-03-18" was read whole; "18 2025" is not a day.
			y, explicit := today.Year(), false
			if yw := sub(loc, 3); yw != "" {
				y, _ = strconv.Atoi(yw)
				explicit = true
			}
			add(loc, y, explicit, monthNumber(mw), d)
		}
	}
	if len(out) == 0 {
		return nil, s
	}
	// Newest first, as answers list calls.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].day.After(out[j-1].day); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	rest := []byte(s)
	for _, d := range out {
		for i := d.start; i < d.end; i++ {
			rest[i] = ' '
		}
	}
	return out, string(rest)
}

func weekday(s string) time.Weekday {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), s) {
			return d
		}
	}
	return time.Monday
}

func wordNum(s string) int {
	if n, ok := map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "thirty": 30}[s]; ok {
		return n
	}
	n, _ := strconv.Atoi(s)
	if n <= 0 || n > 3650 {
		n = 1
	}
	return n
}

func monthNumber(s string) time.Month {
	for m := time.January; m <= time.December; m++ {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m
		}
	}
	return time.January
}

// monthMay reports "may" at s[a:b] written as the month: "the may call",
// "since may", "may's call", not "may I ask".
func monthMay(s string, a, b int) bool {
	before, after := strings.TrimRight(s[:a], " "), s[b:]
	for _, w := range []string{"the", "since", "of", "until", "before", "after", "from"} {
		if before == w || strings.HasSuffix(before, " "+w) {
			return true
		}
	}
	for _, w := range []string{" call", " phone", " conversation", "'s", "’s"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}
