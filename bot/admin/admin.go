// Package admin runs the admin grammar: adding, removing and listing
// sources, and digest subscriptions. The chat core hands it admin
// commands once it has checked the requester is an admin.
package admin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/bot/digest"
	"readout/bot/ingest"
	"readout/summaries"
	"readout/summaries/leaders"
)

// Config wires Admin.
type Config struct {
	// Ingester stores a new source's current items.
	Ingester *ingest.Ingester
	Leaders  *leaders.Gazetteer
	Sources  summaries.SourceStore
	Digests  summaries.DigestStore
	// Fetcher reads the source "source add" names; it must refuse local
	// files, which a source added from chat never is.
	Fetcher      ingest.Fetcher
	Clock        clockwork.Clock
	PollInterval time.Duration // default 15m
	// AddTimeout bounds "source add" as a whole: fetch, feed discovery,
	// storing. Default 60s.
	AddTimeout time.Duration
	// SourcesChanged and SubscriptionsChanged, when set, let a running
	// poller and scheduler act on a change at once rather than at their
	// next look at the store.
	SourcesChanged       func()
	SubscriptionsChanged func()
	Logger               *slog.Logger
}

// Admin runs the admin grammar (see Request): sources and digest
// subscriptions. It implements bot.AdminCommands; the core has checked
// that the requester is an admin before Run is called.
type Admin struct {
	cfg   Config
	clock clockwork.Clock
	log   *slog.Logger
}

var _ bot.AdminCommands = (*Admin)(nil)

