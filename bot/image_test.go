package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"strings"
	"testing"

	"readout/bot"
)

// A list or a count of a pair's or a leader's calls carries their
// timeline; other answers, and lists about no leader, carry none; a
// message's JSON (what stored digests keep) never holds it.
func TestListsAndCountsCarryATimeline(t *testing.T) {
	b, _ := newBot(t)
	ctx := context.Background()
	now := ts("2025-07-10T12:00:00Z")
	for _, c := range []struct {
		q    string
		want bool
		name string
	}{
		{"list all trump putin calls", true, "trump-putin-calls.png"},
		{"how many times have trump and putin spoken", true, "trump-putin-calls.png"},
		{"putin calls in 2025", true, "putin-calls.png"},
		{"latest trump putin call", false, ""},
		{"compare the last two trump putin calls", false, ""},
		{"how many times has macron spoken with xi", false, ""},
		{"calls this week", false, ""},
	} {
		t.Run(c.q, func(t *testing.T) {
			reply := b.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "test"}, Text: c.q, Now: now})
			if len(reply.Messages) == 0 {
				t.Fatal("no answer")
			}
			img := reply.Messages[0].Image
			if (img != nil) != c.want {
				t.Fatalf("intent %s: image %v, want one: %v", reply.Intent, img != nil, c.want)
			}
			raw, err := json.Marshal(reply.Messages[0])
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(raw, []byte("image")) || bytes.Contains(raw, []byte("PNG")) {
				t.Errorf("the message's JSON holds the image: %s", raw)
			}
			if img == nil {
				return
			}
			if img.Name != c.name || !strings.HasPrefix(img.Alt, "Timeline of ") {
				t.Errorf("image %q, alt %q", img.Name, img.Alt)
			}
			data, err := img.PNG()
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if cfg.Width < 400 || cfg.Height < 200 {
				t.Errorf("image %dx%d", cfg.Width, cfg.Height)
			}
			again, _ := img.PNG()
			if !bytes.Equal(data, again) {
				t.Error("a second PNG() drew another picture")
			}
		})
	}
}
