// Package pgtest runs a throwaway PostgreSQL server for tests, from the
// binaries installed on the machine: initdb into a temporary folder, the
// server listening on a unix socket in that folder only (no TCP port), a
// fresh database per test. Tests skip, saying why, when PostgreSQL is not
// installed.
//
// One server serves a test binary: make it in TestMain, stop it after
// m.Run. It starts at the first test that asks for a database, so a run
// that selects none of them pays nothing.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Server is a throwaway PostgreSQL server.
type Server struct {
	once  sync.Once
	skip  string // why tests skip: PostgreSQL is not installed
	err   error  // why the server could not start
	dir   string // data, socket and log
	cmd   *exec.Cmd
	done  chan struct{} // closed when the server process has exited
	admin *pgxpool.Pool
	n     atomic.Int64

	prepareMu sync.Mutex
	prepared  string // the database Prepared copies, once made
}

// New returns a server that starts when a test first asks for a database.
func New() *Server { return &Server{} }

// binDirs lists where initdb and postgres may be, in order of preference:
// the PATH, /usr/local/bin, then Debian's versioned folders, newest first.
func binDirs() []string {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	dirs = append(dirs, "/usr/local/bin")
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(versioned, func(a, b string) int { return version(b) - version(a) })
	return append(dirs, versioned...)
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func findBinaries() (initdb, postgres string, ok bool) {
	for _, d := range binDirs() {
		i, p := filepath.Join(d, "initdb"), filepath.Join(d, "postgres")
		if isExecutable(i) && isExecutable(p) {
			return i, p, true
		}
	}
	return "", "", false
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Database creates an empty database for t, dropped when t ends, and
// returns its URL. It skips t when PostgreSQL is not installed and fails
// it when the server could not start.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	s.ready(t)
	return s.database(t, "template1")
}

// Prepared creates a database for t as a copy of one that prepare made
// from an empty database, once for the server (say, by migrating it):
// copying is cheaper than preparing each time. prepare must leave no
// connection open. It skips and fails t as Database does.
func (s *Server) Prepared(t testing.TB, prepare func(ctx context.Context, url string) error) string {
	t.Helper()
	s.ready(t)
	s.prepareMu.Lock()
	if s.prepared == "" {
		name := fmt.Sprintf("readout_template_%d", s.n.Add(1))
		if _, err := s.admin.Exec(context.Background(), `CREATE DATABASE `+name); err != nil {
			s.prepareMu.Unlock()
			t.Fatalf("create database %s: %v", name, err)
		}
		if err := prepare(context.Background(), s.url(name)); err != nil {
			s.prepareMu.Unlock()
			t.Fatalf("prepare database %s: %v", name, err)
		}
		s.prepared = name
	}
	s.prepareMu.Unlock()
	return s.database(t, s.prepared)
}

func (s *Server) ready(t testing.TB) {
	t.Helper()
	s.once.Do(func() { s.skip, s.err = s.start() })
	if s.skip != "" {
		t.Skip(s.skip)
	}
	if s.err != nil {
		t.Fatalf("throwaway PostgreSQL: %v", s.err)
	}
}

func (s *Server) database(t testing.TB, template string) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("readout_test_%d", s.n.Add(1))
	if _, err := s.admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		// FORCE closes what a failed test left open.
		if _, err := s.admin.Exec(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return s.url(name)
}

func (s *Server) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(s.dir) + "&sslmode=disable"
}

// start runs initdb and the server. It returns a reason to skip when
// PostgreSQL is not installed, or an error when it is but cannot run.
func (s *Server) start() (skip string, err error) {
	initdb, postgres, ok := findBinaries()
	if !ok {
		return "PostgreSQL is not installed (no initdb and postgres on PATH, in /usr/local/bin or /usr/lib/postgresql/*/bin): PostgreSQL tests skipped", nil
	}
	// The server refuses to run as root: as root, it runs as the postgres
	// user, which owns the folder.
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "running as root and there is no postgres user to run PostgreSQL as: PostgreSQL tests skipped", nil
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	// A short path: the socket's path must fit in 107 bytes.
	s.dir, err = os.MkdirTemp("", "readout-pg-")
	if err != nil {
		return "", err
	}
	if cred != nil {
		if err := os.Chown(s.dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return "", s.fail(err)
		}
	}
	data := filepath.Join(s.dir, "data")
	out, err := s.command(cred, initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync").CombinedOutput()
	if err != nil {
		return "", s.fail(fmt.Errorf("initdb: %w\n%s", err, out))
	}
	logPath := filepath.Join(s.dir, "server.log")
	log, err := os.Create(logPath)
	if err != nil {
		return "", s.fail(err)
	}
	defer log.Close()
	// Durability is not wanted of a server that lives for one test run.
	s.cmd = s.command(cred, postgres, "-D", data, "-k", s.dir, "-c", "listen_addresses=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=32MB")
	s.cmd.Stdout, s.cmd.Stderr = log, log
	// The server dies with the test binary, even when it is killed.
	s.cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := s.cmd.Start(); err != nil {
		return "", s.fail(fmt.Errorf("start postgres: %w", err))
	}
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); close(s.done) }()

	if err := s.connect(); err != nil {
		s.Stop()
		logText, _ := os.ReadFile(logPath)
		return "", fmt.Errorf("%w\nserver log:\n%s", err, logText)
	}
	return "", nil
}

func (s *Server) command(cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	return cmd
}

// connect waits for the server to accept connections, as long as it runs.
func (s *Server) connect() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, s.url("postgres"))
		if err == nil {
			conn.Close(ctx)
			s.admin, err = pgxpool.New(ctx, s.url("postgres"))
			return err
		}
		select {
		case <-s.done:
			return errors.New("postgres exited at start")
		case <-ctx.Done():
			return fmt.Errorf("postgres did not accept connections: %w", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *Server) fail(err error) error {
	os.RemoveAll(s.dir)
	return err
}

// Stop shuts the server down, if it started, and removes its folder.
func (s *Server) Stop() {
	if s.admin != nil {
		s.admin.Close()
	}
	if s.cmd != nil && s.cmd.Process != nil {
		// SIGINT is PostgreSQL's fast shutdown.
		s.cmd.Process.Signal(syscall.SIGINT)
		<-s.done
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}
