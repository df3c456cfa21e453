package extract

import (
	"readout/summaries/internal/words"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paragraph is a block of an article's prose.
type Paragraph struct {
	Index     int
	Bullet    bool // a list item ("- Length: 2 hours...")
	Sentences []string
	// Heading is the headline-like line above the paragraph, if any: on a
	// page of updates, the headline of the story the paragraph belongs to.
	Heading string
	// Takeaway: a list item under "Key takeaways", "What we know" and the
	// like: the article's own summary.
	Takeaway bool
	// lower are the Sentences lowered by words.Lower, cut from the line's
	// lowered text rather than lowered again.
	lower []string
}

// takeawayHeader opens a list that sums an article up.
var takeawayHeader = words.Regexp(`(?i)^(the )?(key |main |quick )?(takeaways?|points|highlights|what we know( so far)?|at a glance|in brief|the essentials|what was (said|agreed)|in short|summary|tl;?dr)\s*:?$`)

// tailMarkers open the parts of a page that follow the article: related
// stories, comments, newsletters. Everything from such a line on is noise.
var tailMarkers = words.Regexp(`(?i)^(related( article| coverage| stories| content| reading)?|read next|read more|more from .{1,40}|most read|more stories|recommended|(reader )?comments( \(\d+\))?|\d+ comments?|one comment|leave a reply|load more comments|comment on this .{0,40}|join the conversation|you may also like|trending|popular now|advertisement)\s*:?$`)

// noiseLine matches a whole line that is page furniture, never prose.
var noiseLine = words.Regexp(`(?i)^(share( this( article| analysis| story)?)?|press "enter" to skip to content|skip to (main )?content|menu|search|log ?in|sign ?in|subscribe|sign up|newsletter|advertisement|check video|article image|source link|follow|refresh|print|email|by .{1,60}\|.*|.*\|\s*\d+ min read|visited \d+ times.*|published \d.*|---+|\d+\s*|x|\(\))$`).When(noiseGate)

// noisePrefixes open lines of any length that are page furniture: photo
// captions, cookie notices, copyright lines, the seed format's date line.
var noisePrefixes = []string{"photo:", "photo caption:", "image:", "caption:", "(c)", "©", "we use cookies", "date 19", "date 20",
	"(reporting by", "(writing by", "(editing by", "reporting by ", "additional reporting"}

func isNoise(line, low string) bool {
	if IsChrome(line) {
		return true
	}
	for _, p := range noisePrefixes {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return (len(line) < 120 && noiseLine.MatchString(low)) || (len(line) < 60 && commentHeader.MatchString(low)) || isMenu(line)
}

// inlineBullet is a list item marker after the end of a sentence.
var inlineBullet = words.Compile(`([.!?;"”’])\s+[-•–]\s+`)

// tailList is a list of other stories flattened into one line:
// "Related - Explainer: ... - Photo gallery: ...".
var tailList = words.Compile(`^(related|read next|more from [^-–•:|]{1,40}|most read|read more)\s*[-–•:|]\s`)

// inlineTail is where comments or related stories start inside a line.
var inlineTail = words.Compile(`[.!?"”’]\s+(\d+ [Cc]omments?|One [Cc]omment|Reader comments|Comments \(\d+\)|Leave a [Rr]eply|Related [Aa]rticles?|Read next|Related coverage|Related stories)\b`)

// mayHaveTail reports whether block holds one of inlineTail's words.
func mayHaveTail(block string) bool {
	for _, w := range []string{"omment", "eply", "elated", "ead next"} {
		if words.Contains(block, w) {
			return true
		}
	}
	return false
}

// commentHeader is a reader comment's byline: "seaview_dan - 7h", "Marguerite D.  9:52 AM".
var commentHeader = words.Regexp(`(?i)^[\p{L}\p{N}_.' -]{2,30}(\s+-\s+\d+[hm]( ago)?|\s+\d{1,2}:\d{2}( ?[ap]m)?|\s+-\s+\d+\s*(min|h|hours?|minutes?) ago)$`).When(hasDigit)

// Paragraphs splits article text into prose paragraphs and sentences,
// dropping page furniture, datelines' bureau prefixes, and everything after
// the article's end (related stories, comments).
func Paragraphs(text string) []Paragraph {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = Unglue(SplitGlyphs(text))
	var out []Paragraph
	heading := ""
	takeaways := false
	tail := mayHaveTail(text)
	// The text is lowered once, not line by line: a block's lowered text is
	// cut from it, unless the block is rewritten.
	lowText := words.Lower(text)
	at := 0 // where the block starts in text
	for _, block := range strings.Split(text, "\n\n") {
		lowBlock := lowText[at : at+len(block)]
		at += len(block) + len("\n\n")
		stop := false
		// A list flattened into one line by HTML ("... January. - Opening: ...")
		// becomes one line per item again; comments or related stories
		// flattened into the article's last paragraph are cut off.
		if spacedBullet(block) {
			block = inlineBullet.ReplaceAllString(block, "$1\n- ")
			lowBlock = words.Lower(block)
		}
		if tail && mayHaveTail(block) {
			if loc := inlineTail.FindStringIndex(block); loc != nil {
				_, size := utf8.DecodeRuneInString(block[loc[0]:])
				block, stop = block[:loc[0]+size], true
				lowBlock = lowBlock[:len(block)]
			}
		}
		lines, lows := joinWrapped(block, lowBlock)
		for i, line := range lines {
			low := lows[i]
			if (len(line) < 60 && tailMarkers.MatchString(low)) || tailList.MatchString(low) {
				stop = true
				break
			}
			if isNoise(line, low) {
				continue
			}
			bullet := false
			if b, ok := strings.CutPrefix(line, "- "); ok {
				line, bullet = b, true
			} else if b, ok := cutNumbered(line); ok {
				line, bullet = b, true
			} else if b, ok := strings.CutPrefix(line, "• "); ok {
				line, bullet = b, true
			}
			if !bullet && !isProse(line) {
				if isHeading(line) {
					heading = line
				}
				takeaways = takeawayHeader.MatchString(low)
				continue
			}
			sents := Sentences(line)
			if len(sents) == 0 {
				continue
			}
			takeaways = takeaways && bullet
			out = append(out, Paragraph{Index: len(out), Bullet: bullet, Sentences: sents, Heading: heading, Takeaway: takeaways, lower: lowered(line, low, sents)})
		}
		if stop {
			break
		}
	}
	return out
}

// lowered cuts each of sents, substrings of line in order, from low: the
// line lowered byte for byte before a list marker was cut from its start.
func lowered(line, low string, sents []string) []string {
	low = low[len(low)-len(line):]
	out := make([]string, len(sents))
	at := 0
	for i, s := range sents {
		k := strings.Index(line[at:], s)
		if k < 0 {
			out[i] = words.Lower(s) // never: a sentence is cut from its line
			continue
		}
		at += k
		out[i] = low[at : at+len(s)]
		at += len(s)
	}
	return out
}

// cutNumbered strips "1. " from a numbered list item.
func cutNumbered(line string) (string, bool) {
	i := 0
	for i < len(line) && i < 3 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(line) || (line[i] != '.' && line[i] != ')') || line[i+1] != ' ' {
		return line, false
	}
	return line[i+2:], true
}

// isHeading tells a headline written in title case ("Russia and Ukraine
// Exchange Airstrikes Despite Partial Ceasefire") from a kicker or a short
// subject line ("Trade pact on track"): most of its longer words are
// capitalised.
func isHeading(line string) bool {
	ws := strings.Fields(line)
	if len(ws) < 4 || len(ws) > 20 {
		return false
	}
	long, upper := 0, 0
	for _, w := range ws {
		if len(w) < 4 {
			continue
		}
		long++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			upper++
		}
	}
	return long >= 3 && 10*upper >= 7*long
}

// isMenu spots navigation bars: several short capitalised words separated
// by wide gaps or bars ("News   War   Politics", "UA | EN").
func isMenu(line string) bool {
	if strings.Count(line, "|") >= 1 && !strings.ContainsAny(line, ".,;") {
		return true
	}
	return strings.Count(line, "   ") >= 2 && !strings.ContainsAny(line, ".,;:")
}

// isProse tells a sentence from a headline-like line: it has a few words
// and ends like a sentence, or is long enough to be one.
func isProse(line string) bool {
	// Most lines end like a sentence: their first six words settle it.
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?\"”’:;)", last) {
		return fieldCount(line, 6) >= 6
	}
	return fieldCount(line, 25) >= 25
}

