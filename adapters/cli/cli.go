// Package cli is readout's terminal adapter, the command line: it reads
// the configuration, wires the core to its adapters (wire.go, the one
// place services are built) and runs one command.
package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

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
	// Terminal says that Stdin is a terminal: run talks on the console
	// only then (or when told to with --console).
	Terminal bool
}

const usage = `usage: readout [--db PATH|URL] [--config FILE] COMMAND [ARGS]

commands:
  ingest [--json] [--published TIME] SOURCE...
                                      fetch feeds, pages or text files (paths, folders or http(s) URLs) and store their calls
  calls [--json] [--leader NAME]...   list call records, newest first
  ask [--json] [--now RFC3339] QUESTION...
                                      answer a question as the bot would
  chat                                talk to the bot in this terminal
  run [--console]                     run the bot with the adapters the configuration enables
  sources add|remove|list [URL]       manage the sources readout polls
  digest subscribe|unsubscribe|list   manage digest subscriptions (see README)
  backup FILE                         write a consistent copy of the database, even while the bot runs
  restore FILE                        replace the database with a backup (not while the bot runs)
  migrate --from sqlite:PATH --to postgres://...
                                      copy a SQLite deployment into an empty PostgreSQL database
  health [--addr HOST:PORT]           ask a running bot's /healthz (http.listen); for container health checks
  version                             print the version and the revision it was built from
  help [COMMAND]                      print this, or a command's usage

"readout COMMAND --help" shows a command's flags.
exit codes: 0 done, 1 failed, 2 usage or configuration error.
`

// command is one of readout's commands: its usage, its flags, and what it
// does once they are read.
type command struct {
	synopsis string // after "readout "
	summary  string
	// noStore marks the commands that must not open (or create) the
	// database.
	noStore bool
	// flags declares the command's flags on fs and returns what runs
	// with the arguments left.
	flags func(fs *flag.FlagSet) func(ctx context.Context, a *app, args []string, env Env) int
	// direct runs a noStore command.
	direct func(fs *flag.FlagSet) func(ctx context.Context, c config.Config, args []string, env Env) int
}

func commands() map[string]command {
	admin := func(name string) func(*flag.FlagSet) func(context.Context, *app, []string, Env) int {
		return func(*flag.FlagSet) func(context.Context, *app, []string, Env) int {
			return func(ctx context.Context, a *app, args []string, env Env) int { return a.admin(ctx, name, args, env) }
		}
	}
	sources := command{synopsis: "sources add URL | remove URL|#ID | list", summary: "Manage the sources readout polls.", flags: admin("sources")}
	digests := command{synopsis: "digest subscribe channel=PLATFORM:ID [leaders=...] [schedule=...] | unsubscribe channel=... | list",
		summary: "Manage digest subscriptions.", flags: admin("digest")}
	return map[string]command{
		"ingest": {synopsis: "ingest [--json] [--published TIME] SOURCE...", summary: "Fetch feeds, pages or text files (paths, folders or http(s) URLs), store their calls\n" +
			"and give an account of each source. --published dates a single file whose text gives no date.", flags: ingestFlags},
		"calls": {synopsis: "calls [--json] [--leader NAME]...", summary: "List call records, newest first.", flags: callsFlags},
		"ask":   {synopsis: "ask [--json] [--now RFC3339] QUESTION...", summary: "Answer a question as the bot would.", flags: askFlags},
		"chat": {synopsis: "chat", summary: "Talk to the bot in this terminal; \"quit\" or the end of input leaves.",
			flags: func(*flag.FlagSet) func(context.Context, *app, []string, Env) int {
				return func(ctx context.Context, a *app, _ []string, env Env) int { return a.chat(ctx, env) }
			}},
		"run": {synopsis: "run [--console]", summary: "Run the bot with the adapters the configuration enables, the poller and the digests,\n" +
			"until SIGINT or SIGTERM. The console is used when --console is given, or when no chat token is set and\n" +
			"standard input is a terminal; a console session also ends with \"quit\" or the end of its input.",
			flags: runFlags},
		"sources": sources, "source": sources,
		"digest": digests, "digests": digests,
		"backup":  {synopsis: "backup FILE", summary: "Write a consistent copy of the database to FILE (which must not exist), even while the bot runs.", flags: backupFlags},
		"restore": {synopsis: "restore FILE", summary: "Replace the database with the backup FILE. Refused while the bot (or any readout) uses the database.", noStore: true, direct: restoreFlags},
		"migrate": {synopsis: "migrate --from sqlite:PATH --to postgres://USER@HOST/DB",
			summary: "Copy a deployment's SQLite database (articles, calls with their versions and changes, sources with their\n" +
				"polling state, digest subscriptions, queue and deliveries) into an empty PostgreSQL database, in one transaction,\n" +
				"keeping every id, and compare the rows of each table on both sides. The file may be in use meanwhile: the copy\n" +
				"reads one snapshot of it. Stop the bot on SQLite before starting it on PostgreSQL (see docs/scaling.md).",
			noStore: true, direct: migrateFlags},
		"health": {synopsis: "health [--addr HOST:PORT]", summary: "Ask a running bot's /healthz (the http.listen address by default); exit 0 when it answers ok.",
			noStore: true, direct: healthFlags},
		"version": {synopsis: "version", summary: "Print the module version and the VCS revision readout was built from.", noStore: true,
			direct: func(*flag.FlagSet) func(context.Context, config.Config, []string, Env) int { return version }},
	}
}

