package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"readout/bot"
)

// Block Kit limits. Slack rejects a message that breaks any of them
// (invalid_blocks, msg_blocks_too_long), so Render never does.
const (
	MaxBlocks       = 50   // blocks per message
	MaxSectionText  = 3000 // characters in a section's text
	MaxHeaderText   = 150  // characters in a header
	MaxFields       = 10   // fields per section
	MaxFieldText    = 2000 // characters per field
	MaxContextItems = 10   // elements per context block
	// MaxPostText bounds the text of all blocks of one message. Slack does
	// not document it, but answers msg_blocks_too_long somewhere above
	// 13,000 characters, well below 50 full sections.
	MaxPostText = 12000
	// maxFallback keeps the notification text short: Slack shows only its
	// start, and truncates anything beyond 40,000 characters.
	maxFallback = 3000
	maxURL      = 2000
)

// Post is one Slack message: blocks within Block Kit's limits and the plain
// text that notifications, screen readers and old clients show instead.
type Post struct {
	Blocks []slack.Block
	Text   string
}

// unit is one block with the plain text it stands for and the characters
// it counts against MaxPostText.
type unit struct {
	block slack.Block
	plain string
	size  int
}

// Render turns a message into Block Kit: a header with the title, a section
// with the lead text, sections of fields (duration, initiator...), the key
// points, context blocks with the source links and the footer. A message too
// long for one Slack message is split into several, each headed by the
// title and its part number.
func Render(m bot.Message) []Post {
	m = bot.ValidUTF8(m)
	var units []unit
	for _, chunk := range chunkText(m.Text, MaxSectionText) {
		units = append(units, sectionUnit(chunk))
	}
	units = append(units, fieldUnits(m.Fields)...)
	units = append(units, pointUnits(m.Points)...)
	units = append(units, linkUnits(m.Links)...)
	if f := strings.TrimSpace(m.Footer); f != "" {
		t := truncate(escape(f), MaxSectionText)
		units = append(units, unit{
			block: slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, t, false, false)),
			plain: f,
			size:  bot.UTF16Len(t),
		})
	}
	title := strings.TrimSpace(m.Title)
	if title == "" && len(units) == 0 {
		return nil
	}
	// The title is the answer's first line: when a header cannot hold
	// it, it is said in full first.
	if bot.UTF16Len(title) > MaxHeaderText {
		units = append([]unit{sectionUnit(title)}, units...)
	}
	return pack(title, units)
}

// pack fills posts with units in order, within the block and text limits,
// and gives each post the header.
func pack(title string, units []unit) []Post {
	blockRoom := MaxBlocks
	textRoom := MaxPostText
	if title != "" {
		blockRoom--
		textRoom -= MaxHeaderText
	}
	var groups [][]unit
	var cur []unit
	size := 0
	for _, u := range units {
		if len(cur) > 0 && (len(cur)+1 > blockRoom || size+u.size > textRoom) {
			groups = append(groups, cur)
			cur, size = nil, 0
		}
		cur = append(cur, u)
		size += u.size
	}
	if len(cur) > 0 || len(groups) == 0 {
		groups = append(groups, cur)
	}

	posts := make([]Post, 0, len(groups))
	for i, g := range groups {
		var p Post
		var plain []string
		if title != "" {
			head := truncate(title, MaxHeaderText)
			if len(groups) > 1 {
				head = headerWithPart(title, i+1, len(groups))
			}
			p.Blocks = append(p.Blocks, slack.NewHeaderBlock(
				slack.NewTextBlockObject(slack.PlainTextType, head, true, false)))
			plain = append(plain, head)
		}
		for _, u := range g {
			p.Blocks = append(p.Blocks, u.block)
			plain = append(plain, u.plain)
		}
		p.Text = truncate(strings.Join(plain, "\n"), maxFallback)
		posts = append(posts, p)
	}
	return posts
}

func headerWithPart(title string, part, parts int) string {
	suffix := fmt.Sprintf(" (%d/%d)", part, parts)
	return truncate(title, MaxHeaderText-bot.UTF16Len(suffix)) + suffix
}

func sectionUnit(raw string) unit {
	t := escape(raw)
	return unit{
		block: slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, false), nil, nil),
		plain: raw,
		size:  bot.UTF16Len(t),
	}
}

// fieldUnits puts the fields in sections of two columns, ten at most each.
func fieldUnits(fields []bot.Field) []unit {
	var units []unit
	var objs []*slack.TextBlockObject
	var plain []string
	size := 0
	flush := func() {
		if len(objs) == 0 {
			return
		}
		units = append(units, unit{
			block: slack.NewSectionBlock(nil, objs, nil),
			plain: strings.Join(plain, "\n"),
			size:  size,
		})
		objs, plain, size = nil, nil, 0
	}
	for _, f := range fields {
		name, value := strings.TrimSpace(f.Name), strings.TrimSpace(f.Value)
		if name == "" && value == "" {
			continue
		}
		t := escape(value)
		if name != "" {
			t = "*" + escape(name) + "*\n" + t
		}
		t = truncate(t, MaxFieldText)
		if len(objs) == MaxFields || size+bot.UTF16Len(t) > MaxSectionText {
			flush()
		}
		objs = append(objs, slack.NewTextBlockObject(slack.MarkdownType, t, false, false))
		plain = append(plain, strings.TrimPrefix(name+": "+value, ": "))
		size += bot.UTF16Len(t)
	}
	flush()
	return units
}

