package extract

import (
	"math/rand"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"readout/summaries/internal/words"
	"readout/summaries/leaders"
)

// gateTexts are texts to hold the gates to: the messy test articles, their
// sentences, and sentences made at random (fixed seed) from the words of
// the gated patterns themselves, with the punctuation and digits they
// look for, so that matches and near misses are frequent.
func gateTexts(t *testing.T, patterns []*words.Pattern) []string {
	t.Helper()
	var texts []string
	for _, raw := range messyTexts(t) {
		texts = append(texts, raw)
		for _, p := range Paragraphs(raw) {
			texts = append(texts, p.Sentences...)
		}
	}
	vocab := strings.Fields("the a an of from by was it who two both in on last this next late early 9 22nd 3 30 2024 1999 2h30 2h 45m call phone " +
		"minister mins min minute minutes hour hours hourlong half quarter long Minsk The This He It In At A While After Before")
	word := regexp.MustCompile(`[a-z]+`)
	for _, p := range patterns {
		vocab = append(vocab, word.FindAllString(strings.ToLower(p.String()), -1)...)
	}
	seps := []string{" ", " ", " ", " ", ", ", "; ", " - ", " -- ", " — ", " – ", ". ", ".", "\n", "'s ", "’s ", "-", "”", "\"", "’", " (", ") ", ":", "?"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 500; i++ {
		var b strings.Builder
		for n := 1 + rng.Intn(14); n > 0; n-- {
			w := vocab[rng.Intn(len(vocab))]
			if rng.Intn(4) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			b.WriteString(seps[rng.Intn(len(seps))])
		}
		texts = append(texts, strings.TrimSuffix(b.String(), " "), b.String())
	}
	// Matches of each pattern, made from its syntax, alone and in the
	// middle or at the end of other words.
	for _, p := range patterns {
		re, err := syntax.Parse(p.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 60; i++ {
			var b strings.Builder
			if rng.Intn(2) == 0 {
				b.WriteString(vocab[rng.Intn(len(vocab))] + " ")
			}
			generate(&b, re, rng)
			texts = append(texts, b.String(), b.String()+" "+vocab[rng.Intn(len(vocab))])
		}
	}
	return texts
}

// generate writes a string that re matches, but for its empty-width
// assertions (\b, ^, $), which the caller's context decides.
func generate(b *strings.Builder, re *syntax.Regexp, rng *rand.Rand) {
	reps := func(lo, hi int) int {
		if hi < 0 {
			hi = lo + 2
		}
		return lo + rng.Intn(hi-lo+1)
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		k := rng.Intn(len(re.Rune) / 2)
		lo, hi := re.Rune[2*k], re.Rune[2*k+1]
		b.WriteRune(lo + rune(rng.Intn(int(min(hi-lo+1, 128)))))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte(byte('a' + rng.Intn(26)))
	case syntax.OpCapture:
		generate(b, re.Sub[0], rng)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 2
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		for n := reps(lo, hi); n > 0; n-- {
			generate(b, re.Sub[0], rng)
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			generate(b, s, rng)
		}
	case syntax.OpAlternate:
		generate(b, re.Sub[rng.Intn(len(re.Sub))], rng)
	}
}

// Every gate is false only on text its pattern cannot match: a gated
// pattern finds what the pattern alone finds, and one confined to windows
// what it finds in the whole text.
func TestPatternGates(t *testing.T) {
	gated := map[string]*words.Pattern{
		"clauseBreak": clauseBreak, "twoRE": twoRE, "whoCalled": whoCalled, "initBefore": initBefore,
		"deniedRE": deniedRE, "postponedRE": postponedRE, "reMonthDay": reMonthDay, "reDayMonth": reDayMonth,
		"reMonthYear": reMonthYear, "reWeekday": reWeekday, "reRelative": reRelative, "inYear": inYear,
		"hedgeBefore": hedgeBefore, "partial": partial, "ordinalRE": ordinalRE,
		"noiseLine": noiseLine, "commentHeader": commentHeader, "initAfter": initAfter, "reAnchor": reAnchor,
		"requestOrder": requestOrder, "readoutRE": readoutRE, "quoteRE": quoteRE,
	}
	var all []*words.Pattern
	for _, p := range gated {
		all = append(all, p)
	}
	for _, d := range durationREs {
		all = append(all, d.re)
	}
	all = append(all, gluedStop, gluedSentences, gluedWord, chromeClock, chromeDate, chromeByline, reISO, recallPhrase, clauseBreak)
	texts := gateTexts(t, all)
	matched := map[string]int{}
	for _, text := range texts {
		variants := []string{text}
		if l := words.Lower(text); l != text {
			variants = append(variants, l)
		}
		for _, s := range variants {
			for name, p := range gated {
				m := p.Ungated().MatchString(s)
				if p.MatchString(s) != m {
					t.Errorf("%s: gate says no match in %q, the pattern matches", name, s)
				}
				if got, want := p.FindAllStringSubmatchIndex(s, -1), p.Ungated().FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("%s in %q: got %v, the whole text gives %v", name, s, got, want)
				}
				if m {
					matched[name]++
				}
			}
			for _, d := range durationREs {
				m := d.re.MatchString(s)
				if !unitWindow(d.need, s) && m {
					t.Errorf("duration %q: window gate says no match in %q, the pattern matches", d.need, s)
				}
				if m {
					matched[d.re.String()]++
				}
			}
			if clauseBreak.MatchString(words.Lower(s)) {
				matched["mayBreak"]++
				if !mayBreak(&sentence{text: s, lower: words.Lower(s), toks: leaders.Tokenize(s)}) {
					t.Errorf("mayBreak says no clause break in %q, the pattern finds one", s)
				}
			}
			if chromeClock.MatchString(s) || chromeDate.MatchString(s) {
				matched["chromeTime"]++
				if !chromeTime(s) {
					t.Errorf("chromeTime says no time or date in %q, the patterns find one", s)
				}
			}
			// A clause holds recallPhrase only where its sentence does
			// (clauseEvent asks the sentence first).
			l := words.Lower(s)
			bounds := []int{0}
			for _, m := range clauseBreak.FindAllStringIndex(l, -1) {
				bounds = append(bounds, m[0])
			}
			bounds = append(bounds, len(l))
			for c := 0; c+1 < len(bounds); c++ {
				if recallPhrase.MatchString(l[bounds[c]:bounds[c+1]]) {
					matched["clauseRecall"]++
					if !recallPhrase.MatchString(l) {
						t.Errorf("recallPhrase matches a clause of %q, not the sentence", s)
					}
				}
			}
			// The month patterns share their gate and windows.
			for _, p := range []*words.Pattern{reMonthDay, reDayMonth, reMonthYear} {
				if got, want := p.FindAllStringSubmatchIndexIn(s, reMonthDay.Windows(s)), p.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("%s in %q: in the month windows %v, alone %v", p, s, got, want)
				}
			}
			if reISO.MatchString(s) {
				matched["digitDash"]++
				if !digitDash(s) {
					t.Errorf("digitDash says no ISO date in %q, the pattern finds one", s)
				}
			}
			if chromeByline.MatchString(s) {
				matched["byLine"]++
				if !byLine(s) {
					t.Errorf("byLine says no byline in %q, the pattern finds one", s)
				}
			}
			stop, word := mayBeGlued(s)
			if g := gluedStop.MatchString(s) || gluedSentences.MatchString(s); g {
				matched["gluedStop"]++
				if !stop {
					t.Errorf("mayBeGlued says no glued stop in %q, the pattern finds one", s)
				}
			}
			if gluedWord.MatchString(s) {
				matched["gluedWord"]++
				if !word {
					t.Errorf("mayBeGlued says no glued word in %q, the pattern finds one", s)
				}
			}
		}
	}
	// Each pattern must match some of the texts, or its gate was never
	// put to the test.
	for name := range gated {
		if matched[name] == 0 {
			t.Errorf("%s matched none of the texts", name)
		}
	}
	for _, d := range durationREs {
		if matched[d.re.String()] == 0 {
			t.Errorf("duration pattern %q matched none of the texts", d.re.String())
		}
	}
	for _, name := range []string{"gluedStop", "gluedWord", "mayBreak", "chromeTime", "byLine", "digitDash", "clauseRecall"} {
		if matched[name] == 0 {
			t.Errorf("%s matched none of the texts", name)
		}
	}
	t.Logf("matches: %v", matched)
}

// spacedBullet finds a list marker between spaces anywhere in a line.
func TestSpacedBullet(t *testing.T) {
	for s, want := range map[string]bool{
		"talks. - Opening: trade": true, "a -b": false, "-a b": false, "long-delayed pact": false, "ends -": false,
		"first • second": true, "first •second": false, "• first": false, " – x": true, "a–b - c": true,
		"well-known — and - not": true, "x — y": false, "": false, " - ": true,
	} {
		if got := spacedBullet(s); got != want {
			t.Errorf("spacedBullet(%q) = %v, want %v", s, got, want)
		}
	}
}
