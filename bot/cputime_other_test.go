//go:build !unix

package bot_test

import "time"

// cpuTime is not read on this system: the benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }
