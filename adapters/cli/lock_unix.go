//go:build unix

package cli

import (
	"os"
	"syscall"
)

// lockFile takes an advisory lock on f without waiting: shared for a
// command using the database, exclusive for restore. SQLite's own locks
// are fcntl locks, which flock does not touch.
func lockFile(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
}
