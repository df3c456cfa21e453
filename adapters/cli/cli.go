// Package cli is readout's terminal adapter, the command line: it reads
// the configuration, wires the core to its adapters (wire.go, the one
// place services are built) and runs one command.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"readout/adapters/console"
	"readout/bot"
	"readout/bot/ingest"
	"readout/config"
	"readout/summaries"
	"readout/summaries/leaders"
)

// Env is what a command sees of the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

const usage = `usage: readout [--db PATH] [--config FILE] COMMAND [ARGS]

commands:
  ingest SOURCE...                    fetch feeds, pages or text files (paths or http(s) URLs) and store their calls
  calls [--json] [--leader NAME]...   list call records, newest first
  ask [--json] [--now RFC3339] QUESTION...
                                      answer a question as the bot would
  chat                                talk to the bot in this terminal
  run                                 run the bot with the adapters the configuration enables (the console when none)
  sources add|remove|list [URL]       manage the sources readout polls
  digest subscribe|unsubscribe|list   manage digest subscriptions (see README)
`

// Main runs readout with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("readout", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dbPath := fs.String("db", "", "database file (default: the configuration's storage.path, then readout.db)")
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	fs.Usage = func() { fmt.Fprint(env.Stderr, usage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	cfg, err := config.Load(*cfgPath, env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	if *dbPath != "" {
		cfg.Storage.Path = *dbPath
	}
	log := newLogger(cfg.Log, env.Stderr)
	app, err := open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 1
	}
	defer app.close()
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "ingest":
		return app.ingest(ctx, rest, env)
	case "calls":
		return app.calls(ctx, rest, env)
	case "ask":
		return app.ask(ctx, rest, env)
	case "chat":
		return app.chat(ctx, env)
	case "run":
		return app.run(ctx, env)
	case "sources", "source", "digest", "digests":
		return app.admin(ctx, cmd, rest, env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return 0
	}
	fmt.Fprintf(env.Stderr, "readout: unknown command %q\n%s", cmd, usage)
	return 2
}

// ingest fetches each source and stores what it holds. Each failing source
// gets one line; the exit code is non-zero when any source failed.
func (a *app) ingest(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "readout ingest: name at least one source (a path or an http(s) URL)")
		return 2
	}
	failed := 0
	for _, src := range args {
		res, err := a.fetcher.FetchLocal(ctx, src)
		if err == nil && len(res.Articles) == 0 {
			err = errors.New("no articles found")
		}
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "readout ingest: %s: %v\n", src, bot.OneLine(err))
			continue
		}
		st, _ := a.ingester.StoreAll(ctx, ingest.Batch{Articles: res.Articles})
		if st.Failed == len(res.Articles) {
			failed++
			fmt.Fprintf(env.Stderr, "readout ingest: %s: none of %d articles could be stored\n", src, st.Failed)
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: %d article(s): %d new, %d changed, %d unchanged; calls: %d new, %d updated\n",
			src, len(res.Articles), st.New, st.Changed, st.Unchanged, st.NewCalls, st.UpdatedCalls)
	}
	if failed > 0 {
		return 1
	}
	return 0
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (a *app) calls(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("calls", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	var names multiFlag
	fs.Var(&names, "leader", "only calls with this leader (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var ids []string
	for _, n := range names {
		id := a.resolveLeader(n)
		if id == "" {
			fmt.Fprintf(env.Stderr, "readout calls: unknown leader %q\n", n)
			return 2
		}
		ids = append(ids, id)
	}
	calls, err := a.store.Calls(ctx, summaries.CallFilter{Leaders: ids})
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout calls:", err)
		return 1
	}
	if *asJSON {
		views := make([]bot.CallView, 0, len(calls))
		for _, c := range calls {
			views = append(views, a.bot.View(c))
		}
		return writeJSON(env, views)
	}
	if len(calls) == 0 {
		fmt.Fprintln(env.Stdout, "no calls on record")
	}
	for _, c := range calls {
		fmt.Fprint(env.Stdout, a.bot.CallMessage(c).PlainText(), "\n")
	}
	return 0
}

func (a *app) resolveLeader(name string) string {
	for _, m := range a.g.Find(name, a.clock.Now(), leaders.Query) {
		if m.Leader != "" {
			return m.Leader
		}
	}
	if _, ok := a.g.Leader(name); ok {
		return name
	}
	return ""
}

func writeJSON(env Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 1
	}
	return 0
}

func (a *app) ask(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	asJSON := fs.Bool("json", false, "print JSON: {answer, calls}")
	nowFlag := fs.String("now", "", "answer as of this time (RFC 3339)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// A usage error is an answer too: with --json, as JSON.
	refuse := func(msg string) int {
		if *asJSON {
			if code := writeJSON(env, askJSON{Answer: msg, Messages: []bot.Message{}, Calls: []bot.CallView{}}); code != 0 {
				return code
			}
		}
		fmt.Fprintln(env.Stderr, "readout ask:", msg)
		return 2
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		return refuse("ask a question, e.g. readout ask latest trump putin call")
	}
	var now time.Time
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return refuse(fmt.Sprintf("--now %q is not an RFC 3339 time", *nowFlag))
		}
		now = t
	}
	reply := a.bot.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "cli", User: "operator", Admin: true}, Text: question, Now: now})
	if *asJSON {
		calls := reply.Calls
		if calls == nil {
			calls = []bot.CallView{}
		}
		if code := writeJSON(env, askJSON{strings.TrimSpace(console.Render(reply)), reply.Messages, calls}); code != 0 {
			return code
		}
		return exitCode(reply)
	}
	fmt.Fprint(env.Stdout, console.Render(reply))
	return exitCode(reply)
}

// askJSON is what ask --json prints.
type askJSON struct {
	Answer   string         `json:"answer"`
	Messages []bot.Message  `json:"messages"`
	Calls    []bot.CallView `json:"calls"`
}

// exitCode is 1 for a reply that reports a refusal or a failure.
func exitCode(r bot.Reply) int {
	if r.Failed {
		return 1
	}
	return 0
}

func (a *app) chat(ctx context.Context, env Env) int {
	_, code := a.converse(ctx, env)
	return code
}

// converse runs the console; quit reports that the user asked to leave.
func (a *app) converse(ctx context.Context, env Env) (quit bool, code int) {
	c := &console.Console{Handler: a.bot, In: env.Stdin, Out: env.Stdout, Prompt: "> "}
	if err := c.Run(ctx); err != nil {
		fmt.Fprintln(env.Stderr, "readout chat:", err)
		return false, 1
	}
	return c.Quit, 0
}

func (a *app) admin(ctx context.Context, cmd string, args []string, env Env) int {
	reply := a.bot.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "cli", User: "operator", Admin: true}, Text: cmd + " " + strings.Join(args, " ")})
	fmt.Fprint(env.Stdout, console.Render(reply))
	return exitCode(reply)
}

// Stdio is the process's real environment.
func Stdio() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}
