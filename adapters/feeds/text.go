package feeds

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readout/summaries"
	"readout/summaries/extract"

	"golang.org/x/net/html/charset"
)

// maxTitleRunes bounds a title line; a longer first line is body text.
const maxTitleRunes = 200

// ParseText reads a plain-text article: the project's seed format, or a
// clipping as a user keeps it (a page's text saved by hand).
//
//	date 2025-01-22 https://news.test/2025/01/22/call   (optional)
//	Leaders discuss trade in a late-night call           (optional title)
//
//	First paragraph...
//
//	Second paragraph...
//
// The date line may carry a day (YYYY-MM-DD, published at 00:00 UTC) or an
// RFC 3339 time, a URL, or both, in any order. Without one, the head of the
// text is read as a reader would: page chrome (skip links, menus, image
// links, bylines, timestamps) is dropped, a line that is only a URL is the
// article's address, a date line ("Published: March 3, 2026", "Updated on
// 12 May 2026 14:32 GMT", a bare date under the headline) or a dateline
// with a year is its publication time, and the first headline-like line
// (at most 200 characters, no closing full stop, more text after it) is
// its title. Lines keep their breaks: a single newline separates
// paragraphs in a clipping as a blank line does, except where a sentence
// was wrapped (the next line continues it). name is the document's URL or
// local path: without a URL of its own, the article's URL is name's
// canonical form, or file:// and the absolute path.
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
	lines := readHead(unwrap(strings.Split(text, "\n")), &a)
	a.Text = joinLines(lines)
	if a.Text == "" {
		if a.Title == "" {
			return summaries.Article{}, ErrEmpty
		}
		// A lone headline-like line is the body, not a title.
		a.Text, a.Title = a.Title, ""
	}
	if a.URL == "" {
		a.URL = nameURL(name)
	}
	if u, err := url.Parse(a.URL); err == nil {
		a.Outlet = hostName(u)
	}
	return a, nil
}

// headLines is how far into a clipping its head (chrome, address, date,
// title) may reach.
const headLines = 12

// readHead takes a clipping's head apart: chrome goes, an address line
// sets a.URL, a date line a.Published, the first headline-like line
// a.Title. It returns the lines that remain, blank ones included. A date
// line further down still dates the article when the head had none, and
// is never body text.
func readHead(lines []line, a *summaries.Article) []string {
	var out []string
	var updated time.Time
	seen, inHead := 0, true
	for i, ln := range lines {
		l := ln.text
		if l == "" {
			out = append(out, "")
			continue
		}
		if seen++; seen > headLines {
			inHead = false
		}
		if inHead && a.URL == "" && isAddress(l) {
			a.URL = CanonicalURL(l)
			continue
		}
		if t, isUpdate, ok := dateLine(l, inHead); ok {
			switch {
			case isUpdate && updated.IsZero():
				updated = t
			case !isUpdate && a.Published.IsZero():
				a.Published = t
			}
			continue
		}
		if ln.apart {
			continue
		}
		if inHead && a.Title == "" && !ln.wrapped && isHeadline(l) && moreText(lines[i+1:]) {
			a.Title = collapseSpaces(l)
			continue
		}
		if inHead && a.Published.IsZero() {
			if t, ok := datelineTime(l); ok {
				a.Published = t
			}
		}
		// The first sentence ends the head: what follows is the article.
		if inHead && endsSentence(l) {
			inHead = false
		}
		out = append(out, l)
	}
	if a.Published.IsZero() {
		a.Published = updated
	}
	return out
}

// dateLine reads a line that only dates the page. Bare dates count in the
// head only; further down only a labelled line ("Published: ...") does,
// since a body line may be a date in a list of events.
func dateLine(l string, inHead bool) (t time.Time, isUpdate, ok bool) {
	t, ok = dateText(l)
	if !ok {
		return time.Time{}, false, false
	}
	label := reDateLabel.FindString(l)
	if !inHead && label == "" {
		return time.Time{}, false, false
	}
	low := strings.ToLower(label)
	return t, strings.Contains(low, "updated") || strings.Contains(low, "modified"), true
}

