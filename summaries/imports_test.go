package summaries

import (
	"os/exec"
	"strings"
	"testing"
)

// projectDeps lists the project packages that pkgs depend on, directly or
// not, by asking the go tool.
func projectDeps(t *testing.T, pkgs string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", pkgs).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkgs, err)
	}
	var deps []string
	for _, p := range strings.Fields(string(out)) {
		if p == "readout" || strings.HasPrefix(p, "readout/") {
			deps = append(deps, p)
		}
	}
	return deps
}

// The domain is the ground floor: nothing in summaries/... may depend on
// another project package, or storage and the bot would depend on it too.
func TestSummariesImportNoOtherProjectPackage(t *testing.T) {
	for _, p := range projectDeps(t, "readout/summaries/...") {
		if p != "readout/summaries" && !strings.HasPrefix(p, "readout/summaries/") {
			t.Errorf("summaries depends on %s", p)
		}
	}
}