// pointUnits renders the key points as bullets, as many to a section as fit,
// each with a link to the article it came from.
func pointUnits(points []bot.Point) []unit {
	var units []unit
	var lines, plain []string
	size := 0
	flush := func() {
		if len(lines) == 0 {
			return
		}
		t := strings.Join(lines, "\n")
		units = append(units, unit{
			block: slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, false), nil, nil),
			plain: strings.Join(plain, "\n"),
			size:  size,
		})
		lines, plain, size = nil, nil, 0
	}
	add := func(line, p string) {
		n := bot.UTF16Len(line)
		if len(lines) > 0 && size+1+n > MaxSectionText {
			flush()
		}
		if len(lines) > 0 {
			size++ // the newline
		}
		lines = append(lines, line)
		plain = append(plain, p)
		size += n
	}
	for _, p := range points {
		text := strings.TrimSpace(p.Text)
		if text == "" {
			continue
		}
		link := ""
		if u, ok := linkURL(p.URL); ok {
			link = " (<" + u + "|source>)"
		}
		// A point too long for one section continues in the next; the link
		// goes with its last piece.
		chunks := chunkText(text, MaxSectionText-2-bot.UTF16Len(link))
		for i, c := range chunks {
			line := "• " + escape(c)
			if i > 0 {
				line = escape(c)
			}
			if i == len(chunks)-1 {
				line += link
			}
			add(line, "• "+c)
		}
	}
	flush()
	return units
}

// linkUnits lists the sources in context blocks, ten links to a block.
func linkUnits(links []bot.Link) []unit {
	var units []unit
	var elems []slack.MixedElement
	var plain []string
	size := 0
	flush := func() {
		if len(elems) == 0 {
			return
		}
		units = append(units, unit{
			block: slack.NewContextBlock("", elems...),
			plain: strings.Join(plain, "\n"),
			size:  size,
		})
		elems, plain, size = nil, nil, 0
	}
	for _, l := range links {
		title := strings.TrimSpace(l.Title)
		u, ok := linkURL(l.URL)
		var t string
		switch {
		case ok && title != "":
			t = "<" + u + "|" + truncate(escape(title), 300) + ">"
		case ok:
			t = "<" + u + ">"
		case title != "":
			t = truncate(escape(title), 300)
		default:
			continue
		}
		if len(elems) == MaxContextItems {
			flush()
		}
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, t, false, false))
		plain = append(plain, strings.TrimSpace(title+" <"+l.URL+">"))
		size += bot.UTF16Len(t)
	}
	flush()
	return units
}

// linkURL returns a URL fit for Slack's <url|text> syntax. Only web links
// are linked: anything else could smuggle a mention or a javascript: URL.
func linkURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	lower := strings.ToLower(raw)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return "", false
	}
	// A URL too long for a block could only be cut, which breaks it.
	if strings.ContainsAny(raw, " \t\r\n") || len(raw) > maxURL {
		return "", false
	}
	return urlEscaper.Replace(raw), true
}

var (
	urlEscaper = strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E")
	// Slack's mrkdwn has only these three escapes; escaping them also stops
	// text from an article from pinging the channel with <!channel>.
	mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)

func escape(s string) string { return mrkdwnEscaper.Replace(s) }

// truncate shortens s to at most limit characters, ending with an ellipsis
// when it cut, and never in the middle of an &amp; escape.
func truncate(s string, limit int) string {
	if bot.UTF16Len(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	n, cut := 0, 0
	for cut < len(s) {
		r, size := utf8.DecodeRuneInString(s[cut:])
		if n+bot.UTF16RuneLen(r) > limit-1 {
			break
		}
		n += bot.UTF16RuneLen(r)
		cut += size
	}
	out := s[:cut]
	if amp := strings.LastIndexByte(out, '&'); amp >= 0 {
		for _, e := range []string{"&amp;", "&lt;", "&gt;"} {
			if tail := out[amp:]; len(tail) < len(e) && strings.HasPrefix(e, tail) {
				out = out[:amp]
				break
			}
		}
	}
	return out + "…"
}

// chunkText splits raw text into pieces whose escaped form fits in limit
// characters, breaking at paragraphs, then lines, then spaces, and only as a
// last resort inside a word.
func chunkText(s string, limit int) []string {
	s = strings.TrimSpace(s)
	var chunks []string
	for s != "" {
		end, cost := 0, 0
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			c := escapedLen(r)
			if cost+c > limit {
				break
			}
			cost += c
			end += size
		}
		if end == len(s) {
			chunks = append(chunks, s)
			break
		}
		if end == 0 { // limit smaller than one character: never loop forever
			_, end = utf8.DecodeRuneInString(s)
		}
		cut := end
		// A paragraph or line break is worth a shorter chunk, but not one
		// under half the room; any space beats cutting a word.
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(s[:end], sep); i > 0 && (i > end/2 || sep == " ") {
				cut = i
				break
			}
		}
		chunks = append(chunks, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	return chunks
}

func escapedLen(r rune) int {
	switch r {
	case '&':
		return 5
	case '<', '>':
		return 4
	}
	return bot.UTF16RuneLen(r)
}
