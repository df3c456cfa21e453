package extract

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"readout/summaries"
)

// shapedText builds the input shapes that cost a reader most from a
// fuzzed unit: a long run of it (no full stop unless the unit has one),
// the unit inside depth nested quotes and brackets, or inside depth
// nested HTML-ish tags left in the text by a scraper. Sizes stay within
// tens of kilobytes: the fuzzing engine fails an input that runs 10 s,
// and a name-dense run is read at about 85 KB/s (uninstrumented), so
// the cost of long items is BenchmarkExtractUnpunctuated's to measure.
func shapedText(unit string, depth uint16, shape uint8) string {
	if unit == "" {
		unit = " "
	}
	d := int(depth)
	switch shape % 4 {
	case 0: // long and unpunctuated: up to 32 KB of the unit
		return strings.Repeat(unit, max(1, min(d*16, 32<<10)/len(unit)))
	case 1: // nested quotes and brackets
		return strings.Repeat("(“[\"'«{", d%1024) + unit + strings.Repeat("}»'\"]”)", d%1024)
	case 2: // nested markup, as a scraper leaves it
		return strings.Repeat("<div><blockquote><p>", d%1024) + unit + strings.Repeat("</p></blockquote></div>", d%1024)
	default: // nested, unclosed, each level a line of its own
		var b strings.Builder
		for i := range d % 512 {
			b.WriteString(strings.Repeat("> ", i%32))
			b.WriteString(unit)
			b.WriteByte('\n')
		}
		return b.String()
	}
}

// FuzzExtractShapes feeds extraction long, unpunctuated and deeply nested
// input. It never panics, and what it returns holds the output's bounds:
// mentions of two people or more, key-point candidates of at most
// MaxPointChars, valid UTF-8 from valid UTF-8, and a record built from the
// mentions whose points keep those bounds too.
func FuzzExtractShapes(f *testing.F) {
	x := extractor(f)
	call := "Vladimir Putin and Donald Trump spoke by phone on Tuesday for 90 minutes, the Kremlin said. "
	for i, u := range []string{call, "word ", "x", "the leaders of france and china spoke on monday march 3 2026 ", "\xa2", "Macron (who called Xi) said “talks went well” ", "<b>Putin</b> & Trump"} {
		for shape := range uint8(4) {
			f.Add("Putin and Trump speak", u, uint16(1+i*700), shape)
		}
	}
	f.Add("", call, uint16(4096), uint8(0))
	f.Add(strings.Repeat("(", 5000), call, uint16(60000), uint8(2))
	pub := time.Date(2025, 5, 20, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, unit string, depth uint16, shape uint8) {
		text := shapedText(unit, depth, shape)
		// The call told plainly after the shaped text: whatever came
		// before, it must still be read as a call or nothing.
		a := summaries.Article{URL: "https://f.test/shaped", Title: title, Text: text + "\n\n" + call, Published: pub}
		ms := x.Extract(a)
		valid := utf8.ValidString(title) && utf8.ValidString(unit)
		var attributed []summaries.Attributed
		for _, m := range ms {
			if len(m.Participants) < 2 {
				t.Fatalf("mention with %d participants: %+v", len(m.Participants), m)
			}
			for _, c := range m.Candidates {
				if len(c.Text) > summaries.MaxPointChars {
					t.Fatalf("candidate of %d bytes: %.80q…", len(c.Text), c.Text)
				}
				if valid && !utf8.ValidString(c.Text) {
					t.Fatalf("candidate not UTF-8 from UTF-8 input: %q", c.Text)
				}
			}
			if valid && (!utf8.ValidString(m.Sentence) || (m.Duration != nil && !utf8.ValidString(m.Duration.Text))) {
				t.Fatalf("evidence not UTF-8 from UTF-8 input: %+v", m)
			}
			attributed = append(attributed, summaries.Attributed{Mention: m, Article: summaries.ArticleRef{URL: a.URL, Title: a.Title, Published: pub}})
		}
		if len(attributed) == 0 {
			return
		}
		c := summaries.Build(attributed)
		for _, p := range c.Points {
			if len(p.Text) > summaries.MaxPointChars || (valid && !utf8.ValidString(p.Text)) {
				t.Fatalf("key point of %d bytes, valid UTF-8 %v: %.80q", len(p.Text), utf8.ValidString(p.Text), p.Text)
			}
		}
	})
}
