package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// embedTexts is every text of an embed as the renderer built it, before
// JSON encoding could hide an invalid byte behind U+FFFD.
func embedTexts(e *discordgo.MessageEmbed) []string {
	out := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		out = append(out, f.Name, f.Value)
	}
	if e.Footer != nil {
		out = append(out, e.Footer.Text)
	}
	return out
}

// An error text quoted from a server ("500 Oops \xa2") may end in a byte
// that is not UTF-8; it is shown as U+FFFD and measured as one.
func TestRenderInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    bot.Message
	}{
		{"short text", bot.Message{Text: "500 Oops \xa2"}},
		{"long text", bot.Message{Text: strings.Repeat("x", maxDescription-100) + "\xa2" + strings.Repeat("y", 200)}},
		{"long title", bot.Message{Title: strings.Repeat("t", maxTitle-2) + "\xa2tttt"}},
		{"long field", bot.Message{Fields: []bot.Field{{Name: "Error\xff", Value: strings.Repeat("v", maxFieldValue) + "\xff"}}}},
		{"long point", bot.Message{Points: []bot.Point{{Text: strings.Repeat("p", maxDescription-100) + "\xa2" + strings.Repeat("q", 200)}}}},
		{"long footer", bot.Message{Title: "t", Footer: strings.Repeat("f", footerBudget-1) + "\xa2"}},
		{"only invalid", bot.Message{Text: strings.Repeat("\xa2", maxDescription+5)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sends := Render([]bot.Message{tc.m})
			if len(sends) == 0 {
				t.Fatal("nothing rendered")
			}
			replaced := false
			for i, s := range sends {
				if err := fakediscord.CheckMessage(asSent(t, s)); err != nil {
					t.Errorf("message %d: %v", i, err)
				}
				for _, e := range s.Embeds {
					for _, str := range embedTexts(e) {
						if !utf8.ValidString(str) {
							t.Errorf("message %d: not UTF-8: %q", i, str)
						}
						replaced = replaced || strings.Contains(str, "\uFFFD")
					}
				}
			}
			if !replaced {
				t.Error("no U+FFFD in the rendered text")
			}
		})
	}
}
