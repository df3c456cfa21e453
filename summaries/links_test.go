package summaries

import (
	"testing"
	"time"
)

// A record's articles changed when the transaction gave it an article,
// took one away or changed one's role, counted from the record as last
// saved; an article read again keeps the time it first mentioned the call.
func TestMentionLinks(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	var ls MentionLinks
	if ls.Changed(1) {
		t.Fatal("changed before anything happened")
	}
	// An edited article mentioning call 1 as before.
	ls.Removed(MentionLink{Call: 1, Article: 10, Role: Reported, Created: t0})
	ls.Removed(MentionLink{Call: 1, Article: 10, Role: Background, Created: t0.Add(time.Minute)})
	if got := ls.Added(MentionLink{Call: 1, Article: 10, Role: Reported, Created: t1}); !got.Equal(t0) {
		t.Fatalf("re-read article stored at %v, want its first time %v", got, t0)
	}
	if ls.Changed(1) {
		t.Fatal("the same article with the same role counted as a change")
	}
	// A new article for call 1; call 2 untouched.
	if got := ls.Added(MentionLink{Call: 1, Article: 11, Role: Background, Created: t1}); !got.Equal(t1) {
		t.Fatalf("new mention stored at %v, want %v", got, t1)
	}
	if !ls.Changed(1) || ls.Changed(2) {
		t.Fatalf("changed: call 1 %v (want true), call 2 %v (want false)", ls.Changed(1), ls.Changed(2))
	}
	ls.Saved(1)
	if ls.Changed(1) {
		t.Fatal("changed again right after being saved")
	}
	// Later in the transaction: article 11 now reports the call.
	ls.Removed(MentionLink{Call: 1, Article: 11, Role: Background, Created: t1})
	ls.Added(MentionLink{Call: 1, Article: 11, Role: Reported, Created: t1})
	if !ls.Changed(1) {
		t.Fatal("a role change not counted")
	}
	ls.Saved(1)
	// Article 10 no longer mentions call 1.
	ls.Removed(MentionLink{Call: 1, Article: 10, Role: Reported, Created: t0})
	if !ls.Changed(1) {
		t.Fatal("a lost article not counted")
	}
}

// A version's articles are those whose mention was seen by its time;
// each record's list is ArticleList of its own mentions.
func TestArticlesByCall(t *testing.T) {
	at := func(call int64, url string, seen time.Time) CallMention {
		return CallMention{CallID: call, Attributed: Attributed{Mention: Mention{Role: Reported}, Seen: seen,
			Article: ArticleRef{URL: url, Published: seen, Role: Reported}}}
	}
	t0 := time.Date(2025, 3, 18, 12, 0, 0, 0, time.UTC)
	ms := []CallMention{at(1, "https://a.test/1", t0), at(2, "https://b.test/1", t0), at(1, "https://a.test/2", t0.Add(time.Hour))}
	all := ArticlesByCall(ms, time.Time{})
	if len(all) != 2 || len(all[1]) != 2 || len(all[2]) != 1 {
		t.Fatalf("all: %+v", all)
	}
	then := ArticlesByCall(ms, t0.Add(time.Minute))
	if len(then[1]) != 1 || then[1][0].URL != "https://a.test/1" {
		t.Errorf("as of a minute after the first: %+v", then)
	}
}
