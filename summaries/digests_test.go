package summaries

import "testing"

func TestSubscriptionFollows(t *testing.T) {
	pair := []string{"donald-trump", "vladimir-putin"}
	for _, c := range []struct {
		leaders []string
		want    bool
	}{
		{nil, true},
		{[]string{"vladimir-putin"}, true},
		{[]string{"donald-trump", "vladimir-putin"}, true},
		{[]string{"donald-trump", "xi-jinping"}, false},
	} {
		if got := (Subscription{Leaders: c.leaders}).Follows(pair); got != c.want {
			t.Errorf("a subscription to %v follows %v: %v, want %v", c.leaders, pair, got, c.want)
		}
	}
}

// A subscription announces, in order, the versions of the calls it follows.
func TestSubscriptionAnnounces(t *testing.T) {
	calls := []CallVersion{{ID: 1, Version: 1}, {ID: 2, Version: 3}, {ID: 3, Version: 1}}
	people := map[int64][]string{1: {"donald-trump", "vladimir-putin"}, 2: {"xi-jinping", "donald-trump"}}
	if got := (Subscription{}).Announces(calls, people); len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Errorf("every call: %+v", got)
	}
	if got := (Subscription{Leaders: []string{"xi-jinping"}}).Announces(calls, people); len(got) != 1 || got[0] != calls[1] {
		t.Errorf("Xi's calls: %+v", got)
	}
}
