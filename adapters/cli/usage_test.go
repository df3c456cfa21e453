package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// noDBIn fails when a command left a database file in dir.
func noDBIn(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, "*.db*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestHelpGoesToStdoutAndExitsZero(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cases := map[string][]string{
		"help":              {"help"},
		"--help":            {"--help"},
		"-h":                {"-h"},
		"help ingest":       {"help", "ingest"},
		"ingest --help":     {"ingest", "--help"},
		"calls -h":          {"calls", "-h"},
		"ask --help":        {"ask", "--help"},
		"run --help":        {"run", "--help"},
		"sources --help":    {"sources", "--help"},
		"backup --help":     {"backup", "--help"},
		"--db x help run":   {"--db", "x.db", "help", "run"},
		"version --help":    {"version", "--help"},
		"health -h":         {"health", "-h"},
		"restore --help":    {"restore", "--help"},
		"digest --help":     {"digest", "--help"},
		"chat --help":       {"chat", "--help"},
		"help help":         {"help"},
		"--config f --help": {"--config", "missing.toml", "--help"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, nil, "", args...)
			if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "usage: readout") {
				t.Fatalf("want usage on stdout, exit 0: %+v", r)
			}
		})
	}
	if r := runCLI(t, nil, "", "ingest", "--help"); !strings.Contains(r.stdout, "SOURCE...") || !strings.Contains(r.stdout, "-published") || strings.Contains(r.stdout, "commands:") {
		t.Errorf("ingest --help must show the command's own usage: %q", r.stdout)
	}
	if r := runCLI(t, nil, "", "calls", "--help"); !strings.Contains(r.stdout, "-leader") || !strings.Contains(r.stdout, "-json") {
		t.Errorf("calls --help must list its flags: %q", r.stdout)
	}
	if r := runCLI(t, nil, "", "--help"); !strings.Contains(r.stdout, "exit codes: 0") {
		t.Errorf("the usage must document the exit codes: %q", r.stdout)
	}
	noDBIn(t, dir)
}

func TestUsageMistakesExitTwoWithOneLineAndUsage(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cases := map[string]struct {
		args []string
		line string
	}{
		"unknown command":      {[]string{"frobnicate"}, `readout: unknown command "frobnicate"`},
		"unknown global flag":  {[]string{"--verbose", "calls"}, "readout: flag provided but not defined: -verbose"},
		"unknown command flag": {[]string{"calls", "--bogus"}, "readout calls: flag provided but not defined: -bogus"},
		"help for nothing":     {[]string{"help", "nothing"}, `readout help: unknown command "nothing"`},
		"run argument":         {[]string{"run", "now"}, `readout run: unexpected argument "now"`},
		"backup without file":  {[]string{"backup"}, "readout backup: name one file to write"},
		"restore without file": {[]string{"restore"}, "readout restore: name the backup file to restore"},
		"version argument":     {[]string{"version", "x"}, `readout version: unexpected argument "x"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, nil, "", c.args...)
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if r.code != 2 || r.stdout != "" || first != c.line || !strings.HasPrefix(rest, "usage: readout") {
				t.Fatalf("want exit 2, %q then the usage on stderr: %+v", c.line, r)
			}
		})
	}
	if r := runCLI(t, nil, ""); r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "usage: readout") {
		t.Errorf("no command: %+v", r)
	}
	noDBIn(t, dir)
}

// A command that fails leaves no new database behind, but never removes
// one that was there.
func TestFailedCommandLeavesNoNewDatabase(t *testing.T) {
	feed := sampleFeed(t)
	dir := t.TempDir()
	t.Chdir(dir)
	env := map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true"}
	cases := map[string]struct {
		args []string
		code int
	}{
		"ingest nothing":     {[]string{"ingest"}, 2},
		"ingest missing":     {[]string{"ingest", filepath.Join(dir, "missing.xml")}, 1},
		"refused source":     {[]string{"sources", "add", "ftp://example.test/feed.xml"}, 1},
		"bad admins channel": {[]string{"run"}, 2},
		"bad --now":          {[]string{"ask", "--now", "yesterday", "x"}, 2},
		"default path":       {[]string{"ingest", filepath.Join(dir, "missing.xml")}, 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := c.args
			if name != "default path" {
				args = append([]string{"--db", filepath.Join(dir, "new.db")}, args...)
			}
			e := env
			if name == "bad admins channel" {
				e = map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true", "READOUT_DIGEST_ADMINS_CHANNEL": "general"}
			}
			if r := runCLI(t, e, "", args...); r.code != c.code {
				t.Fatalf("want exit %d: %+v", c.code, r)
			}
			noDBIn(t, dir)
		})
	}
	db := filepath.Join(dir, "kept.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	if r := runCLI(t, nil, "", "--db", db, "ingest", filepath.Join(dir, "missing.xml")); r.code != 1 {
		t.Fatalf("failed ingest: %+v", r)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("a failed command removed an existing database: %v", err)
	}
	// A failed command on a fresh database that did store something keeps it.
	mixed := filepath.Join(dir, "mixed.db")
	if r := runCLI(t, nil, "", "--db", mixed, "ingest", filepath.Join(dir, "missing.xml"), feed); r.code != 1 {
		t.Fatalf("mixed ingest: %+v", r)
	}
	if _, err := os.Stat(mixed); err != nil {
		t.Fatalf("a partly failed command removed what it stored: %v", err)
	}
}

func TestVersion(t *testing.T) {
	t.Chdir(t.TempDir())
	r := runCLI(t, nil, "", "version")
	if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "readout ") || !strings.Contains(r.stdout, "revision ") ||
		!strings.HasSuffix(strings.TrimSpace(r.stdout), runtime.Version()) || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("version: %+v", r)
	}
	noDBIn(t, ".")
}
