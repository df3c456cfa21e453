package bot

import (
	"fmt"
	"regexp"
	"testing"
)

// The cue cache builds a participant set's pattern once, and never holds
// more than cueCacheSize of them.
func TestCueCacheBuildsOnceAndStaysBounded(t *testing.T) {
	var c cueCache
	builds := 0
	build := func(people []string, a string) *regexp.Regexp {
		builds++
		return regexp.MustCompile(regexp.QuoteMeta(a))
	}
	people := []string{"donald-trump", "vladimir-putin"}
	first := c.get(people, people[0], build)
	if again := c.get(people, people[0], build); again != first || builds != 1 {
		t.Fatalf("asked twice: %d builds, same pattern %v", builds, again == first)
	}
	if c.get(people, people[1], build) == first || builds != 2 {
		t.Fatalf("the other side shares the first side's pattern (%d builds)", builds)
	}
	for i := range 3 * cueCacheSize {
		c.get([]string{fmt.Sprint("leader-", i), "x"}, "x", build)
		if len(c.m) > cueCacheSize {
			t.Fatalf("%d patterns held, more than %d", len(c.m), cueCacheSize)
		}
	}
}