// New returns Admin.
func New(cfg Config) (*Admin, error) {
	if cfg.Ingester == nil || cfg.Leaders == nil || cfg.Sources == nil || cfg.Digests == nil || cfg.Fetcher == nil {
		return nil, errors.New("admin: an ingester, a gazetteer, a source store, a digest store and a fetcher are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 15 * time.Minute
	}
	if cfg.AddTimeout <= 0 {
		cfg.AddTimeout = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Admin{cfg: cfg, clock: cfg.Clock, log: cfg.Logger}, nil
}

const (
	sourceUsage = "use: source add URL | source remove URL | source list"
	digestUsage = "use: digest subscribe [leaders=trump,putin] [schedule=daily 08:00 Europe/Paris] [empty=yes] | digest unsubscribe | digest status"
)

// Run runs one admin command; args[0] is "source(s)" or "digest(s)".
func (a *Admin) Run(ctx context.Context, o bot.Origin, args []string) (bot.Reply, error) {
	if len(args) == 0 {
		return bot.Reply{}, errors.New(sourceUsage + "; " + digestUsage)
	}
	verb := ""
	if len(args) > 1 {
		verb = strings.ToLower(args[1])
	}
	rest := args[min(2, len(args)):]
	switch strings.ToLower(args[0]) {
	case "source", "sources":
		switch verb {
		case "add":
			link, ok := oneLink(rest)
			if !ok {
				return bot.Reply{}, errors.New("source add takes one URL; " + sourceUsage)
			}
			return a.addSource(ctx, o, link)
		case "remove", "rm", "delete":
			link, ok := oneLink(rest)
			if !ok {
				return bot.Reply{}, errors.New("source remove takes one URL; " + sourceUsage)
			}
			return a.removeSource(ctx, link)
		case "list", "":
			return a.listSources(ctx)
		}
		return bot.Reply{}, fmt.Errorf("unknown source command %q; %s", verb, sourceUsage)
	case "digest", "digests":
		switch verb {
		case "subscribe":
			return a.subscribe(ctx, o, rest)
		case "unsubscribe":
			return a.unsubscribe(ctx, o, rest)
		case "status", "list", "":
			return a.status(ctx, o, rest)
		}
		return bot.Reply{}, fmt.Errorf("unknown digest command %q; %s", verb, digestUsage)
	}
	return bot.Reply{}, fmt.Errorf("unknown admin command %q", args[0])
}

// addSource validates a URL, fetches it once (finding the feed a page
// links when it is a page), stores the source and its current items
// without announcing them, and answers with a preview.
func (a *Admin) addSource(ctx context.Context, o bot.Origin, raw string) (bot.Reply, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bot.Reply{}, fmt.Errorf("%q is not an http(s) URL; give the full address of a feed or a page, e.g. https://example.org/news/feed", raw)
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.AddTimeout)
	defer cancel()
	feedURL := u.String()
	res, err := a.cfg.Fetcher.Fetch(ctx, feedURL, ingest.Conditional{})
	foundOn := ""
	if (err == nil && res.Kind != ingest.KindFeed) || errors.Is(err, ingest.ErrNoArticle) {
		// A page: follow its <link rel="alternate"> to the feed.
		disc, derr := a.cfg.Fetcher.Discover(ctx, feedURL)
		if errors.Is(derr, ingest.ErrNoFeed) {
			return bot.Reply{}, fmt.Errorf("could not add %s: it is a page that links no feed (RSS, Atom or JSON Feed); add the feed's own address", feedURL)
		}
		if derr != nil {
			return bot.Reply{}, fmt.Errorf("could not add %s: %s", feedURL, bot.OneLine(derr))
		}
		foundOn, feedURL = feedURL, disc
		res, err = a.cfg.Fetcher.Fetch(ctx, feedURL, ingest.Conditional{})
	}
	if err != nil {
		return bot.Reply{}, fmt.Errorf("could not add %s: %s", feedURL, bot.OneLine(err))
	}
	if res.Kind != ingest.KindFeed {
		return bot.Reply{}, fmt.Errorf("could not add %s: it is not a feed (RSS, Atom or JSON Feed)", feedURL)
	}
	// The source is stored not yet polled, and marked polled in the
	// transaction that stores its last item: an add interrupted half-way
	// leaves a source whose next poll is its first, which announces
	// nothing.
	now := a.clock.Now()
	src, existed, err := a.cfg.Sources.AddSource(ctx, summaries.Source{URL: feedURL, Kind: string(res.Kind), Title: res.Title, AddedBy: o.Platform + ":" + o.User,
		AddedAt: now, NextPoll: now.Add(a.cfg.PollInterval)})
	if err != nil {
		return bot.Reply{}, err
	}
	// Stored without announcing: a new source's items are its past.
	added := src
	stored, err := a.cfg.Ingester.StoreAll(ctx, ingest.Batch{Articles: res.Articles, SourceID: src.ID,
		Polled: func(stored ingest.Stored) summaries.Source {
			s := added
			s.ItemsSeen += stored.New
			s.ETag, s.LastModified, s.LastSuccess, s.PolledOnce = res.ETag, res.LastModified, now, true
			if stored.Failed > 0 {
				s.ETag, s.LastModified = "", ""
				s.LastError = ingest.Unstored(stored, len(res.Articles))
			}
			src = s
			return s
		}})
	if err != nil {
		return bot.Reply{}, err
	}
	newItems := stored.New
	if a.cfg.SourcesChanged != nil {
		a.cfg.SourcesChanged()
	}
	a.log.Info("source added", "source", feedURL, "by", o.Platform+":"+o.User, "items", len(res.Articles), "existed", existed)
	return bot.Reply{Messages: []bot.Message{a.preview(src, res, foundOn, existed, newItems)}}, nil
}

// oneLink reads the one link an argument list holds, undoing how chat
// platforms wrap a pasted link: Slack sends <https://x|label> (the label
// may have spaces) or <https://x>, Discord users write <https://x> to
// suppress its preview.
func oneLink(words []string) (string, bool) {
	s := strings.Join(words, " ")
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s, _, _ = strings.Cut(s[1:len(s)-1], "|")
		return s, s != "" && !strings.ContainsAny(s, " \t")
	}
	return s, len(words) == 1
}

func (a *Admin) preview(src summaries.Source, res ingest.Fetched, foundOn string, existed bool, newItems int) bot.Message {
	title := src.Title
	if title == "" {
		title = src.URL
	}
	m := bot.Message{Title: "Source added: " + title}
	if existed {
		m.Title = "Source already followed: " + title
	}
	m.Fields = []bot.Field{{Name: "Kind", Value: src.Kind}, {Name: "Items", Value: fmt.Sprint(len(res.Articles))}}
	var newest time.Time
	for _, art := range res.Articles {
		if art.Published.After(newest) {
			newest = art.Published
		}
	}
	if newest.IsZero() {
		m.Fields = append(m.Fields, bot.Field{Name: "Newest item", Value: "undated"})
	} else {
		m.Fields = append(m.Fields, bot.Field{Name: "Newest item", Value: newest.UTC().Format("2 January 2006 15:04 UTC")})
	}
	m.Fields = append(m.Fields, bot.Field{Name: "Feed", Value: src.URL})
	if foundOn != "" {
		m.Fields = append(m.Fields, bot.Field{Name: "Found on", Value: foundOn})
	}
	for _, art := range res.Articles[:min(3, len(res.Articles))] {
		m.Points = append(m.Points, bot.Point{Text: bot.Trim(art.Title, 160), URL: art.URL})
	}
	m.Text = fmt.Sprintf("%s stored without being announced; new coverage from the next poll on (%s) goes to subscribed channels.",
		bot.Plural(newItems, "new item", "new items"), src.NextPoll.UTC().Format("15:04 UTC"))
	if existed {
		m.Text = "It was followed already; it is polled again from now on. " + m.Text
	}
	return m
}