// Main runs readout with args (without the program name) and returns the
// process exit code: 0 done, 1 failed, 2 usage or configuration error.
func Main(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("readout", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "database: a SQLite file, or a postgres:// URL (default: the configuration's storage.path, then readout.db)")
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stdout, usage)
			return 0
		}
		return usageError(env, "readout", err.Error(), usage)
	}
	if fs.NArg() == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	cmds := commands()
	if name == "help" {
		if len(rest) == 0 {
			fmt.Fprint(env.Stdout, usage)
			return 0
		}
		cmd, ok := cmds[rest[0]]
		if !ok {
			return usageError(env, "readout help", fmt.Sprintf("unknown command %q", rest[0]), usage)
		}
		fmt.Fprint(env.Stdout, commandUsage(rest[0], cmd))
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		return usageError(env, "readout", fmt.Sprintf("unknown command %q", name), usage)
	}
	cfs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfs.SetOutput(io.Discard)
	var runApp func(context.Context, *app, []string, Env) int
	var runDirect func(context.Context, config.Config, []string, Env) int
	if cmd.noStore {
		runDirect = cmd.direct(cfs)
	} else {
		runApp = cmd.flags(cfs)
	}
	if err := cfs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stdout, commandUsage(name, cmd))
			return 0
		}
		return usageError(env, "readout "+name, err.Error(), commandUsage(name, cmd))
	}
	cfg, err := config.Load(*cfgPath, env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	if *dbPath != "" {
		cfg.Storage.Path = *dbPath
	}
	if cmd.noStore {
		return runDirect(ctx, cfg, cfs.Args(), env)
	}
	log := newLogger(cfg.Log, env.Stderr)
	app, err := open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 1
	}
	code := runApp(ctx, app, cfs.Args(), env)
	app.close(code != 0)
	return code
}

// usageError reports a usage mistake on one line, then the usage.
func usageError(env Env, who, msg, use string) int {
	fmt.Fprintf(env.Stderr, "%s: %s\n%s", who, msg, use)
	return 2
}

// commandUsage is a command's synopsis, what it does and its flags.
func commandUsage(name string, cmd command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: readout [--db PATH|URL] [--config FILE] %s\n\n%s\n", cmd.synopsis, cmd.summary)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	if cmd.noStore {
		cmd.direct(fs)
	} else {
		cmd.flags(fs)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nflags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
	}
	return b.String()
}

// ingest fetches each source and stores what it holds, and gives an
// account of each: what it held, what storing it did, what is doubtful.
// The exit code is non-zero when any source failed.
func ingestFlags(fs *flag.FlagSet) func(context.Context, *app, []string, Env) int {
	asJSON := fs.Bool("json", false, "print the account of each source as JSON")
	published := fs.String("published", "", "publication time (YYYY-MM-DD or RFC 3339) of a single file whose text gives none")
	return func(ctx context.Context, a *app, args []string, env Env) int {
		return a.ingest(ctx, args, *asJSON, *published, env)
	}
}

