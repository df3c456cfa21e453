package slack

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readout/bot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenPost is a Slack message as the golden files keep it.
type goldenPost struct {
	Text   string          `json:"text"`
	Blocks json.RawMessage `json:"blocks"`
}

// Every answer shape of the core (bot/testdata/golden) renders within
// Block Kit's limits, headed by the answer's first line (said in full
// first when a header cannot hold it), its notification text starting
// with it too; the blocks are kept as golden files.
func TestGoldenBlockKit(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "bot", "testdata", "golden", "*.json"))
	if err != nil || len(paths) < 12 {
		t.Fatalf("the core's golden answers: %v (%d found)", err, len(paths))
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var r struct {
				Messages []bot.Message `json:"messages"`
			}
			if err := json.Unmarshal(raw, &r); err != nil || len(r.Messages) == 0 {
				t.Fatalf("%s: %v", p, err)
			}
			var posts []Post
			for _, m := range r.Messages {
				posts = append(posts, Render(m)...)
			}
			blocks := checkPosts(t, posts)
			if len(blocks) == 0 {
				t.Fatal("nothing rendered")
			}
			title := strings.TrimSpace(r.Messages[0].Title)
			head := blocks[0].header()
			switch {
			case head == title:
			case strings.HasSuffix(head, "…") && strings.HasPrefix(title, strings.TrimSuffix(head, "…")):
				if len(blocks[0]) < 2 || blocks[0][1].Text == nil || blocks[0][1].Text.Text != escape(title) {
					t.Errorf("a title the header cuts is not said in full first: %+v", blocks[0][1])
				}
			default:
				t.Errorf("header %q, want the answer's first line %q", head, title)
			}
			if !strings.HasPrefix(posts[0].Text, head) {
				t.Errorf("notification text %q does not start with the answer", posts[0].Text)
			}
			var got []goldenPost
			for _, p := range posts {
				b, err := json.Marshal(p.Blocks)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, goldenPost{Text: p.Text, Blocks: b})
			}
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./adapters/slack -run TestGoldenBlockKit -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(out)) {
				t.Errorf("the blocks of %s changed:\n%s\nwant:\n%s", name, out, want)
			}
		})
	}
}

// A title longer than a header is said in full in the first section.
func TestLongTitleIsSaidInFull(t *testing.T) {
	title := "Trump and Putin agreed that their envoys would meet in a Gulf capital within two weeks to settle the terms of an energy truce and a prisoner exchange (18 March 2025)"
	posts := Render(bot.Message{Title: title, Text: "Lead."})
	b := checkPosts(t, posts)[0]
	if !strings.HasSuffix(b.header(), "…") || b[1].Text == nil || b[1].Text.Text != title {
		t.Errorf("header %q, then %+v", b.header(), b[1])
	}
}