func isAddress(l string) bool {
	u, err := url.Parse(l)
	return err == nil && !strings.ContainsAny(l, " \t") && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!isImagePath(u.Path)
}

func isImagePath(p string) bool {
	p = strings.ToLower(p)
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

var (
	reSkipLink = regexp.MustCompile(`(?i)^(press "?enter"? to )?skip to (the )?(main )?(content|navigation|article)$`)
	// reDateline is a wire-style dateline with a full date: "WASHINGTON,
	// March 3, 2026 (Wire) —".
	reDateline = regexp.MustCompile(`^[A-Z][A-Z.'’ -]{2,40},\s+((?:[A-Z][a-z]+\.?,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}))`)
)

func isSkipLink(l string) bool { return reSkipLink.MatchString(l) }

// isMenuLine spots a navigation bar: short words separated by wide gaps
// or bars, no sentence punctuation.
func isMenuLine(l string) bool {
	if strings.ContainsAny(l, ".,;:!?") {
		return false
	}
	return strings.Count(l, "|") >= 2 || len(strings.Split(l, "   ")) >= 3
}

// isHeadline reports a line shaped like a headline: a few words, at most
// maxTitleRunes, no closing full stop.
func isHeadline(l string) bool {
	n := utf8.RuneCountInString(l)
	return n <= maxTitleRunes && len(strings.Fields(l)) >= 2 && !strings.HasSuffix(l, ".")
}

func endsSentence(l string) bool {
	last, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune(".!?\"”’", last) || len(strings.Fields(l)) >= 25
}

// moreText reports whether any non-blank line follows.
func moreText(lines []line) bool {
	for _, l := range lines {
		if l.text != "" {
			return true
		}
	}
	return false
}

func datelineTime(l string) (time.Time, bool) {
	m := reDateline.FindStringSubmatch(l)
	if m == nil {
		return time.Time{}, false
	}
	return dateText(m[1])
}

// unwrap rejoins sentences wrapped over lines: a line that does not end
// a sentence, followed directly by one that begins in lower case, goes on
// there. Spaces inside a line collapse; blank lines stay.
func unwrap(lines []string) []line {
	var out []line
	for _, raw := range lines {
		l := line{text: collapseSpaces(raw)}
		l.apart = l.text != "" && (isMenuLine(strings.TrimSpace(raw)) || standsApart(l.text))
		if n := len(out); l.text != "" && n > 0 && out[n-1].text != "" && !out[n-1].apart && !l.apart && wraps(out[n-1].text, l.text) {
			out[n-1].text += " " + l.text
			out[n-1].wrapped = true
			continue
		}
		out = append(out, l)
	}
	return out
}

// line is a line of a clipping. wrapped says it was rejoined from
// several, so it cannot be a headline; apart, that it is a line of its
// own whatever follows (chrome, an address, a date, a menu).
type line struct {
	text           string
	wrapped, apart bool
}

func standsApart(l string) bool {
	if isAddress(l) || isSkipLink(l) || extract.IsChrome(l) {
		return true
	}
	_, ok := dateText(l)
	return ok
}

// joinLines makes the text: blank lines separate paragraphs, and so does
// a single newline in a clipping.
func joinLines(lines []string) string {
	var b strings.Builder
	pendingBlank := false
	for _, l := range lines {
		if l == "" {
			pendingBlank = b.Len() > 0
			continue
		}
		switch {
		case b.Len() == 0:
		case pendingBlank:
			b.WriteString("\n\n")
		default:
			b.WriteByte('\n')
		}
		b.WriteString(l)
		pendingBlank = false
	}
	return b.String()
}

// wraps reports whether next continues prev's sentence.
func wraps(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;\"”’)", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first)
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
