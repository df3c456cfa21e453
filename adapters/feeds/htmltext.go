package feeds

import (
	"html"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockElements start and end a paragraph of their own.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Figure: true, atom.Figcaption: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Hr: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Form: true,
	atom.Fieldset: true, atom.Center: true, atom.Body: true,
}

// skippedElements hold no reader-visible text.
var skippedElements = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Iframe: true, atom.Svg: true, atom.Math: true,
	atom.Canvas: true, atom.Object: true, atom.Embed: true, atom.Video: true,
	atom.Audio: true, atom.Select: true, atom.Button: true, atom.Textarea: true,
	atom.Input: true,
}

// lineBreak marks a <br> while a paragraph is being collected; text nodes
// never contain it because their whitespace is turned into spaces first.
const lineBreak = '\n'

// doubleBreak is two <br> with nothing but spaces between: a paragraph break.
var doubleBreak = regexp.MustCompile(`\n *\n`)

// textBuilder collects the paragraphs of a DOM walk.
type textBuilder struct {
	paras []string
	cur   strings.Builder
	// lines keeps the line breaks of a feed's markup inside a paragraph:
	// a live blog's "5:10 p.m. - Kremlin aide says call lasted 40 minutes"
	// above its text is a line of its own, not the start of a sentence.
	lines bool
}

func (b *textBuilder) flush() {
	if b.cur.Len() == 0 {
		return
	}
	parts := []string{b.cur.String()}
	// A paragraph break is two line breaks: most paragraphs have none,
	// and need not be scanned for one.
	if strings.Count(parts[0], "\n") >= 2 {
		parts = doubleBreak.Split(parts[0], -1)
	}
	for _, part := range parts {
		var p string
		if b.lines {
			var ls []string
			for _, l := range strings.Split(part, "\n") {
				if l = strings.Join(strings.Fields(l), " "); l != "" {
					ls = append(ls, l)
				}
			}
			p = strings.Join(ls, "\n")
		} else {
			p = strings.Join(strings.Fields(part), " ")
		}
		if p != "" {
			b.paras = append(b.paras, p)
		}
	}
	b.cur.Reset()
}

func (b *textBuilder) walk(n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		text := n.Data
		if b.lines {
			text = strings.ReplaceAll(text, "\r\n", "\n")
			text = strings.Map(func(r rune) rune {
				if r == '\n' {
					return r
				}
				return spaceOut(r)
			}, text)
		} else {
			text = strings.Map(spaceOut, text)
		}
		b.cur.WriteString(text)
		return
	case xhtml.ElementNode:
		if skippedElements[n.DataAtom] || hidden(n) {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			b.cur.WriteRune(lineBreak)
			return
		case atom.Td, atom.Th:
			// Cells of a row read as one line.
			b.cur.WriteByte(' ')
		}
	case xhtml.CommentNode, xhtml.DoctypeNode:
		return
	}
	block := n.Type == xhtml.ElementNode && blockElements[n.DataAtom]
	if block {
		b.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c)
	}
	if block {
		b.flush()
	}
}

// spaceOut turns every kind of whitespace, the no-break space included, into
// a plain space, so that the only newlines in a paragraph are <br> marks.
func spaceOut(r rune) rune {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u2028', '\u2029':
		return ' '
	}
	return r
}

func hidden(n *xhtml.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// nodeText renders n as plain text: one paragraph per block element, <br><br>
// as a paragraph break, whitespace collapsed, paragraphs separated by a
// blank line.
func nodeText(n *xhtml.Node) string {
	return renderText(n, false)
}

func renderText(n *xhtml.Node, lines bool) string {
	b := textBuilder{lines: lines}
	b.walk(n)
	b.flush()
	return strings.Join(b.paras, "\n\n")
}

// looksLikeHTML tells markup from plain text that merely contains "<" or
// entities, the way feeds mix both in the same fields.
var looksLikeHTML = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)`)

// fragmentText renders a feed field, HTML or plain text, as paragraphs.
func fragmentText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !looksLikeHTML.MatchString(s) {
		return plainParagraphs(html.UnescapeString(s))
	}
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		// The tokenizer accepts any input; an error here can only come from
		// the reader, which is a string. Fall back to the text as it is.
		return plainParagraphs(s)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return renderText(body, true)
}

// plainParagraphs splits text on blank lines and collapses whitespace inside
// each paragraph.
func plainParagraphs(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var paras []string
	for _, block := range blankLine.Split(s, -1) {
		if p := strings.Join(strings.Fields(block), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

var blankLine = regexp.MustCompile(`\n[ \t\r\f\v]*\n`)
