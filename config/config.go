// Package config reads readout's configuration: a TOML file plus the
// environment, the environment winning. Every key can be set as
// READOUT_<SECTION>_<KEY> (READOUT_STORAGE_PATH, READOUT_DISCORD_API_URL);
// chat credentials come from their platforms' usual variables
// (DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET)
// or from secret files named in the configuration, and are never printed.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration.
type Config struct {
	Storage Storage `toml:"storage"`
	Log     Log     `toml:"log"`
	Discord Discord `toml:"discord"`
	Slack   Slack   `toml:"slack"`
	Sources Sources `toml:"sources"`
	Digest  Digest  `toml:"digest"`
	Leaders Leaders `toml:"leaders"`
	HTTP    HTTP    `toml:"http"`
}

// HTTP configures the operations listener: /healthz, /readyz and /metrics
// (and Slack's HTTP mode endpoints, when that mode is on). Off when Listen
// is empty.
type HTTP struct {
	Listen string `toml:"listen"` // host:port, e.g. 127.0.0.1:9090
}

// Storage says where the database lives.
type Storage struct {
	Path string `toml:"path"`
}

// Log sets up structured logging.
type Log struct {
	Level  string `toml:"level"`  // debug, info, warn, error
	Format string `toml:"format"` // text or json
}

// Discord configures the Discord adapter; it is enabled when a token is set.
type Discord struct {
	Token      Secret   `toml:"-"`
	TokenFile  string   `toml:"token_file"`
	APIURL     string   `toml:"api_url"`
	Guilds     []string `toml:"guilds"`
	ShardID    int      `toml:"shard_id"`
	ShardCount int      `toml:"shard_count"`
}

// Slack configures the Slack adapter; it is enabled when a bot token is set.
type Slack struct {
	BotToken          Secret   `toml:"-"`
	AppToken          Secret   `toml:"-"`
	SigningSecret     Secret   `toml:"-"`
	BotTokenFile      string   `toml:"bot_token_file"`
	AppTokenFile      string   `toml:"app_token_file"`
	SigningSecretFile string   `toml:"signing_secret_file"`
	Mode              string   `toml:"mode"`   // socket (default) or http
	Listen            string   `toml:"listen"` // http mode
	APIURL            string   `toml:"api_url"`
	Admins            []string `toml:"admins"`
}

// Sources configures fetching and polling.
type Sources struct {
	// Defaults replaces the built-in list of sources a fresh install follows.
	Defaults     []string `toml:"defaults"`
	NoDefaults   bool     `toml:"no_defaults"`
	PollInterval Duration `toml:"poll_interval"`
	Concurrency  int      `toml:"concurrency"`
	PerHost      int      `toml:"per_host"`
	MaxBytes     int64    `toml:"max_bytes"`
	Timeout      Duration `toml:"timeout"`
	// Lease is how long a source being polled is kept from the other
	// processes sharing a database: past it, the source of a process that
	// died is polled by another.
	Lease Duration `toml:"lease"`
	// AllowPrivate lets sources live on loopback or private networks.
	AllowPrivate bool     `toml:"allow_private"`
	MaxFailures  int      `toml:"max_failures"`
	MaxAge       Duration `toml:"max_age"` // items older than this are stored, not announced
}

// Digest configures digest delivery.
type Digest struct {
	BatchWindow   Duration `toml:"batch_window"`
	AdminsChannel string   `toml:"admins_channel"` // platform:channel told when a source is paused
}

// Leaders extends the gazetteer: leader id → more names.
type Leaders struct {
	Aliases map[string][]string `toml:"aliases"`
}

// Secret is a credential: it prints as a mask.
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString masks the secret in %#v too.
func (s Secret) GoString() string { return s.String() }

// Duration is a time.Duration written as "15m" in TOML.
type Duration time.Duration

// UnmarshalText reads "90s", "15m", "2h".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Defaults is the configuration without a file or environment.
func Defaults() Config {
	return Config{
		Storage: Storage{Path: "readout.db"},
		Log:     Log{Level: "info", Format: "text"},
		Discord: Discord{APIURL: "https://discord.com"},
		Slack:   Slack{Mode: "socket", Listen: ":3000", APIURL: "https://slack.com/api/"},
		Sources: Sources{PollInterval: Duration(15 * time.Minute), Concurrency: 8, PerHost: 2, MaxBytes: 10 << 20,
			Timeout: Duration(20 * time.Second), Lease: Duration(5 * time.Minute), MaxFailures: 8, MaxAge: Duration(72 * time.Hour)},
		Digest: Digest{BatchWindow: Duration(2 * time.Minute)},
	}
}

