package extract

import (
	"fmt"

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
	for _, w := range writtenDays(s, reMonthDay.Windows(s)) {
		// 2000 is a leap year: February 29 is a day.
		if w.year == 0 && !anchored(l, w.start, w.end) && !validDay(2000, w.month, w.day).IsZero() {
			return fmt.Sprintf("%02d-%02d", int(w.month), w.day)
		}
	}
	return ""
}
