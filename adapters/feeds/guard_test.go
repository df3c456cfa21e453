package feeds

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAllowed(t *testing.T) {
	cases := []struct {
		ip             string
		public         bool // allowed by default
		privateAllowed bool // allowed with AllowPrivate
	}{
		{"8.8.8.8", true, true},
		{"1.1.1.1", true, true},
		{"2606:4700:4700::1111", true, true},
		{"172.32.0.1", true, true},      // just past 172.16/12
		{"100.128.0.1", true, true},     // just past 100.64/10
		{"11.0.0.1", true, true},        // just past 10/8
		{"169.253.255.255", true, true}, // just before link-local
		{"127.0.0.1", false, true},
		{"127.255.255.254", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"::ffff:10.0.0.1", false, true},
		{"::ffff:8.8.8.8", true, true},
		{"10.1.2.3", false, true},
		{"172.16.0.1", false, true},
		{"172.31.255.255", false, true},
		{"192.168.1.1", false, true},
		{"100.64.0.1", false, true},
		{"100.127.255.255", false, true},
		{"169.254.1.1", false, true},
		{"fe80::1", false, true},
		{"fe80::1%eth0", false, true},
		{"fc00::1", false, true},
		{"fd12:3456::1", false, true},
		{"169.254.169.254", false, false}, // metadata stays closed
		{"::ffff:169.254.169.254", false, false},
		{"fd00:ec2::254", false, false},
		{"0.0.0.0", false, false},
		{"0.1.2.3", false, false},
		{"::", false, false},
		{"255.255.255.255", false, false},
		{"224.0.0.1", false, false},
		{"239.255.255.250", false, false},
		{"ff02::1", false, false},
		{"240.0.0.1", false, false},
		{"192.0.2.10", false, false},
		{"::127.0.0.1", false, false},       // deprecated IPv4-compatible form
		{"64:ff9b::7f00:1", false, true},    // NAT64 of 127.0.0.1
		{"64:ff9b::808:808", true, true},    // NAT64 of 8.8.8.8
		{"2002:a00:1::1", false, true},      // 6to4 of 10.0.0.1
		{"2002:a9fe:a9fe::1", false, false}, // 6to4 of the metadata address
	}
	for _, c := range cases {
		ip := netip.MustParseAddr(c.ip)
		for _, allowPrivate := range []bool{false, true} {
			want := c.public
			if allowPrivate {
				want = c.privateAllowed
			}
			err := Allowed(ip, allowPrivate)
			if (err == nil) != want {
				t.Errorf("Allowed(%s, allowPrivate=%v) = %v, want allowed=%v", c.ip, allowPrivate, err, want)
			}
			if err != nil && !errors.Is(err, ErrBlocked) {
				t.Errorf("Allowed(%s): error %v does not wrap ErrBlocked", c.ip, err)
			}
		}
	}
	if err := Allowed(netip.Addr{}, true); err == nil {
		t.Error("the zero Addr was allowed")
	}
}

func TestAllowedNamesTheReason(t *testing.T) {
	for ip, reason := range map[string]string{
		"127.0.0.1":       "loopback",
		"169.254.169.254": "metadata",
		"10.0.0.1":        "private",
		"100.64.0.1":      "CGNAT",
	} {
		err := Allowed(netip.MustParseAddr(ip), false)
		if err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("Allowed(%s) = %v, want a reason mentioning %q", ip, err, reason)
		}
	}
}

func TestCheckURL(t *testing.T) {
	refused := []string{
		"ftp://files.test/feed.xml",
		"gopher://old.test/",
		"file:///etc/passwd",
		"javascript:alert(1)",
		"data:text/html,<p>x</p>",
		"http://user:secret@news.test/feed",
		"http:///nohost",
		"http://127.1/",
		"http://127.1:8080/",
		"http://0x7f.0.0.1/",
		"http://0x7f000001/",
		"http://2130706433/",
		"http://017700000001/",
		"http://10.1/",
	}
	for _, raw := range refused {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if err := checkURL(u); !errors.Is(err, ErrBlocked) {
			t.Errorf("checkURL(%s) = %v, want ErrBlocked", raw, err)
		}
	}
	// Address decisions are the dialler's: the URL check lets these by.
	for _, raw := range []string{"https://news.test/feed", "http://127.0.0.1:8080/", "http://[::1]/", "http://localhost/", "https://123news.test/"} {
		u, _ := url.Parse(raw)
		if err := checkURL(u); err != nil {
			t.Errorf("checkURL(%s) = %v, want nil", raw, err)
		}
	}
}

// countingServer is a loopback server that counts the requests it gets.
func countingServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func textHandler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("A plain line of text that is long enough to be an article body.\n"))
}