func (a *Admin) removeSource(ctx context.Context, ref string) (bot.Reply, error) {
	src, err := a.cfg.Sources.RemoveSource(ctx, ref)
	if errors.Is(err, summaries.ErrNotFound) {
		return bot.Reply{}, fmt.Errorf("no source %s; \"source list\" shows them", ref)
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if a.cfg.SourcesChanged != nil {
		a.cfg.SourcesChanged()
	}
	return bot.Reply{Messages: []bot.Message{{Title: "Source removed: " + cmp.Or(src.Title, src.URL),
		Text: fmt.Sprintf("%s is no longer polled. The %s it brought stay on record.", src.URL, bot.Plural(src.ItemsSeen, "article", "articles"))}}}, nil
}

// maxListed bounds the sources listed in one message.
const maxListed = 50

func (a *Admin) listSources(ctx context.Context) (bot.Reply, error) {
	all, err := a.cfg.Sources.Sources(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	m := bot.Message{Title: fmt.Sprintf("Sources (%d)", len(all))}
	if len(all) == 0 {
		m.Text = "No sources yet: add one with \"source add URL\"."
	}
	for _, s := range all[:min(len(all), maxListed)] {
		m.Points = append(m.Points, bot.Point{Text: sourceLine(s), URL: s.URL})
	}
	if len(all) > maxListed {
		m.Points = append(m.Points, bot.Point{Text: fmt.Sprintf("and %d more", len(all)-maxListed)})
	}
	return bot.Reply{Messages: []bot.Message{m}}, nil
}

// sourceLine is a source's status on one line: title and address, last
// success, last error, items seen, next poll.
func sourceLine(s summaries.Source) string {
	const at = "2 Jan 15:04 UTC"
	var parts []string
	if s.Title != "" {
		parts = append(parts, fmt.Sprintf("#%d %s <%s>", s.ID, s.Title, s.URL))
	} else {
		parts = append(parts, fmt.Sprintf("#%d %s", s.ID, s.URL))
	}
	switch {
	case s.Paused:
		parts = append(parts, fmt.Sprintf("PAUSED after %d failures", s.Errors))
	case s.Errors > 0:
		parts = append(parts, fmt.Sprintf("failing (%d in a row)", s.Errors))
	case s.LastSuccess.IsZero():
		parts = append(parts, "not polled yet")
	default:
		parts = append(parts, "ok")
	}
	if !s.LastSuccess.IsZero() {
		parts = append(parts, "last success "+s.LastSuccess.UTC().Format(at))
	}
	if s.LastError != "" {
		parts = append(parts, "last error: "+bot.Trim(sourceError(s), 160))
	}
	parts = append(parts, bot.Plural(s.ItemsSeen, "item", "items"))
	if !s.Paused && !s.NextPoll.IsZero() {
		parts = append(parts, "next poll "+s.NextPoll.UTC().Format(at))
	}
	return strings.Join(parts, " · ")
}

// sourceError is a source's last error on one line, without the address
// the line already shows.
func sourceError(s summaries.Source) string {
	e := strings.ReplaceAll(s.LastError, "fetch "+s.URL+": ", "")
	e = strings.ReplaceAll(e, s.URL+": ", "")
	return strings.Join(strings.Fields(e), " ")
}

// options reads "key=value" words; a value runs until the next known key,
// so that "leaders=xi jinping, putin" and "schedule=daily 08:00 UTC" need
// no quotes.
func options(words []string, known ...string) (map[string]string, error) {
	out := map[string]string{}
	key := ""
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if ok && slices.Contains(known, strings.ToLower(k)) {
			key = strings.ToLower(k)
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("%s= is given twice", key)
			}
			out[key] = v
			continue
		}
		if ok && key == "" {
			return nil, fmt.Errorf("unknown option %s= (known: %s=)", k, strings.Join(known, "=, "))
		}
		if key == "" {
			return nil, fmt.Errorf("unexpected %q: options are written key=value (%s=)", w, strings.Join(known, "=, "))
		}
		out[key] = strings.TrimSpace(out[key] + " " + w)
	}
	return out, nil
}

