// Package servicetest holds the tests that run the services together, as
// the wiring does: admin, digests, schedules and the poller over a real
// SQLite store and a loopback feed server, on one fake clock. It has no
// code of its own; one rig serves every test here.
package servicetest
