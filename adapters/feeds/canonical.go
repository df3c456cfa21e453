package feeds

import (
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// never the article: two links that differ only in them are one article.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "mkt_tok": true,
	"ocid": true, "cmpid": true, "cmp": true, "smid": true, "smtyp": true,
	"ref": true, "ref_src": true, "ref_url": true, "referrer": true,
	"at_medium": true, "at_campaign": true, "at_custom1": true, "at_custom2": true,
	"at_custom3": true, "at_custom4": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"__twitter_impression": true,
}

// trackingPrefixes are parameter families, e.g. utm_source and utm_medium.
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hsa_"}

func isTracking(key string) bool {
	key = strings.ToLower(key)
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// CanonicalURL returns the form of raw used as an article's identity: scheme
// and host lower-cased, the default port, credentials and fragment dropped,
// tracking parameters removed and the remaining parameters sorted. The path
// keeps its case and encoding, since servers may distinguish both. A string
// that does not parse as an absolute URL is returned trimmed, unchanged.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.User = nil
	u.Fragment, u.RawFragment = "", ""

	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	if u.Path == "" && host != "" {
		u.Path = "/"
	}
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String()
}

// canonicalQuery drops tracking parameters and sorts the rest, keeping each
// parameter's original encoding so that the URL still fetches the same page.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ key, raw string }
	var kept []param
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if key == "" || isTracking(key) {
			continue
		}
		kept = append(kept, param{key, part})
	}
	// Stable and by key only: the order of a repeated parameter's values
	// can matter to the server.
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].key < kept[j].key })
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}
