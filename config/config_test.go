package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "readout.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsAreValid(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Storage.Path != "readout.db" || c.Slack.Mode != "socket" || time.Duration(c.Sources.PollInterval) != 15*time.Minute {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	p := writeFile(t, `
[storage]
path = "/var/lib/readout/file.db"
[discord]
guilds = ["1", "2"]
[sources]
poll_interval = "30m"
[leaders.aliases]
vladimir-putin = ["VVP"]
`)
	c, err := Load(p, env(map[string]string{
		"READOUT_STORAGE_PATH":     "/tmp/env.db",
		"READOUT_DISCORD_API_URL":  "http://127.0.0.1:9999",
		"READOUT_SOURCES_PER_HOST": "3",
		"READOUT_SLACK_ADMINS":     "U1, U2",
		"DISCORD_TOKEN":            "secret-token",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Storage.Path != "/tmp/env.db" {
		t.Errorf("environment must win over the file: %q", c.Storage.Path)
	}
	if strings.Join(c.Discord.Guilds, ",") != "1,2" || time.Duration(c.Sources.PollInterval) != 30*time.Minute {
		t.Errorf("file values lost: %+v %+v", c.Discord, c.Sources)
	}
	if c.Discord.APIURL != "http://127.0.0.1:9999" || c.Sources.PerHost != 3 || strings.Join(c.Slack.Admins, ",") != "U1,U2" {
		t.Errorf("environment values lost: %+v", c)
	}
	if string(c.Discord.Token) != "secret-token" || c.Leaders.Aliases["vladimir-putin"][0] != "VVP" {
		t.Errorf("token or aliases lost")
	}
}

func TestSecretsFromFilesAndNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	tok := filepath.Join(dir, "token")
	os.WriteFile(tok, []byte("xoxb-from-file\n"), 0o600)
	p := writeFile(t, fmt.Sprintf("[slack]\nbot_token_file = %q\n", tok))
	c, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if string(c.Slack.BotToken) != "xoxb-from-file" {
		t.Fatalf("token file not read: %q", string(c.Slack.BotToken))
	}
	for _, out := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c.Slack.BotToken)} {
		if strings.Contains(out, "xoxb-from-file") {
			t.Fatalf("a secret was printed: %s", out)
		}
	}
}

func TestInvalidConfigNamesTheKey(t *testing.T) {
	cases := []struct {
		file string
		env  map[string]string
		key  string
	}{
		{"[log]\nlevel = \"loud\"\n", nil, "log.level"},
		{"[slack]\nmode = \"carrier-pigeon\"\n", nil, "slack.mode"},
		{"[sources]\npoll_interval = \"5s\"\n", nil, "sources.poll_interval"},
		{"[storage]\npath = \"\"\n", nil, "storage.path"},
		{"[nonsense]\nx = 1\n", nil, "nonsense"},
		{"", map[string]string{"READOUT_SOURCES_CONCURRENCY": "many"}, "sources.concurrency"},
		{"", map[string]string{"READOUT_DISCORD_API_URL": "ftp://x"}, "discord.api_url"},
		{"", map[string]string{"READOUT_SOURCES_POLL_INTERVAL": "soon"}, "sources.poll_interval"},
		{"[discord]\ntoken_file = \"/nonexistent/readout-token\"\n", nil, "discord.token_file"},
		{"", map[string]string{"READOUT_HTTP_LISTEN": "9090"}, "http.listen"},
		{"[http]\nlisten = \"localhost\"\n", nil, "http.listen"},
	}
	for _, c := range cases {
		p := ""
		if c.file != "" {
			p = writeFile(t, c.file)
		}
		_, err := Load(p, env(c.env))
		if err == nil || !strings.Contains(err.Error(), c.key) {
			t.Errorf("config %q %v: error %v must name %s", c.file, c.env, err, c.key)
		}
	}
}

func TestHTTPListenFromTheEnvironment(t *testing.T) {
	c, err := Load("", env(map[string]string{"READOUT_HTTP_LISTEN": "127.0.0.1:9090"}))
	if err != nil || c.HTTP.Listen != "127.0.0.1:9090" {
		t.Fatalf("http.listen: %q %v", c.HTTP.Listen, err)
	}
	if c, _ := Load("", env(nil)); c.HTTP.Listen != "" {
		t.Fatalf("the listener must be off by default: %q", c.HTTP.Listen)
	}
}
