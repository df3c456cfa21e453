//go:build !unix

package cli

// holderGone cannot tell a gone process here: a dead holder's lease is
// taken over when it expires.
func holderGone(string) bool { return false }
