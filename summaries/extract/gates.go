package extract

import (
	"strings"

	"readout/summaries/internal/words"
)

// Cheap tests that gate patterns (words.Pattern.When): each is false on
// text that holds no match of its pattern. Go runs a pattern that opens
// with no literal at every byte of the text, backtracking, and extraction
// runs dozens of them over every sentence; these tests are byte scans.
// TestPatternGates checks each against its pattern.

// mayBreak is false on a sentence that can hold no clause break: most
// sentences hold none, and clauseBreak, with no literal to look for, is
// tried at every byte. Its words stand between white space, so they are
// words of the sentence (classBreak), looked up with its other words
// rather than searched for.
func mayBreak(s *sentence) bool {
	l := s.lower
	return strings.IndexByte(l, ';') >= 0 || words.Contains(l, "—") || words.Contains(l, "–") || spaceDash(l) || s.has(classBreak)
}

// breakWords are the words of clauseBreak, "ahead" for "ahead of".
var breakWords = words.Set("after", "before", "following", "ahead", "while", "whereas")

// spaceDash reports a hyphen after white space (\s): " - ", " -- ".
func spaceDash(s string) bool {
	return anyDash(s, func(i int) bool { return i > 0 && isSpaceByte(s[i-1]) })
}

// isSpaceByte is \s of a pattern: tab, newline, form feed, carriage return, space.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// unitWindow reports whether a window of text can hold a match of the
// duration pattern that needs the word need: each but "h" and "min"
// matches the word "hour" and its need; "min" matches "minute", "min" or
// "mins" as words; "h" an "h" before a digit ("2h30", "2h 30m").
func unitWindow(need, w string) bool {
	switch need {
	case "min":
		return minuteWord(w)
	case "h":
		return hourDigits(w)
	default:
		return words.Contains(w, "hour") && words.Contains(w, need)
	}
}

func minuteWord(w string) bool {
	for i := 0; ; {
		k := strings.Index(w[i:], "min")
		if k < 0 {
			return false
		}
		j := i + k + 3
		if strings.HasPrefix(w[j:], "ute") {
			return true
		}
		if j < len(w) && w[j] == 's' {
			j++
		}
		if j == len(w) || !isWordByte(w[j]) {
			return true
		}
		i += k + 3
	}
}

func hourDigits(w string) bool {
	for i := 0; ; {
		k := strings.IndexByte(w[i:], 'h')
		if k < 0 {
			return false
		}
		j := i + k + 1
		if j < len(w) && w[j] == ' ' {
			j++
		}
		if j < len(w) && '0' <= w[j] && w[j] <= '9' {
			return true
		}
		i += k + 1
	}
}

// initTail confines initBefore, which ends its matches with "of (the )",
// "from (the )", "by" and up to three words, or "it was", to the end of
// the text before a leader: one of its last four words is "of", "from",
// "by" or "was", and a match starts at most 66 bytes before it ("answered
// a telephone call ... from").
func initTail(before string) (int, bool) {
	end, at := len(before), -1
	for k := 0; k < 4; k++ {
		if end == 0 || before[end-1] != ' ' {
			break
		}
		i := end - 1
		for i > 0 && isLowerASCII(before[i-1]) {
			i--
		}
		w := before[i : end-1]
		if w == "" {
			break
		}
		if w == "of" || w == "from" || w == "by" || w == "was" {
			at = i
		}
		end = i
	}
	return max(0, at-80), at >= 0
}

// initAfterGate gates initAfter, anchored at the end of a leader's name:
// "'s initiative", " side's request", " who called", ", that reached
// out", " had proposed the call", " called him to".
func initAfterGate(after string) bool {
	for _, p := range []string{"'s", "’s", " side", " who ", " that ", ", who ", ", that ", " had ", " has ", " initiated", " placed", " requested",
		" asked for", " sought", " made", " proposed", " suggested", " called", " phoned", " rang", " dialled", " dialed", " telephoned"} {
		if strings.HasPrefix(after, p) {
			return true
		}
	}
	return false
}

// monthDigit gates the month-day, day-month and month-year patterns: a
// capitalised month with a digit a few bytes before or after it.
func monthDigit(s string) bool {
	for _, m := range monthStems {
		for i := 0; ; {
			k := strings.Index(s[i:], m)
			if k < 0 {
				break
			}
			at := i + k
			if strings.ContainsAny(s[max(0, at-10):min(len(s), at+14)], "0123456789") {
				return true
			}
			i = at + len(m)
		}
	}
	return false
}

// hedgeTail confines hedgeBefore to the end of the text before a figure:
// blanks trimmed, it ends with the last word of a hedge ("about", "more
// than", "close to"), the longest 16 bytes ("little more than").
func hedgeTail(before string) (int, bool) {
	t := strings.TrimRight(before, " \t\n\f\r")
	for _, w := range []string{"about", "around", "roughly", "approximately", "nearly", "almost", "some", "than", "over", "under", "past", "to", "of", "least"} {
		if strings.HasSuffix(t, w) {
			return max(0, len(t)-17), true
		}
	}
	return 0, false
}

// ordinalGate gates ordinalRE: an ordinal word ("fifth") or a number
// with an ordinal suffix ("5th").
func ordinalGate(l string) bool {
	for w := range ordinals {
		if words.Contains(l, w) {
			return true
		}
	}
	for i := 0; i+2 < len(l); i++ {
		if '0' <= l[i] && l[i] <= '9' {
			switch l[i+1 : i+3] {
			case "st", "nd", "rd", "th":
				return true
			}
		}
	}
	return false
}

// noiseGate gates noiseLine, a whole line of page furniture: the fixed
// ones are 32 bytes at most; the others hold a bar ("By Jane Doe | News",
// "World | 3 min read") or open with "visited ", "published ", "---" or a
// digit.
func noiseGate(low string) bool {
	return len(low) <= 32 || strings.IndexByte(low, '|') >= 0 || strings.HasPrefix(low, "visited ") ||
		strings.HasPrefix(low, "published ") || strings.HasPrefix(low, "---") || low[0] >= '0' && low[0] <= '9'
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// spacedBullet reports " - ", " • " or " – " in s: a list flattened into
// one line.
func spacedBullet(s string) bool {
	// The markers are looked for by their first byte, '-' or the 0xE2
	// that opens "•" and "–", rather than every byte tried.
	for _, b := range [...]byte{'-', 0xE2} {
		for i := strings.IndexByte(s, b); i >= 0; {
			if i >= 1 && i+1 < len(s) && s[i-1] == ' ' && (b == '-' && s[i+1] == ' ' || b == 0xE2 && (strings.HasPrefix(s[i:], "• ") || strings.HasPrefix(s[i:], "– "))) {
				return true
			}
			j := strings.IndexByte(s[i+1:], b)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}

// anchorGate gates reAnchor, anchored at the end of the words before a
// date: the text ends in white space after "since", "until", "till",
// "before", "after", "the" or "of" ("ahead of", "start of", "end of").
func anchorGate(before string) bool {
	t := strings.TrimRight(before, " \t\n\f\r")
	if len(t) == len(before) {
		return false
	}
	for _, w := range []string{"the", "of", "since", "until", "till", "before", "after"} {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}
