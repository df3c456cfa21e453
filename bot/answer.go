package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"readout/summaries"
)

// helpText lists what readout answers.
var helpMessage = Message{
	Title: "What I can answer",
	Text:  "Ask about calls between national leaders, for example:",
	Points: []Point{
		{Text: "latest trump putin call"},
		{Text: "what did trump and xi discuss"},
		{Text: "how long was the last trump putin call"},
		{Text: "when did trump last talk to xi"},
		{Text: "did biden and xi talk in 2024"},
		{Text: "calls this week"},
		{Text: "Admins: source add|remove|list, digest subscribe|unsubscribe|status"},
	},
}

// Answer answers a question as of now: calls after now are not known yet.
func (b *Bot) Answer(ctx context.Context, text string, now time.Time) (Reply, error) {
	q := ParseQuestion(text, now, b.g)
	if q.Intent == IntentHelp {
		return Reply{Messages: []Message{helpMessage}}, nil
	}
	f := summaries.CallFilter{AnyOf: q.Parties, From: q.From, To: q.To, Medium: q.Medium}
	// Nothing from the future: a call dated after now is unknown as of now.
	limit := summaries.Day(now).AddDate(0, 0, 1)
	if f.To.IsZero() || f.To.After(limit) {
		f.To = limit
	}
	var calls []summaries.Call
	var err error
	switch {
	case len(q.Leaders) <= 1 && q.Words != "" && q.Intent != IntentList:
		// No leader, or one and a name the gazetteer lacks ("trump abbott
		// call"): the words must be in the call's coverage.
		calls, err = b.store.SearchCalls(ctx, q.Words, f)
	case len(q.Leaders) == 0 && q.Intent != IntentList:
		return Reply{Messages: []Message{{Title: "Which leaders?", Text: "I did not recognise a leader in that question. Try naming two, such as \"latest trump putin call\", or ask \"help\"."}}}, nil
	default:
		calls, err = b.store.Calls(ctx, f)
	}
	if err != nil {
		return Reply{}, fmt.Errorf("answer %q: %w", text, err)
	}
	if len(calls) == 0 {
		return b.noCall(ctx, q, now)
	}
	switch q.Intent {
	case IntentDid:
		return b.didAnswer(q, calls), nil
	case IntentList:
		return b.listAnswer(q, calls), nil
	}
	c := calls[0]
	lead := ""
	switch q.Intent {
	case IntentDuration:
		if c.DurationMinutes > 0 {
			lead = fmt.Sprintf("The %s call on %s lasted %s.", b.Names(c.Participants), Day(c.Date), Minutes(c.DurationMinutes))
			if c.Duration != nil && c.Duration.Sentence != "" {
				lead += " Source: \u201c" + Trim(c.Duration.Sentence, 240) + "\u201d"
				if c.Duration.URL != "" {
					lead += " (" + c.Duration.URL + ")"
				}
			}
		} else {
			lead = fmt.Sprintf("Coverage of the %s call on %s does not say how long it lasted.", b.Names(c.Participants), Day(c.Date))
		}
	case IntentWhen:
		lead = fmt.Sprintf("%s last spoke on %s (%s call).", b.Names(c.Participants), Day(c.Date), c.Medium)
	case IntentDiscuss:
		lead = fmt.Sprintf("What %s discussed on %s:", b.Names(c.Participants), Day(c.Date))
	default:
		lead = fmt.Sprintf("The latest call: %s spoke on %s.", b.Names(c.Participants), Day(c.Date))
	}
	m := b.CallMessage(c)
	m.Text = lead
	return Reply{Messages: []Message{m}, Calls: []CallView{b.View(c)}}, nil
}

