package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"readout/summaries"
)

// listLimit caps the records a list or a count fetches: enough for any
// pair's history, and bounded on a store of any size.
const listLimit = 200

var helpMessage = Message{
	Title: "What I can answer",
	Text:  "Ask about calls between national leaders: name them by name, title, country or capital, with a period if you like. For example:",
	Points: []Point{
		{Text: "latest trump putin call · any calls today?"},
		{Text: "when did modi last talk to putin · how long was the trump putin call on march 18, 2025"},
		{Text: "who called whom? · what did they discuss? · what did they agree? · what did each side say?"},
		{Text: "list all trump putin calls · trump calls this year · how many times have trump and xi spoken"},
		{Text: "compare the last two trump putin calls · did trump and putin talk about tomahawks"},
		{Text: "Follow-ups in the same conversation keep the leaders and the call: \"how long?\", \"and in 2025?\""},
		{Text: "Admins: source add|remove|list, digest subscribe|unsubscribe|status"},
	},
}

// respond looks up what q asks and shapes the answer; it resolves q's
// country parties to the leaders found.
func (b *Bot) respond(ctx context.Context, q *Question, now time.Time) (Reply, error) {
	if q.Intent == IntentHelp {
		return Reply{Messages: []Message{helpMessage}}, nil
	}
	if !q.Named && q.Intent != IntentLatest && q.Intent != IntentList {
		return b.unknown(q), nil
	}
	f := summaries.CallFilter{AnyOf: q.Parties, From: q.From, To: q.To, Medium: q.Medium}
	// Nothing from the future: a call dated after now is unknown as of now.
	limit := summaries.Day(now).AddDate(0, 0, 1)
	if f.To.IsZero() || f.To.After(limit) {
		f.To = limit
	}
	switch {
	case q.Intent == IntentList || q.Intent == IntentCount || q.Intent == IntentDid || q.Oldest && q.Intent != IntentCompare:
		f.Limit = listLimit
		// A list, a count or a yes/no shows a few calls and charts,
		// counts or dates the rest: those are read brief, the shown ones
		// with their articles (shown), a yes/no's latest whole.
		f.Brief = (q.Intent == IntentList || q.Intent == IntentCount || q.Intent == IntentDid) && !q.Oldest && len(q.Spans) == 0
		if f.Brief && len(q.Leaders) > 0 && len(q.Words) == 0 {
			// The timeline and the count need no more of the others
			// than the lookup tables hold (shown reads the shown ones).
			f.Brief, f.Timeline = false, true
		}
		if q.Intent == IntentList && len(q.Leaders) == 0 && !q.Oldest {
			// No leader, no timeline: a list shows its newest calls and
			// says whether there are more ("calls about sanctions" on a
			// big store would read 200 calls to show 25).
			f.Limit = listShown + 1
		}
	case q.Intent == IntentCompare:
		f.Limit = 2
	default:
		f.Limit = 1
	}
	var calls []summaries.Call
	if len(q.Spans) > 0 {
		for _, sp := range q.Spans {
			f.From, f.To, f.Limit = sp.From, sp.To, 1
			if !sp.From.Before(limit) {
				continue
			}
			if f.To.After(limit) {
				f.To = limit
			}
			got, err := b.find(ctx, q.Words, f)
			if err != nil {
				return Reply{}, err
			}
			calls = append(calls, got...)
		}
	} else {
		var err error
		if calls, err = b.find(ctx, q.Words, f); err != nil {
			return Reply{}, err
		}
		// With two leaders named, a word no coverage in the store uses is
		// likely a word the reading missed, not a subject: the answer
		// lets it go and says so. A yes/no or a count about it stays
		// strict: "did they discuss X" is answered No.
		if len(calls) == 0 && len(q.Words) > 0 && len(q.Leaders) >= 2 && q.Intent != IntentDid && q.Intent != IntentCount {
			var kept []string
			for _, w := range q.Words {
				seen, err := b.find(ctx, []string{w}, summaries.CallFilter{To: limit, Limit: 1})
				if err != nil {
					return Reply{}, err
				}
				if len(seen) > 0 {
					kept = append(kept, w)
				} else {
					q.ReadAs = append(q.ReadAs, "'"+w+"' as no subject (no coverage mentions it)")
				}
			}
			if len(kept) < len(q.Words) {
				q.Words, q.Context = kept, nil
				if calls, err = b.find(ctx, kept, f); err != nil {
					return Reply{}, err
				}
			}
		}
		// Words that only place the call in time ("after the oval office
		// row") narrow it when the coverage says them, and are let go
		// when it does not.
		if len(calls) == 0 && len(q.Context) > 0 && len(q.Leaders) > 0 {
			if calls, err = b.find(ctx, q.Context, f); err != nil {
				return Reply{}, err
			}
			q.Words = q.Context
		}
	}
	// Free words alone that match nothing were not a question about calls.
	if len(q.Leaders) == 0 && q.From.IsZero() && len(q.Words) > 0 && len(calls) == 0 && q.Medium == "" {
		return b.unknown(q), nil
	}
	if len(calls) > 0 {
		q.resolveParties(calls[0])
	}
	if len(calls) == 0 {
		return b.noCall(ctx, *q, now)
	}
	switch q.Intent {
	case IntentList:
		shown, err := b.shown(ctx, *q, f, calls)
		if err != nil {
			return Reply{}, err
		}
		return b.listAnswer(*q, calls, shown), nil
	case IntentCount:
		total := len(calls)
		if len(calls) == listLimit && len(q.Words) == 0 && len(q.Spans) == 0 {
			// The listing stopped at its cap; the index knows the number.
			all := f
			all.Limit = 0
			n, err := b.store.CountCalls(ctx, all)
			if err != nil {
				return Reply{}, err
			}
			total = n
		}
		shown, err := b.shown(ctx, *q, f, calls)
		if err != nil {
			return Reply{}, err
		}
		return b.countAnswer(*q, calls, shown, total), nil
	case IntentDid:
		shown := calls
		if f.Brief || f.Timeline {
			var err error
			if shown, err = b.shown(ctx, *q, f, calls); err != nil {
				return Reply{}, err
			}
			// The latest whole, by its id: finding it by the question's
			// words again would search again.
			whole, err := b.store.CallsByID(ctx, []int64{shown[0].ID})
			if err != nil {
				return Reply{}, err
			}
			if len(whole) == 1 {
				shown[0] = whole[0]
			}
		}
		return b.didAnswer(*q, calls, shown), nil
	case IntentCompare:
		return b.compareAnswer(*q, calls), nil
	}
	c := calls[0]
	if q.Oldest {
		c = calls[len(calls)-1]
	}
	m := b.CallMessage(c)
	pair := b.Names(c.Participants)
	on := Day(c.Date)
	switch q.Intent {
	case IntentWhen:
		switch {
		case q.Oldest:
			m.Title = fmt.Sprintf("%s first spoke on %s", pair, on)
		case !q.From.IsZero():
			m.Title = fmt.Sprintf("%s spoke on %s", pair, on)
		default:
			m.Title = fmt.Sprintf("%s last spoke on %s", pair, on)
		}
		m.Text = fmt.Sprintf("A %s call%s.", medium(c), lengthClause(c))
	case IntentDuration:
		if c.DurationMinutes > 0 {
			m.Title = fmt.Sprintf("The %s call on %s lasted %s", b.pair(c.Participants), on, Length(c))
			m.Text = ""
			if c.Duration != nil && c.Duration.Sentence != "" {
				m.Text = "Source: \u201c" + Trim(c.Duration.Sentence, 240) + "\u201d"
				if c.Duration.URL != "" {
					m.Text += " (" + c.Duration.URL + ")"
				}
			}
		} else {
			m.Title = fmt.Sprintf("Coverage of the %s call on %s does not say how long it lasted", b.pair(c.Participants), on)
			m.Text = ""
		}
	case IntentInitiator:
		if who, said := b.initiator(c); who != "" {
			other := b.Names(without(c.Participants, who))
			m.Title = fmt.Sprintf("%s called %s on %s", b.shortName(who), other, on)
			if said != "" {
				m.Text = "From the coverage: \u201c" + Trim(said, 240) + "\u201d"
			}
		} else {
			m.Title = fmt.Sprintf("Coverage of the %s call on %s does not say who placed it", b.pair(c.Participants), on)
			m.Text = ""
		}
	case IntentDiscuss:
		m.Title = fmt.Sprintf("What %s discussed on %s", pair, on)
		if len(c.Topics) > 0 {
			m.Title += ": " + strings.Join(c.Topics, ", ")
		}
		m.Text = ""
	case IntentAgreed:
		m = b.agreedMessage(c)
	case IntentSides:
		m = b.sidesMessage(c)
	default:
		m.Title = fmt.Sprintf("Latest: %s spoke on %s", pair, on)
		if q.Oldest {
			m.Title = fmt.Sprintf("First on record: %s spoke on %s", pair, on)
		}
		m.Text = fmt.Sprintf("A %s call%s.", medium(c), lengthClause(c))
	}
	return Reply{Messages: []Message{b.withReading(m, *q)}, Calls: []CallView{b.View(c)}}, nil
}