// Load reads the file (when path is not empty), then the environment, and
// validates the result. getenv is os.Getenv in production.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Defaults()
	if path != "" {
		md, err := toml.DecodeFile(path, &c)
		if err != nil {
			return c, fmt.Errorf("config %s: %w", path, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			return c, fmt.Errorf("config %s: unknown key %s", path, un[0])
		}
	}
	if err := applyEnv(&c, getenv); err != nil {
		return c, err
	}
	secrets := []struct {
		dst  *Secret
		env  string
		file string
		key  string
	}{
		{&c.Discord.Token, "DISCORD_TOKEN", c.Discord.TokenFile, "discord.token_file"},
		{&c.Slack.BotToken, "SLACK_BOT_TOKEN", c.Slack.BotTokenFile, "slack.bot_token_file"},
		{&c.Slack.AppToken, "SLACK_APP_TOKEN", c.Slack.AppTokenFile, "slack.app_token_file"},
		{&c.Slack.SigningSecret, "SLACK_SIGNING_SECRET", c.Slack.SigningSecretFile, "slack.signing_secret_file"},
	}
	for _, s := range secrets {
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.dst = Secret(v)
			continue
		}
		if s.file != "" {
			b, err := os.ReadFile(s.file)
			if err != nil {
				return c, fmt.Errorf("config %s: %w", s.key, err)
			}
			*s.dst = Secret(strings.TrimSpace(string(b)))
		}
	}
	return c, c.Validate()
}

// Validate checks values, naming the key at fault.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, why string) { errs = append(errs, fmt.Errorf("config %s: %s", key, why)) }
	if strings.TrimSpace(c.Storage.Path) == "" {
		bad("storage.path", "must not be empty")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", fmt.Sprintf("%q is not one of debug, info, warn, error", c.Log.Level))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", fmt.Sprintf("%q is not text or json", c.Log.Format))
	}
	for key, u := range map[string]string{"discord.api_url": c.Discord.APIURL, "slack.api_url": c.Slack.APIURL} {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			bad(key, fmt.Sprintf("%q is not an http(s) URL", u))
		}
	}
	if c.Discord.ShardCount < 0 || c.Discord.ShardID < 0 || (c.Discord.ShardCount > 0 && c.Discord.ShardID >= c.Discord.ShardCount) {
		bad("discord.shard_id", "must be below discord.shard_count")
	}
	switch c.Slack.Mode {
	case "socket", "http":
	default:
		bad("slack.mode", fmt.Sprintf("%q is not socket or http", c.Slack.Mode))
	}
	if c.Sources.PollInterval < Duration(time.Minute) {
		bad("sources.poll_interval", "must be at least 1m")
	}
	if c.Sources.Concurrency < 1 || c.Sources.Concurrency > 256 {
		bad("sources.concurrency", "must be between 1 and 256")
	}
	if c.Sources.PerHost < 1 {
		bad("sources.per_host", "must be at least 1")
	}
	if c.Sources.MaxBytes < 1024 {
		bad("sources.max_bytes", "must be at least 1024")
	}
	if c.Sources.Timeout <= 0 {
		bad("sources.timeout", "must be positive")
	}
	if c.Sources.Lease < 2*c.Sources.Timeout {
		bad("sources.lease", "must be at least twice sources.timeout (a lease must outlast a poll)")
	}
	if c.Sources.MaxFailures < 1 {
		bad("sources.max_failures", "must be at least 1")
	}
	if c.HTTP.Listen != "" {
		if _, port, err := net.SplitHostPort(c.HTTP.Listen); err != nil || port == "" {
			bad("http.listen", fmt.Sprintf("%q is not host:port (e.g. 127.0.0.1:9090)", c.HTTP.Listen))
		}
	}
	if c.Digest.BatchWindow < 0 {
		bad("digest.batch_window", "must not be negative")
	}
	return errors.Join(errs...)
}

// applyEnv sets every key from READOUT_<SECTION>_<KEY> where present.
func applyEnv(c *Config, getenv func(string) string) error {
	root := reflect.ValueOf(c).Elem()
	for i := 0; i < root.NumField(); i++ {
		section := root.Type().Field(i).Tag.Get("toml")
		sv := root.Field(i)
		for j := 0; j < sv.NumField(); j++ {
			key := sv.Type().Field(j).Tag.Get("toml")
			if key == "" || key == "-" {
				continue
			}
			name := "READOUT_" + strings.ToUpper(section) + "_" + strings.ToUpper(key)
			raw, ok := lookup(getenv, name)
			if !ok {
				continue
			}
			if err := setField(sv.Field(j), raw); err != nil {
				return fmt.Errorf("config %s.%s (from %s): %w", section, key, name, err)
			}
		}
	}
	return nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

var durationType = reflect.TypeOf(Duration(0))

func setField(f reflect.Value, raw string) error {
	raw = strings.TrimSpace(raw)
	switch {
	case f.Type() == durationType:
		d, err := time.ParseDuration(raw)
		if err != nil {
			return err
		}
		f.SetInt(int64(d))
	case f.Kind() == reflect.String:
		f.SetString(raw)
	case f.Kind() == reflect.Int || f.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		f.SetInt(n)
	case f.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("%q is not true or false", raw)
		}
		f.SetBool(b)
	case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
		var parts []string
		for _, p := range strings.Split(raw, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		f.Set(reflect.ValueOf(parts))
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}