// CallMessage renders a call record as a message.
func (w Writer) CallMessage(c summaries.Call) Message {
	m := Message{Title: fmt.Sprintf("%s · %s call · %s", w.Names(c.Participants), c.Medium, Day(c.Date)), Updated: c.LastSeen}
	if c.DurationMinutes > 0 {
		m.Fields = append(m.Fields, Field{Name: "Duration", Value: Minutes(c.DurationMinutes)})
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

func (b *Bot) didAnswer(q Question, calls []summaries.Call) Reply {
	who := b.Names(q.Leaders)
	period := ""
	if q.Period != "" {
		period = " " + q.Period
	}
	lead := fmt.Sprintf("Yes: %s spoke%s, %d call(s) on record, the latest on %s.", who, period, len(calls), Day(calls[0].Date))
	if len(q.Leaders) < 2 {
		lead = fmt.Sprintf("Yes: %d call(s) on record%s, the latest on %s.", len(calls), period, Day(calls[0].Date))
	}
	m := b.CallMessage(calls[0])
	m.Text = lead
	if len(calls) > 1 {
		var others []string
		for _, c := range calls[1:min(len(calls), 6)] {
			others = append(others, Day(c.Date))
		}
		m.Fields = append(m.Fields, Field{Name: "Earlier calls", Value: strings.Join(others, "; ")})
	}
	return Reply{Messages: []Message{m}, Calls: b.views(calls)}
}

func (b *Bot) listAnswer(q Question, calls []summaries.Call) Reply {
	period := q.Period
	if period == "" {
		period = "on record"
	}
	m := Message{Title: fmt.Sprintf("Calls %s", period), Text: fmt.Sprintf("%d call(s), newest first.", len(calls))}
	for _, c := range calls[:min(len(calls), 15)] {
		line := fmt.Sprintf("%s: %s (%s", Day(c.Date), b.Names(c.Participants), c.Medium)
		if c.DurationMinutes > 0 {
			line += ", " + Minutes(c.DurationMinutes)
		}
		line += ")"
		url := ""
		if len(c.Articles) > 0 {
			url = c.Articles[0].URL
		}
		m.Points = append(m.Points, Point{Text: line, URL: url})
	}
	return Reply{Messages: []Message{m}, Calls: b.views(calls)}
}

// noCall says plainly that no such call is on record, and names what is.
func (b *Bot) noCall(ctx context.Context, q Question, now time.Time) (Reply, error) {
	who := b.Names(q.Leaders)
	var sb strings.Builder
	switch {
	case who != "" && len(q.Leaders) > 1:
		fmt.Fprintf(&sb, "I have no record of a call between %s", who)
	case who != "":
		fmt.Fprintf(&sb, "I have no record of a call with %s", who)
	case q.Words != "":
		fmt.Fprintf(&sb, "I have no record of a call matching %q", q.Words)
	default:
		sb.WriteString("I have no record of any call")
	}
	if q.Period != "" {
		sb.WriteString(" " + q.Period)
	}
	fmt.Fprintf(&sb, " as of %s.", Day(now))
	m := Message{Title: "No such call on record", Text: sb.String()}
	// Name what the store does hold for these leaders, or overall.
	limit := summaries.Day(now).AddDate(0, 0, 1)
	for _, l := range q.Leaders {
		held, err := b.store.Calls(ctx, summaries.CallFilter{Leaders: []string{l}, To: limit, Limit: 3})
		if err != nil {
			return Reply{}, err
		}
		for _, c := range held {
			m.Points = append(m.Points, Point{Text: fmt.Sprintf("%s: %s (%s call)", Day(c.Date), b.Names(c.Participants), c.Medium)})
		}
	}
	if len(m.Points) == 0 {
		held, err := b.store.Calls(ctx, summaries.CallFilter{To: limit, Limit: 5})
		if err != nil {
			return Reply{}, err
		}
		for _, c := range held {
			m.Points = append(m.Points, Point{Text: fmt.Sprintf("%s: %s (%s call)", Day(c.Date), b.Names(c.Participants), c.Medium)})
		}
	}
	if len(m.Points) > 0 {
		m.Text += " What I do hold:"
	} else {
		m.Text += " The store holds no calls yet."
	}
	return Reply{Messages: []Message{m}}, nil
}

func (b *Bot) views(calls []summaries.Call) []CallView {
	out := make([]CallView, len(calls))
	for i, c := range calls {
		out[i] = b.View(c)
	}
	return out
}
