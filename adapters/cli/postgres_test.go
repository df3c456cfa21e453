package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"readout/storage/postgres/pgtest"
)

// pgServer is this test binary's throwaway PostgreSQL, started by the
// first test that asks for a database (tests skip without PostgreSQL).
var pgServer *pgtest.Server

func TestMain(m *testing.M) {
	pgServer = pgtest.New()
	code := m.Run()
	pgServer.Stop()
	os.Exit(code)
}

// withPassword puts a password into a pgtest URL: the throwaway server
// trusts its socket, so any password connects, and the logs can be
// checked for it.
func withPassword(url, password string) string {
	return strings.Replace(url, "postgres://postgres@", "postgres://postgres:"+password+"@", 1)
}

var updated = regexp.MustCompile(`updated"?:? "?[0-9][^"\\]*`)

// The same commands on a PostgreSQL URL and on a SQLite file print the
// same records and answers.
func TestPostgresIngestCallsAsk(t *testing.T) {
	pg := withPassword(pgServer.Database(t), "s3cret-pw")
	file := filepath.Join(t.TempDir(), "r.db")
	ask := []string{"ask", "--json", "--now", "2025-04-10T00:00:00Z", "how", "long", "was", "the", "last", "trump", "putin", "call"}
	var outs [2][3]string
	for i, db := range []string{file, pg} {
		r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
		if r.code != 0 || !strings.Contains(r.stdout, "5 new") || !strings.Contains(r.stdout, "calls: 2 new") {
			t.Fatalf("ingest into %s: %+v", describeStore(db), r)
		}
		again := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
		if again.code != 0 || !strings.Contains(again.stdout, "5 unchanged; calls: 0 new, 0 updated") {
			t.Fatalf("second ingest into %s must change nothing: %+v", describeStore(db), again)
		}
		calls := runCLI(t, nil, "", "--db", db, "calls", "--json")
		answer := runCLI(t, nil, "", append([]string{"--db", db}, ask...)...)
		if calls.code != 0 || answer.code != 0 || !strings.Contains(answer.stdout, "1 h 30 min") {
			t.Fatalf("%s: calls %+v\nask %+v", describeStore(db), calls, answer)
		}
		// When a record was updated is when this test ran.
		outs[i] = [3]string{r.stdout, calls.stdout, updated.ReplaceAllString(answer.stdout, "updated …")}
	}
	if outs[0][1] != outs[1][1] {
		t.Errorf("calls --json differ:\nSQLite:\n%s\nPostgreSQL:\n%s", outs[0][1], outs[1][1])
	}
	if outs[0][2] != outs[1][2] {
		t.Errorf("ask --json differ:\nSQLite:\n%s\nPostgreSQL:\n%s", outs[0][2], outs[1][2])
	}
}

// The real binary takes a PostgreSQL URL from READOUT_STORAGE_PATH as from
// --db, names it in its log without the password, and refuses what only
// a SQLite file can do.
func TestPostgresThroughTheBinary(t *testing.T) {
	bin := buildReadout(t)
	pg := withPassword(pgServer.Database(t), "s3cret-pw")
	out := runOnce(t, bin, "--db", pg, "ingest", sampleFeed(t))
	if !strings.Contains(out, "calls: 2 new") {
		t.Fatalf("ingest: %s", out)
	}
	p := startProcess(t, bin, append(processEnv(), "READOUT_STORAGE_PATH="+pg), "run")
	p.waitFor(t, "readout starting", "db=")
	// On PostgreSQL no process stands by: each polls and delivers.
	p.waitFor(t, "shared database: this process polls and delivers")
	if code := p.stop(t); code != 0 {
		t.Fatalf("run exited %d:\n%s", code, p.logText())
	}
	for _, l := range strings.Split(p.logText(), "\n") {
		if strings.Contains(l, "s3cret-pw") {
			t.Fatalf("the password is in the log: %s", l)
		}
		if strings.Contains(l, "readout starting") && !strings.Contains(l, "xxxxx") {
			t.Errorf("the database is not named (password blanked) at start: %s", l)
		}
	}
	for _, args := range [][]string{{"backup", filepath.Join(t.TempDir(), "b.db")}, {"restore", filepath.Join(t.TempDir(), "b.db")}} {
		cmd := exec.Command(bin, append([]string{"--db", pg}, args...)...)
		cmd.Env = processEnv()
		msg, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(msg), "PostgreSQL") || strings.Contains(string(msg), "s3cret-pw") {
			t.Errorf("%s on PostgreSQL: %v %s", args[0], err, msg)
		}
	}
}

func TestDescribeStore(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"readout.db", "readout.db"},
		{"sqlite:/var/lib/readout/r.db", "/var/lib/readout/r.db"},
		{"postgres://readout@db.internal:5432/readout", "postgres://readout@db.internal:5432/readout"},
		{"postgres://readout:hunter2@db.internal/readout?sslmode=require", "postgres://readout:xxxxx@db.internal/readout?sslmode=require"},
		{"POSTGRESQL://u@h/d?password=hunter2&sslmode=disable", "postgresql://u@h/d?password=xxxxx&sslmode=disable"},
		{"postgres://u:p%25w@h/d", "postgres://u:xxxxx@h/d"},
		{"postgres://u:hunter2@h:bad port/d", "postgres (a malformed URL)"},
	} {
		got := describeStore(tc.in)
		if got != tc.want || strings.Contains(got, "hunter2") {
			t.Errorf("describeStore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
