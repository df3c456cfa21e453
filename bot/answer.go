package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"readout/summaries"
)

// Answer answers a question as of now, outside any conversation: calls
// after now are not known yet.
func (b *Bot) Answer(ctx context.Context, text string, now time.Time) (Reply, error) {
	return b.answer(ctx, nil, text, now)
}

// answer answers a question asked in a conversation (nil: none). A
// question that names no leaders, period or subject continues the
// previous question of the same conversation.
func (b *Bot) answer(ctx context.Context, o *Origin, text string, now time.Time) (Reply, error) {
	q := parseQuestion(text, now, b.g, b.typos.build(b.g))
	key := ""
	if o != nil {
		key = conversationKey(*o)
		if prev, ok := b.convs.recall(key, now); ok && q.Intent != IntentHelp {
			q = followUp(q, prev)
		}
	}
	reply, err := b.respond(ctx, &q, now)
	if err != nil {
		return Reply{}, fmt.Errorf("answer %q: %w", text, err)
	}
	reply.Intent = string(q.Intent)
	if len(q.ReadAs) > 0 {
		reply.ReadAs = "Reading " + strings.Join(q.ReadAs, ", ") + "."
	}
	reply.Asked = q
	if key != "" && q.Intent != IntentHelp && q.Intent != IntentUnknown {
		b.convs.remember(key, q, now)
	}
	return reply, nil
}

// CallMessage renders a call record as a message.
func (w Writer) CallMessage(c summaries.Call) Message {
	m := Message{Title: fmt.Sprintf("%s · %s call · %s", w.Names(c.Participants), c.Medium, Day(c.Date)), Updated: c.LastSeen}
	if c.DurationMinutes > 0 {
		m.Fields = append(m.Fields, Field{Name: "Duration", Value: Length(c)})
	}
	if c.Initiator != "" {
		m.Fields = append(m.Fields, Field{Name: "Initiated by", Value: w.g.Name(c.Initiator)})
	}
	if len(c.Topics) > 0 {
		m.Fields = append(m.Fields, Field{Name: "Topics", Value: strings.Join(c.Topics, ", ")})
	}
	if c.Tone != "" {
		m.Fields = append(m.Fields, Field{Name: "Tone", Value: c.Tone})
	}
	if len(c.ReadoutBy) > 0 {
		m.Fields = append(m.Fields, Field{Name: "Readouts", Value: strings.Join(c.ReadoutBy, ", ")})
	}
	for _, p := range c.Points {
		m.Points = append(m.Points, Point{Text: p.Text, URL: p.URL})
	}
	for _, a := range c.Articles {
		title := a.Title
		if a.Outlet != "" {
			title = a.Outlet + ": " + title
		}
		m.Links = append(m.Links, Link{Title: Trim(title, 120), URL: a.URL})
	}
	m.Footer = fmt.Sprintf("Record #%d, version %d, from %d article(s)", c.ID, c.Version, len(c.Articles))
	if !c.LastSeen.IsZero() {
		m.Footer += ", updated " + c.LastSeen.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	return m
}

func (b *Bot) views(calls []summaries.Call) []CallView {
	out := make([]CallView, len(calls))
	for i, c := range calls {
		out[i] = b.View(c)
	}
	return out
}
