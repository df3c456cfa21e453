package feeds

import (
	"bytes"
	"mime"
	"net/http"
	"strings"

	"github.com/mmcdole/gofeed"
)

// sniffWindow is how much of a document the kind is decided on.
const sniffWindow = 4096

// sniff decides a document's kind from its content, using the declared
// Content-Type only where the content leaves a choice. It also rejects what
// cannot be text at all: empty documents, NUL bytes, and the formats the
// standard content sniffer recognises as binary (images, archives, PDF...).
func sniff(data []byte, contentType string) (Kind, error) {
	body := trimLeading(data)
	if len(body) == 0 {
		return "", ErrEmpty
	}
	// UTF-16 and UTF-32 documents are rejected here too: news sites and
	// feeds use UTF-8 or an 8-bit charset in practice.
	if bytes.IndexByte(data, 0) >= 0 {
		return "", ErrNotText
	}
	if detected := http.DetectContentType(data); !strings.HasPrefix(detected, "text/") {
		return "", ErrNotText
	}
	declared, _, _ := mime.ParseMediaType(contentType)
	window := body[:min(len(body), sniffWindow)]

	switch body[0] {
	case '<':
		switch gofeed.DetectFeedType(bytes.NewReader(window)) {
		case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
			return KindFeed, nil
		}
		lower := strings.ToLower(string(window))
		if strings.Contains(lower, "<html") || strings.Contains(declared, "html") {
			return KindPage, nil
		}
		// XML that is not a feed we can recognise is a broken feed: the
		// parser's reason is the most useful error to give.
		if strings.HasPrefix(lower, "<?xml") || isXMLType(declared) {
			return KindFeed, nil
		}
		return KindPage, nil
	case '{':
		if strings.Contains(declared, "json") || bytes.Contains(window, []byte("jsonfeed.org/version")) {
			return KindFeed, nil
		}
	}
	switch {
	case strings.Contains(declared, "html"):
		return KindPage, nil
	case isXMLType(declared) || strings.Contains(declared, "json"):
		return KindFeed, nil
	}
	return KindText, nil
}

func isXMLType(mediaType string) bool {
	return mediaType == "application/xml" || mediaType == "text/xml" ||
		strings.HasSuffix(mediaType, "+xml")
}

// trimLeading drops a UTF-8 byte order mark and leading whitespace.
func trimLeading(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(data, " \t\r\n\f")
}
