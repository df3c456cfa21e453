package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 15 item 8: a console line over 64 KB is refused with a message and
// the conversation goes on; in run, polling and digests go on too.
func TestConsoleLongLineRefusedAndConversationGoesOn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	long := strings.Repeat("trump putin ", 7000) // 77 KB
	for _, cmd := range [][]string{{"chat"}, {"run", "--console"}} {
		r := runCLI(t, map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true"}, long+"\nhelp\nquit\n", append([]string{"--db", db}, cmd...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "too long") || !strings.Contains(strings.ToLower(r.stdout), "example") {
			t.Errorf("%s with a 77 KB line: exit %d\nstdout: %.300s\nstderr: %.500s", cmd, r.code, r.stdout, r.stderr)
		}
	}
}

// Issue 15 item 8: ask --json prints JSON whatever the question.
func TestAskJSONAlwaysPrintsJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	for _, args := range [][]string{{""}, {" "}, {}, {"--now", "yesterday", "x"}} {
		r := runCLI(t, nil, "", append([]string{"--db", db, "ask", "--json"}, args...)...)
		var v struct {
			Answer string          `json:"answer"`
			Calls  json.RawMessage `json:"calls"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.Answer == "" || r.code == 0 {
			t.Errorf("ask --json %q: exit %d, stdout %q (%v), stderr %q", args, r.code, r.stdout, err, r.stderr)
		}
	}
}
