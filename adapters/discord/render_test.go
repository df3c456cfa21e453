package discord

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// asSent is a rendered message as Discord would receive it.
func asSent(t *testing.T, m *discordgo.MessageSend) fakediscord.Message {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out fakediscord.Message
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func allText(t *testing.T, sends []*discordgo.MessageSend) string {
	var b strings.Builder
	for _, s := range sends {
		for _, e := range asSent(t, s).Embeds {
			b.WriteString(e.Title + "\n" + e.Description + "\n")
			for _, f := range e.Fields {
				b.WriteString(f.Name + ": " + f.Value + "\n")
			}
		}
	}
	return b.String()
}

func TestRenderSkipsEmptyMessages(t *testing.T) {
	if got := Render(nil); len(got) != 0 {
		t.Errorf("Render(nil) = %d messages", len(got))
	}
	got := Render([]bot.Message{{}, {Title: "  "}, {Title: "Only a title"}})
	if len(got) != 1 || len(got[0].Embeds) != 1 {
		t.Fatalf("got %d messages", len(got))
	}
	if got[0].AllowedMentions == nil || len(got[0].AllowedMentions.Parse) != 0 {
		t.Error("a rendered message may ping people")
	}
}

func TestRenderStaysWithinLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	words := []string{"call", "*bold*", "Zelensky", "énergie", "🇺🇦", "通话", "[x]", "under_score", "\\", "`code`", "ceasefire", "\n"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	for round := range 40 {
		var msgs []bot.Message
		for range rng.IntN(15) + 1 {
			m := bot.Message{Title: text(rng.IntN(80)), Text: text(rng.IntN(1500)), Footer: text(rng.IntN(100))}
			for range rng.IntN(40) {
				m.Fields = append(m.Fields, bot.Field{Name: text(rng.IntN(60)), Value: text(rng.IntN(300))})
			}
			for j := range rng.IntN(120) {
				m.Points = append(m.Points, bot.Point{Text: text(rng.IntN(200)), URL: fmt.Sprintf("https://e.example/%d/(%d)", round, j)})
			}
			for j := range rng.IntN(60) {
				m.Links = append(m.Links, bot.Link{Title: text(rng.IntN(30)), URL: fmt.Sprintf("https://l.example/%d", j)})
			}
			msgs = append(msgs, m)
		}
		for i, s := range Render(msgs) {
			m := asSent(t, s)
			if err := fakediscord.CheckMessage(m); err != nil {
				t.Fatalf("round %d, message %d: %v", round, i, err)
			}
			for _, e := range m.Embeds {
				for _, str := range []string{e.Title, e.Description} {
					if !utf8.ValidString(str) {
						t.Fatalf("round %d: invalid UTF-8 after trimming", round)
					}
				}
			}
		}
	}
}

func TestRenderTrimsALongTextWithAMoreLink(t *testing.T) {
	m := bot.Message{
		Title: "Long",
		Text:  strings.Repeat("All of this is one paragraph. ", 400),
		Links: []bot.Link{{Title: "The article", URL: "https://news.example.org/long"}},
	}
	sends := Render([]bot.Message{m})
	if len(sends) != 1 || len(sends[0].Embeds) != 1 {
		t.Fatalf("%d messages", len(sends))
	}
	d := sends[0].Embeds[0].Description
	if bot.UTF16Len(d) > maxDescription || !strings.HasSuffix(d, "… [more](https://news.example.org/long)") {
		t.Errorf("description of %d characters ends %q", bot.UTF16Len(d), d[max(0, len(d)-60):])
	}
}

func TestRenderContinuesLongPointListsInOrder(t *testing.T) {
	m := bot.Message{Title: "Many points", Footer: "Record updated today"}
	for i := range 150 {
		m.Points = append(m.Points, bot.Point{Text: fmt.Sprintf("Point number %03d %s", i, strings.Repeat("x", 60))})
	}
	sends := Render([]bot.Message{m})
	var embeds []*discordgo.MessageEmbed
	for _, s := range sends {
		embeds = append(embeds, s.Embeds...)
	}
	if len(embeds) < 2 {
		t.Fatalf("%d embeds for ~12,000 characters of points", len(embeds))
	}
	if embeds[0].Title != "Many points" || embeds[1].Title != "Many points (continued)" {
		t.Errorf("titles %q, %q", embeds[0].Title, embeds[1].Title)
	}
	for i, e := range embeds {
		if (e.Footer != nil) != (i == len(embeds)-1) {
			t.Errorf("embed %d footer %v: only the last one carries it", i, e.Footer)
		}
	}
	all := allText(t, sends)
	last := -1
	for i := range 150 {
		k := strings.Index(all, fmt.Sprintf("Point number %03d", i))
		if k < 0 || k < last {
			t.Fatalf("point %d missing or out of order", i)
		}
		last = k
	}
}

func TestRenderCapsARunawayMessage(t *testing.T) {
	m := bot.Message{Title: "Runaway", Links: []bot.Link{{URL: "https://news.example.org/all"}}}
	for i := range 5000 {
		m.Points = append(m.Points, bot.Point{Text: fmt.Sprintf("point %d %s", i, strings.Repeat("y", 80))})
	}
	sends := Render([]bot.Message{m})
	n := 0
	for _, s := range sends {
		n += len(s.Embeds)
	}
	if n != maxEmbedsPerItem {
		t.Errorf("%d embeds, want the cap of %d", n, maxEmbedsPerItem)
	}
	last := sends[len(sends)-1].Embeds
	d := last[len(last)-1].Description
	if !strings.Contains(d, "more](https://news.example.org/all)") {
		t.Fatalf("the last embed does not say how many points are left out: %q", d[max(0, len(d)-80):])
	}
	var left int
	fmt.Sscanf(d[strings.LastIndex(d, "… [")+len("… ["):], "%d", &left)
	if shown := strings.Count(allText(t, sends), "• point "); shown+left != 5000 {
		t.Errorf("%d points shown and %d said to be left out, of 5000", shown, left)
	}
}

func TestRenderListsSourcesWithinAField(t *testing.T) {
	m := bot.Message{Title: "Sources"}
	for i := range 100 {
		m.Links = append(m.Links, bot.Link{Title: fmt.Sprintf("Outlet %d report", i), URL: fmt.Sprintf("https://outlet%d.example.com/story", i)})
	}
	m.Links = append(m.Links, bot.Link{Title: "bad", URL: "javascript:alert(1)"})
	e := Render([]bot.Message{m})[0].Embeds[0]
	if len(e.Fields) != 1 || e.Fields[0].Name != "Sources" {
		t.Fatalf("fields %+v", e.Fields)
	}
	v := e.Fields[0].Value
	if bot.UTF16Len(v) > maxFieldValue || !strings.HasPrefix(v, "[Outlet 0 report](https://outlet0.example.com/story)") || !strings.Contains(v, " more") {
		t.Errorf("sources value (%d characters): %q", bot.UTF16Len(v), v)
	}
	if strings.Contains(v, "javascript") {
		t.Error("a javascript: URL became a link")
	}
}

func TestRenderEscapesMarkdownAndURLs(t *testing.T) {
	m := bot.Message{
		Title:  "Escapes",
		Points: []bot.Point{{Text: "a *bold* claim [click](https://evil.example)", URL: "https://news.example.org/a_(b)"}},
		Fields: []bot.Field{{Name: "Initiator", Value: "~~nobody~~"}, {Name: "Empty", Value: ""}},
	}
	e := Render([]bot.Message{m})[0].Embeds[0]
	want := `• a \*bold\* claim \[click\](https://evil.example) ([source](https://news.example.org/a_%28b%29))`
	if e.Description != want {
		t.Errorf("description\n got %s\nwant %s", e.Description, want)
	}
	if e.Fields[0].Value != `\~\~nobody\~\~` || e.Fields[1].Value != "—" {
		t.Errorf("fields %q %q", e.Fields[0].Value, e.Fields[1].Value)
	}
}

func TestCutKeepsPairsTogether(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{`ab\*c`, 3, "ab"},
		{`ab\*c`, 4, `ab\*`},
		{"a🇺🇦", 2, "a"},
		{"a🇺🇦", 3, "a🇺"},
		{"plain", 10, "plain"},
	}
	for _, c := range cases {
		if got := cut(c.in, c.limit); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
	if n := bot.UTF16Len("a🇺🇦"); n != 5 {
		t.Errorf("bot.UTF16Len counts %d UTF-16 units, want 5", n)
	}
}

// A picture is uploaded with the Discord message holding its message's
// first embed, under a name an attachment:// link can hold, unique in that
// message; one that cannot be drawn is left out.
func TestRenderAttachesImages(t *testing.T) {
	img := func(name string) *bot.Image { return bot.NewImage(name, "alt", []byte("\x89PNG\r\n\x1a\nfake")) }
	sends := Render([]bot.Message{
		{Title: "Calls of Lula", Image: img("lula da silva/calls.png")},
		{Title: "Calls again", Image: img("lula da silva/calls.png")},
		{Title: "Undrawable", Image: &bot.Image{Name: "x.png"}},
	})
	if len(sends) != 1 {
		t.Fatalf("%d messages", len(sends))
	}
	s := sends[0]
	var names []string
	for _, f := range s.Files {
		names = append(names, f.Name)
	}
	if want := []string{"lula-da-silva-calls.png", "lula-da-silva-calls-2.png"}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	for i, want := range []string{"attachment://lula-da-silva-calls.png", "attachment://lula-da-silva-calls-2.png", ""} {
		got := ""
		if e := s.Embeds[i]; e.Image != nil {
			got = e.Image.URL
		}
		if got != want {
			t.Errorf("embed %d shows %q, want %q", i, got, want)
		}
	}
}
