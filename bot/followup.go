package bot

import (
	"sync"
	"time"
)

// followUpWindow is how long a conversation remembers its last question.
const followUpWindow = 30 * time.Minute

// conversations remembers, per conversation, the last question answered,
// so that "who called whom?" or "and in 2025?" continue it. Its zero value
// is ready to use.
type conversations struct {
	mu   sync.Mutex
	last map[string]remembered
}

type remembered struct {
	q  Question
	at time.Time
}

// conversationKey says which conversation a message belongs to: a thread
// is one conversation for everyone in it; elsewhere (a channel, a DM, the
// console) each user has their own, so that in a public channel one
// user's question never continues another's.
func conversationKey(o Origin) string {
	k := o.Platform + "\x00" + o.Workspace + "\x00" + o.Channel + "\x00"
	if o.Thread != "" {
		return k + "t:" + o.Thread
	}
	return k + "u:" + o.User
}

func (c *conversations) recall(key string, now time.Time) (Question, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.last[key]
	if !ok || now.Sub(r.at) > followUpWindow || now.Before(r.at.Add(-followUpWindow)) {
		return Question{}, false
	}
	return r.q, true
}

func (c *conversations) remember(key string, q Question, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		c.last = map[string]remembered{}
	}
	// Forget conversations that went quiet, so memory stays bounded by
	// the conversations of the last half hour.
	for k, r := range c.last {
		if now.Sub(r.at) > followUpWindow {
			delete(c.last, k)
		}
	}
	c.last[key] = remembered{q: q, at: now}
}

// followUp completes a question with the one it follows: one that names
// nothing is about the same call; one that names only a period ("and in
// 2025?") asks the same of that period; one that names no leaders but
// points back at them ("did they discuss tomahawks?") keeps the leaders
// and asks its own subject.
func followUp(q, prev Question) Question {
	hasPeriod := !q.From.IsZero() || len(q.Spans) > 0
	onlyPeriod := len(q.Leaders) == 0 && len(q.Words) == 0 && hasPeriod && !q.standalone
	pointsBack := len(q.Leaders) == 0 && q.pronoun
	if q.Named && !onlyPeriod && !pointsBack {
		return q
	}
	if !q.explicitIntent {
		q.Intent = prev.Intent
	}
	q.Leaders, q.Parties = prev.Leaders, prev.Parties
	if len(q.Words) == 0 {
		q.Words = prev.Words
	}
	if q.Medium == "" {
		q.Medium = prev.Medium
	}
	if !hasPeriod {
		q.From, q.To, q.Spans, q.Period = prev.From, prev.To, prev.Spans, prev.Period
	}
	q.Named = true
	return q
}
