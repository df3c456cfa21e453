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
