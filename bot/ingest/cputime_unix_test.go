//go:build unix

package ingest_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far: on a machine shared with
// other work, what an article costs is better told by it than by the
// wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