func (a *app) ingest(ctx context.Context, args []string, asJSON bool, published string, env Env) int {
	srcs, err := expandSources(args)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout ingest:", err)
		return 2
	}
	if len(srcs) == 0 {
		fmt.Fprintln(env.Stderr, "readout ingest: name at least one source (a file, a folder or an http(s) URL)")
		return 2
	}
	var pub time.Time
	if published != "" {
		if pub, err = parseWhen(published); err != nil {
			fmt.Fprintln(env.Stderr, "readout ingest: --published:", err)
			return 2
		}
		if len(srcs) != 1 {
			fmt.Fprintln(env.Stderr, "readout ingest: --published dates a single file; name one")
			return 2
		}
	}
	// The next source is read and its articles prepared while one is
	// stored, which runs on one core.
	fetches := make(chan ingestFetch)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(fetches)
		for _, src := range srcs {
			select {
			case fetches <- a.fetchOne(ctx, src, pub):
			case <-ctx.Done():
				return
			}
		}
	}()
	var accounts []ingestAccount
	failed := 0
	for f := range fetches {
		acc := a.storeFetched(ctx, f)
		if acc.Error != "" {
			failed++
			fmt.Fprintf(env.Stderr, "readout ingest: %s: %s\n", acc.Source, acc.Error)
		}
		for _, w := range acc.Warnings {
			fmt.Fprintf(env.Stderr, "readout ingest: warning: %s\n", w)
		}
		if acc.Error == "" && !asJSON {
			fmt.Fprintln(env.Stdout, acc.line())
		}
		accounts = append(accounts, acc)
	}
	if asJSON {
		if code := writeJSON(env, accounts); code != 0 {
			return code
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// ingestAccount is what ingesting one source did.
type ingestAccount struct {
	Source       string   `json:"source"`
	Articles     int      `json:"articles"`
	New          int      `json:"new"`
	Changed      int      `json:"changed"`
	Unchanged    int      `json:"unchanged"`
	Failed       int      `json:"failed"`
	CallsNew     int      `json:"calls_new"`
	CallsUpdated int      `json:"calls_updated"`
	Undated      int      `json:"undated"`
	Warnings     []string `json:"warnings,omitempty"`
	Error        string   `json:"error,omitempty"`
}

func (acc ingestAccount) line() string {
	s := fmt.Sprintf("%s: %d article(s): %d new, %d changed, %d unchanged; calls: %d new, %d updated",
		acc.Source, acc.Articles, acc.New, acc.Changed, acc.Unchanged, acc.CallsNew, acc.CallsUpdated)
	if acc.Undated > 0 {
		s += fmt.Sprintf("; %d undated", acc.Undated)
	}
	return s
}

// ingestFetch is a source read, its articles being prepared to store.
type ingestFetch struct {
	acc      ingestAccount
	articles int
	prepared *ingest.Prepared
}

// fetchOne reads a source and starts preparing its articles.
func (a *app) fetchOne(ctx context.Context, src string, pub time.Time) ingestFetch {
	acc := ingestAccount{Source: src}
	res, err := a.fetcher.FetchLocal(ctx, src)
	if err == nil && len(res.Articles) == 0 {
		err = errors.New("no articles found")
	}
	if err != nil {
		acc.Error = bot.OneLine(err)
		return ingestFetch{acc: acc}
	}
	for i := range res.Articles {
		if res.Articles[i].Published.IsZero() {
			res.Articles[i].Published = pub
		}
	}
	for _, art := range res.Articles {
		if art.Published.IsZero() {
			acc.Undated++
			acc.Warnings = append(acc.Warnings, fmt.Sprintf("%s: no publication date found (give one with --published); its calls are kept undated", articleName(src, art)))
		}
	}
	return ingestFetch{acc: acc, articles: len(res.Articles), prepared: a.ingester.Prepare(ctx, ingest.Batch{Articles: res.Articles})}
}

// storeFetched stores a source's articles and gives the account of it.
func (a *app) storeFetched(ctx context.Context, f ingestFetch) ingestAccount {
	acc := f.acc
	if f.prepared == nil {
		return acc
	}
	st, err := f.prepared.Store(ctx)
	if err != nil {
		acc.Error = bot.OneLine(err)
		return acc
	}
	acc.Articles = f.articles
	acc.New, acc.Changed, acc.Unchanged, acc.Failed = st.New, st.Changed, st.Unchanged, st.Failed
	acc.CallsNew, acc.CallsUpdated = st.NewCalls, st.UpdatedCalls
	if st.Failed == f.articles {
		acc.Error = fmt.Sprintf("none of %d articles could be stored", st.Failed)
	}
	return acc
}

// articleName names an article in a warning: the source itself when it
// held one article, else the article's title or URL.
func articleName(src string, art summaries.Article) string {
	if art.Title != "" {
		return fmt.Sprintf("%s (%q)", src, bot.Trim(art.Title, 80))
	}
	if art.URL != "" {
		return art.URL
	}
	return src
}

// expandSources replaces a local folder by the files in it, in name
// order, leaving out hidden files and subfolders.
func expandSources(args []string) ([]string, error) {
	var out []string
	for _, src := range args {
		info, err := os.Stat(src)
		if err != nil || !info.IsDir() {
			out = append(out, src) // a URL, a file, or an error the fetch reports
			continue
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			return nil, fmt.Errorf("read folder %s: %w", src, err)
		}
		n := len(out)
		for _, e := range entries {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, filepath.Join(src, e.Name()))
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("folder %s holds no files", src)
		}
	}
	return out, nil
}

// parseWhen reads a day (YYYY-MM-DD, 00:00 UTC) or an RFC 3339 time.
func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither YYYY-MM-DD nor an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func callsFlags(fs *flag.FlagSet) func(context.Context, *app, []string, Env) int {
	asJSON := fs.Bool("json", false, "print JSON")
	var names multiFlag
	fs.Var(&names, "leader", "only calls with this leader (repeatable)")
	return func(ctx context.Context, a *app, _ []string, env Env) int { return a.calls(ctx, *asJSON, names, env) }
}

func (a *app) calls(ctx context.Context, asJSON bool, names []string, env Env) int {
	var ids []string
	for _, n := range names {
		id := a.resolveLeader(n)
		if id == "" {
			fmt.Fprintf(env.Stderr, "readout calls: unknown leader %q\n", n)
			return 2
		}
		ids = append(ids, id)
	}
	calls, err := a.store.Calls(ctx, summaries.CallFilter{Leaders: ids, Undated: true})
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout calls:", err)
		return 1
	}
	// The store lists the calls of one day in the order they were made,
	// which the order their articles came in decides; the listing is the
	// same whatever that order was.
	slices.SortStableFunc(calls, func(x, y summaries.Call) int {
		return cmp.Or(y.Date.Compare(x.Date), strings.Compare(strings.Join(x.Participants, "+"), strings.Join(y.Participants, "+")))
	})
	if asJSON {
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

func askFlags(fs *flag.FlagSet) func(context.Context, *app, []string, Env) int {
	asJSON := fs.Bool("json", false, "print JSON: {answer, intent, read_as, messages, calls}")
	nowFlag := fs.String("now", "", "answer as of this time (RFC 3339)")
	chartFile := fs.String("chart", "", "write the answer's timeline (lists and counts) to this PNG file")
	return func(ctx context.Context, a *app, args []string, env Env) int {
		return a.ask(ctx, *asJSON, *nowFlag, *chartFile, args, env)
	}
}

func (a *app) ask(ctx context.Context, asJSON bool, nowFlag, chartFile string, args []string, env Env) int {
	// A usage error is an answer too: with --json, as JSON.
	refuse := func(msg string) int {
		if asJSON {
			if code := writeJSON(env, askJSON{Answer: msg, Messages: []bot.Message{}, Calls: []bot.CallView{}}); code != 0 {
				return code
			}
		}
		fmt.Fprintln(env.Stderr, "readout ask:", msg)
		return 2
	}
	question := strings.Join(args, " ")
	if strings.TrimSpace(question) == "" {
		return refuse("ask a question, e.g. readout ask latest trump putin call")
	}
	var now time.Time
	if nowFlag != "" {
		t, err := time.Parse(time.RFC3339, nowFlag)
		if err != nil {
			return refuse(fmt.Sprintf("--now %q is not an RFC 3339 time", nowFlag))
		}
		now = t
	}
	reply := a.bot.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "cli", User: "operator", Admin: true}, Text: question, Now: now})
	code := exitCode(reply)
	if chartFile != "" {
		if err := writeChart(reply, chartFile); err != nil {
			fmt.Fprintln(env.Stderr, "readout ask:", err)
			code = 1
		}
	}
	if asJSON {
		calls := reply.Calls
		if calls == nil {
			calls = []bot.CallView{}
		}
		if c := writeJSON(env, askJSON{Answer: strings.TrimSpace(console.Render(reply)), Intent: reply.Intent, ReadAs: reply.ReadAs,
			Messages: reply.Messages, Calls: calls}); c != 0 {
			return c
		}
		return code
	}
	fmt.Fprint(env.Stdout, console.Render(reply))
	return code
}

// writeChart writes the reply's timeline to path; an answer without one
// (not a list or a count about a leader) is an error.
func writeChart(r bot.Reply, path string) error {
	for _, m := range r.Messages {
		if m.Image == nil {
			continue
		}
		data, err := m.Image.PNG()
		if err != nil {
			return fmt.Errorf("--chart: %w", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("--chart: %w", err)
		}
		return nil
	}
	return errors.New("--chart: this answer has no chart (lists and counts of a pair's or a leader's calls have one)")
}

// askJSON is what ask --json prints.
type askJSON struct {
	Answer   string         `json:"answer"`
	Intent   string         `json:"intent"`
	ReadAs   string         `json:"read_as"`
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
	c := &console.Console{Handler: a.handler(), In: env.Stdin, Out: env.Stdout, Prompt: "> "}
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
	// /dev/null, a service's usual input, is a character device too: only
	// a real terminal counts.
	terminal := isatty.IsTerminal(os.Stdin.Fd())
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Terminal: terminal}
}
