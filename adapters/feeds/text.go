package feeds

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"readout/summaries"

	"golang.org/x/net/html/charset"
)

// maxTitleRunes bounds a title line; a longer first line is body text.
const maxTitleRunes = 200

// ParseText reads a plain-text article in the project's seed format:
//
//	date 2025-01-22 https://news.test/2025/01/22/call   (optional)
//	Leaders discuss trade in a late-night call           (optional title)
//
//	First paragraph...
//
//	Second paragraph...
//
// The date line may carry a day (YYYY-MM-DD, published at 00:00 UTC) or an
// RFC 3339 time, a URL, or both, in any order. The title is a first line
// of at most 200 characters, followed by a blank line and more text, and
// not ending with a full stop (which a one-line paragraph would). name is
// the document's URL or local path: without a URL in the date line, the
// article's URL is name's canonical form, or file:// and the absolute path.
func ParseText(data []byte, name string) (summaries.Article, error) {
	return parseText(data, "", name)
}

// parseText is ParseText with the charset an HTTP Content-Type declared.
// Without one, the text must be UTF-8: guessing a legacy charset would let
// binary data through as text.
func parseText(data []byte, charsetLabel, name string) (summaries.Article, error) {
	if len(trimLeading(data)) == 0 {
		return summaries.Article{}, ErrEmpty
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return summaries.Article{}, ErrNotText
	}
	if label := strings.ToLower(strings.TrimSpace(charsetLabel)); label != "" && label != "utf-8" && label != "utf8" {
		enc, _ := charset.Lookup(label)
		if enc == nil {
			return summaries.Article{}, fmt.Errorf("%w: unknown charset %q", ErrNotText, charsetLabel)
		}
		decoded, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return summaries.Article{}, fmt.Errorf("%w: %v", ErrNotText, err)
		}
		data = decoded
	}
	if !utf8.Valid(data) {
		return summaries.Article{}, fmt.Errorf("%w: not valid UTF-8", ErrNotText)
	}
	text := strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	var a summaries.Article
	first, rest, _ := strings.Cut(strings.TrimLeft(text, " \t\n"), "\n")
	if fields := strings.Fields(first); len(fields) > 0 && strings.EqualFold(fields[0], "date") {
		if err := parseDateLine(fields[1:], &a); err != nil {
			return summaries.Article{}, err
		}
		text = rest
	}

	paras := strings.Split(plainParagraphs(text), "\n\n")
	if len(paras) > 1 && isTitleLine(text, paras[0]) {
		a.Title, paras = paras[0], paras[1:]
	}
	a.Text = strings.Join(paras, "\n\n")
	if a.Text == "" {
		return summaries.Article{}, ErrEmpty
	}
	if a.URL == "" {
		a.URL = nameURL(name)
	}
	if u, err := url.Parse(a.URL); err == nil {
		a.Outlet = hostName(u)
	}
	return a, nil
}

// parseDateLine reads the fields after "date".
func parseDateLine(fields []string, a *summaries.Article) error {
	for _, f := range fields {
		if t, err := time.Parse(time.DateOnly, f); err == nil {
			a.Published = t
			continue
		}
		if t, err := time.Parse(time.RFC3339, f); err == nil {
			a.Published = t.UTC()
			continue
		}
		if u, err := url.Parse(f); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			a.URL = CanonicalURL(f)
			continue
		}
		return fmt.Errorf("date line: %q is neither a date (YYYY-MM-DD) nor an http(s) URL", f)
	}
	return nil
}

// isTitleLine reports whether the first paragraph is a title: a single
// short source line without a closing full stop.
func isTitleLine(text, first string) bool {
	line, _, _ := strings.Cut(strings.TrimLeft(text, " \t\n"), "\n")
	return collapseSpaces(line) == first &&
		utf8.RuneCountInString(first) <= maxTitleRunes &&
		!strings.HasSuffix(first, ".")
}

// nameURL makes a document name into an article URL: an http(s) URL stays
// one, anything else is a local path.
func nameURL(name string) string {
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "file") {
		return CanonicalURL(name)
	}
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	return fileURL(name).String()
}