// target is the channel a digest command is about: the one it was typed in,
// or, from the command line or the console, the one channel= names.
func target(o bot.Origin, opts map[string]string) (platform, channel string, err error) {
	if v, ok := opts["channel"]; ok {
		if o.Platform != "cli" && o.Platform != "console" {
			return "", "", errors.New("channel= is only for the command line; run the command in the channel itself")
		}
		p, c, ok := strings.Cut(strings.TrimSpace(v), ":")
		if !ok || p == "" || c == "" || strings.ContainsAny(c, " \t") {
			return "", "", fmt.Errorf("channel=%q: write platform:channel, e.g. channel=discord:123456789012345678", v)
		}
		return strings.ToLower(p), c, nil
	}
	if o.Channel == "" {
		return "", "", errors.New("name the channel: channel=platform:channel, e.g. channel=slack:C0123456789")
	}
	return o.Platform, o.Channel, nil
}

func (a *Admin) subscribe(ctx context.Context, o bot.Origin, words []string) (bot.Reply, error) {
	opts, err := options(words, "leaders", "schedule", "empty", "channel")
	if err != nil {
		return bot.Reply{}, fmt.Errorf("%w; %s", err, digestUsage)
	}
	platform, channel, err := target(o, opts)
	if err != nil {
		return bot.Reply{}, err
	}
	now := a.clock.Now()
	sub := summaries.Subscription{Platform: platform, Channel: channel, CreatedBy: o.Platform + ":" + o.User, CreatedAt: now, PeriodStart: now}
	if v, ok := opts["leaders"]; ok {
		if sub.Leaders, err = a.resolveLeaders(v, now); err != nil {
			return bot.Reply{}, err
		}
	}
	var sched digest.Schedule
	if v, ok := opts["schedule"]; ok {
		if sched, err = digest.ParseSchedule(v); err != nil {
			return bot.Reply{}, err
		}
		sub.Schedule = sched.String()
	}
	if v, ok := opts["empty"]; ok {
		switch strings.ToLower(v) {
		case "yes", "true", "on", "1":
			sub.Empty = true
		case "no", "false", "off", "0":
		default:
			return bot.Reply{}, fmt.Errorf("empty=%q: write empty=yes or empty=no", v)
		}
		if sub.Schedule == "" && sub.Empty {
			return bot.Reply{}, errors.New("empty=yes only applies to a scheduled digest (schedule=...)")
		}
	}
	stored, replaced, err := a.cfg.Digests.Subscribe(ctx, sub)
	if err != nil {
		return bot.Reply{}, err
	}
	if a.cfg.SubscriptionsChanged != nil {
		a.cfg.SubscriptionsChanged()
	}
	a.log.Info("digest subscribed", "channel", stored.Target(), "leaders", stored.Leaders, "schedule", stored.Schedule, "by", sub.CreatedBy)
	m := a.subscriptionMessage(stored, now)
	m.Title = "Subscribed: " + stored.Target()
	if replaced {
		m.Title = "Subscription updated: " + stored.Target()
	}
	return bot.Reply{Messages: []bot.Message{m}}, nil
}

