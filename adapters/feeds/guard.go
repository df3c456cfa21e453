package feeds

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// ErrBlocked is wrapped by every refusal of the outbound guard: a scheme
// other than http(s), credentials in a URL, an ambiguous numeric host, or a
// destination address that is not on the public internet.
var ErrBlocked = errors.New("destination not allowed")

// blockedRange is a block of addresses the fetcher never connects to, with
// the reason given in the error.
type blockedRange struct {
	prefix netip.Prefix
	reason string
	// private ranges are opened by Options.AllowPrivate; the others
	// (metadata services, multicast, reserved space) stay closed, since no
	// feed or intranet page lives there.
	private bool
}

func mustRange(cidr, reason string, private bool) blockedRange {
	return blockedRange{prefix: netip.MustParsePrefix(cidr), reason: reason, private: private}
}

// blockedRanges is ordered so that the most specific reason wins: the
// metadata addresses come before the link-local and ULA blocks that contain
// them.
var blockedRanges = []blockedRange{
	mustRange("169.254.169.254/32", "a cloud metadata address", false),
	mustRange("fd00:ec2::254/128", "a cloud metadata address", false),
	mustRange("0.0.0.0/8", "an unspecified (\"this network\") address", false),
	mustRange("127.0.0.0/8", "a loopback address", true),
	mustRange("10.0.0.0/8", "a private address", true),
	mustRange("172.16.0.0/12", "a private address", true),
	mustRange("192.168.0.0/16", "a private address", true),
	mustRange("100.64.0.0/10", "a shared (CGNAT) address", true),
	mustRange("169.254.0.0/16", "a link-local address", true),
	mustRange("192.0.0.0/24", "an IETF protocol address", false),
	mustRange("192.0.2.0/24", "a documentation address", false),
	mustRange("198.51.100.0/24", "a documentation address", false),
	mustRange("203.0.113.0/24", "a documentation address", false),
	mustRange("198.18.0.0/15", "a benchmarking address", false),
	mustRange("224.0.0.0/4", "a multicast address", false),
	mustRange("255.255.255.255/32", "the broadcast address", false),
	mustRange("240.0.0.0/4", "a reserved address", false),
	mustRange("::/128", "an unspecified address", false),
	mustRange("::1/128", "a loopback address", true),
	// Deprecated IPv4-compatible addresses (::a.b.c.d): nothing legitimate
	// uses them, and some stacks route them to the embedded IPv4 address.
	mustRange("::/96", "a deprecated IPv4-compatible address", false),
	mustRange("fc00::/7", "a private (unique local) address", true),
	mustRange("fe80::/10", "a link-local address", true),
	mustRange("fec0::/10", "a site-local address", true),
	mustRange("ff00::/8", "a multicast address", false),
	mustRange("100::/64", "a discard address", false),
	mustRange("2001:db8::/32", "a documentation address", false),
}

// Translation prefixes carry an IPv4 address in their low bits, which a
// gateway on the path may connect to: the embedded address is checked too.
var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// Allowed decides whether the fetcher may connect to ip. It returns nil or
// an error wrapping ErrBlocked that names the kind of address. With
// allowPrivate, loopback, private, shared and link-local addresses are
// allowed; metadata, multicast, unspecified and reserved ones never are.
func Allowed(ip netip.Addr, allowPrivate bool) error {
	if !ip.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrBlocked)
	}
	// An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 host.
	ip = ip.Unmap().WithZone("")
	if err := allowedAddr(ip, allowPrivate); err != nil {
		return err
	}
	if ip.Is6() {
		b := ip.As16()
		var embedded netip.Addr
		switch {
		case nat64Prefix.Contains(ip):
			embedded = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(ip):
			embedded = netip.AddrFrom4([4]byte(b[2:6]))
		}
		if embedded.IsValid() {
			if err := allowedAddr(embedded, allowPrivate); err != nil {
				return fmt.Errorf("%s embeds %s: %w", ip, embedded, err)
			}
		}
	}
	return nil
}

func allowedAddr(ip netip.Addr, allowPrivate bool) error {
	for _, r := range blockedRanges {
		if !r.prefix.Contains(ip) {
			continue
		}
		if r.private && allowPrivate {
			return nil
		}
		return fmt.Errorf("%w: %s is %s", ErrBlocked, ip, r.reason)
	}
	return nil
}

// checkURL refuses what is wrong with a URL whatever it resolves to. Every
// decision about addresses is left to dialControl, which sees the address
// actually dialled, for the first request and every redirect alike.
func checkURL(u *url.URL) error {
	switch u.Scheme {
	case "http", "https":
	default:
		return fmt.Errorf("%w: scheme %q (only http and https are fetched)", ErrBlocked, u.Scheme)
	}
	// Credentials in a source URL would end up in logs and chat replies, and
	// a news source has no business requiring them.
	if u.User != nil {
		return fmt.Errorf("%w: URLs with credentials are not accepted", ErrBlocked)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: URL has no host", ErrBlocked)
	}
	if _, err := netip.ParseAddr(host); err != nil && looksNumeric(host) {
		// "127.1", "0x7f.0.0.1", "2130706433": resolvers disagree on what
		// these mean (inet_aton reads all three as 127.0.0.1), so none is
		// handed to one.
		return fmt.Errorf("%w: numeric host %q is not a dotted-quad IPv4 address", ErrBlocked, host)
	}
	return nil
}

// looksNumeric reports whether host is made only of the characters the
// classic inet_aton forms use (digits, dots, and hex after "0x") and ends in
// a number, the way no DNS name with a letter-bearing last label does.
func looksNumeric(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := strings.ToLower(labels[len(labels)-1])
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		last = last[2:]
		return last == "" || strings.Trim(last, "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}

// dialControl runs after name resolution, for every address the dialer is
// about to connect to, so neither a DNS answer nor a redirect can lead the
// fetcher somewhere Allowed refuses.
func (f *Fetcher) dialControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse dial address %q", ErrBlocked, address)
	}
	if f.permit != nil && f.permit(ap) {
		return nil
	}
	return Allowed(ap.Addr(), f.opts.AllowPrivate)
}

// newDialer returns a dialer whose every connection passes the guard.
func (f *Fetcher) newDialer() *net.Dialer {
	return &net.Dialer{
		Timeout: f.opts.Timeout,
		Control: f.dialControl,
	}
}
