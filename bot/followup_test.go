package bot_test

import (
	"context"
	"testing"
	"time"

	"readout/bot"
)

// A follow-up continues the conversation it belongs to, and only that one,
// for half an hour.
func TestFollowUpsStayInTheirConversation(t *testing.T) {
	b, _ := newBot(t)
	ctx := context.Background()
	now := ts("2025-07-10T12:00:00Z")
	ask := func(o bot.Origin, text string, at time.Time) bot.Reply {
		t.Helper()
		return b.Handle(ctx, bot.Request{Origin: o, Text: text, Now: at})
	}
	alice := bot.Origin{Platform: "slack", Workspace: "T1", Channel: "C1", User: "alice"}
	bob := bot.Origin{Platform: "slack", Workspace: "T1", Channel: "C1", User: "bob"}

	if r := ask(alice, "what did trump and putin agree on 18 march 2025", now); len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2025-03-18" {
		t.Fatalf("first question: %+v", r.Calls)
	}
	r := ask(alice, "how long?", now.Add(time.Minute))
	if r.Intent != "duration" || len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2025-03-18" || r.Messages[0].Title != "The Trump–Putin call on 18 March 2025 lasted 1 h 30 min" {
		t.Fatalf("alice's follow-up: %s %+v %q", r.Intent, r.Calls, r.Messages[0].Title)
	}
	// Bob, in the same public channel but not in a thread, has no
	// conversation to continue.
	if r := ask(bob, "how long?", now.Add(2*time.Minute)); len(r.Calls) != 0 || r.Intent != "unknown" {
		t.Fatalf("bob continued alice's conversation: %s %+v", r.Intent, r.Calls)
	}
	// A new period keeps the leaders and the question.
	if r := ask(alice, "and in 2024?", now.Add(3*time.Minute)); len(r.Calls) != 0 || r.Intent != "duration" || r.Messages[0].Title != "I have no record of a call between Trump and Putin in 2024" {
		t.Fatalf("alice's new period: %s %+v %q", r.Intent, r.Calls, r.Messages[0].Title)
	}
	// Half an hour later the conversation is over.
	if r := ask(alice, "who called whom?", now.Add(40*time.Minute)); len(r.Calls) != 0 {
		t.Fatalf("a stale conversation was continued: %+v", r.Calls)
	}

	// In a thread, everyone shares one conversation.
	inThread := func(o bot.Origin) bot.Origin { o.Thread = "1700000000.000100"; return o }
	if r := ask(inThread(alice), "latest trump putin call", now); len(r.Calls) != 1 {
		t.Fatalf("thread question: %+v", r.Calls)
	}
	if r := ask(inThread(bob), "who called whom?", now.Add(time.Minute)); len(r.Calls) != 1 || r.Messages[0].Title != "Putin called Trump on 14 June 2025" {
		t.Fatalf("bob's follow-up in the thread: %+v", r.Messages[0].Title)
	}
	// "they" points back at the leaders; the subject is new.
	if r := ask(inThread(alice), "did they talk about iran?", now.Add(90*time.Second)); r.Intent != "did" || len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2025-06-14" {
		t.Fatalf("pronoun follow-up: %s %+v", r.Intent, r.Calls)
	}
	if r := ask(inThread(alice), "did they talk about tomahawks?", now.Add(100*time.Second)); len(r.Calls) != 0 || r.Messages[0].Title != "No: I have no record of a call between Trump and Putin about tomahawks" {
		t.Fatalf("pronoun follow-up, no such subject: %+v %q", r.Calls, r.Messages[0].Title)
	}
	// A question about calls in a period stands on its own.
	if r := ask(inThread(alice), "any calls in 2024?", now.Add(110*time.Second)); len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2024-04-02" {
		t.Fatalf("standalone period question: %+v", r.Calls)
	}
	// A question that names leaders starts afresh.
	if r := ask(inThread(bob), "did biden and xi talk in 2024", now.Add(2*time.Minute)); len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2024-04-02" {
		t.Fatalf("fresh question in the thread: %+v", r.Calls)
	}
}
