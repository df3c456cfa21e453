package slack

import (
	"container/list"
	"context"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"
)

const (
	// userTTL is how long a users.info answer stands: a demoted admin keeps
	// admin rights for at most this long.
	userTTL  = 5 * time.Minute
	maxUsers = 1000

	// eventIDTTL matches how long Slack keeps retrying an event.
	eventIDTTL  = time.Hour
	maxEventIDs = 4096
)

// whois returns the user's display name and whether they may run admin
// commands: workspace admins and owners, and the configured allowlist. When
// Slack cannot say, only the allowlist counts.
func (a *Adapter) whois(ctx context.Context, userID string) (name string, admin bool) {
	if userID == "" {
		return "", false
	}
	allowed := a.admins[userID]
	if u, ok := a.users.get(userID); ok {
		return u.name, allowed || u.admin
	}
	var info *slack.User
	err := a.withRetry(ctx, "users.info", func(ctx context.Context) error {
		var err error
		info, err = a.api.GetUserInfoContext(ctx, userID)
		return err
	})
	if err != nil {
		a.log.Warn("cannot look up user; treating as non-admin unless allowlisted", "user", userID, "err", err)
		return "", allowed
	}
	u := userInfo{
		name:  displayName(info),
		admin: info.IsAdmin || info.IsOwner || info.IsPrimaryOwner,
	}
	a.users.put(userID, u)
	return u.name, allowed || u.admin
}

func displayName(u *slack.User) string {
	for _, n := range []string{u.Profile.DisplayName, u.RealName, u.Name} {
		if n != "" {
			return n
		}
	}
	return ""
}

type userInfo struct {
	name  string
	admin bool
}

// userCache remembers users.info answers for a while, so that a busy
// channel does not cost one Web API call per message.
type userCache struct {
	clock clockwork.Clock
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	m     map[string]cachedUser
}

type cachedUser struct {
	userInfo
	expires time.Time
}

func newUserCache(clock clockwork.Clock, ttl time.Duration, max int) *userCache {
	return &userCache{clock: clock, ttl: ttl, max: max, m: make(map[string]cachedUser)}
}

func (c *userCache) get(id string) (userInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.m[id]
	if !ok || c.clock.Now().After(u.expires) {
		return userInfo{}, false
	}
	return u.userInfo, true
}

func (c *userCache) put(id string, u userInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	if len(c.m) >= c.max {
		for k, v := range c.m {
			if now.After(v.expires) {
				delete(c.m, k)
			}
		}
		// Still full: forget an arbitrary user; they are looked up again.
		for k := range c.m {
			if len(c.m) < c.max {
				break
			}
			delete(c.m, k)
		}
	}
	c.m[id] = cachedUser{userInfo: u, expires: now.Add(c.ttl)}
}

// recentIDs remembers the event ids seen lately, the most recent max of
// them for ttl. It is the adapter's first line against Slack's retries; the
// core's persistent record of event ids covers restarts.
type recentIDs struct {
	clock clockwork.Clock
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	order *list.List // of seenID, oldest first
	index map[string]*list.Element
}

type seenID struct {
	id   string
	seen time.Time
}

func newRecentIDs(clock clockwork.Clock, max int, ttl time.Duration) *recentIDs {
	return &recentIDs{clock: clock, ttl: ttl, max: max, order: list.New(), index: make(map[string]*list.Element)}
}

// repeat reports whether id was seen within ttl, and remembers it.
func (r *recentIDs) repeat(id string) bool {
	if id == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	for e := r.order.Front(); e != nil && now.Sub(e.Value.(seenID).seen) > r.ttl; e = r.order.Front() {
		r.forget(e)
	}
	if _, ok := r.index[id]; ok {
		return true
	}
	for r.order.Len() >= r.max {
		r.forget(r.order.Front())
	}
	r.index[id] = r.order.PushBack(seenID{id: id, seen: now})
	return false
}

func (r *recentIDs) forget(e *list.Element) {
	delete(r.index, e.Value.(seenID).id)
	r.order.Remove(e)
}
