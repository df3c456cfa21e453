package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"readout/bot"
)

// coreLike is a bot.Handler for the adapter's tests that behaves like the
// core where the adapter can tell: it answers questions with a call record,
// refuses admin commands with a private reply unless Origin.Admin is set,
// keeps a list of sources as its store, and completes leader names.
type coreLike struct {
	mu      sync.Mutex
	reqs    []bot.Request
	sources []string
	// gate, when set, holds every answer until it is closed.
	gate chan struct{}
}

var leaderNames = []string{"Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Emmanuel Macron", "Xi Jinping"}

func (h *coreLike) Handle(ctx context.Context, req bot.Request) bot.Reply {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	gate := h.gate
	h.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return bot.Reply{}
		}
	}

	words := strings.Fields(req.Text)
	switch {
	case req.Text == "boom":
		panic("the handler fell over")
	case len(words) > 0 && (words[0] == "source" || words[0] == "digest"):
		if !req.Origin.Admin {
			return bot.Reply{Private: true, Messages: []bot.Message{{
				Title: "Not allowed",
				Text:  "Only server admins (Administrator or Manage Server) can change sources and digests.",
			}}}
		}
		return h.admin(words)
	case req.Text == "everything":
		return bot.Reply{Messages: longDigest()}
	case req.Text == "help":
		return bot.Reply{Messages: []bot.Message{{Title: "readout", Text: "Ask me about calls between leaders, e.g. latest trump putin call."}}}
	}
	return bot.Reply{Messages: []bot.Message{callMessage(req.Text)}}
}

func (h *coreLike) admin(words []string) bot.Reply {
	h.mu.Lock()
	defer h.mu.Unlock()
	ack := func(title, text string) bot.Reply {
		return bot.Reply{Private: true, Messages: []bot.Message{{Title: title, Text: text}}}
	}
	switch {
	case len(words) == 3 && words[1] == "add":
		h.sources = append(h.sources, words[2])
		return ack("Source added", words[2])
	case len(words) == 2 && words[1] == "list":
		return ack("Sources", strings.Join(h.sources, "\n"))
	}
	return ack("Done", strings.Join(words, " "))
}

func (h *coreLike) LeaderNames(_ context.Context, prefix string) []string {
	var out []string
	for _, n := range leaderNames {
		for _, w := range strings.Fields(n) {
			if strings.HasPrefix(strings.ToLower(w), strings.ToLower(prefix)) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

func (h *coreLike) requests() []bot.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.reqs)
}

func (h *coreLike) store() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.sources)
}

// callMessage is an answer about one call, in the shape the core gives
// (the facts are made up for the tests).
func callMessage(question string) bot.Message {
	updated := time.Date(2025, 3, 19, 8, 10, 0, 0, time.UTC)
	return bot.Message{
		Title: "Donald Trump – Vladimir Putin, 18 March 2025",
		Text:  fmt.Sprintf("You asked: %s. The two presidents spoke by phone for about two hours.", question),
		Fields: []bot.Field{
			{Name: "Duration", Value: "about 2 h"},
			{Name: "Initiator", Value: "Donald Trump"},
			{Name: "Medium", Value: "phone"},
		},
		Points: []bot.Point{
			{Text: "Both sides said they discussed a pause in strikes on energy sites.", URL: "https://news.example.org/a/1"},
			{Text: "The Kremlin readout mentioned a prisoner exchange planned for the next day.", URL: "https://wire.example.com/b/2"},
		},
		Links: []bot.Link{
			{Title: "Leaders talk for two hours", URL: "https://news.example.org/a/1"},
			{Title: "Readout of the call", URL: "https://wire.example.com/b/2"},
		},
		Footer:  "Record updated 19 March 2025, 08:10 UTC",
		Updated: updated,
	}
}
