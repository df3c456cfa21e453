package storage

import (
	"os/exec"
	"strings"
	"testing"
)

// A backend implements the domain's interfaces and knows nothing else of
// the project: storage depends on summaries/... only.
func TestStorageImportsSummariesOnly(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", "readout/storage").Output()
	if err != nil {
		t.Fatalf("go list -deps readout/storage: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "readout" || (strings.HasPrefix(p, "readout/") && p != "readout/storage" &&
			p != "readout/summaries" && !strings.HasPrefix(p, "readout/summaries/")) {
			t.Errorf("storage depends on %s", p)
		}
	}
}
