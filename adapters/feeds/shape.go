package feeds

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// Bounds on a document's shape, checked before it is parsed: the parsers
// keep a stack entry per open element (gofeed's XML pull parser a
// namespace map each) and a node per element, so a document within the
// size cap could still take gigabytes. Real feeds nest a dozen deep and
// hold some thousands of elements; real pages some thousands.
const (
	maxXMLDepth     = 256
	maxXMLElements  = 100_000
	maxPageElements = 100_000
)

// checkXMLShape scans an XML document's tags, without building anything,
// and refuses one nested deeper than maxXMLDepth or of more than
// maxXMLElements elements. Malformed markup is left to the parser.
func checkXMLShape(data []byte) error {
	depth, elements := 0, 0
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := data[i:]
		skipPast := func(end string) int {
			k := bytes.Index(rest, []byte(end))
			if k < 0 {
				return len(data)
			}
			return i + k + len(end)
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast("-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast("]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast("?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			// A DOCTYPE, whose internal subset may hold '>'.
			if k, l := bytes.IndexByte(rest, '['), bytes.IndexByte(rest, '>'); k >= 0 && (l < 0 || k < l) {
				i = skipPast("]>")
			} else {
				i = skipPast(">")
			}
		case bytes.HasPrefix(rest, []byte("</")):
			depth--
			i = skipPast(">")
		default:
			end := tagEnd(rest)
			if end < 0 {
				return nil
			}
			elements++
			if rest[end-1] != '/' {
				depth++
			}
			if depth > maxXMLDepth {
				return fmt.Errorf("%w: elements nested deeper than %d", ErrInvalidFeed, maxXMLDepth)
			}
			if elements > maxXMLElements {
				return fmt.Errorf("%w: more than %d elements", ErrInvalidFeed, maxXMLElements)
			}
			i += end + 1
		}
	}
	return nil
}

// tagEnd is the index of the '>' that ends the tag at the start of b,
// skipping quoted attribute values; -1 when there is none.
func tagEnd(b []byte) int {
	var quote byte
	for k := 1; k < len(b); k++ {
		switch c := b[k]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k
		}
	}
	return -1
}

// checkPageShape refuses a page of more than maxPageElements elements,
// counted by the tokenizer, which keeps nothing. (The HTML parser itself
// refuses nesting deeper than 512.)
func checkPageShape(text string) error {
	z := xhtml.NewTokenizer(strings.NewReader(text))
	elements := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			if z.Err() == io.EOF {
				return nil
			}
			return fmt.Errorf("parse HTML: %w", z.Err())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			if elements++; elements > maxPageElements {
				return fmt.Errorf("%w: the page has more than %d elements", ErrNoArticle, maxPageElements)
			}
		}
	}
}

// cutLongText returns an XML document with each CDATA section and each run
// of character data longer than limit bytes cut to limit (between
// characters, never inside an entity), and how many it cut. An item's
// HTML is read up to maxPageMarkup anyway; cutting it before the XML
// parser sees it keeps that parser from growing buffers the size of the
// whole item (a 7 MB item took 86 MB of heap). The document is returned as
// given, not copied, when nothing is that long.
func cutLongText(data []byte, limit int) ([]byte, int) {
	type span struct{ from, to int } // the bytes to drop
	var drop []span
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			j = len(data) - i
		}
		if j > limit { // character data from i to i+j
			drop = append(drop, span{safeCut(data[i:i+j], limit) + i, i + j})
		}
		i += j
		if i >= len(data) {
			break
		}
		if bytes.HasPrefix(data[i:], []byte("<![CDATA[")) {
			from := i + len("<![CDATA[")
			k := bytes.Index(data[from:], []byte("]]>"))
			if k < 0 {
				break // unterminated: the parser refuses it
			}
			if k > limit {
				drop = append(drop, span{from + safeCut(data[from:from+k], limit), from + k})
			}
			i = from + k + len("]]>")
			continue
		}
		if bytes.HasPrefix(data[i:], []byte("<!--")) {
			k := bytes.Index(data[i:], []byte("-->"))
			if k < 0 {
				break
			}
			i += k + len("-->")
			continue
		}
		k := bytes.IndexByte(data[i:], '>')
		if k < 0 {
			break
		}
		i += k + 1
	}
	if len(drop) == 0 {
		return data, 0
	}
	out := make([]byte, 0, len(data))
	at := 0
	for _, d := range drop {
		out = append(out, data[at:d.from]...)
		at = d.to
	}
	return append(out, data[at:]...), len(drop)
}

// safeCut is where to cut text to at most n bytes: not inside a UTF-8
// character, nor inside an entity ("&amp;").
func safeCut(text []byte, n int) int {
	for n > 0 && n < len(text) && !utf8.RuneStart(text[n]) {
		n--
	}
	if amp := bytes.LastIndexByte(text[max(0, n-12):n], '&'); amp >= 0 {
		at := max(0, n-12) + amp
		if bytes.IndexByte(text[at:n], ';') < 0 {
			n = at
		}
	}
	return n
}
