package discord

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// Discord's documented message and embed limits. Discord counts characters
// the way JavaScript does (UTF-16 code units), so bot.UTF16Len does too: a string
// within these limits by that count is within them by any other.
const (
	maxEmbeds        = 10
	maxMessageTotal  = 6000 // all embeds of one message together
	maxTitle         = 256
	maxDescription   = 4096
	maxFields        = 25
	maxFieldName     = 256
	maxFieldValue    = 1024
	footerBudget     = 256  // our own cap (Discord allows 2,048): a footer is one short line
	fieldsBudget     = 1400 // our own cap for the labelled values of one embed
	maxEmbedsPerItem = 10   // a single bot.Message never spans more than one full message
)

// embedColor is readout's accent colour, so its posts are recognisable.
const embedColor = 0x2B6CB0

// Render turns the core's messages into Discord messages: one embed per
// message (more when its points overflow one description), packed at most
// ten embeds and 6,000 characters to a Discord message. Every limit Discord
// documents is met by construction: long texts are trimmed with a "more"
// link to the message's first source, long point lists continue in further
// embeds. A message's image is uploaded with the Discord message holding
// its first embed and shown in that embed. Empty messages are skipped.
func Render(msgs []bot.Message) []*discordgo.MessageSend {
	var out []*discordgo.MessageSend
	var cur *discordgo.MessageSend
	curTotal := 0
	for _, m := range msgs {
		for i, e := range renderEmbeds(m) {
			n := embedLen(e)
			if cur == nil || len(cur.Embeds) == maxEmbeds || curTotal+n > maxMessageTotal {
				cur = &discordgo.MessageSend{AllowedMentions: noMentions()}
				out = append(out, cur)
				curTotal = 0
			}
			if i == 0 {
				attachImage(cur, e, m.Image)
			}
			cur.Embeds = append(cur.Embeds, e)
			curTotal += n
		}
	}
	return out
}

// attachImage uploads img with s and shows it in e. An image that cannot
// be drawn is left out: the text answers the question without it.
func attachImage(s *discordgo.MessageSend, e *discordgo.MessageEmbed, img *bot.Image) {
	if img == nil {
		return
	}
	data, err := img.PNG()
	if err != nil || len(data) == 0 || len(data) > maxUpload {
		return
	}
	name := fileName(img.Name, len(s.Files))
	s.Files = append(s.Files, &discordgo.File{Name: name, ContentType: "image/png", Reader: bytes.NewReader(data)})
	e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + name}
}

// maxUpload is what a bot may upload to any server (10 MiB).
const maxUpload = 10 << 20

// fileName makes an attachment name an attachment:// link can point to:
// letters, digits, dots, dashes and underscores, ending in .png, unique
// within its message by the index of its file.
func fileName(name string, index int) string {
	base := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, strings.TrimSuffix(name, ".png"))
	base = strings.Trim(base, "-")
	if len(base) > 64 {
		base = base[:64]
	}
	if base == "" {
		base = "chart"
	}
	if index > 0 {
		base += "-" + strconv.Itoa(index+1)
	}
	return base + ".png"
}

