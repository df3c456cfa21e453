package summaries_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// listedPackage is what "go list -json" says of a package that matters
// here.
type listedPackage struct {
	ImportPath string
	Deps       []string
}

// moduleRoot is the directory of go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// importRule says what the packages under one folder may not depend on,
// directly or through others. Test files are not production code and are
// left out, as "go list" does.
type importRule struct {
	under   string // import path prefix of the packages the rule binds
	allowed func(dep string) bool
	why     string
}

func inside(dep, root string) bool { return dep == root || strings.HasPrefix(dep, root+"/") }

func project(dep string) bool { return inside(dep, "readout") }

var importRules = []importRule{
	{"readout/summaries", func(dep string) bool { return !project(dep) || inside(dep, "readout/summaries") },
		"the domain imports no other project package"},
	{"readout/storage", func(dep string) bool {
		return !project(dep) || inside(dep, "readout/storage") || inside(dep, "readout/summaries")
	}, "storage imports the domain only"},
	{"readout/bot", func(dep string) bool {
		return !inside(dep, "readout/storage") && !inside(dep, "readout/adapters") &&
			!inside(dep, "github.com/bwmarrin/discordgo") && !inside(dep, "github.com/slack-go/slack") &&
			!inside(dep, "github.com/prometheus")
	}, "the core imports no store, no adapter, no platform SDK and no metrics library (the wiring observes it)"},
}

// TestImportDirection guards the layout's one rule: imports run from the
// adapters and storage towards the domain, never back.
func TestImportDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = moduleRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	checked := map[string]bool{}
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		for _, r := range importRules {
			if !inside(p.ImportPath, r.under) {
				continue
			}
			checked[r.under] = true
			for _, dep := range p.Deps {
				if !r.allowed(dep) {
					t.Errorf("%s depends on %s: %s", p.ImportPath, dep, r.why)
				}
			}
		}
	}
	for _, r := range importRules {
		if !checked[r.under] {
			t.Errorf("no package under %s was listed: the rule guards nothing", r.under)
		}
	}
}

// TestTopLevel keeps the top level to the product card's folders: every
// package lives under one of them, so that a folder's name says which
// layer it is in.
func TestTopLevel(t *testing.T) {
	allowed := map[string]bool{
		"bot": true, "adapters": true, "summaries": true, "storage": true, "config": true,
		"testdata": true, "docs": true, ".ci": true, ".git": true,
	}
	entries, err := os.ReadDir(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !allowed[e.Name()] {
			t.Errorf("%s at the top level: it belongs in bot/, adapters/, summaries/, storage/ or config/", e.Name())
		}
	}
}
