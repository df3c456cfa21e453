package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"readout/summaries"
	"readout/summaries/leaders"
)

// unpunctuated is n bytes of words with dates and no full stop: the shape
// that made extraction quadratic (every date re-read the whole text before
// it).
func unpunctuated(n int) string {
	words := strings.Fields("the leaders of arland and brevia spoke on monday march 3 2026 about trade since march 18 and the river treaty while ministers met in halden")
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[i%len(words)])
		b.WriteByte(' ')
	}
	return b.String()
}

// A date deep in a long run of text is still read in its context: "since
// March 18" stays an anchor, not when something happened.
func TestAnchorDeepInALongItem(t *testing.T) {
	s := strings.Repeat("word ", 20000) + "talks have stalled since March 18 and resumed on 2 April 2026"
	var anchored, plain int
	for _, d := range FindDates(s, time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC)) {
		if d.Anchor {
			anchored++
		} else {
			plain++
		}
	}
	if anchored != 1 || plain != 1 {
		t.Errorf("%d anchored and %d plain dates, want 1 and 1", anchored, plain)
	}
}

// A run of text with no full stop is read in pieces of at most a
// sentence's length, cut between words, nothing lost.
func TestLongRunIsCutBetweenWords(t *testing.T) {
	long := unpunctuated(10000)
	got := Sentences(long)
	if len(got) < 2 {
		t.Fatalf("one sentence of %d bytes", len(long))
	}
	for _, s := range got {
		if len(s) > maxSentence || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
			t.Errorf("a piece of %d bytes: %.40q…", len(s), s)
		}
	}
	if strings.Join(got, " ") != strings.TrimSpace(long) {
		t.Error("cutting lost or changed text")
	}
	// No space at all, and bytes that start no character: still cut, and
	// the cut ends.
	if got := Sentences(strings.Repeat("\x80", 4000)); len(got) < 2 {
		t.Errorf("%d pieces of a 4,000-byte run without a space", len(got))
	}
}

// A stop or a deadline ends the reading of a huge item: the poll's
// timeout and a shutdown reach extraction.
func TestExtractStopsWhenTold(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	x := NewExtractor(g)
	a := summaries.Article{URL: "https://wire.test/huge", Title: "Leaders speak", Text: unpunctuated(4 << 20), Published: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ms, err := x.ExtractContext(ctx, a); !errors.Is(err, context.Canceled) || ms != nil {
		t.Errorf("a stopped extraction: %d mentions, %v; want none and context.Canceled", len(ms), err)
	}
	small := a
	small.Text = "Arland's president and Brevia's president spoke by phone on Monday."
	if _, err := x.ExtractContext(context.Background(), small); err != nil {
		t.Errorf("an extraction with time to run: %v", err)
	}
}

// BenchmarkExtractUnpunctuated grows the item from 1 KB to 10 MB: the time
// per byte stays flat (linear cost) up to MaxItemBytes, and an item past it
// costs what one of MaxItemBytes does (only that much is read).
func BenchmarkExtractUnpunctuated(b *testing.B) {
	g, err := leaders.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	x := NewExtractor(g)
	for _, n := range []int{1 << 10, 10 << 10, 100 << 10, 1 << 20, 2 << 20, 10 << 20} {
		a := summaries.Article{Title: "Leaders speak", Text: unpunctuated(n), Published: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
		b.Run(fmt.Sprintf("%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				x.Extract(a)
			}
		})
	}
}

// BenchmarkExtractNameDense is an unpunctuated item full of leaders' names,
// the worst case for the patterns read around each name: its time per
// byte must stay flat too.
func BenchmarkExtractNameDense(b *testing.B) {
	g, err := leaders.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	x := NewExtractor(g)
	const unit = "Donald Trump spoke with Vladimir Putin by phone and Emmanuel Macron called Xi Jinping and "
	for _, n := range []int{10 << 10, 100 << 10, 1 << 20} {
		a := summaries.Article{Title: "Leaders speak", Text: strings.Repeat(unit, n/len(unit)+1)[:n], Published: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
		b.Run(fmt.Sprintf("%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				x.Extract(a)
			}
		})
	}
}
