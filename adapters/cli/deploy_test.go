package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func deployFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stage is one FROM ... AS ... section of a Dockerfile: its instructions
// with continuation lines joined.
type stage struct {
	from, name string
	lines      []string
}

func dockerStages(t *testing.T, text string) []stage {
	t.Helper()
	var stages []stage
	var cur strings.Builder
	sc := bufio.NewScanner(strings.NewReader(text))
	flush := func(line string) {
		f := strings.Fields(line)
		if len(f) == 0 {
			return
		}
		if strings.EqualFold(f[0], "FROM") {
			s := stage{from: f[1]}
			if len(f) >= 4 && strings.EqualFold(f[2], "AS") {
				s.name = f[3]
			}
			stages = append(stages, s)
			return
		}
		if len(stages) == 0 {
			t.Fatalf("instruction before FROM: %s", line)
		}
		stages[len(stages)-1].lines = append(stages[len(stages)-1].lines, line)
	}
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if rest, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(rest + " ")
			continue
		}
		cur.WriteString(line)
		flush(cur.String())
		cur.Reset()
	}
	return stages
}

func instr(s stage, name string) []string {
	var out []string
	for _, l := range s.lines {
		if f := strings.Fields(l); strings.EqualFold(f[0], name) {
			out = append(out, strings.TrimSpace(l[len(f[0]):]))
		}
	}
	return out
}

// No Docker engine here: the Dockerfile is checked as text. A multi-stage
// build of a static binary, a final stage without a shell that runs as a
// non-root user, keeps its database on a volume and checks its own health
// with the binary.
func TestDockerfile(t *testing.T) {
	stages := dockerStages(t, deployFile(t, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("want a multi-stage build, got %d stage(s)", len(stages))
	}
	for _, s := range stages {
		if s.name == "" {
			t.Errorf("stage FROM %s has no AS name", s.from)
		}
	}
	build, final := stages[0], stages[len(stages)-1]
	if env := strings.Join(instr(build, "ENV"), " "); !strings.Contains(env, "CGO_ENABLED=0") || !strings.Contains(env, "GOPROXY=https://proxy.golang.org") {
		t.Errorf("the build stage must set CGO_ENABLED=0 and the module proxy: %q", env)
	}
	if !strings.HasPrefix(final.from, "scratch") && !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
		t.Errorf("final stage FROM %s: want scratch or distroless static (no shell)", final.from)
	}
	if run := instr(final, "RUN"); len(run) > 0 {
		t.Errorf("the final stage has no shell to RUN with: %v", run)
	}
	users := instr(final, "USER")
	if len(users) == 0 {
		t.Fatal("the final stage sets no USER: it would run as root")
	}
	if u, _, _ := strings.Cut(users[len(users)-1], ":"); u == "0" || u == "root" {
		t.Errorf("final USER %s is root", users[len(users)-1])
	}
	hc := instr(final, "HEALTHCHECK")
	if len(hc) != 1 || !strings.Contains(hc[0], `CMD ["/usr/local/bin/readout", "health"]`) {
		t.Errorf("want one exec-form HEALTHCHECK running the binary's health command: %v", hc)
	}
	if _, ok := commands()["health"]; !ok {
		t.Error("the health check names a command readout lacks")
	}
	env := strings.Join(instr(final, "ENV"), " ")
	vol := strings.Join(instr(final, "VOLUME"), " ")
	if !strings.Contains(env, "READOUT_STORAGE_PATH=/data/") || !strings.Contains(vol, `"/data"`) {
		t.Errorf("the database must live on the /data volume: ENV %q VOLUME %q", env, vol)
	}
	if !strings.Contains(env, "READOUT_HTTP_LISTEN=") {
		t.Errorf("the health check needs READOUT_HTTP_LISTEN: %q", env)
	}
	if ep := instr(final, "ENTRYPOINT"); len(ep) != 1 || !strings.HasPrefix(ep[0], "[") {
		t.Errorf("want an exec-form ENTRYPOINT (no shell): %v", ep)
	}
	compose := deployFile(t, "docker-compose.yml")
	for _, want := range []string{"dockerfile: docs/deploy/Dockerfile", ":/data", "/run/secrets/"} {
		if !strings.Contains(compose, want) {
			t.Errorf("docker-compose.yml lacks %q", want)
		}
	}
}

// The unit is hardened and passes systemd-analyze verify where systemd is
// installed.
func TestSystemdUnit(t *testing.T) {
	unit := deployFile(t, "readout.service")
	for _, want := range []string{"DynamicUser=yes", "StateDirectory=readout", "ProtectSystem=strict", "NoNewPrivileges=yes",
		"Restart=on-failure", "ExecStart=/usr/local/bin/readout run", "READOUT_STORAGE_PATH=/var/lib/readout/"} {
		if !strings.Contains(unit, want) {
			t.Errorf("readout.service lacks %s", want)
		}
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed: the unit was checked as text only")
	}
	// verify wants the binary to exist: the test binary stands in for it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "readout.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/readout", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "readout.service") {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
