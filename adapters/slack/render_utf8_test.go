package slack

import (
	"strings"
	"testing"
	"unicode/utf8"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

// An error text quoted from a server ("500 Oops \xa2") ends in a byte that is
// not UTF-8. Measuring it as U+FFFD (three bytes) once cut past the end of
// the string and panicked.
func TestRenderInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    bot.Message
	}{
		{"short text", bot.Message{Text: "500 Oops \xa2"}},
		{"long text", bot.Message{Text: strings.Repeat("x", MaxSectionText-1) + "\xa2"}},
		{"long title", bot.Message{Title: strings.Repeat("t", MaxHeaderText-2) + "\xa2tttt"}},
		{"long field", bot.Message{Fields: []bot.Field{{Name: "Error", Value: strings.Repeat("v", MaxFieldText) + "\xff"}}}},
		{"long point", bot.Message{Points: []bot.Point{{Text: strings.Repeat("p", MaxSectionText-10) + "\xa2 and more"}}}},
		{"point ending invalid", bot.Message{Points: []bot.Point{{Text: "\xa2" + strings.Repeat("p", MaxSectionText) + "\xa2"}}}},
		{"long footer", bot.Message{Footer: strings.Repeat("f", MaxSectionText-1) + "\xa2"}},
		{"only invalid", bot.Message{Text: strings.Repeat("\xa2", MaxSectionText+5)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			posts := Render(tc.m)
			if len(posts) == 0 {
				t.Fatal("nothing rendered")
			}
			checkPosts(t, posts)
			for i, p := range posts {
				if !utf8.ValidString(p.Text) {
					t.Errorf("post %d: fallback text is not UTF-8: %q", i, p.Text)
				}
				if !strings.Contains(p.Text, "\uFFFD") {
					t.Errorf("post %d: the invalid byte is not shown as U+FFFD: %q", i, p.Text)
				}
			}
		})
	}
}

func TestTruncateAndChunkInvalidUTF8(t *testing.T) {
	if got := truncate("ab\xa2cd", 3); got != "ab…" {
		t.Errorf("truncate = %q, want %q", got, "ab…")
	}
	if got := truncate("abc\xa2", 3); got != "ab…" {
		t.Errorf("truncate = %q, want %q", got, "ab…")
	}
	// Counted as three bytes, the invalid byte once let two more
	// characters through: "ab\xa2cd…" is six characters, not four.
	if got := truncate("ab\xa2cdef", 4); got != "ab\xa2…" {
		t.Errorf("truncate = %q, want %q", got, "ab\xa2…")
	}
	got := chunkText("abcd\xa2", 4)
	if len(got) != 2 || got[0] != "abcd" || got[1] != "\xa2" {
		t.Errorf("chunkText = %q", got)
	}
}

// The answer quoting "500 Oops \xa2" is posted, not replaced by an apology
// after a panic in rendering.
func TestSocketAnswerWithInvalidUTF8IsPosted(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	env := mustSender(t)(fs.SendEvent("EvOops", fakeslack.Mention("U1", "C1", "oops", "1710000000.000100", ""), 0))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if text := calls[0].Form.Get("text"); text != "Cannot add the source: 500 Oops \uFFFD" {
		t.Errorf("posted %q", text)
	}
}
