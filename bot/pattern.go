package bot

import (
	"regexp"
	"sync"
)

// pattern is a regular expression compiled on its first use: compiled at
// package init, the question patterns cost every process, even one that
// only prints its usage, a few milliseconds at start.
type pattern struct {
	re func() *regexp.Regexp
}

// lazy returns expr as a pattern. Like regexp.MustCompile it panics on a
// bad expression, a programming error: every one is a constant.
func lazy(expr string) *pattern {
	return &pattern{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// The methods below are those of regexp.Regexp the bot uses.

func (p *pattern) MatchString(s string) bool      { return p.re().MatchString(s) }
func (p *pattern) FindStringIndex(s string) []int { return p.re().FindStringIndex(s) }
func (p *pattern) FindStringSubmatch(s string) []string {
	return p.re().FindStringSubmatch(s)
}
func (p *pattern) FindStringSubmatchIndex(s string) []int {
	return p.re().FindStringSubmatchIndex(s)
}
func (p *pattern) FindAllStringIndex(s string, n int) [][]int {
	return p.re().FindAllStringIndex(s, n)
}
func (p *pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return p.re().FindAllStringSubmatchIndex(s, n)
}
func (p *pattern) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return p.re().ReplaceAllStringFunc(src, repl)
}
