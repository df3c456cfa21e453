package bot

import (
	"testing"
	"time"
	"unicode/utf8"

	"readout/summaries"
	"readout/summaries/leaders"
)

// FuzzRenderCall renders a call record whose every text is fuzzed (points,
// agreements, the duration's sentence, article titles and outlets) in each
// shape the core words a call in: the record, what was agreed, each
// side's account, a listing line, the JSON view and the plain text. It
// never panics, keeps the shapes' length bounds, and gives valid UTF-8
// from valid UTF-8.
func FuzzRenderCall(f *testing.F) {
	g, err := leaders.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	b := &Bot{Writer: NewWriter(g)}
	f.Add("The leaders agreed to meet in Geneva.", "The Kremlin said the call lasted 90 minutes.", "Talks on energy", "Test Wire", uint16(120))
	f.Add("\xa2 agreed \xa2", "\xff", "\xf0\x9f\x98", "caf\xc3", uint16(1))
	f.Add("pledged 😀🇺🇦👩‍👩‍👧‍👦 e\u0301\u0302", "“quoted” ‘said’ — Ushakov", "", "", uint16(400))
	f.Add("agreed"+string(make([]byte, 600)), "washington beijing kremlin", "x", "y", uint16(2))
	f.Fuzz(func(t *testing.T, point, sentence, title, outlet string, n uint16) {
		valid := utf8.ValidString(point) && utf8.ValidString(sentence) && utf8.ValidString(title) && utf8.ValidString(outlet)
		c := summaries.Call{ID: 7, Participants: []string{"donald-trump", "vladimir-putin"}, Date: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC),
			Medium: summaries.Phone, DurationMinutes: 90, Duration: &summaries.Evidence{Text: "90 min", Sentence: sentence, URL: "https://a.example/" + title},
			Initiator: "donald-trump", Tone: outlet, Topics: []string{title}, ReadoutBy: []string{outlet},
			Points:     []summaries.KeyPoint{{Text: point, URL: "https://a.example/1"}, {Text: sentence, URL: "https://b.example/2"}, {Text: title + " " + point}},
			Agreements: []summaries.Evidence{{Text: point, URL: "https://a.example/1"}, {Text: sentence}},
			Articles: []summaries.ArticleRef{{URL: "https://a.example/1", Title: title, Outlet: outlet, Role: summaries.Reported},
				{URL: "https://b.example/2", Title: point, Outlet: sentence, Role: summaries.Background}},
			LastSeen: time.Date(2025, 3, 19, 8, 0, 0, 0, time.UTC), Version: 3}
		agreed := b.agreedMessage(c)
		if r := utf8.RuneCountInString(agreed.Title); r > 250 {
			t.Fatalf("agreement title of %d characters", r)
		}
		// Without an agreement, the points are the record's own (held to
		// MaxPointChars where the record is built); with one, each
		// agreement trimmed.
		for _, p := range agreed.Points {
			if r := utf8.RuneCountInString(p.Text); r > 300 && len(said(c)) > 0 {
				t.Fatalf("agreement point of %d characters", r)
			}
		}
		msgs := []Message{b.CallMessage(c), agreed, b.sidesMessage(c), {Points: b.listLines([]summaries.Call{c, {}})}}
		for _, m := range msgs {
			text := m.PlainText()
			if valid && !utf8.ValidString(text) {
				t.Fatalf("not UTF-8 from UTF-8 input: %q", text)
			}
			for _, l := range m.Links {
				if r := utf8.RuneCountInString(l.Title); r > 120 {
					t.Fatalf("link title of %d characters", r)
				}
			}
		}
		b.View(c)
		limit := 1 + int(n%400)
		trimmed := Trim(point, limit)
		if r := utf8.RuneCountInString(trimmed); r > limit {
			t.Fatalf("Trim(%d) gave %d characters", limit, r)
		}
	})
}

// said is what the record's agreements say, as agreedMessage reads them.
func said(c summaries.Call) []string {
	var out []string
	for _, a := range c.Agreements {
		if agreeClause.MatchString(a.Text) {
			out = append(out, a.Text)
		}
	}
	return out
}
