package words

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A pattern confined to windows or gated answers every method as the
// plain regular expression does on the whole text.
func TestPatternWindowsAnswerAsTheWholeText(t *testing.T) {
	const expr = `\b(last |on )?(monday|friday)('s)?\b`
	plain := regexp.MustCompile(expr)
	patterns := map[string]*Pattern{
		"around": Compile(expr).Around([]string{"monday", "friday"}, 5, 11),
		"gated":  Compile(expr).Needs("day"),
		"tail":   Compile(expr).Tail(func(s string) (int, bool) { return max(0, len(s)-40), true }),
	}
	texts := []string{"", "nothing here", "on monday and last friday's talks", "mondays on monday", "xmonday friday",
		strings.Repeat("filler ", 20) + "last monday", "friday's friday monday"}
	for name, p := range patterns {
		for _, s := range texts {
			if name == "tail" && len(s) > 40 && plain.MatchString(s[:len(s)-40]) {
				continue // matches before the tail are outside its contract
			}
			if got, want := p.MatchString(s), plain.MatchString(s); got != want {
				t.Errorf("%s.MatchString(%q) = %v, want %v", name, s, got, want)
			}
			if got, want := p.FindString(s), plain.FindString(s); got != want {
				t.Errorf("%s.FindString(%q) = %q, want %q", name, s, got, want)
			}
			if got, want := p.FindStringSubmatchIndex(s), plain.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
				t.Errorf("%s.FindStringSubmatchIndex(%q) = %v, want %v", name, s, got, want)
			}
			if got, want := p.FindStringSubmatch(s), plain.FindStringSubmatch(s); !slices.Equal(got, want) {
				t.Errorf("%s.FindStringSubmatch(%q) = %q, want %q", name, s, got, want)
			}
			for _, n := range []int{-1, 0, 1, 2} {
				if got, want := p.FindAllStringSubmatchIndex(s, n), plain.FindAllStringSubmatchIndex(s, n); !slices.EqualFunc(got, want, slices.Equal) {
					t.Errorf("%s.FindAllStringSubmatchIndex(%q, %d) = %v, want %v", name, s, n, got, want)
				}
				if got, want := p.FindAllString(s, n), plain.FindAllString(s, n); !slices.Equal(got, want) {
					t.Errorf("%s.FindAllString(%q, %d) = %q, want %q", name, s, n, got, want)
				}
			}
			if got, want := p.FindAllStringSubmatchIndexIn(s, p.Windows(s)), plain.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s.FindAllStringSubmatchIndexIn(%q, its windows) = %v, want %v", name, s, got, want)
			}
			if got, want := p.ReplaceAllString(s, "<$2>"), plain.ReplaceAllString(s, "<$2>"); got != want {
				t.Errorf("%s.ReplaceAllString(%q) = %q, want %q", name, s, got, want)
			}
		}
	}
}
