package slack

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"readout/bot"
)

// fuzzSeeds are the texts the fuzz targets start from: invalid UTF-8 (a
// lone continuation byte, a truncated sequence, an encoded surrogate),
// emoji that take two UTF-16 units or several runes, combining marks,
// mrkdwn's escapes and Slack's own syntax.
var fuzzSeeds = []string{
	"500 Oops \xa2",
	"\xa2",
	"\xff\xfe\xfd",
	"caf\xc3",
	"\xed\xa0\x80 surrogate",
	"\xf0\x9f\x98",
	"😀🇺🇦👩‍👩‍👧‍👦",
	"e\u0301\u0302\u0303\u0304\u0305",
	"Z\u0351\u0352\u0353\u0354a\u0355\u0356",
	"&amp; <!channel> <@U123> > < &",
	"line\n\npara\nline\r\n  \t",
	"\uFFFD\u200b\u2028",
	"plain words that make an ordinary sentence about a call.",
}

// blockTexts is every text of a post as Render built it, before JSON
// encoding could hide an invalid byte behind U+FFFD.
func blockTexts(t *testing.T, p Post) []string {
	t.Helper()
	out := []string{p.Text}
	for _, b := range p.Blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			out = append(out, b.Text.Text)
		case *slack.SectionBlock:
			if b.Text != nil {
				out = append(out, b.Text.Text)
			}
			for _, f := range b.Fields {
				out = append(out, f.Text)
			}
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if tx, ok := e.(*slack.TextBlockObject); ok {
					out = append(out, tx.Text)
				}
			}
		default:
			t.Fatalf("unexpected block %T", b)
		}
	}
	return out
}

// FuzzRender renders a message made of the fuzzed texts, repeated (huge
// texts) and multiplied (many fields, points and links), and checks every
// post against Block Kit's limits.
func FuzzRender(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, s, s, s, uint16(i), uint8(i))
		f.Add("Title "+s, strings.Repeat(s, 50), s, "https://e.example/"+s, uint16(i*37), uint8(200+i))
	}
	f.Add(strings.Repeat("\xa2", 200), strings.Repeat("x", 2999)+"\xa2", "\xa2", "", uint16(3), uint8(255))
	f.Add("", "", "", "", uint16(0), uint8(0))
	f.Fuzz(func(t *testing.T, title, text, item, url string, many uint16, repeat uint8) {
		if len(text)*(int(repeat)+1) > 1<<16 {
			t.Skip("over 64 KB of text: slow to check, and no different")
		}
		m := bot.Message{Title: title, Text: strings.Repeat(text, int(repeat)+1), Footer: item}
		n := int(many % 300)
		for i := range n {
			switch i % 3 {
			case 0:
				m.Fields = append(m.Fields, bot.Field{Name: item, Value: text})
			case 1:
				m.Points = append(m.Points, bot.Point{Text: item + text, URL: url})
			default:
				m.Links = append(m.Links, bot.Link{Title: item, URL: url})
			}
		}
		posts := Render(m)
		checkPosts(t, posts)
		for i, p := range posts {
			for _, s := range blockTexts(t, p) {
				if !utf8.ValidString(s) {
					t.Fatalf("post %d: not UTF-8: %q", i, s)
				}
			}
		}
		if len(posts) == 0 && strings.TrimSpace(title+text+item) != "" {
			t.Fatal("a message with text rendered to nothing")
		}
	})
}

// FuzzChunkText checks that chunks fit their limit once escaped, are never
// empty, and together hold all of the text but its white space.
func FuzzChunkText(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint16(5+i))
		f.Add(strings.Repeat(s+" ", 40), uint16(30+i))
	}
	f.Add("abcd\xa2", uint16(4))
	f.Fuzz(func(t *testing.T, s string, limit uint16) {
		l := 5 + int(limit%MaxSectionText) // room for the longest escape
		chunks := chunkText(s, l)
		for _, c := range chunks {
			if c == "" {
				t.Fatal("empty chunk")
			}
			if n := bot.UTF16Len(escape(c)); n > l {
				t.Fatalf("chunk escapes to %d characters, limit %d", n, l)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c) {
				t.Fatalf("chunk %q cut inside a character", c)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(chunks, " ")), ""), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("text changed by chunking: %q, want %q", got, want)
		}
	})
}

// FuzzTruncate checks that truncate keeps within the limit and returns a
// prefix of its input, ended by an ellipsis when it cut.
func FuzzTruncate(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint16(i))
		f.Add(strings.Repeat(s, 30), uint16(10+i))
	}
	f.Fuzz(func(t *testing.T, s string, limit uint16) {
		l := int(limit % 4000)
		out := truncate(s, l)
		if n := bot.UTF16Len(out); n > l {
			t.Fatalf("truncate(%q, %d) = %q, %d characters", s, l, out, n)
		}
		if out != s && out != "" {
			if !strings.HasSuffix(out, "…") || !strings.HasPrefix(s, strings.TrimSuffix(out, "…")) {
				t.Fatalf("truncate(%q, %d) = %q: not a prefix and an ellipsis", s, l, out)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("truncate(%q, %d) = %q cut inside a character", s, l, out)
		}
	})
}