// noMentions keeps a post from pinging anyone, whatever the text contains.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// renderEmbeds renders one message. The first embed carries the title, the
// labelled fields and the sources; the last carries the footer and the
// record's update time; points that do not fit one description continue in
// further embeds titled "(continued)".
func renderEmbeds(m bot.Message) []*discordgo.MessageEmbed {
	m = bot.ValidUTF8(m)
	more := moreURL(m)
	title := trim(strings.TrimSpace(m.Title), maxTitle, "")
	footer := trim(strings.TrimSpace(m.Footer), footerBudget, "")
	fields := renderFields(m.Fields)
	if src := renderSources(m.Links); src != nil {
		fields = append(fields, src)
	}

	first := &discordgo.MessageEmbed{Title: title, Fields: fields, Color: embedColor}
	embeds := []*discordgo.MessageEmbed{first}
	budget := descBudget(first, footer)

	var lines []string
	if t := strings.TrimSpace(m.Text); t != "" {
		// The lead paragraph must leave room for at least one point line.
		lines = append(lines, trim(escape(t), budget-1-minLine, more), "")
	}
	for _, p := range m.Points {
		if l := pointLine(p, budget); l != "" {
			lines = append(lines, l)
		}
	}

	desc, rest := pack(lines, budget)
	first.Description = desc
	for len(rest) > 0 {
		if len(embeds) == maxEmbedsPerItem {
			last := embeds[len(embeds)-1]
			last.Description = withMore(last.Description, len(rest), more, descBudget(last, footer))
			break
		}
		e := &discordgo.MessageEmbed{Title: continued(title), Color: embedColor}
		e.Description, rest = pack(rest, descBudget(e, footer))
		embeds = append(embeds, e)
	}

	last := embeds[len(embeds)-1]
	if footer != "" {
		last.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	if !m.Updated.IsZero() {
		last.Timestamp = m.Updated.UTC().Format(time.RFC3339)
	}
	if first.Title == "" && first.Description == "" && len(first.Fields) == 0 && last.Footer == nil {
		return nil
	}
	return embeds
}

// minLine is the room kept for a trimmed point line.
const minLine = 64

func continued(title string) string {
	const suffix = " (continued)"
	if title == "" {
		return ""
	}
	return trim(title, maxTitle-len(suffix), "") + suffix
}

// descBudget is how long e's description may be so that e, with the footer
// still to come, stays within one message's total.
func descBudget(e *discordgo.MessageEmbed, footer string) int {
	others := embedLen(e) - bot.UTF16Len(e.Description)
	return min(maxMessageTotal-others-bot.UTF16Len(footer), maxDescription)
}

// pack joins as many leading lines as fit in budget and returns the rest. A
// line longer than the whole budget is trimmed rather than carried forever.
func pack(lines []string, budget int) (string, []string) {
	var b strings.Builder
	n := 0
	for i, l := range lines {
		add := bot.UTF16Len(l)
		if n > 0 {
			add++ // the newline
		}
		if n+add > budget {
			if n == 0 {
				return trim(l, budget, ""), lines[i+1:]
			}
			return strings.TrimRight(b.String(), "\n"), trimLeadingBlank(lines[i:])
		}
		if n > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		n += add
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

func trimLeadingBlank(lines []string) []string {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	return lines
}

// withMore appends a note that n more points were left out, with the more
// link, dropping trailing lines of desc (and counting them) until the note
// fits.
func withMore(desc string, n int, more string, budget int) string {
	note := func() string {
		if more == "" {
			return "… " + strconv.Itoa(n) + " more"
		}
		return "… [" + strconv.Itoa(n) + " more](" + more + ")"
	}
	for desc != "" && bot.UTF16Len(desc)+1+bot.UTF16Len(note()) > budget {
		i := strings.LastIndexByte(desc, '\n')
		if i < 0 {
			desc = trim(desc, budget-1-bot.UTF16Len(note()), "")
			break
		}
		desc = strings.TrimRight(desc[:i], "\n")
		n++
	}
	if desc == "" {
		return note()
	}
	return desc + "\n" + note()
}

// pointLine renders a key point as a bullet with a link to its article.
func pointLine(p bot.Point, budget int) string {
	text := strings.TrimSpace(p.Text)
	if text == "" {
		return ""
	}
	suffix := ""
	if u := safeURL(p.URL); u != "" {
		suffix = " ([source](" + u + "))"
	}
	room := min(budget, maxDescription) - bot.UTF16Len("• ") - bot.UTF16Len(suffix)
	if room < minLine {
		suffix, room = "", min(budget, maxDescription)-bot.UTF16Len("• ")
	}
	return "• " + trim(escape(text), room, "") + suffix
}

// renderFields renders the labelled values inline, within fieldsBudget and
// leaving one field for the sources.
func renderFields(fs []bot.Field) []*discordgo.MessageEmbedField {
	var out []*discordgo.MessageEmbedField
	used := 0
	for _, f := range fs {
		if len(out) == maxFields-1 {
			break
		}
		name := trim(strings.TrimSpace(f.Name), maxFieldName, "")
		value := strings.TrimSpace(f.Value)
		if name == "" && value == "" {
			continue
		}
		// Discord refuses empty names and values.
		if name == "" {
			name = "\u200b"
		}
		if value == "" {
			value = "—"
		}
		room := min(maxFieldValue, fieldsBudget-used-bot.UTF16Len(name))
		if room < 16 {
			break
		}
		value = trim(escape(value), room, "")
		used += bot.UTF16Len(name) + bot.UTF16Len(value)
		out = append(out, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true})
	}
	return out
}

// renderSources lists the source links, as many as fit one field value, and
// says how many more there are.
func renderSources(links []bot.Link) *discordgo.MessageEmbedField {
	var lines []string
	n := 0
	for i, l := range links {
		u := safeURL(l.URL)
		if u == "" {
			continue
		}
		label := strings.TrimSpace(l.Title)
		if label == "" {
			label = hostOf(u)
		}
		line := "[" + trim(escape(label), 120, "") + "](" + u + ")"
		rest := len(links) - i - 1
		note := 0
		if rest > 0 {
			note = bot.UTF16Len("\n… and " + strconv.Itoa(rest) + " more")
		}
		if n+bot.UTF16Len(line)+1+note > maxFieldValue {
			lines = append(lines, "… and "+strconv.Itoa(len(links)-i)+" more")
			break
		}
		lines = append(lines, line)
		n += bot.UTF16Len(line) + 1
	}
	if len(lines) == 0 {
		return nil
	}
	return &discordgo.MessageEmbedField{Name: "Sources", Value: strings.Join(lines, "\n")}
}

// moreURL is where a trimmed message sends the reader for the rest: its
// first source, else the first point's article.
func moreURL(m bot.Message) string {
	for _, l := range m.Links {
		if u := safeURL(l.URL); u != "" {
			return u
		}
	}
	for _, p := range m.Points {
		if u := safeURL(p.URL); u != "" {
			return u
		}
	}
	return ""
}

// safeURL returns u fit for a Markdown link target, or "" when it is not an
// absolute http(s) URL or too long to be worth a link.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if len(u) > 512 {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return urlEscaper.Replace(p.String())
}

// urlEscaper keeps a URL from closing the Markdown link around it.
var urlEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Host
}

