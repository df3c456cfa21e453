package feeds

import (
	"regexp"
	"strings"
)

// Page chrome that survives scraping as lines of its own: links, image
// addresses, contact lines, timestamps, tag lists and bylines. None of it
// is ever a title, a key point or a fact.
var (
	reURLLine   = regexp.MustCompile(`(?i)^\(?(https?://|www\.)\S+\)?$|^\S+\.(jpe?g|png|gif|webp|svg|avif)(\?\S*)?$`)
	reEmail     = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.-]+`)
	reClockLine = regexp.MustCompile(`(?i)^(?:(?:first |last )?(?:updated|published|posted|modified)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:gmt|utc|et|est|edt|bst|cet|cest|ist)?|\d+\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?)\s+ago|just now|yesterday)$`)
	reLabelLine = regexp.MustCompile(`(?i)^(tags?|topics?|filed under|posted in|categories|category|keywords|related topics)\s*:`)
	reByline    = regexp.MustCompile(`^(?i:by)\s+[A-Z][\p{L}.'’-]*(?:\s+(?:[A-Z][\p{L}.'’-]*|and|&|de|van|von|al|bin))*$`)
)

// isChrome reports whether a whole line is page furniture.
func isChrome(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" {
		return false
	}
	if reURLLine.MatchString(s) || reClockLine.MatchString(s) || reLabelLine.MatchString(s) {
		return true
	}
	if _, ok := dateText(s); ok {
		return true
	}
	if reEmail.MatchString(s) && len(strings.Fields(s)) <= 12 {
		return true
	}
	return len(strings.Fields(s)) <= 6 && reByline.MatchString(s)
}
