//go:build !unix

package cli

import "os"

// lockFile is a no-op where flock is missing: restore cannot tell a
// database in use there, which docs/operations.md says.
func lockFile(*os.File, bool) error { return nil }
