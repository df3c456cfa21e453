package slack

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

// checkPosts fails the test for any post that breaks Block Kit's limits or
// lacks fallback text.
func checkPosts(t *testing.T, posts []Post) []blockKit {
	t.Helper()
	var out []blockKit
	for i, p := range posts {
		raw, err := json.Marshal(p.Blocks)
		if err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
		for _, v := range fakeslack.CheckBlocks(string(raw)) {
			t.Errorf("post %d: %s", i, v)
		}
		if strings.TrimSpace(p.Text) == "" || utf8.RuneCountInString(p.Text) > maxFallback {
			t.Errorf("post %d: fallback text of %d characters", i, utf8.RuneCountInString(p.Text))
		}
		out = append(out, decodeBlocks(t, string(raw)))
	}
	return out
}

func TestRenderCall(t *testing.T) {
	posts := Render(callMessage("Trump", "Putin"))
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	b := checkPosts(t, posts)[0]
	types := make([]string, len(b))
	for i, x := range b {
		types[i] = x.Type
	}
	if got, want := strings.Join(types, " "), "header section section section context context"; got != want {
		t.Errorf("blocks %q, want %q", got, want)
	}
	if b.header() != "Trump – Putin, 18 March 2025" {
		t.Errorf("header %q", b.header())
	}
	if len(b[2].Fields) != 3 || b[2].Fields[0].Text != "*Duration*\n90 min" || b[2].Fields[1].Text != "*Initiator*\nTrump" {
		t.Errorf("fields %+v", b[2].Fields)
	}
	points := b[3].Text.Text
	wantPoints := "• The two agreed to pause strikes on energy sites for thirty days. (<https://news.example.org/call-energy|source>)\n" +
		"• Negotiators are to meet again within two weeks. (<https://wire.example.com/talks-next|source>)\n" +
		"• An exchange of prisoners came up, with no date set."
	if points != wantPoints {
		t.Errorf("points\n%s\nwant\n%s", points, wantPoints)
	}
	if len(b[4].Elements) != 2 || b[4].Elements[0].Text != "<https://news.example.org/call-energy|Example News: a ninety-minute call>" {
		t.Errorf("links %+v", b[4].Elements)
	}
	text := posts[0].Text
	for _, want := range []string{"Trump – Putin, 18 March 2025", "Duration: 90 min", "• Negotiators are to meet", "Example Wire: what the readouts say <https://wire.example.com/talks-next>"} {
		if !strings.Contains(text, want) {
			t.Errorf("fallback lacks %q:\n%s", want, text)
		}
	}
}

func TestRenderEscapesAndRefusesOddLinks(t *testing.T) {
	m := bot.Message{
		Title:  "Leaders <b>talk</b> & agree",
		Text:   "Quoted: <!channel> & <@U123> said > less",
		Points: []bot.Point{{Text: "A point", URL: "javascript:alert(1)"}, {Text: "Another", URL: "https://x.example.org/a|b>c"}},
		Links:  []bot.Link{{Title: "Evil", URL: "ftp://files.example.org/x"}, {Title: "", URL: "https://plain.example.org/"}},
	}
	b := checkPosts(t, Render(m))[0]
	if b.header() != "Leaders <b>talk</b> & agree" {
		t.Errorf("plain_text header was altered: %q", b.header())
	}
	all := b.all()
	for _, want := range []string{
		"Quoted: &lt;!channel&gt; &amp; &lt;@U123&gt; said &gt; less",
		"• A point\n• Another (<https://x.example.org/a%7Cb%3Ec|source>)",
		"Evil", "<https://plain.example.org/>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("blocks lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "javascript:") || strings.Contains(all, "ftp://") {
		t.Errorf("a non-web URL was linked:\n%s", all)
	}
}

func TestRenderTruncatesToLimits(t *testing.T) {
	m := bot.Message{
		Title:  strings.Repeat("Very long title ", 20),
		Fields: make([]bot.Field, 25),
		Footer: strings.Repeat("é", 4000),
	}
	for i := range m.Fields {
		m.Fields[i] = bot.Field{Name: fmt.Sprintf("F%d", i), Value: "v"}
	}
	m.Fields[3].Value = strings.Repeat("&", 3000) // escapes to 15,000 characters
	posts := Render(m)
	bs := checkPosts(t, posts)
	if h := bs[0].header(); utf8.RuneCountInString(h) != MaxHeaderText || !strings.HasSuffix(h, "…") {
		t.Errorf("header of %d characters: %q", utf8.RuneCountInString(h), h)
	}
	fields := 0
	for _, b := range bs {
		for _, x := range b {
			fields += len(x.Fields)
			for _, f := range x.Fields {
				if strings.HasSuffix(strings.TrimSuffix(f.Text, "…"), "&am") {
					t.Errorf("a field was cut inside an escape")
				}
			}
		}
	}
	if fields != 25 {
		t.Errorf("%d fields rendered, want 25", fields)
	}
}