// find fetches the calls of f, about every one of words when there are
// any. A plural word also matches its singular ("tomahawks").
func (b *Bot) find(ctx context.Context, words []string, f summaries.CallFilter) ([]summaries.Call, error) {
	if len(words) == 0 {
		return b.store.Calls(ctx, f)
	}
	calls, err := b.store.SearchCalls(ctx, strings.Join(words, " "), f)
	if err != nil || len(calls) > 0 {
		return calls, err
	}
	var singular []string
	changed := false
	for _, w := range words {
		var parts []string
		for _, p := range strings.Fields(w) {
			if s := strings.TrimSuffix(p, "s"); len(s) > 3 && s != p {
				p, changed = s, true
			}
			parts = append(parts, p)
		}
		singular = append(singular, strings.Join(parts, " "))
	}
	if !changed {
		return nil, nil
	}
	return b.store.SearchCalls(ctx, strings.Join(singular, " "), f)
}

// resolveParties names, for a party asked as a country ("india"), the
// leader who took part in the call found.
func (q *Question) resolveParties(c summaries.Call) {
	for i, party := range q.Parties {
		if len(party) < 2 || i >= len(q.Leaders) {
			continue
		}
		for _, id := range party {
			if contains(c.Participants, id) {
				q.Leaders[i] = id
			}
		}
	}
}

