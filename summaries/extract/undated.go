package extract

import (
	"fmt"
	"strconv"
	"strings"

	"readout/summaries/internal/words"
)

// monthDay is the day of the year ("07-03") that an undated article gives
// its call without a year: "following a phone call on July 3". It cannot
// date the call, but it names which of a pair's calls the article is about
// once another article dates one on that day.
func monthDay(sents []*sentence, key string) string {
	for _, s := range sents {
		mine := false
		for _, e := range s.events {
			mine = mine || (e.key() == key && e.status == happened && !e.recall)
		}
		if !mine || !mentionsMonth(s.text) {
			continue
		}
		if md := yearless(s.text); md != "" {
			return md
		}
	}
	return ""
}

// yearless is the first month and day written without a year in s and not
// a reference point ("since March 18").
func yearless(s string) string {
	l := words.Lower(s)
	for _, m := range reMonthDay.FindAllStringSubmatchIndex(s, -1) {
		if m[6] >= 0 || anchored(l, m[0], m[1]) {
			continue
		}
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[2]:m[3]], "."))]
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		if !validDay(2000, mo, d).IsZero() { // a leap year: February 29 is a day
			return fmt.Sprintf("%02d-%02d", int(mo), d)
		}
	}
	for _, m := range reDayMonth.FindAllStringSubmatchIndex(s, -1) {
		if m[6] >= 0 || anchored(l, m[0], m[1]) {
			continue
		}
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := months[strings.ToLower(strings.TrimSuffix(s[m[4]:m[5]], "."))]
		if !validDay(2000, mo, d).IsZero() {
			return fmt.Sprintf("%02d-%02d", int(mo), d)
		}
	}
	return ""
}
