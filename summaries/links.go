package summaries

import "time"

// MentionLink is one mention's tie between an article and a record.
type MentionLink struct {
	Call, Article int64
	Role          Role
	Created       time.Time // when the mention was stored
}

// MentionLinks follows, within one ingest transaction, the articles each
// record gains, loses or sees change role. A store that keeps a record's
// articles with its mentions, not in the record, so tells whether they
// changed (SaveCall) without reading them. An article read again keeps
// the time it first mentioned a record, so that a version saved before
// the edit still lists it (CallAt). The zero value is ready to use.
type MentionLinks struct {
	before map[linkKey]linkState // as the record last saved has them
	after  map[linkKey]linkState // as they are now
	fresh  map[linkKey]bool      // made by this transaction
}

type linkKey struct{ call, article int64 }

type linkState struct {
	role    Role
	created time.Time
}

// strongest is the role an article has in a record: reported when any of
// its mentions reports the call.
func strongest(a, b Role) Role {
	if a == Reported || b == Reported {
		return Reported
	}
	return b
}

// Removed notes a deleted mention.
func (ls *MentionLinks) Removed(l MentionLink) {
	if l.Call == 0 {
		return
	}
	k := linkKey{l.Call, l.Article}
	if ls.fresh[k] {
		delete(ls.after, k)
		return
	}
	if ls.before == nil {
		ls.before = map[linkKey]linkState{}
	}
	st, ok := ls.before[k]
	if !ok || (!l.Created.IsZero() && l.Created.Before(st.created)) {
		st.created = l.Created
	}
	st.role = strongest(st.role, l.Role)
	ls.before[k] = st
}

// Added notes a stored (or attached) mention and returns the time to
// store it with: when its article mentioned the record before the
// transaction, that earlier time.
func (ls *MentionLinks) Added(l MentionLink) time.Time {
	k := linkKey{l.Call, l.Article}
	if ls.after == nil {
		ls.after, ls.fresh = map[linkKey]linkState{}, map[linkKey]bool{}
	}
	ls.fresh[k] = true
	created := l.Created
	if st, ok := ls.before[k]; ok && !st.created.IsZero() {
		created = st.created
	}
	ls.after[k] = linkState{role: strongest(ls.after[k].role, l.Role), created: created}
	return created
}

// Saved notes that a record was saved with its articles as they are now:
// later changes in the transaction are counted from there.
func (ls *MentionLinks) Saved(call int64) {
	for k := range ls.before {
		if k.call == call {
			delete(ls.before, k)
		}
	}
	for k, st := range ls.after {
		if k.call == call {
			if ls.before == nil {
				ls.before = map[linkKey]linkState{}
			}
			ls.before[k] = st
		}
	}
}

// Changed reports whether the transaction changed a record's articles:
// one gained, one lost, or one's role.
func (ls *MentionLinks) Changed(call int64) bool {
	for k, st := range ls.before {
		if k.call == call && ls.after[k].role != st.role {
			return true
		}
	}
	for k, st := range ls.after {
		if was, ok := ls.before[k]; k.call == call && (!ok || was.role != st.role) {
			return true
		}
	}
	return false
}

// CallIDs lists the calls' ids, in their order.
func CallIDs(calls []Call) []int64 {
	ids := make([]int64, len(calls))
	for i, c := range calls {
		ids[i] = c.ID
	}
	return ids
}

// SetArticles gives each call its articles from lists, by id: a store
// keeps a record's articles apart from it (they are its mentions').
func SetArticles(calls []Call, lists map[int64][]ArticleRef) {
	for i := range calls {
		calls[i].Articles = lists[calls[i].ID]
	}
}

// CallMention is a stored mention's article with the record it belongs to,
// as a store reads them for a listing of records' articles.
type CallMention struct {
	CallID int64
	Attributed
}

// ArticlesByCall lists each record's articles from its mentions (as
// ArticleList does for one record); with asOf set, only the mentions seen
// by then: the articles of a version saved at asOf.
func ArticlesByCall(ms []CallMention, asOf time.Time) map[int64][]ArticleRef {
	byCall := map[int64][]Attributed{}
	for _, m := range ms {
		if asOf.IsZero() || !m.Seen.After(asOf) {
			byCall[m.CallID] = append(byCall[m.CallID], m.Attributed)
		}
	}
	out := make(map[int64][]ArticleRef, len(byCall))
	for id, list := range byCall {
		SortMentions(list)
		out[id] = ArticleList(list)
	}
	return out
}