// resolveLeaders turns "trump, xi jinping" into leader ids, sorted.
func (a *Admin) resolveLeaders(value string, now time.Time) ([]string, error) {
	g := a.cfg.Leaders
	var ids []string
	for _, name := range strings.Split(value, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		id := ""
		if _, ok := g.Leader(name); ok {
			id = name
		}
		for _, m := range g.Find(name, now, leaders.Query) {
			if id == "" && m.Leader != "" {
				id = m.Leader
			}
		}
		if id == "" {
			return nil, fmt.Errorf("unknown leader %q: name leaders as in leaders=trump,putin", name)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("leaders= names no leader; leave it out to follow every call")
	}
	slices.Sort(ids)
	return ids, nil
}

func (a *Admin) subscriptionMessage(s summaries.Subscription, now time.Time) bot.Message {
	m := bot.Message{}
	who := "every call"
	if len(s.Leaders) > 0 {
		var names []string
		for _, id := range s.Leaders {
			names = append(names, a.cfg.Leaders.Name(id))
		}
		who = "calls with " + strings.Join(names, " and ")
	}
	m.Fields = append(m.Fields, bot.Field{Name: "Follows", Value: who})
	if s.Schedule == "" {
		m.Fields = append(m.Fields, bot.Field{Name: "Delivery", Value: "new and updated calls as they are reported"})
	} else {
		m.Fields = append(m.Fields, bot.Field{Name: "Schedule", Value: s.Schedule})
		if sched, err := digest.ParseSchedule(s.Schedule); err == nil && !s.Paused {
			if next, err := sched.Next(now); err == nil {
				m.Fields = append(m.Fields, bot.Field{Name: "Next digest", Value: next.In(sched.Loc).Format("Mon 2 Jan 2006 15:04 MST")})
			}
		}
		empty := "skipped"
		if s.Empty {
			empty = "posted"
		}
		m.Fields = append(m.Fields, bot.Field{Name: "Empty periods", Value: empty})
	}
	if s.Paused {
		m.Fields = append(m.Fields, bot.Field{Name: "State", Value: "PAUSED: " + s.PausedReason})
	}
	return m
}

func (a *Admin) unsubscribe(ctx context.Context, o bot.Origin, words []string) (bot.Reply, error) {
	opts, err := options(words, "channel")
	if err != nil {
		return bot.Reply{}, err
	}
	platform, channel, err := target(o, opts)
	if err != nil {
		return bot.Reply{}, err
	}
	sub, err := a.cfg.Digests.Unsubscribe(ctx, platform, channel)
	if errors.Is(err, summaries.ErrNotFound) {
		return bot.Reply{}, fmt.Errorf("%s:%s has no digest subscription", platform, channel)
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if a.cfg.SubscriptionsChanged != nil {
		a.cfg.SubscriptionsChanged()
	}
	return bot.Reply{Messages: []bot.Message{{Title: "Unsubscribed: " + sub.Target(), Text: "This channel gets no more digests."}}}, nil
}

func (a *Admin) status(ctx context.Context, o bot.Origin, words []string) (bot.Reply, error) {
	opts, err := options(words, "channel")
	if err != nil {
		return bot.Reply{}, err
	}
	now := a.clock.Now()
	if _, named := opts["channel"]; !named && o.Channel == "" {
		return a.listSubscriptions(ctx, now)
	}
	platform, channel, err := target(o, opts)
	if err != nil {
		return bot.Reply{}, err
	}
	sub, err := a.cfg.Digests.Subscription(ctx, platform, channel)
	if errors.Is(err, summaries.ErrNotFound) {
		return bot.Reply{Messages: []bot.Message{{Title: "No digest subscription", Text: fmt.Sprintf(
			"%s:%s gets no digests. Subscribe with \"digest subscribe\" (all calls as they are reported), "+
				"\"digest subscribe leaders=trump,putin\" or \"digest subscribe schedule=daily 08:00 Europe/Paris\".", platform, channel)}}}, nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	st, err := a.cfg.Digests.DeliveryStats(ctx, platform, channel)
	if err != nil {
		return bot.Reply{}, err
	}
	m := a.subscriptionMessage(sub, now)
	m.Title = "Digest subscription: " + sub.Target()
	delivered := fmt.Sprintf("%d sent, %d pending, %d failed", st.Sent, st.Pending, st.Failed)
	if !st.LastSent.IsZero() {
		delivered += ", last " + st.LastSent.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	m.Fields = append(m.Fields, bot.Field{Name: "Deliveries", Value: delivered})
	return bot.Reply{Messages: []bot.Message{m}}, nil
}

func (a *Admin) listSubscriptions(ctx context.Context, now time.Time) (bot.Reply, error) {
	subs, err := a.cfg.Digests.Subscriptions(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	m := bot.Message{Title: fmt.Sprintf("Digest subscriptions (%d)", len(subs))}
	if len(subs) == 0 {
		m.Text = "None yet. From a channel: \"digest subscribe\"; from the command line: digest subscribe channel=discord:CHANNEL_ID."
	}
	for _, s := range subs {
		f := a.subscriptionMessage(s, now).Fields
		var parts []string
		for _, x := range f {
			parts = append(parts, x.Name+": "+x.Value)
		}
		m.Points = append(m.Points, bot.Point{Text: s.Target() + " · " + strings.Join(parts, " · ")})
	}
	return bot.Reply{Messages: []bot.Message{m}}, nil
}