// longDigest is a digest entry with far more than one Slack message holds.
func longDigest(points int) bot.Message {
	m := bot.Message{Title: "Weekly digest: calls between leaders", Text: strings.Repeat("This week saw a run of calls. ", 300)}
	for i := range points {
		m.Points = append(m.Points, bot.Point{
			Text: fmt.Sprintf("Point %03d: %s", i, strings.Repeat("the leaders discussed energy, grain and prisoners; ", 6)),
			URL:  fmt.Sprintf("https://news.example.org/story-%03d", i),
		})
		m.Links = append(m.Links, bot.Link{Title: fmt.Sprintf("Story %03d", i), URL: fmt.Sprintf("https://news.example.org/story-%03d", i)})
	}
	return m
}

func TestRenderSplitsLongDigest(t *testing.T) {
	m := longDigest(150)
	posts := Render(m)
	if len(posts) < 3 {
		t.Fatalf("%d posts for a digest of %d characters", len(posts), len(m.PlainText()))
	}
	bs := checkPosts(t, posts)
	var all strings.Builder
	for i, b := range bs {
		want := fmt.Sprintf("Weekly digest: calls between leaders (%d/%d)", i+1, len(posts))
		if b.header() != want {
			t.Errorf("post %d header %q, want %q", i, b.header(), want)
		}
		all.WriteString(b.all())
		all.WriteString("\n")
	}
	// Nothing is lost and the order holds.
	last := -1
	for i := range 150 {
		at := strings.Index(all.String(), fmt.Sprintf("Point %03d:", i))
		if at < 0 || at < last {
			t.Fatalf("point %d missing or out of order", i)
		}
		last = at
		if !strings.Contains(all.String(), fmt.Sprintf("<https://news.example.org/story-%03d|Story %03d>", i, i)) {
			t.Errorf("link %d missing", i)
		}
	}
	if got := strings.Count(all.String(), "This week saw a run of calls."); got != 300 {
		t.Errorf("lead text has %d sentences, want 300", got)
	}
}

func TestRenderEmpty(t *testing.T) {
	if posts := Render(bot.Message{}); posts != nil {
		t.Errorf("empty message rendered as %+v", posts)
	}
	posts := Render(bot.Message{Title: "Only a title"})
	if len(posts) != 1 || len(posts[0].Blocks) != 1 || posts[0].Text != "Only a title" {
		t.Errorf("title-only message rendered as %+v", posts)
	}
}

func TestChunkText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"word", "&", "<", ">", "é", "😀", " ", " ", "\n", "\n\n", "longerwordwithoutspaces"}
	for round := range 200 {
		var b strings.Builder
		for range r.IntN(400) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		limit := 20 + r.IntN(200)
		chunks := chunkText(s, limit)
		for _, c := range chunks {
			if n := bot.UTF16Len(escape(c)); n > limit {
				t.Fatalf("round %d: chunk escapes to %d characters, limit %d", round, n, limit)
			}
			if c == "" {
				t.Fatalf("round %d: empty chunk", round)
			}
			if !utf8.ValidString(c) {
				t.Fatalf("round %d: chunk cut inside a character", round)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(chunks, " ")), ""), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("round %d: text changed by chunking", round)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"abcdefghij", 5, "abcd…"},
		{"ab&amp;cd", 5, "ab…"},
		{"ab&lt;", 4, "ab…"},
		{"a😀b", 3, "a…"},
	} {
		if got := truncate(c.in, c.limit); got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

func BenchmarkRenderCall(b *testing.B) {
	m := callMessage("Trump", "Putin")
	b.ReportAllocs()
	for b.Loop() {
		Render(m)
	}
}

func BenchmarkRenderLongDigest(b *testing.B) {
	m := longDigest(150)
	b.ReportAllocs()
	for b.Loop() {
		Render(m)
	}
}