// pair names a call's sides as a compound: "Trump–Putin".
func (b *Bot) pair(ids []string) string {
	var ns []string
	for _, id := range ids {
		ns = append(ns, b.shortName(id))
	}
	return strings.Join(ns, "\u2013")
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func without(s []string, v string) []string {
	var out []string
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

func medium(c summaries.Call) string {
	if c.Medium == "" {
		return "phone"
	}
	return string(c.Medium)
}

func lengthClause(c summaries.Call) string {
	if c.DurationMinutes > 0 {
		return " of " + Length(c)
	}
	return ""
}

// withReading adds how an ambiguous question was read below the answer.
func (b *Bot) withReading(m Message, q Question) Message {
	if len(q.ReadAs) == 0 {
		return m
	}
	note := "Reading " + strings.Join(q.ReadAs, ", ") + "."
	if m.Text == "" {
		m.Text = note
	} else {
		m.Text += "\n" + note
	}
	return m
}

// agreeClause is an agreement sentence from its verb on: "agreed that
// their envoys would meet in Abu Dhabi".
var agreeClause = lazy(`(?i)\b(agreed|agree|pledged|promised)\b.*`)

func (b *Bot) agreedMessage(c summaries.Call) Message {
	m := b.CallMessage(c)
	pair, on := b.Names(c.Participants), Day(c.Date)
	var said []string
	for _, strong := range []bool{true, false} {
		for _, a := range c.Agreements {
			loc := agreeClause.FindStringSubmatchIndex(a.Text)
			if loc == nil || strong != strings.HasPrefix(strings.ToLower(a.Text[loc[2]:loc[3]]), "agree") || !b.pairAgrees(c, a.Text[:loc[0]]) {
				continue
			}
			said = append(said, strings.TrimRight(a.Text[loc[0]:], ". "))
		}
	}
	switch {
	case len(c.Agreements) == 0:
		m.Title = fmt.Sprintf("Coverage of the %s call on %s reports no agreement", b.pair(c.Participants), on)
		m.Text = ""
		return m
	case len(said) == 0:
		// The agreements name their parties themselves.
		m.Title = Trim(fmt.Sprintf("What %s agreed on %s: %s", pair, on, strings.TrimRight(c.Agreements[0].Text, ". ")), 250)
	default:
		m.Title = Trim(fmt.Sprintf("%s %s (%s)", pair, said[0], on), 250)
	}
	m.Text = ""
	m.Points = nil
	for _, a := range c.Agreements {
		m.Points = append(m.Points, Point{Text: Trim(a.Text, 300), URL: a.URL})
	}
	return m
}

// pairAgrees reports whether the words before an agreement's verb make
// the call's leaders its subject: "The two leaders agreed", "Putin
// agreed", "Putin and Trump spoke ..., the Kremlin said, and agreed", but
// not "the swap that Russia and Ukraine agreed in Istanbul".
func (b *Bot) pairAgrees(c summaries.Call, before string) bool {
	var names []string
	for _, id := range c.Participants {
		for _, w := range strings.Fields(strings.ToLower(b.Names([]string{id}))) {
			if len(w) > 2 {
				names = append(names, w)
			}
		}
	}
	named := func(s string) bool {
		s = strings.ToLower(s)
		for _, w := range append(names, "the two", "they", "both", "leaders", "presidents", "heads of state", "sides") {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	// The verb's own subject: the words right before it, back to a
	// punctuation mark or a relative pronoun.
	words := strings.Fields(before)
	var subject []string
	for i := len(words) - 1; i >= 0 && len(subject) < 4; i-- {
		w := words[i]
		if lw := strings.ToLower(w); lw == "that" || lw == "which" || lw == "who" || strings.ContainsAny(w, ",;:") {
			break
		}
		subject = append(subject, w)
	}
	own := strings.Join(subject, " ")
	if named(own) {
		return true
	}
	for _, w := range subject {
		if r := []rune(w); len(r) > 0 && unicode.IsUpper(r[0]) && len(subject) < len(words) {
			return false // another subject: "Russia and Ukraine agreed"
		}
	}
	return len(words) <= 1 || named(before)
}

// sideWords name the government behind an account when a sentence
// credits it without a spokesman's name.
var sideWords = []struct{ word, side string }{
	{"kremlin", "the Kremlin"}, {"ushakov", "the Kremlin"}, {"peskov", "the Kremlin"}, {"russian account", "the Kremlin"}, {"moscow", "the Kremlin"},
	{"white house", "the White House"}, {"american account", "the White House"}, {"leavitt", "the White House"}, {"waltz", "the White House"}, {"washington", "the White House"},
	{"chinese account", "Beijing"}, {"xinhua", "Beijing"}, {"cctv", "Beijing"}, {"chinese foreign ministry", "Beijing"}, {"beijing", "Beijing"},
	{"downing street", "Downing Street"}, {"elysee", "the Elysee"}, {"saudi press agency", "Riyadh"}, {"riyadh", "Riyadh"},
}

// sidePoint is a point of a call as one side's account gives it.
type sidePoint struct{ side, text, url string }

// sidesMessage sets each account of a call beside the others, by who gave
// it: a point is credited to the readout its sentence names, else to the
// outlet that carried it; a point no other account carries is marked so.
func (b *Bot) sidesMessage(c summaries.Call) Message {
	m := b.CallMessage(c)
	byURL := map[string]string{}
	for _, a := range c.Articles {
		byURL[a.URL] = a.Outlet
	}
	var points []sidePoint
	var order []string
	sides := 0
	for _, p := range c.Points {
		side := ""
		low := strings.ToLower(p.Text)
		// "Trump said he…": a leader's own account.
		for _, id := range c.Participants {
			name := strings.ToLower(b.shortName(id))
			for _, verb := range []string{" said", " wrote", " told reporters"} {
				if i := strings.Index(low, name+verb); side == "" && i >= 0 && !strings.Contains(strings.TrimSpace(low[:i]), " ") {
					side = b.shortName(id)
				}
			}
		}
		for _, w := range sideWords {
			if side == "" && strings.Contains(low, w.word) {
				side = w.side
				break
			}
		}
		for _, r := range c.ReadoutBy {
			words := strings.Fields(strings.ToLower(strings.TrimPrefix(r, "the ")))
			if side == "" && len(words) > 0 && strings.Contains(low, words[len(words)-1]) {
				side = r
			}
		}
		if side != "" && !contains(order, side) {
			order = append(order, side)
			sides++
		}
		points = append(points, sidePoint{side, p.Text, p.URL})
	}
	// Quotes are their speaker's side's.
	for _, qt := range c.Quotes {
		side := qt.Speaker
		if _, ok := b.g.Leader(qt.Speaker); ok {
			side = b.shortName(qt.Speaker)
		} else {
			for _, w := range sideWords {
				if strings.Contains(strings.ToLower(qt.Speaker), w.word) {
					side = w.side
					break
				}
			}
		}
		if side == "" {
			continue
		}
		if !contains(order, side) {
			order = append(order, side)
			sides++
		}
		points = append(points, sidePoint{side, "\u201c" + qt.Text + "\u201d", ""})
	}
	// What no side is credited with is the reporters' own.
	for i, p := range points {
		if p.side == "" {
			points[i].side = "reported by " + byURL[p.url]
			if !contains(order, points[i].side) {
				order = append(order, points[i].side)
			}
		}
	}
	n := max(1, sides)
	m.Title = fmt.Sprintf("%d %s of the %s call on %s", n, noun(n, "account", "accounts"), b.pair(c.Participants), Day(c.Date))
	if sides > 0 {
		m.Title += ": " + strings.Join(order[:sides], " and ")
	}
	m.Text = ""
	if len(c.ReadoutBy) > 0 {
		m.Text = "Readouts given by " + strings.Join(c.ReadoutBy, ", ") + "."
	}
	m.Points = nil
	for _, side := range order {
		for _, p := range points {
			if p.side != side {
				continue
			}
			text := "[" + side + "] " + Trim(p.text, 280)
			if sides > 1 && !strings.HasPrefix(side, "reported by") && !sharedElsewhere(p.text, p.side, points) {
				text += " (only in this account)"
			}
			m.Points = append(m.Points, Point{Text: text, URL: p.url})
		}
	}
	return m
}

// sharedElsewhere reports whether another account carries a point much
// like text: three or more of its longer words.
func sharedElsewhere(text, side string, points []sidePoint) bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if w = strings.Trim(w, ".,;:\"'()"); len(w) >= 6 {
			words[w] = true
		}
	}
	for _, q := range points {
		if q.side == side {
			continue
		}
		shared := 0
		for _, w := range strings.Fields(strings.ToLower(q.text)) {
			if words[strings.Trim(w, ".,;:\"'()")] {
				shared++
			}
		}
		if shared >= 3 {
			return true
		}
	}
	return false
}

func (b *Bot) listLines(calls []summaries.Call) []Point {
	var out []Point
	for _, c := range calls[:min(len(calls), listShown)] {
		line := fmt.Sprintf("%s: %s (%s", Day(c.Date), b.Names(c.Participants), medium(c))
		if c.DurationMinutes > 0 {
			line += ", " + Length(c)
		}
		line += ")"
		url := ""
		if len(c.Articles) > 0 {
			url = c.Articles[0].URL
		}
		out = append(out, Point{Text: line, URL: url})
	}
	return out
}

// subject says what a list or a count is about: "between Trump and Putin
// in 2025 about tomahawks".
func (b *Bot) subject(q Question) string {
	var s string
	switch len(q.Leaders) {
	case 0:
	case 1:
		s = " with " + b.Names(q.Leaders)
	default:
		s = " between " + b.Names(q.Leaders)
	}
	s += periodSuffix(q)
	if len(q.Words) > 0 {
		s += " about " + strings.Join(q.Words, ", ")
	}
	return s
}

func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// listShown is how many calls a list answer shows, and with them their
// records (Reply.Calls).
const listShown = 25

// shown is the newest calls of a listing, as many as an answer shows. A
// list or a count shows each call as a line linked to its first article:
// read brief (CallFilter.Brief), the shown ones get their articles, not
// their whole records, whose decoding took most of a list's time on a big
// store. Their records (Reply.Calls) are so: people, date, medium, length,
// caller, topics and articles, without key points; a question about one
// call gives its record whole.
func (b *Bot) shown(ctx context.Context, _ Question, f summaries.CallFilter, calls []summaries.Call) ([]summaries.Call, error) {
	shown := calls[:min(len(calls), listShown)]
	switch {
	case len(shown) == 0:
		return shown, nil
	case f.Timeline:
		// A timeline listing (respond) has only what a chart draws: the
		// shown ones are read again, brief.
		f.Timeline, f.Brief, f.Limit = false, true, listShown
		brief, err := b.store.Calls(ctx, f)
		if err != nil {
			return nil, err
		}
		if len(brief) == 0 {
			// Gone since the listing (a record merged meanwhile):
			// the listing's own lines are shown.
			return shown, nil
		}
		shown = brief
	case !f.Brief:
		return shown, nil
	}
	articles, err := b.store.CallArticles(ctx, summaries.CallIDs(shown))
	if err != nil {
		return nil, err
	}
	out := slices.Clone(shown)
	summaries.SetArticles(out, articles)
	return out, nil
}

func (b *Bot) listAnswer(q Question, calls, shown []summaries.Call) Reply {
	kind := "call"
	if q.Medium == summaries.Video {
		kind = "video call"
	}
	m := Message{Title: fmt.Sprintf("%d %s%s, newest first", len(calls), noun(len(calls), kind, kind+"s"), b.subject(q))}
	switch {
	case len(calls) == listLimit:
		m.Title = fmt.Sprintf("At least %d %ss%s, newest first", len(calls), kind, b.subject(q))
	case len(calls) > listShown && len(q.Leaders) == 0:
		// Read one past what a list shows (respond): more exist.
		m.Title = fmt.Sprintf("More than %d %ss%s; the %d newest", listShown, kind, b.subject(q), listShown)
	}
	m.Points = b.listLines(shown)
	m.Image = b.timeline(q, calls)
	return Reply{Messages: []Message{b.withReading(m, q)}, Calls: b.views(shown)}
}

// countAnswer answers with total, the number of calls on record; calls are
// the newest of them, as many as a listing holds, and shown the newest of
// those, whole.
func (b *Bot) countAnswer(q Question, calls, shown []summaries.Call, total int) Reply {
	n := fmt.Sprint(total)
	if total == listLimit && len(calls) == listLimit {
		n = "At least " + n
	}
	kind := "call"
	if q.Medium == summaries.Video {
		kind = "video call"
	}
	m := Message{Title: fmt.Sprintf("%s %s%s on record", n, noun(total, kind, kind+"s"), b.subject(q))}
	m.Text = fmt.Sprintf("The latest on %s, the first on %s.", Day(calls[0].Date), Day(calls[len(calls)-1].Date))
	if total > len(calls) {
		m.Text = fmt.Sprintf("The latest on %s; the %d newest are listed.", Day(calls[0].Date), len(calls))
	}
	m.Points = b.listLines(shown)
	m.Image = b.timeline(q, calls)
	return Reply{Messages: []Message{b.withReading(m, q)}, Calls: b.views(shown)}
}

// didAnswer says yes with the latest of calls, shown[0] whole; shown are
// the newest calls with their articles.
func (b *Bot) didAnswer(q Question, calls, shown []summaries.Call) Reply {
	c := shown[0]
	who := b.Names(q.Leaders)
	if who == "" {
		who = b.Names(c.Participants)
	}
	about := ""
	if len(q.Words) > 0 {
		about = " about " + strings.Join(q.Words, ", ")
	}
	m := b.CallMessage(c)
	when := periodSuffix(q)
	if when != "" {
		when += ","
	}
	m.Title = fmt.Sprintf("Yes: %s spoke%s%s on %s", who, about, when, Day(c.Date))
	if len(calls) > 1 {
		m.Title = fmt.Sprintf("Yes: %s spoke%s%s %d times, the latest on %s", who, about, when, len(calls), Day(c.Date))
	}
	m.Text = ""
	// "did putin call trump": who placed the call is said, not asked.
	if who, _ := b.initiator(c); who != "" {
		m.Text = fmt.Sprintf("%s placed the %s call.", b.shortName(who), Day(c.Date))
	}
	if len(calls) > 1 {
		var others []string
		for _, e := range calls[1:min(len(calls), 6)] {
			others = append(others, Day(e.Date))
		}
		m.Fields = append(m.Fields, Field{Name: "Earlier calls", Value: strings.Join(others, "; ")})
	}
	return Reply{Messages: []Message{b.withReading(m, q)}, Calls: b.views(shown)}
}

// periodSuffix is the period as said, made to follow a verb: " in 2025",
// " this year", " since january".
func periodSuffix(q Question) string {
	if q.Period == "" {
		return ""
	}
	if reBarePeriod.MatchString(q.Period) {
		return " in " + q.Period
	}
	return " " + q.Period
}

var reBarePeriod = lazy(`^(\d|` + monthRe + `\b|the (spring|summer|autumn|fall|winter|first|second)\b)`)

func (b *Bot) compareAnswer(q Question, calls []summaries.Call) Reply {
	if len(calls) < 2 {
		c := calls[0]
		m := b.CallMessage(c)
		m.Title = fmt.Sprintf("Only one %s call to compare: %s", b.pair(c.Participants), Day(c.Date))
		return Reply{Messages: []Message{b.withReading(m, q)}, Calls: b.views(calls)}
	}
	newer, older := calls[0], calls[1]
	m := Message{Title: fmt.Sprintf("%s calls compared: %s and %s", b.pair(newer.Participants), Day(newer.Date), Day(older.Date))}
	row := func(name string, f func(c summaries.Call) string) {
		m.Fields = append(m.Fields, Field{Name: name, Value: f(newer) + " | " + f(older)})
	}
	row("Date", func(c summaries.Call) string { return Day(c.Date) })
	row("Medium", medium)
	row("Length", func(c summaries.Call) string {
		if c.DurationMinutes == 0 {
			return "not reported"
		}
		return Length(c)
	})
	row("Initiated by", func(c summaries.Call) string {
		if who, _ := b.initiator(c); who != "" {
			return b.shortName(who)
		}
		return "not reported"
	})
	row("Topics", func(c summaries.Call) string {
		if len(c.Topics) == 0 {
			return "none extracted"
		}
		return strings.Join(c.Topics, ", ")
	})
	var fresh []string
	for _, t := range newer.Topics {
		if !contains(older.Topics, t) {
			fresh = append(fresh, t)
		}
	}
	if len(fresh) > 0 {
		m.Text = "New in the later call: " + strings.Join(fresh, ", ") + "."
	}
	for _, c := range []summaries.Call{newer, older} {
		if len(c.Points) > 0 {
			m.Points = append(m.Points, Point{Text: Day(c.Date) + ": " + Trim(c.Points[0].Text, 280), URL: c.Points[0].URL})
		}
	}
	return Reply{Messages: []Message{b.withReading(m, q)}, Calls: b.views(calls[:2])}
}

// unknown answers a question about no leaders, period or call subject.
func (b *Bot) unknown(q *Question) Reply {
	q.Intent, q.Words = IntentUnknown, nil
	m := helpMessage
	m.Title = "I can only answer questions about calls between national leaders"
	m.Text = "I found no leader, period or call subject in that. For example:"
	m.Points = helpMessage.Points[:5]
	return Reply{Messages: []Message{m}}
}

// noCall says plainly that no such call is on record, in the shape the
// question asked for, and suggests the nearest calls that do exist, each
// once.
func (b *Bot) noCall(ctx context.Context, q Question, now time.Time) (Reply, error) {
	what := "a call" + b.subject(q)
	if q.Medium == summaries.Video {
		what = "a video call" + b.subject(q)
	}
	var title string
	switch q.Intent {
	case IntentDid:
		title = fmt.Sprintf("No: I have no record of %s", what)
	case IntentCount:
		kind := "calls"
		if q.Medium == summaries.Video {
			kind = "video calls"
		}
		title = fmt.Sprintf("0 %s%s on record", kind, b.subject(q))
	default:
		title = fmt.Sprintf("I have no record of %s", what)
	}
	m := Message{Title: title, Text: fmt.Sprintf("As of %s.", Day(now))}
	limit := summaries.Day(now).AddDate(0, 0, 1)
	seen := map[int64]bool{}
	add := func(cs []summaries.Call) {
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				m.Points = append(m.Points, Point{Text: fmt.Sprintf("%s: %s (%s call)", Day(c.Date), b.Names(c.Participants), medium(c))})
			}
		}
	}
	// The nearest things that exist: the same leaders at any time, then
	// each leader's latest calls, then the latest calls overall.
	if !q.From.IsZero() || len(q.Spans) > 0 || len(q.Words) > 0 {
		held, err := b.store.Calls(ctx, summaries.CallFilter{AnyOf: q.Parties, To: limit, Limit: 3})
		if err != nil {
			return Reply{}, err
		}
		add(held)
	}
	for _, party := range q.Parties {
		if len(m.Points) >= 5 {
			break
		}
		held, err := b.store.Calls(ctx, summaries.CallFilter{AnyOf: [][]string{party}, To: limit, Limit: 2})
		if err != nil {
			return Reply{}, err
		}
		add(held)
	}
	if len(m.Points) == 0 {
		held, err := b.store.Calls(ctx, summaries.CallFilter{To: limit, Limit: 3})
		if err != nil {
			return Reply{}, err
		}
		add(held)
	}
	if len(m.Points) > 0 {
		m.Text += " The nearest calls I do hold:"
	} else {
		m.Text += " The store holds no calls yet."
	}
	return Reply{Messages: []Message{b.withReading(m, q)}}, nil
}
