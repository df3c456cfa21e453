package extract

import (
	"strings"
	"unicode/utf8"

	"readout/summaries"
)

// Bounds on what extraction reads of one item. Reading costs time and
// memory in proportion to the text (about 1 s and 45 MB allocated for
// 1 MiB on the 2-core machine), and a document may be as large as the
// fetch cap (10 MiB by default) or a local file: news articles run to
// tens of kilobytes, so the bounds cut only what is no article, and keep
// one item's work bounded whatever a source serves. The stored article
// keeps its whole text; only the calls are looked for in the first part.
const (
	// MaxItemBytes is the most of an item's text extraction reads.
	MaxItemBytes = 1 << 20
	// MaxTitleBytes is the most of an item's title extraction reads.
	MaxTitleBytes = 4 << 10
)

// Oversized reports whether extraction reads only part of a's title or
// text, for the caller to say so: the cut is never silent.
func Oversized(a summaries.Article) bool {
	return len(a.Text) > MaxItemBytes || len(a.Title) > MaxTitleBytes
}

// clip returns the first max bytes of s or less, cut after the last
// whitespace within a sentence's length of the bound (else between
// characters), so that no word or character is read half.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head := s[:max]
	if cut := strings.LastIndexAny(head[max-min(max, maxSentence):], " \n\t"); cut >= 0 {
		return head[:max-min(max, maxSentence)+cut]
	}
	for cut := max; cut > 0; cut-- {
		if utf8.RuneStart(s[cut]) {
			return s[:cut]
		}
	}
	return head
}

// clipItem is a with its title and text clipped to what extraction reads.
func clipItem(a summaries.Article) summaries.Article {
	a.Title = clip(a.Title, MaxTitleBytes)
	a.Text = clip(a.Text, MaxItemBytes)
	return a
}