// fieldCount is len(strings.Fields(s)), counted up to most.
func fieldCount(s string, most int) int {
	n, in := 0, false
	for i := 0; i < len(s) && n < most; {
		var space bool
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || '\t' <= c && c <= '\r'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if !space && !in {
			n++
		}
		in = !space
		i += size
	}
	return n
}

// wrapWords end a line that the next one continues.
var wrapWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "with": true, "and": true, "to": true,
	"in": true, "on": true, "for": true, "by": true, "at": true, "from": true, "that": true, "his": true, "her": true, "their": true}

// joinWrapped returns the lines of block, trimmed, but for empty ones,
// rejoining a sentence broken over lines: a line that does not end a
// sentence and is followed by a lower-case word, or ends with a word like
// "the", continues on the next line. A heading above its text ("Kremlin
// aide says call lasted 40 minutes" / "Moscow's Yuri Ushakov says ...")
// stays a line of its own. lows are the lines lowered by words.Lower, cut
// from low, the block lowered.
func joinWrapped(block, low string) (lines, lows []string) {
	for rest := block; rest != ""; {
		end := strings.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
		}
		from := len(block) - len(rest)
		// White space is the same bytes lowered: both trim alike.
		l, ll := strings.TrimSpace(rest[:end]), strings.TrimSpace(low[from:from+end])
		rest = rest[min(end+1, len(rest)):]
		if l == "" {
			continue
		}
		if n := len(lines); n > 0 && continues(lines[n-1], l) {
			lines[n-1] += " " + l
			lows[n-1] += " " + ll
			continue
		}
		lines, lows = append(lines, l), append(lows, ll)
	}
	return lines, lows
}

