package slack

import (
	"os"
	"strings"
	"testing"
)

// TestManifest checks that the app manifest asks for what the adapter uses:
// a line-by-line check, the module having no YAML parser.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	if strings.Contains(text, "\t") {
		t.Error("tabs in YAML")
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{
		"- app_mentions:read", "- chat:write", "- commands", "- files:write", "- im:history", "- im:read", "- im:write", "- users:read",
		"- app_mention", "- message.im",
		"- command: /readout",
		"socket_mode_enabled: true",
		"messages_tab_enabled: true",
	} {
		if !lines[want] {
			t.Errorf("manifest lacks %q", want)
		}
	}
	if !strings.Contains(text, "usage_hint:") {
		t.Error("the slash command has no usage hint")
	}
}