func TestGuardRefusesLoopbackAtDial(t *testing.T) {
	srv, hits := countingServer(t, textHandler)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	f := New(Options{}) // AllowPrivate false
	ctx := context.Background()

	targets := []string{srv.URL + "/", "http://127.0.0.1:" + strconv.Itoa(port) + "/feed"}
	if hostsHasLocalhost() {
		// Only with an /etc/hosts entry: otherwise resolving the name
		// would send a DNS query off this machine.
		targets = append(targets, "http://localhost:"+strconv.Itoa(port)+"/")
	}
	for _, target := range targets {
		_, err := f.Fetch(ctx, target, Conditional{})
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("Fetch(%s) = %v, want ErrBlocked", target, err)
			continue
		}
		if !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Fetch(%s): error %q does not say why", target, err)
		}
	}
	if _, err := f.Fetch(ctx, "http://127.1:"+strconv.Itoa(port)+"/", Conditional{}); !errors.Is(err, ErrBlocked) {
		t.Errorf("127.1 shorthand: %v, want ErrBlocked", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server got %d requests through the guard", n)
	}

	// The same fetcher code reaches the server once private addresses are
	// allowed: the refusals above are the guard's, not a broken server's.
	open := New(Options{AllowPrivate: true})
	if _, err := open.Fetch(ctx, srv.URL+"/", Conditional{}); err != nil {
		t.Fatalf("with AllowPrivate: %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("with AllowPrivate the server got %d requests, want 1", hits.Load())
	}
}

func TestGuardRefusesIPv6LoopbackAtDial(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		textHandler(w, r)
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()

	_, err = New(Options{}).Fetch(context.Background(), srv.URL+"/", Conditional{})
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("Fetch(%s) = %v, want ErrBlocked", srv.URL, err)
	}
	if hits.Load() != 0 {
		t.Error("the [::1] server was reached")
	}
	if _, err := New(Options{AllowPrivate: true}).Fetch(context.Background(), srv.URL+"/", Conditional{}); err != nil {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

// TestGuardAppliesToEveryHop lets exactly one loopback endpoint through the
// guard and has it redirect to another: the second hop must be refused at
// its dial, never reaching the second server.
func TestGuardAppliesToEveryHop(t *testing.T) {
	target, targetHits := countingServer(t, textHandler)
	first, firstHits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/moved", http.StatusFound)
	})
	firstAddr := netip.MustParseAddrPort(first.Listener.Addr().String())

	guarded := New(Options{})
	guarded.permit = func(ap netip.AddrPort) bool { return ap == firstAddr }
	_, err := guarded.Fetch(context.Background(), first.URL+"/start", Conditional{})
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("redirect to a loopback port: %v, want ErrBlocked", err)
	}
	if firstHits.Load() != 1 || targetHits.Load() != 0 {
		t.Fatalf("hits: first %d, target %d; want 1 and 0", firstHits.Load(), targetHits.Load())
	}

	open := New(Options{AllowPrivate: true})
	res, err := open.Fetch(context.Background(), first.URL+"/start", Conditional{})
	if err != nil {
		t.Fatalf("with AllowPrivate: %v", err)
	}
	if res.URL != target.URL+"/moved" {
		t.Errorf("Result.URL = %s, want the redirect target %s/moved", res.URL, target.URL)
	}
	if targetHits.Load() != 1 {
		t.Errorf("target hits %d, want 1", targetHits.Load())
	}
}

func TestRedirectLimit(t *testing.T) {
	var srv *httptest.Server
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+r.URL.Path+"x", http.StatusFound)
	})
	_, err := New(Options{AllowPrivate: true}).Fetch(context.Background(), srv.URL+"/r", Conditional{})
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("endless redirects: %v", err)
	}
	if n := hits.Load(); n != maxRedirects+1 {
		t.Errorf("server saw %d requests, want %d", n, maxRedirects+1)
	}
}

func TestRedirectToOtherSchemeRefused(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	_, err := New(Options{AllowPrivate: true, AllowFiles: true}).Fetch(context.Background(), srv.URL+"/", Conditional{})
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("redirect to file: %v, want ErrBlocked", err)
	}
}

func TestRefusedSources(t *testing.T) {
	f := New(Options{AllowPrivate: true})
	ctx := context.Background()
	for _, src := range []string{
		"file:///etc/passwd",
		"/etc/passwd",
		"testdata/text/seed.txt",
		"ftp://x",
		"javascript:alert(1)",
		"data:text/plain,hello",
		"gopher://old.test/",
		"http://user:pass@127.0.0.1:1/",
	} {
		_, err := f.Fetch(ctx, src, Conditional{})
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("Fetch(%q) = %v, want ErrBlocked", src, err)
			continue
		}
		if strings.Contains(err.Error(), "pass@") {
			t.Errorf("error leaks credentials: %v", err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("error spans lines: %q", err)
		}
	}
}

func hostsHasLocalhost() bool {
	data, err := os.ReadFile("/etc/hosts")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 1 && strings.HasPrefix(fields[0], "127.") {
			for _, name := range fields[1:] {
				if name == "localhost" {
					return true
				}
			}
		}
	}
	return false
}
