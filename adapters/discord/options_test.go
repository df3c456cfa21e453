package discord

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

func TestNewChecksOptions(t *testing.T) {
	h := &coreLike{}
	cases := []struct {
		name string
		o    Options
		want string
	}{
		{"no token", Options{Handler: h}, "no bot token"},
		{"blank token", Options{Token: "Bot  ", Handler: h}, "no bot token"},
		{"spaced token", Options{Token: "abc def", Handler: h}, "white space"},
		{"no handler", Options{Token: "t"}, "no handler"},
		{"bad api url", Options{Token: "t", Handler: h, APIURL: "discord.com"}, "api_url"},
		{"ftp api url", Options{Token: "t", Handler: h, APIURL: "ftp://127.0.0.1/"}, "api_url"},
		{"shard past count", Options{Token: "t", Handler: h, ShardID: 2, ShardCount: 2}, "shard"},
		{"negative shard", Options{Token: "t", Handler: h, ShardID: -1}, "shard"},
		{"guild name", Options{Token: "t", Handler: h, Guilds: []string{"my server"}}, "guild id"},
	}
	for _, c := range cases {
		_, err := New(c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want one about %q", c.name, err, c.want)
		}
		if err != nil && c.o.Token != "" && strings.Contains(err.Error(), c.o.Token) && len(c.o.Token) > 3 {
			t.Errorf("%s: the error quotes the token", c.name)
		}
	}
	a, err := New(Options{Token: "Bot t0k", Handler: h, Guilds: []string{"123"}, ShardID: 1, ShardCount: 3})
	if err != nil {
		t.Fatalf("valid options: %v", err)
	}
	if a.s.Token != "Bot t0k" || a.s.ShardID != 1 || a.s.ShardCount != 3 {
		t.Errorf("session token prefix or shards not as configured: shard %d/%d", a.s.ShardID, a.s.ShardCount)
	}
}

func TestRunTwiceIsRefused(t *testing.T) {
	e := start(t, &coreLike{}, nil)
	if err := e.a.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("second Run: %v", err)
	}
}

// TestAPIURLWithAPathPrefix sends REST calls through a proxy that serves
// Discord under a path of its own.
func TestAPIURLWithAPathPrefix(t *testing.T) {
	var mu sync.Mutex
	var paths, auths []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		paths = append(paths, r.URL.Path)
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": "1", "channel_id": "42"}`)
	}))
	defer proxy.Close()
	a, err := New(Options{Token: testToken, APIURL: proxy.URL + "/discord/", Handler: &coreLike{},
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Sender().Send(context.Background(), "42", []bot.Message{{Title: "hi"}}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != 1 || paths[0] != "/discord/api/v9/channels/42/messages" || auths[0] != "Bot "+testToken {
		t.Errorf("proxy saw %v with %v", paths, auths)
	}
}

func TestLogPathHidesTokens(t *testing.T) {
	cases := map[string]string{
		"/api/v9/interactions/123/secret-token/callback":       "/api/v9/interactions/123/:token/callback",
		"/api/v9/webhooks/456/secret-token/messages/@original": "/api/v9/webhooks/456/:token/messages/@original",
		"/api/v9/channels/42/messages":                         "/api/v9/channels/42/messages",
	}
	for in, want := range cases {
		if got := logPath(in); got != want {
			t.Errorf("logPath(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestRunFailsWithAWrongToken(t *testing.T) {
	fake := fakediscord.New(testToken)
	defer fake.Close()
	const wrong = "MTIz.not-the-token.x"
	a, err := New(Options{Token: wrong, APIURL: fake.URL(), Handler: &coreLike{}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("Run: %v, want the 401 from the gateway lookup", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Error("the error quotes the token")
	}
}
