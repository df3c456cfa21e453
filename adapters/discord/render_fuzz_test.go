package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// fuzzSeeds are the texts the fuzz targets start from: invalid UTF-8 (a
// lone continuation byte, a truncated sequence, an encoded surrogate),
// emoji that take two UTF-16 units or several runes, combining marks,
// Markdown that escape must neutralise, and Discord's mention syntax.
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
	`\*_~` + "`|[]() @everyone <@123>",
	"line\n\npara\nline\r\n  \t",
	"\uFFFD\u200b\u2028",
	"plain words that make an ordinary sentence about a call.",
}

// FuzzRender renders several messages made of the fuzzed texts, repeated
// (huge texts) and multiplied (many fields, points and links), and checks
// every Discord message against the documented limits.
func FuzzRender(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, s, s, s, uint16(i), uint8(i), uint8(i))
		f.Add("Title "+s, strings.Repeat(s, 50), s, "https://e.example/"+s, uint16(i*37), uint8(200+i), uint8(14))
	}
	f.Add(strings.Repeat("\xa2", 300), strings.Repeat("x", 4095)+"\xa2", "\xa2", "", uint16(3), uint8(255), uint8(1))
	f.Add("", "", "", "", uint16(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, title, text, item, url string, many uint16, repeat, count uint8) {
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
		msgs := make([]bot.Message, 1+int(count%15))
		for i := range msgs {
			msgs[i] = m
		}
		sends := Render(msgs)
		for i, s := range sends {
			if err := fakediscord.CheckMessage(asSent(t, s)); err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
			if s.AllowedMentions == nil || len(s.AllowedMentions.Parse) != 0 {
				t.Fatalf("message %d may ping people", i)
			}
			for _, e := range s.Embeds {
				for _, str := range embedTexts(e) {
					if !utf8.ValidString(str) {
						t.Fatalf("message %d: not UTF-8: %q", i, str)
					}
				}
			}
		}
		if len(sends) == 0 && strings.TrimSpace(title+text+item) != "" {
			t.Fatal("a message with text rendered to nothing")
		}
	})
}

// FuzzTrim checks that trim keeps within its limit, returns a prefix of
// its input followed by the ellipsis and more link, and never parts a
// backslash from the character it escapes.
func FuzzTrim(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint16(i), "")
		f.Add(strings.Repeat(s, 30), uint16(10+i), "https://e.example/more")
	}
	f.Fuzz(func(t *testing.T, raw string, limit uint16, more string) {
		l := int(limit % 5000)
		s := escape(raw)
		out := trim(s, l, more)
		if n := bot.UTF16Len(out); n > l {
			t.Fatalf("trim(%q, %d) = %q, %d characters", s, l, out, n)
		}
		if out == s {
			return
		}
		kept := strings.TrimSuffix(out, "… [more]("+more+")")
		kept = strings.TrimSuffix(kept, "…")
		if !strings.HasPrefix(s, kept) {
			t.Fatalf("trim(%q, %d) = %q: not a prefix of the input", s, l, out)
		}
		if slashes := len(kept) - len(strings.TrimRight(kept, `\`)); slashes%2 == 1 {
			t.Fatalf("trim(%q, %d) = %q: a dangling escape", s, l, out)
		}
		// more is a URL that safeURL has made valid; raw, it may not be.
		if utf8.ValidString(s) && utf8.ValidString(more) && !utf8.ValidString(out) {
			t.Fatalf("trim(%q, %d) = %q cut inside a character", s, l, out)
		}
	})
}
