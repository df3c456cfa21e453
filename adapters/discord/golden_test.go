package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenAnswer is one of the core's golden answers (bot/testdata/golden),
// each an answer shape as the core gives it.
type goldenAnswer struct {
	name   string
	intent string
	msgs   []bot.Message
}

// coreGoldens reads the core's golden answers. A list or a count gets a
// small picture in place of its timeline, which the JSON does not carry.
func coreGoldens(t *testing.T) []goldenAnswer {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "bot", "testdata", "golden", "*.json"))
	if err != nil || len(paths) < 12 {
		t.Fatalf("the core's golden answers: %v (%d found)", err, len(paths))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	var out []goldenAnswer
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Messages []bot.Message `json:"messages"`
			Intent   string        `json:"intent"`
			Calls    []any         `json:"calls"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if (r.Intent == "list" || r.Intent == "count") && len(r.Calls) > 0 && len(r.Messages) > 0 {
			r.Messages[0].Image = bot.NewImage("trump-putin-calls.png", "Timeline", buf.Bytes())
		}
		out = append(out, goldenAnswer{strings.TrimSuffix(filepath.Base(p), ".json"), r.Intent, r.Messages})
	}
	return out
}

// renderedMessage is a Discord message as the golden files keep it: the
// JSON Discord receives and the names of the files uploaded with it.
type renderedMessage struct {
	Message fakediscord.Message `json:"message"`
	Files   []string            `json:"files,omitempty"`
}

// Every answer shape renders within Discord's limits, its first embed
// titled with the answer's first line, a list's or a count's picture shown
// in the embed it is uploaded with; the embeds are kept as golden files.
func TestGoldenEmbeds(t *testing.T) {
	for _, g := range coreGoldens(t) {
		t.Run(g.name, func(t *testing.T) {
			sends := Render(g.msgs)
			if len(sends) == 0 {
				t.Fatal("nothing rendered")
			}
			var got []renderedMessage
			for i, s := range sends {
				m := asSent(t, s)
				if err := fakediscord.CheckMessage(m); err != nil {
					t.Errorf("message %d breaks Discord's limits: %v", i, err)
				}
				r := renderedMessage{Message: m}
				for _, f := range s.Files {
					r.Files = append(r.Files, f.Name)
				}
				got = append(got, r)
			}
			first := got[0].Message.Embeds[0]
			if want := strings.TrimSpace(g.msgs[0].Title); first.Title != want {
				t.Errorf("first line %q, want the answer's %q", first.Title, want)
			}
			if g.msgs[0].Image != nil {
				if len(got[0].Files) != 1 || first.Image == nil || first.Image.URL != "attachment://"+got[0].Files[0] {
					t.Errorf("the picture is not shown with the answer: files %v, image %+v", got[0].Files, first.Image)
				}
			} else if len(got[0].Files) != 0 {
				t.Errorf("files %v for an answer without a picture", got[0].Files)
			}
			raw, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", g.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./adapters/discord -run TestGoldenEmbeds -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(raw)) {
				t.Errorf("the embeds of %s changed:\n%s\nwant:\n%s", g.name, raw, want)
			}
		})
	}
}
