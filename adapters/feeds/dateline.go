package feeds

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A clipping saved as plain text keeps the page's date line ("Published:
// March 3, 2026 at 9:15 am", "Updated on 12 May 2026", a bare date under
// the headline) but no metadata. Such a line is the article's publication
// time, and is page chrome, never a title or a sentence.

var (
	reDateLabel = regexp.MustCompile(`(?i)^(?:(?:first |last )?(?:published|posted|updated|modified|date|dated)(?: on| at)?\s*[:\-–—|]?\s*)`)
	reISO       = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	reMDY       = regexp.MustCompile(`(?i)^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	reDMY       = regexp.MustCompile(`(?i)^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})`)
	reClock     = regexp.MustCompile(`(?i)^[,|\s]*(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?\s*(gmt|utc|z|et|est|edt|bst|cet|cest)?\b`)
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
	"jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// zoneFor is the zone a date line names. ET follows New York's daylight
// saving time; the fixed ones are what they say; none is UTC.
func zoneFor(name string) *time.Location {
	switch strings.ToLower(name) {
	case "et", "est", "edt":
		if loc, err := time.LoadLocation("America/New_York"); err == nil {
			return loc
		}
		return time.FixedZone("EST", -5*3600)
	case "bst":
		return time.FixedZone("BST", 3600)
	case "cet":
		return time.FixedZone("CET", 3600)
	case "cest":
		return time.FixedZone("CEST", 2*3600)
	}
	return time.UTC
}

// dateText reads a line that is only a date (with an optional label
// and clock time) and returns the time it names in UTC. A line with more
// than that is not a date line.
func dateText(line string) (time.Time, bool) {
	s := strings.TrimSpace(line)
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	s = reDateLabel.ReplaceAllString(s, "")
	var y, d int
	var mo time.Month
	rest := ""
	if m := reISO.FindStringSubmatch(s); m != nil {
		if m[4] != "" {
			if t, ok := parseISO(m[0]); ok {
				return t, strings.TrimSpace(s[len(m[0]):]) == ""
			}
		}
		y, _ = strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		mo = time.Month(n)
		d, _ = strconv.Atoi(m[3])
		rest = s[len(m[0]):]
	} else if m := reMDY.FindStringSubmatch(s); m != nil && monthNames[strings.ToLower(m[1])] != 0 {
		mo = monthNames[strings.ToLower(m[1])]
		d, _ = strconv.Atoi(m[2])
		y, _ = strconv.Atoi(m[3])
		rest = s[len(m[0]):]
	} else if m := reDMY.FindStringSubmatch(s); m != nil && monthNames[strings.ToLower(m[2])] != 0 {
		d, _ = strconv.Atoi(m[1])
		mo = monthNames[strings.ToLower(m[2])]
		y, _ = strconv.Atoi(m[3])
		rest = s[len(m[0]):]
	} else {
		return time.Time{}, false
	}
	if d < 1 || d > 31 || mo < 1 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	hour, min := 0, 0
	loc := time.UTC
	if c := reClock.FindStringSubmatch(rest); c != nil && strings.TrimSpace(c[0]) != "" && (c[2] != "" || c[3] != "") {
		hour, _ = strconv.Atoi(c[1])
		min, _ = strconv.Atoi(c[2])
		ampm := strings.ToLower(strings.ReplaceAll(c[3], ".", ""))
		if ampm == "pm" && hour < 12 {
			hour += 12
		} else if ampm == "am" && hour == 12 {
			hour = 0
		}
		if hour > 23 || min > 59 {
			return time.Time{}, false
		}
		loc = zoneFor(c[4])
		rest = rest[len(c[0]):]
	}
	if strings.Trim(rest, " ,|·•-–—()") != "" {
		return time.Time{}, false
	}
	t := time.Date(y, mo, d, hour, min, 0, 0, loc)
	if t.Day() != d {
		return time.Time{}, false // 31 April
	}
	return t.UTC(), true
}

func parseISO(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