// markdownEscaper keeps text from articles from being read as Markdown.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `[`, `\[`, `]`, `\]`,
)

func escape(s string) string { return markdownEscaper.Replace(s) }

// trim shortens s to at most limit characters, ending it with an ellipsis
// and, when given, a "more" link.
func trim(s string, limit int, more string) string {
	if bot.UTF16Len(s) <= limit {
		return s
	}
	tail := "…"
	if more != "" {
		tail = "… [more](" + more + ")"
		if bot.UTF16Len(tail) > limit/2 {
			tail = "…"
		}
	}
	room := limit - bot.UTF16Len(tail)
	if room <= 0 {
		return cut(s, limit)
	}
	return strings.TrimRight(cut(s, room), " \n") + tail
}

// cut returns the longest prefix of s within limit characters. A backslash
// and the character it escapes stay together, so that a cut never leaves a
// dangling escape.
func cut(s string, limit int) string {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := bot.UTF16RuneLen(r)
		if r == '\\' && i+size < len(s) {
			next, nsize := utf8.DecodeRuneInString(s[i+size:])
			w += bot.UTF16RuneLen(next)
			size += nsize
		}
		if n+w > limit {
			return s[:i]
		}
		n += w
		i += size
	}
	return s
}

// embedLen is an embed's size as Discord counts it against a message's
// 6,000 characters.
func embedLen(e *discordgo.MessageEmbed) int {
	n := bot.UTF16Len(e.Title) + bot.UTF16Len(e.Description)
	for _, f := range e.Fields {
		n += bot.UTF16Len(f.Name) + bot.UTF16Len(f.Value)
	}
	if e.Footer != nil {
		n += bot.UTF16Len(e.Footer.Text)
	}
	if e.Author != nil {
		n += bot.UTF16Len(e.Author.Name)
	}
	return n
}
