package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check is one thing /readyz asks: Probe returns nil when it is fine.
type Check struct {
	Name  string
	Probe func(context.Context) error
}

// probeTimeout bounds one check; a check that takes longer fails.
const probeTimeout = 2 * time.Second

// Server is the operations listener.
type Server struct {
	Addr    string
	Metrics *Metrics
	Checks  []Check
	Logger  *slog.Logger

	mu    sync.Mutex
	extra []route
}

type route struct {
	pattern string
	h       http.Handler
}

// Handle serves another handler on the same listener: Slack's HTTP mode
// when both are on.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extra = append(s.extra, route{pattern, h})
}

// Handler serves /healthz, /readyz, /metrics and what Handle added.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	if s.Metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(s.Metrics.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{s.Logger}}))
	}
	s.mu.Lock()
	for _, r := range s.extra {
		mux.Handle(r.pattern, r.h)
	}
	s.mu.Unlock()
	return mux
}

// Readiness is /readyz's body: each check's verdict, "ok" or what is wrong.
type Readiness struct {
	Ready  bool              `json:"ready"`
	Checks map[string]string `json:"checks"`
}

// Ready runs every check at once, each within probeTimeout.
func (s *Server) Ready(ctx context.Context) Readiness {
	res := Readiness{Ready: true, Checks: map[string]string{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range s.Checks {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, probeTimeout)
			defer cancel()
			// A probe that ignores its context (a busy database) must not
			// hold the answer.
			done := make(chan error, 1)
			go func() { done <- c.Probe(ctx) }()
			var err error
			select {
			case err = <-done:
			case <-ctx.Done():
				err = fmt.Errorf("no answer within %s", probeTimeout)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Ready = false
				res.Checks[c.Name] = err.Error()
				return
			}
			res.Checks[c.Name] = "ok"
		})
	}
	wg.Wait()
	return res
}

func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	res := s.Ready(r.Context())
	w.Header().Set("Content-Type", "application/json")
	if !res.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(res)
}

// Listen binds the address; Serve then serves on it. Split so that the
// wiring can fail early on a taken port and learn a ":0" port.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return nil, fmt.Errorf("http: listen on %s: %w", s.Addr, err)
	}
	return ln, nil
}

// Serve serves on ln until ctx is done, then shuts down within a few
// seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	s.Logger.Info("listening", "addr", ln.Addr().String(), "paths", "/healthz /readyz /metrics")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("http: shutdown: %w", err)
	}
	return nil
}

// slogPrinter passes promhttp's errors to the log.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Warn("metrics", "err", fmt.Sprint(v...)) }