func continues(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;\"”’)", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(first) {
		return true
	}
	return wrapWords[strings.ToLower(lastWord(prev))]
}

// Scrapers lose the markup that separated a page's items: list bullets
// become glyphs inside one line, paragraphs end without a space before the
// next one begins, a heading runs straight into its text. SplitGlyphs and
// Unglue put the boundaries back before sentences are split, so that a key
// point is one item, never two glued together.

// isSeparatorGlyph reports runes pages use as bullets or item markers:
// geometric shapes, check marks, arrows and pictographic emoji.
func isSeparatorGlyph(r rune) bool {
	switch {
	case r < '•': // the first of them; most text is below it
		return false
	case strings.ContainsRune("•▪▫►▶◆◇●○■□★☆✓✔✅➤➔→‣⁃◦❖✦✪", r):
		return true
	case r >= 0x1F300 && r <= 0x1FAFF: // pictographs, emoji
		return true
	case r >= 0x2600 && r <= 0x27BF: // dingbats and miscellaneous symbols
		return true
	}
	return false
}

// isJoiner reports the invisible runes that belong to an emoji sequence.
func isJoiner(r rune) bool {
	return r == 0xFE0F || r == 0x200D || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// SplitGlyphs turns separator glyphs inside a line into list items: each
// glyph starts a new line "- item". A glyph that closes a line (an emoji
// after a sentence) is dropped. The items stay in their paragraph.
func SplitGlyphs(text string) string {
	if !hasGlyph(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isSeparatorGlyph(r) {
			b.WriteString(text[i : i+size])
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !isJoiner(r2) && !isSeparatorGlyph(r2) {
				break
			}
			j += s2
		}
		rest := strings.TrimLeft(text[j:], " \t")
		lineEnd := rest == "" || rest[0] == '\n'
		out := strings.TrimRight(b.String(), " \t")
		b.Reset()
		b.WriteString(out)
		if !lineEnd {
			if out != "" && !strings.HasSuffix(out, "\n") {
				b.WriteByte('\n')
			}
			b.WriteString("- ")
		}
		i = len(text) - len(rest)
	}
	return b.String()
}

// hasGlyph reports a separator glyph in text: every one is three bytes or
// more in UTF-8, led by 0xE2 or above.
func hasGlyph(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0xE2 {
			r, _ := utf8.DecodeRuneInString(text[i:])
			if isSeparatorGlyph(r) {
				return true
			}
		}
	}
	return false
}

// gluedStop is a sentence end with no space before the next sentence:
// "on Tuesday.The call", "going well."Putin". Two lower-case letters
// before the stop keep abbreviations ("U.S.Army") and decimals out.
var gluedStop = words.Compile(`([a-z]{2}[%)]?[.!?]["”’]?)([A-Z][a-z])`)

