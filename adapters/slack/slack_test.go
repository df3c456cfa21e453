package slack

import (
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

func TestNewChecksTokens(t *testing.T) {
	const bot, app = "xoxb-1234-5678-secretpart", "xapp-1-A0-99-secretpart"
	core := newTestCore()
	cases := []struct {
		name string
		opts Options
		want string // in the error; empty for success
	}{
		{"socket", Options{BotToken: bot, AppToken: app}, ""},
		{"tokens with a trailing newline", Options{BotToken: bot + "\n", AppToken: " " + app}, ""},
		{"swapped", Options{BotToken: app, AppToken: bot}, "SLACK_BOT_TOKEN must start with xoxb- but holds an app-level token (xapp-); are SLACK_BOT_TOKEN and SLACK_APP_TOKEN swapped?"},
		{"app token is a bot token", Options{BotToken: bot, AppToken: bot}, "SLACK_APP_TOKEN must start with xapp- but holds a bot token (xoxb-); are SLACK_BOT_TOKEN and SLACK_APP_TOKEN swapped?"},
		{"user token", Options{BotToken: "xoxp-1-2-secretpart", AppToken: app}, "SLACK_BOT_TOKEN must start with xoxb- but holds a user token (xoxp-)"},
		{"garbage", Options{BotToken: "secretpart", AppToken: app}, "SLACK_BOT_TOKEN must start with xoxb- but holds not a Slack token"},
		{"no bot token", Options{AppToken: app}, "SLACK_BOT_TOKEN is empty"},
		{"no app token", Options{BotToken: bot}, "SLACK_APP_TOKEN is empty"},
		{"http without a secret", Options{BotToken: bot, Mode: "http"}, "SLACK_SIGNING_SECRET is empty"},
		{"http needs no app token", Options{BotToken: bot, Mode: "HTTP", SigningSecret: "s"}, ""},
		{"unknown mode", Options{BotToken: bot, AppToken: app, Mode: "rtm"}, `unknown mode "rtm"`},
		{"bad api url", Options{BotToken: bot, AppToken: app, APIURL: "slack.com/api"}, "want an absolute http(s) URL"},
	}
	for _, c := range cases {
		c.opts.Handler = core
		a, err := New(c.opts)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		case err != nil && strings.Contains(err.Error(), "secretpart"):
			t.Errorf("%s: the error shows the token: %v", c.name, err)
		case c.want == "" && a.opts.APIURL != DefaultAPIURL:
			t.Errorf("%s: api url %q", c.name, a.opts.APIURL)
		}
	}
	if _, err := New(Options{BotToken: bot, AppToken: app}); err == nil {
		t.Error("New accepted no handler")
	}
	a, err := New(Options{BotToken: bot, AppToken: app, Handler: core, APIURL: "http://127.0.0.1:8080/proxy/api"})
	if err != nil || a.opts.APIURL != "http://127.0.0.1:8080/proxy/api/" {
		t.Errorf("api url without the final slash: %v %q", err, a.opts.APIURL)
	}
}

func TestPlainText(t *testing.T) {
	for _, c := range []struct{ in, bot, want string }{
		{"<@U0BOT> latest trump putin", "U0BOT", "latest trump putin"},
		{"<@U0BOT|readout>   latest   trump\nputin ", "U0BOT", "latest trump putin"},
		{"<@U0BOT> source add <https://feeds.example.org/world.xml|feeds.example.org/world.xml>", "U0BOT", "source add https://feeds.example.org/world.xml"},
		{"<@U0BOT> source remove <https://feeds.example.org/a?b=1&amp;c=2>", "U0BOT", "source remove https://feeds.example.org/a?b=1&c=2"},
		{"what did <@U777|bob> say in <#C1|general> to <!here>?", "U0BOT", "what did @bob say in #general to @here?"},
		{"<@UOTHER> latest trump putin", "", "latest trump putin"}, // bot id unknown: the leading mention is the bot's
		{"calls &lt;this week&gt; &amp; last", "U0BOT", "calls <this week> & last"},
		{"<@U0BOT>", "U0BOT", ""},
	} {
		if got := plainText(c.in, c.bot); got != c.want {
			t.Errorf("plainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSlashText(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "help",
		"  help ":                    "help",
		"ask":                        "help",
		"ask who called whom":        "who called whom",
		"ASK latest trump":           "latest trump",
		"latest trump putin":         "latest trump putin",
		"source add https://x.org/f": "source add https://x.org/f",
		"source list":                "source list",
		"digest subscribe leaders=trump,putin schedule=daily 08:00": "digest subscribe leaders=trump,putin schedule=daily 08:00",
		"digest status": "digest status",
	} {
		if got := slashText(in); got != want {
			t.Errorf("slashText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResponseURLAllowed(t *testing.T) {
	a, err := New(Options{BotToken: "xoxb-x", AppToken: "xapp-x", Handler: newTestCore(), APIURL: "http://127.0.0.1:4000/api/"})
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]bool{
		"https://hooks.slack.com/commands/T0/1/abc": true,
		"https://slack.com/x":                       true,
		"https://hooks.slack-gov.com/commands/x":    true,
		"http://hooks.slack.com/commands/x":         false,
		"https://hooks.slack.com.evil.example/x":    false,
		"https://evilslack.com/x":                   false,
		"http://127.0.0.1:4000/response/1":          true,
		"http://127.0.0.1:4001/response/1":          false,
		"":                                          false,
		"::":                                        false,
	} {
		if got := a.responseURLAllowed(raw); got != want {
			t.Errorf("responseURLAllowed(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestRecentIDs(t *testing.T) {
	r := newRecentIDs(clockwork.NewRealClock(), 3, eventIDTTL)
	if r.repeat("") || r.repeat("") {
		t.Error("an empty id counted as a repeat")
	}
	for _, id := range []string{"a", "b", "c"} {
		if r.repeat(id) {
			t.Errorf("%s: new id reported as a repeat", id)
		}
	}
	if !r.repeat("a") || !r.repeat("c") {
		t.Error("a recent id was not recognised")
	}
	r.repeat("d") // full: forgets the oldest, a
	if r.repeat("a") {
		t.Error("the oldest id was kept beyond capacity")
	}
	if !r.repeat("d") {
		t.Error("the newest id was forgotten")
	}
}

// An id is a repeat for the ttl on the adapter's clock, then forgotten.
func TestRecentIDsExpireOnTheClock(t *testing.T) {
	clock := clockwork.NewFakeClock()
	r := newRecentIDs(clock, 10, eventIDTTL)
	r.repeat("e1")
	clock.Advance(eventIDTTL - time.Second)
	if !r.repeat("e1") {
		t.Error("forgotten before the ttl")
	}
	clock.Advance(eventIDTTL + time.Second)
	if r.repeat("e1") {
		t.Error("still a repeat after the ttl")
	}
}

func BenchmarkPlainText(b *testing.B) {
	in := "<@U0BOT> source add <https://feeds.example.org/world.xml|feeds.example.org/world.xml> &amp; more"
	b.ReportAllocs()
	for b.Loop() {
		plainText(in, "U0BOT")
	}
}
