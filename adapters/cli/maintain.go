package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"readout/config"
	"readout/storage"
)

// version prints the module version and the VCS revision the binary was
// built from, as the Go toolchain recorded them.
func version(_ context.Context, _ config.Config, args []string, env Env) int {
	if len(args) > 0 {
		return usageError(env, "readout version", fmt.Sprintf("unexpected argument %q", args[0]), commandUsage("version", commands()["version"]))
	}
	fmt.Fprintln(env.Stdout, versionLine())
	return 0
}

func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "readout (no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	rev, modified := "unknown", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified {
		rev += " (modified)"
	}
	return fmt.Sprintf("readout %s revision %s %s", v, rev, info.GoVersion)
}

func backupFlags(*flag.FlagSet) func(context.Context, *app, []string, Env) int {
	return func(ctx context.Context, a *app, args []string, env Env) int {
		if len(args) != 1 {
			return usageError(env, "readout backup", "name one file to write", commandUsage("backup", commands()["backup"]))
		}
		return a.backup(ctx, args[0], env)
	}
}

// backup writes a consistent copy of the database next to nothing it would
// overwrite: an existing file is refused rather than replaced.
func (a *app) backup(ctx context.Context, file string, env Env) int {
	if a.file == nil {
		fmt.Fprintln(env.Stderr, "readout backup:", errFileOnly("backup", "back it up with pg_dump"))
		return 1
	}
	if _, err := os.Stat(file); err == nil {
		fmt.Fprintf(env.Stderr, "readout backup: %s exists; name a new file\n", file)
		return 1
	}
	if err := a.file.Backup(ctx, file); err != nil {
		fmt.Fprintln(env.Stderr, "readout backup:", err)
		return 1
	}
	if err := storage.Verify(ctx, file); err != nil {
		fmt.Fprintln(env.Stderr, "readout backup:", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", sqlitePath(a.cfg.Storage.Path), file)
	return 0
}

func restoreFlags(*flag.FlagSet) func(context.Context, config.Config, []string, Env) int {
	return func(ctx context.Context, cfg config.Config, args []string, env Env) int {
		if len(args) != 1 {
			return usageError(env, "readout restore", "name the backup file to restore", commandUsage("restore", commands()["restore"]))
		}
		if isPostgres(cfg.Storage.Path) {
			fmt.Fprintln(env.Stderr, "readout restore:", errFileOnly("restore", "restore a pg_dump with pg_restore"))
			return 1
		}
		if err := restore(ctx, args[0], sqlitePath(cfg.Storage.Path)); err != nil {
			fmt.Fprintln(env.Stderr, "readout restore:", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "restored %s from %s\n", cfg.Storage.Path, args[0])
		return 0
	}
}

// restore replaces the database at dst with the backup src: only a sound
// backup, and only while no readout has the database open (every command
// that opens it holds a shared lock; restore needs it alone).
func restore(ctx context.Context, src, dst string) error {
	if err := storage.Verify(ctx, src); err != nil {
		return err
	}
	if f, err := os.OpenFile(dst, os.O_RDWR, 0); err == nil {
		defer f.Close()
		if err := lockFile(f, true); err != nil {
			return fmt.Errorf("%s is in use (is the bot running? stop it first): %w", dst, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".restore-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(src)
	if err != nil {
		tmp.Close()
		return err
	}
	defer in.Close()
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	// A log left beside the old database would be replayed into the new one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	return nil
}

func healthFlags(fs *flag.FlagSet) func(context.Context, config.Config, []string, Env) int {
	addr := fs.String("addr", "", "the listener to ask (default: http.listen, with 127.0.0.1 for an unspecified host)")
	return func(ctx context.Context, cfg config.Config, args []string, env Env) int {
		if len(args) > 0 {
			return usageError(env, "readout health", fmt.Sprintf("unexpected argument %q", args[0]), commandUsage("health", commands()["health"]))
		}
		target := cmp.Or(*addr, cfg.HTTP.Listen)
		if target == "" {
			fmt.Fprintln(env.Stderr, "readout health: no address: set http.listen (READOUT_HTTP_LISTEN) or --addr")
			return 2
		}
		if err := checkHealth(ctx, target); err != nil {
			fmt.Fprintln(env.Stderr, "readout health:", err)
			return 1
		}
		fmt.Fprintln(env.Stdout, "ok")
		return 0
	}
}

// checkHealth asks the listener at addr for /healthz. It needs nothing but
// the binary, so a container without a shell can run it as its health
// check.
func checkHealth(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	u := "http://" + net.JoinHostPort(host, port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", u, resp.Status)
	}
	return nil
}