// sentenceStarters begin a sentence and cannot follow a lower-case word
// inside one: "greetingsThe latter", "on track The leaders".
const sentenceStarters = `The|This|That|These|Those|He|She|It|They|We|His|Her|Their|Its|According|After|Before|But|However|Meanwhile|Both|Earlier|Later|During|While|In|On|At|A|An`

// gluedWord is a word run into the next sentence without a stop.
var gluedWord = words.Compile(`\b([a-z]{3,})(` + sentenceStarters + `)( [a-z]|,)`)

// starterWords are sentenceStarters as a set.
var starterWords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Split(sentenceStarters, "|") {
		out[w] = true
	}
	return out
}()

// Unglue puts back the boundaries scrapers lose between sentences,
// headings and paragraphs: a glued full stop gets its space, a sentence or
// heading run into the next sentence is broken onto a new line.
func Unglue(text string) string {
	stop, word := mayBeGlued(text)
	if stop {
		text = gluedStop.ReplaceAllString(text, "$1 $2")
	}
	if word {
		text = gluedWord.ReplaceAllString(text, "$1\n$2$3")
	}
	return splitHeadings(text)
}

// mayBeGlued is a quick scan for what gluedStop (a stop, perhaps a
// quotation mark, then a capital and a lower-case letter) and gluedWord
// (three lower-case letters, then a sentence starter and a lower-case word
// or a comma) need. An opening quotation mark before a capital ("“The")
// is neither.
func mayBeGlued(text string) (stop, word bool) {
	for i := 1; i+1 < len(text); i++ {
		c := text[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		if !stop && isLowerASCII(text[i+1]) && stopBefore(text[:i]) {
			stop = true // "added.Sunday", "well."Putin", "well.”Putin"
		}
		if !word && i >= 3 && isLowerASCII(text[i-1]) && isLowerASCII(text[i-2]) && isLowerASCII(text[i-3]) && starterAt(text[i:]) {
			word = true
		}
		if stop && word {
			break
		}
	}
	return stop, word
}

// stopBefore reports text ending with a full stop, perhaps with a
// closing quotation mark after it.
func stopBefore(text string) bool {
	for _, q := range []string{"\"", "”", "’"} {
		if t, ok := strings.CutSuffix(text, q); ok {
			text = t
			break
		}
	}
	return strings.HasSuffix(text, ".") || strings.HasSuffix(text, "!") || strings.HasSuffix(text, "?")
}

// starterAt reports a sentence starter at the start of s followed by a
// space and a lower-case letter, or a comma.
func starterAt(s string) bool {
	for w := range starterWords {
		if rest, ok := strings.CutPrefix(s, w); ok && (strings.HasPrefix(rest, ",") || len(rest) >= 2 && rest[0] == ' ' && isLowerASCII(rest[1])) {
			return true
		}
	}
	return false
}

// splitHeadings breaks a line at a heading run into its text with a space
// but no stop: "Trade pact on track The leaders welcomed...". A lower-case
// word, then a capitalised sentence starter followed by a lower-case word,
// cannot be one sentence ("in The Hague" is followed by a capital and
// stays). Only the first dozen words of a line, before any stop or
// quotation mark, can be a heading.
func splitHeadings(text string) string {
	var b strings.Builder
	done := 0 // text before it is in b
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if at := headingBreak(text[start:end]); at > 0 {
			b.WriteString(text[done : start+at-1])
			b.WriteByte('\n')
			done = start + at
		}
		start = end + 1
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// headingBreak returns the offset of the sentence starter that follows a
// heading glued to its text, or 0.
func headingBreak(line string) int {
	if !startsUpper(line) {
		return 0
	}
	window := line[:min(len(line), 160)]
	window = window[:stopAt(window)]
	// Word boundaries at single spaces, as offsets into the line: the
	// first fifteen, all that the words looked at below (the first
	// fourteen) need to find their ends.
	var buf [15]int
	starts := buf[:0]
	for j := 0; j < len(window) && len(starts) < len(buf); j++ {
		if j == 0 || (window[j-1] == ' ' && window[j] != ' ') {
			starts = append(starts, j)
		}
	}
	word := func(k int) string {
		end := len(window)
		if k+1 < len(starts) {
			end = starts[k+1] - 1
		}
		return strings.TrimRight(window[starts[k]:end], " ")
	}
	for k := 1; k+1 < len(starts) && k <= 12; k++ {
		if c := window[starts[k]]; c < 'A' || c > 'Z' {
			continue // every sentence starter is capitalised
		}
		prev, next := word(k-1), word(k+1)
		if !starterWords[word(k)] || len(prev) < 2 || next == "" || window[starts[k]-2] == ' ' {
			continue
		}
		if isLowerASCII(prev[len(prev)-1]) && isLowerASCII(prev[len(prev)-2]) && isLowerASCII(next[0]) {
			return starts[k]
		}
	}
	return 0
}

// stopAt is the offset of the first stop or quotation mark in s
// (".!?:;\"“”"), or len(s).
func stopAt(s string) int {
	cut := len(s)
	if i := strings.IndexAny(s, ".!?:;\""); i >= 0 {
		cut = i
	}
	for _, q := range []string{"“", "”"} {
		if i := strings.Index(s[:cut], q); i >= 0 {
			cut = i
		}
	}
	return cut
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return unicode.IsUpper(r)
}

// Page chrome that survives scraping as lines of its own: links, image
// addresses, contact lines, timestamps, date lines, tag lists and bylines.
// None of it is ever a title, a key point or a fact.
var (
	chromeURL    = words.Compile(`(?i)^\(?(https?://|www\.)\S+\)?$|^\S+\.(jpe?g|png|gif|webp|svg|avif)(\?\S*)?$`)
	chromeEmail  = words.Compile(`[\w.+-]+@[\w-]+\.[\w.-]+`)
	chromeClock  = words.Compile(`(?i)^(?:(?:first |last )?(?:updated|published|posted|modified)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:gmt|utc|et|est|edt|bst|cet|cest|ist)?|\d+\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?)\s+ago|just now|yesterday)$`)
	chromeLabel  = words.Compile(`(?i)^(tags?|topics?|filed under|posted in|categories|category|keywords|related topics)\s*:`)
	chromeByline = words.Compile(`^(?i:by)\s+[A-Z][\p{L}.'’-]*(?:\s+(?:[A-Z][\p{L}.'’-]*|and|&|de|van|von|al|bin))*$`)
	// chromeDate is a line that is only a date: an optional label and
	// weekday, the date, an optional clock time and zone.
	chromeDate = words.Compile(`(?i)^(?:(?:first |last )?(?:published|posted|updated|modified|date|dated)(?: on| at)?\s*[:\-–—|]?\s*)?` +
		`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?` +
		`(?:\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?)?|[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? [a-z]{3,9}\.?,? \d{4})` +
		`(?:[,|\s]+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*(?:gmt|utc|z|et|est|edt|bst|cet|cest)?)?[\s,|·-]*$`)
)

// IsChrome reports whether a whole line is page furniture: a link or image
// address, a contact line, a timestamp or date alone, a tag list, a byline.
func IsChrome(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" {
		return false
	}
	// Cheap tests first: most lines are prose, too long for a timestamp
	// and with no address in them.
	if !strings.ContainsRune(s, ' ') && chromeURL.MatchString(s) {
		return true
	}
	if i := strings.IndexByte(s, ':'); i >= 0 && i < 24 && chromeLabel.MatchString(s) {
		return true
	}
	if len(s) <= 80 && chromeTime(s) && (chromeClock.MatchString(s) || chromeDate.MatchString(s)) {
		return true
	}
	if words.Contains(s, "@") && fieldCount(s, 13) <= 12 && chromeEmail.MatchString(s) {
		return true
	}
	return len(s) <= 80 && byLine(s) && fieldCount(s, 7) <= 6 && chromeByline.MatchString(s)
}

// chromeTime gates chromeClock and chromeDate: every time and date they
// match holds a digit, but "just now" and "yesterday". Trying a pattern,
// even one anchored at the start, costs a clear of its state the size of
// the pattern and the line.
func chromeTime(s string) bool {
	if hasDigit(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true // (?i) folds "ſ" to "s": leave such lines to the patterns
		}
	}
	l := words.Lower(s)
	return words.Contains(l, "just now") || words.Contains(l, "yesterday")
}

// byLine gates chromeByline: the line opens with "by" in any case.
func byLine(s string) bool {
	return len(s) >= 2 && s[0]|0x20 == 'b' && s[1]|0x20 == 'y'
}
