// Command readout follows news coverage of calls between national leaders
// and answers questions about them in chat.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"readout/adapters/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Stdio())
	stop()
	os.Exit(code)
}
