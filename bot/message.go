package bot

import (
	"strings"
	"time"
	"unicode/utf16"
)

// Message is an answer or a digest in a platform-neutral shape. Adapters
// render it: embeds on Discord, Block Kit on Slack, plain text on the console.
type Message struct {
	Title  string  `json:"title"`
	Text   string  `json:"text,omitempty"` // a lead sentence or paragraph
	Fields []Field `json:"fields,omitempty"`
	Points []Point `json:"points,omitempty"`
	Links  []Link  `json:"links,omitempty"`
	// Footer is a small closing line, such as when the record last changed.
	Footer string `json:"footer,omitempty"`
	// Updated is when the record behind the message last changed (zero when
	// the message is not about one record).
	Updated time.Time `json:"updated,omitempty"`
	// Image, when set, is a picture to show with the message (a list's
	// or a count's timeline); adapters attach or upload it.
	Image *Image `json:"-"`
}

// Field is a short labelled value, such as "Duration: 90 min".
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Point is a bullet point, optionally with the article it came from.
type Point struct {
	Text string `json:"text"`
	URL  string `json:"url,omitempty"`
}

// Link is a source link.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// PlainText renders a message as plain text, the fallback every platform
// needs (console output, Slack's notification text).
func (m Message) PlainText() string {
	var b []byte
	add := func(s string) { b = append(b, s...) }
	if m.Title != "" {
		add(m.Title)
		add("\n")
	}
	if m.Text != "" {
		add(m.Text)
		add("\n")
	}
	for _, f := range m.Fields {
		add(f.Name + ": " + f.Value + "\n")
	}
	for _, p := range m.Points {
		add("• " + p.Text + "\n")
	}
	for _, l := range m.Links {
		if l.Title != "" {
			add(l.Title + " <" + l.URL + ">\n")
		} else {
			add(l.URL + "\n")
		}
	}
	if m.Footer != "" {
		add(m.Footer + "\n")
	}
	return string(b)
}

// ValidUTF8 returns m with every invalid UTF-8 sequence in its texts
// replaced by U+FFFD, as the platforms' JSON encoders would replace it, so
// that adapters measure what will be shown and post valid UTF-8.
func ValidUTF8(m Message) Message {
	v := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	m.Title, m.Text, m.Footer = v(m.Title), v(m.Text), v(m.Footer)
	fields := make([]Field, len(m.Fields))
	for i, f := range m.Fields {
		f.Name, f.Value = v(f.Name), v(f.Value)
		fields[i] = f
	}
	points := make([]Point, len(m.Points))
	for i, p := range m.Points {
		p.Text, p.URL = v(p.Text), v(p.URL)
		points[i] = p
	}
	links := make([]Link, len(m.Links))
	for i, l := range m.Links {
		l.Title, l.URL = v(l.Title), v(l.URL)
		links[i] = l
	}
	m.Fields, m.Points, m.Links = fields, points, links
	return m
}

// UTF16Len counts s as Discord and Slack count their limits, in UTF-16
// code units (never fewer than runes). An invalid byte or a surrogate
// counts one, as the U+FFFD it is sent as.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += UTF16RuneLen(r)
	}
	return n
}

// UTF16RuneLen is r's length in UTF-16 code units; a surrogate or an
// out-of-range rune (sent as U+FFFD) counts one. Byte widths come from
// the decoder, never from the rune: U+FFFD takes three bytes, the invalid
// byte it stands for one.
func UTF16RuneLen(r rune) int {
	if w := utf16.RuneLen(r); w > 0 {
		return w
	}
	return 1
}
