package discord

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/adapters/discord/internal/fakediscord"
	"readout/adapters/feeds"
	"readout/bot"
	"readout/bot/admin"
	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// These tests drive the real discordgo client against the fake Discord with
// the real core behind the adapter: storage on a SQLite file, the built-in
// gazetteer, the extractor and the admin commands wired as cli/admin.go
// wires them.

// e2eArticles are the coverage the store is seeded with.
var e2eArticles = []summaries.Article{
	{
		URL: "https://t.test/1", Title: "Putin and Trump speak by phone", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 18, 21, 0, 0, 0, time.UTC),
		Text: "Vladimir Putin and Donald Trump spoke by telephone on Tuesday for 90 minutes, the Kremlin said, " +
			"and agreed to a 30-day pause in strikes on energy infrastructure.\n\nPutin turned down a full ceasefire.",
	},
	{
		URL: "https://t.test/2", Title: "Macron and Zelensky discuss security guarantees", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 11, 17, 0, 0, 0, time.UTC),
		Text: "Emmanuel Macron spoke by phone with Volodymyr Zelensky on Tuesday, the Elysee said, " +
			"and the two discussed security guarantees for Ukraine.\n\nThey agreed to stay in close contact.",
	},
	{
		URL: "https://t.test/3", Title: "Markets steady", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 19, 9, 0, 0, 0, time.UTC),
		Text:      "Shares moved little on Wednesday as traders waited for new data on inflation.\n\nBond yields were steady.",
	},
}

// e2eCore is the real core on a fresh database.
type e2eCore struct {
	db   *storage.DB
	bot  *bot.Bot
	feed *e2eFeed
}

func newE2ECore(t *testing.T) *e2eCore {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatalf("leaders.Builtin: %v", err)
	}
	in, err := ingest.New(ingest.Config{Store: db, Sources: db, Extractor: extract.NewExtractor(g)})
	if err != nil {
		t.Fatalf("ingest.New: %v", err)
	}
	// As adapters/cli/wire.go does, with private addresses allowed so that
	// a feed can live on 127.0.0.1.
	adm, err := admin.New(admin.Config{Ingester: in, Leaders: g, Sources: db, Digests: db,
		Fetcher: feeds.New(feeds.Options{AllowPrivate: true, Timeout: 5 * time.Second}), PollInterval: 15 * time.Minute, AddTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("admin.New: %v", err)
	}
	b, err := bot.New(bot.Config{Store: db, Leaders: g, Admin: adm})
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	for _, a := range e2eArticles {
		if _, err := in.Ingest(ctx, a, 0); err != nil {
			t.Fatalf("ingest %s: %v", a.URL, err)
		}
	}
	return &e2eCore{db: db, bot: b, feed: newE2EFeed(t)}
}

// counts is how many sources and calls the store holds.
func (c *e2eCore) counts(t *testing.T) (srcs, calls int) {
	t.Helper()
	ctx := context.Background()
	s, err := c.db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.db.Calls(ctx, summaries.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(s), len(cs)
}

// e2eFeed serves a small RSS feed on 127.0.0.1 and counts its requests.
type e2eFeed struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits []string
}

func newE2EFeed(t *testing.T) *e2eFeed {
	f := &e2eFeed{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *e2eFeed) url() string { return f.srv.URL + "/world.xml" }

func (f *e2eFeed) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.hits...)
}

func (f *e2eFeed) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits = append(f.hits, r.URL.Path)
	f.mu.Unlock()
	if r.URL.Path != "/world.xml" {
		http.NotFound(w, r)
		return
	}
	// The items carry their full text, so that the fetcher has no reason
	// to follow their links (which point back here anyway).
	item := func(n int, title, text string, pub time.Time) string {
		var paras strings.Builder
		for _, p := range strings.Split(text, "\n\n") {
			paras.WriteString("<p>" + html.EscapeString(p) + "</p>")
		}
		link := fmt.Sprintf("%s/a/%d", f.srv.URL, n)
		return fmt.Sprintf(`<item><title>%s</title><link>%s</link><guid isPermaLink="false">feed-%d</guid><pubDate>%s</pubDate>`+
			`<content:encoded><![CDATA[%s]]></content:encoded></item>`, html.EscapeString(title), link, n, pub.Format(time.RFC1123Z), paras.String())
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Loopback Wire</title><link>`+f.srv.URL+`/</link><description>Test feed</description>
`+item(1, "Erdogan and Putin talk by phone",
		"Recep Tayyip Erdogan and Vladimir Putin spoke by telephone on Friday, the Turkish presidency said, and discussed grain exports.\n\nThe call lasted about an hour.",
		time.Date(2025, 3, 21, 15, 0, 0, 0, time.UTC))+
		item(2, "Markets note", "Shares moved little on Friday as traders waited for new data on inflation.\n\nBond yields were steady.",
			time.Date(2025, 3, 21, 9, 0, 0, 0, time.UTC))+`
</channel></rss>
`)
}

// startWithCore runs the adapter against a fresh fake Discord with the real
// core as its handler.
func startWithCore(t *testing.T, c *e2eCore) *env {
	t.Helper()
	return start(t, nil, func(o *Options) { o.Handler = c.bot })
}

func embedFields(e fakediscord.Embed) map[string]string {
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Name] = f.Value
	}
	return m
}

// checkCallEmbed checks that an embed is the seeded Trump–Putin call.
func checkCallEmbed(t *testing.T, what string, m fakediscord.Message) {
	t.Helper()
	if len(m.Embeds) == 0 {
		t.Fatalf("%s: no embed: %+v", what, m)
	}
	e := m.Embeds[0]
	for _, want := range []string{"Trump", "Putin", "18 March 2025"} {
		if !strings.Contains(e.Title, want) {
			t.Errorf("%s: embed title %q lacks %q", what, e.Title, want)
		}
	}
	if d := embedFields(e)["Duration"]; d != "1 h 30 min" {
		t.Errorf("%s: Duration field %q, want \"1 h 30 min\" (fields %v)", what, d, embedFields(e))
	}
	if !strings.Contains(e.Description+embedFields(e)["Sources"], "https://t.test/1") {
		t.Errorf("%s: the embed does not cite the article:\n%s\n%v", what, e.Description, embedFields(e))
	}
}

func TestE2ESlashAskAnswersFromTheStore(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "latest trump putin call"))},
	})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 5 || (cb.Data != nil && cb.Data.Flags&64 != 0) {
		t.Errorf("first response %+v, want a public deferral", cb)
	}
	edit := e.wait(about(in, fakediscord.RouteEditResponse))
	if edit.Status != 200 {
		t.Fatalf("edit answered %d: %s", edit.Status, edit.Body)
	}
	checkCallEmbed(t, "/readout ask", decode[fakediscord.Message](edit.Body))
	e.idle()
	for _, r := range e.fake.Requests() {
		if about(in, fakediscord.RouteDeleteResponse)(r) || about(in, fakediscord.RouteFollowup)(r) {
			t.Errorf("a public answer was not simply edited in: %s %s", r.Method, r.Pattern)
		}
	}
}

func TestE2EMentionAnswersFromTheStore(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	id := e.mention("latest trump putin call")
	r := e.wait(replyTo(id))
	if r.Status != 200 || r.Path != "/api/v9/channels/"+channelID+"/messages" {
		t.Fatalf("reply %s answered %d", r.Path, r.Status)
	}
	checkCallEmbed(t, "mention", decode[fakediscord.Message](r.Body))
	e.idle()
	posts := 0
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteChannelMessages || r.Pattern == fakediscord.RouteDMChannel {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d posts for one mention, want 1", posts)
	}
}

func adminSourceAdd(url string) []fakediscord.Option {
	return []fakediscord.Option{fakediscord.Group("source", fakediscord.Sub("add", fakediscord.Str("url", url)))}
}

func TestE2EAdminSourceAddFromAMemberIsRefused(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	srcs0, calls0 := c.counts(t)

	in := e.interact(fakediscord.Invocation{Guild: guildID, User: member, Command: "readout-admin", Options: adminSourceAdd(c.feed.url())})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 5 || cb.Data == nil || cb.Data.Flags != 64 {
		t.Errorf("first response %+v, want deferred with flags 64", cb)
	}
	edit := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteEditResponse)).Body)
	if len(edit.Embeds) != 1 || edit.Embeds[0].Title != "Admins only" || !strings.Contains(edit.Embeds[0].Description, "Nothing was changed") {
		t.Errorf("refusal %+v", edit)
	}
	e.idle()
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteFollowup || r.Pattern == fakediscord.RouteChannelMessages {
			t.Errorf("the refusal was also posted: %s %s", r.Method, r.Pattern)
		}
	}
	if srcs, calls := c.counts(t); srcs != srcs0 || calls != calls0 {
		t.Errorf("store changed: %d sources, %d calls; before %d, %d", srcs, calls, srcs0, calls0)
	}
	if h := c.feed.requests(); len(h) != 0 {
		t.Errorf("a refused command fetched the feed: %v", h)
	}
}

func TestE2EAdminSourceAddFromAManager(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	srcs0, calls0 := c.counts(t)

	in := e.interact(fakediscord.Invocation{Guild: guildID, User: manager, Command: "readout-admin", Options: adminSourceAdd(c.feed.url())})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 5 || cb.Data == nil || cb.Data.Flags != 64 {
		t.Errorf("first response %+v, want deferred with flags 64", cb)
	}
	editReq := e.wait(about(in, fakediscord.RouteEditResponse))
	if editReq.Status != 200 {
		t.Fatalf("edit answered %d: %s", editReq.Status, editReq.Body)
	}
	edit := decode[fakediscord.Message](editReq.Body)
	if len(edit.Embeds) == 0 || edit.Embeds[0].Title != "Source added: Loopback Wire" {
		t.Fatalf("answer %s, want the preview of the added source", editReq.Body)
	}
	f := embedFields(edit.Embeds[0])
	if f["Kind"] != "feed" || f["Items"] != "2" || f["Feed"] != c.feed.url() {
		t.Errorf("preview fields %v", f)
	}
	e.idle()
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteChannelMessages || (r.Pattern == fakediscord.RouteFollowup && decode[fakediscord.Message](r.Body).Flags&64 == 0) {
			t.Errorf("an admin answer was posted publicly: %s %s", r.Method, r.Pattern)
		}
	}

	srcs, err := c.db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != srcs0+1 || srcs[len(srcs)-1].URL != c.feed.url() || srcs[len(srcs)-1].AddedBy != "discord:"+manager.ID {
		t.Errorf("sources %+v, want the feed added by %s", srcs, manager.ID)
	}
	if _, calls := c.counts(t); calls != calls0+1 {
		t.Errorf("%d calls after adding a feed reporting one call, want %d", calls, calls0+1)
	}
	for _, p := range c.feed.requests() {
		if p != "/world.xml" {
			t.Errorf("the fetcher also requested %s", p)
		}
	}
}

// checkChart checks that a message shows the timeline it uploads.
func checkChart(t *testing.T, what string, r fakediscord.Request) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("%s answered %d: %s", what, r.Status, r.Body)
	}
	m := decode[fakediscord.Message](r.Body)
	if len(m.Embeds) == 0 || len(r.Files) != 1 {
		t.Fatalf("%s: %d embeds, %d files, want the answer with one chart: %s", what, len(m.Embeds), len(r.Files), r.Body)
	}
	f := r.Files[0]
	if f.Name != "trump-putin-calls.png" || f.ContentType != "image/png" {
		t.Errorf("%s: file %q (%s)", what, f.Name, f.ContentType)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil || cfg.Width < 400 {
		t.Errorf("%s: the file is no chart: %v %+v", what, err, cfg)
	}
	if e := m.Embeds[0]; e.Image == nil || e.Image.URL != "attachment://"+f.Name {
		t.Errorf("%s: the embed does not show the file: %+v", what, e.Image)
	}
}

func TestE2EListAnswersCarryTheirChart(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "list all trump putin calls"))},
	})
	checkChart(t, "/readout ask", e.wait(about(in, fakediscord.RouteEditResponse)))
	if m := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteEditResponse)).Body); !strings.HasPrefix(m.Embeds[0].Title, "1 call between Trump and Putin") {
		t.Errorf("first line %q", m.Embeds[0].Title)
	}
	id := e.mention("how many times have trump and putin spoken")
	checkChart(t, "mention", e.wait(replyTo(id)))
	// An answer about one call has no chart.
	id = e.mention("latest trump putin call")
	if r := e.wait(replyTo(id)); len(r.Files) != 0 || strings.Contains(string(r.Body), "attachment://") {
		t.Errorf("latest call: %d files: %s", len(r.Files), r.Body)
	}
}

// The slash command's options reach the core as a question it answers
// first: /readout calls with leaders and a period lists them (with their
// chart), /readout latest without leaders is the latest call of any (in a
// conversation of its own: in one, it continues the question before, as
// "latest call?" typed would).
func TestE2ESlashOptionsAreQuestions(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	for _, tc := range []struct {
		opts  []fakediscord.Option
		title string
		chart bool
	}{
		{[]fakediscord.Option{fakediscord.Sub("latest")}, "Latest: Trump and Putin spoke on 18 March 2025", false},
		{[]fakediscord.Option{fakediscord.Sub("calls", fakediscord.Str("leaders", "Donald Trump, Vladimir Putin"), fakediscord.Str("period", "2025"))}, "1 call between Trump and Putin in 2025", true},
		{[]fakediscord.Option{fakediscord.Sub("calls", fakediscord.Str("leaders", "macron"), fakediscord.Str("period", "march 2025"))}, "1 call with Macron in march 2025", true},
		{[]fakediscord.Option{fakediscord.Sub("calls", fakediscord.Str("leaders", "Putin"), fakediscord.Str("period", "2024"))}, "I have no record of a call with Putin in 2024", false},
		{[]fakediscord.Option{fakediscord.Sub("latest", fakediscord.Str("leaders", "Zelensky"))}, "Latest: Macron and Zelensky spoke on 11 March 2025", false},
	} {
		in := e.interact(fakediscord.Invocation{Guild: guildID, User: member, Command: "readout", Options: tc.opts})
		r := e.wait(about(in, fakediscord.RouteEditResponse))
		m := decode[fakediscord.Message](r.Body)
		if r.Status != 200 || len(m.Embeds) == 0 || !strings.HasPrefix(m.Embeds[0].Title, tc.title) {
			t.Errorf("%+v: answered %d %s, want %q first", tc.opts, r.Status, r.Body, tc.title)
			continue
		}
		if (len(r.Files) == 1) != tc.chart {
			t.Errorf("%q: %d files, want a chart: %v", tc.title, len(r.Files), tc.chart)
		}
	}
}

// A thread is one conversation for everyone in it: a follow-up there, by
// mention or slash command, continues another member's question. In a
// channel, one member's follow-up never continues another's question.
func TestE2EFollowUpsAreSharedInThreadsOnly(t *testing.T) {
	t.Parallel()
	c := newE2ECore(t)
	e := startWithCore(t, c)
	const thread = "1200000000000000099"
	e.fake.Thread(guildID, thread, channelID)
	say := func(channel string, who fakediscord.User, text string) string {
		t.Helper()
		id, err := e.fake.MessageCreate(fakediscord.Post{
			Guild: guildID, Channel: channel, Author: who,
			Content: "<@" + e.fake.BotID + "> " + text, Mentions: []fakediscord.User{e.fake.Bot()},
		})
		if err != nil {
			t.Fatal(err)
		}
		return decode[fakediscord.Message](e.wait(replyTo(id)).Body).Embeds[0].Title
	}

	if got := say(thread, member, "list all trump putin calls"); !strings.HasPrefix(got, "1 call between Trump and Putin") {
		t.Fatalf("first question answered %q", got)
	}
	if got := say(thread, manager, "how long?"); !strings.Contains(got, "Trump") || !strings.Contains(got, "lasted 1 h 30 min") {
		t.Errorf("another member's follow-up in the thread answered %q", got)
	}
	in := e.interact(fakediscord.Invocation{Guild: guildID, Channel: thread, User: owner, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "who called whom?"))}})
	if m := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteEditResponse)).Body); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Title, "Putin") {
		t.Errorf("a slash follow-up in the thread answered %+v", m)
	}

	if got := say(channelID, member, "latest macron zelensky call"); !strings.HasPrefix(got, "Latest: Macron and Zelensky") {
		t.Fatalf("question in the channel answered %q", got)
	}
	if got := say(channelID, manager, "who called whom?"); strings.Contains(got, "Macron") || strings.Contains(got, "Zelensky") {
		t.Errorf("another member's follow-up in the channel continued the question: %q", got)
	}
	if got := say(channelID, member, "what did they discuss?"); !strings.Contains(got, "Macron and Zelensky") {
		t.Errorf("the asker's own follow-up in the channel answered %q", got)
	}
	// Each channel's kind was looked up once.
	e.idle()
	looked := map[string]int{}
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteChannel {
			looked[r.Path]++
		}
	}
	for p, n := range looked {
		if n != 1 {
			t.Errorf("%s looked up %d times", p, n)
		}
	}
}
