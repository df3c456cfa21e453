// Package console is readout's terminal adapter: a conversation with the
// bot on standard input and output. The person at the terminal runs the
// process, so they are its admin.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"readout/bot"
)

// Console reads questions line by line and prints the answers.
type Console struct {
	Handler bot.Handler
	In      io.Reader
	Out     io.Writer
	// Prompt is printed before each question; empty for none.
	Prompt string
	// Quit is set when the user asked to leave ("quit"), as opposed to the
	// input ending, which is how a service without a terminal starts.
	Quit bool
}

// Run converses until the input ends, the user types "quit", or ctx is done.
func (c *Console) Run(ctx context.Context) error {
	lines := make(chan string)
	errs := make(chan error, 1)
	go func() {
		defer close(lines)
		r := bufio.NewReaderSize(c.In, 4096)
		for {
			line, err := readLine(r, MaxLine)
			if err != nil {
				errs <- err
				return
			}
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	var last *bot.Image // the latest answer's chart
	fmt.Fprintln(c.Out, `readout console: ask about leaders' calls ("help" for examples, "quit" to leave).`)
	for {
		if c.Prompt != "" {
			fmt.Fprint(c.Out, c.Prompt)
		}
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-errs; err != io.EOF {
					return fmt.Errorf("console: read: %w", err)
				}
				return nil
			}
			if line == tooLong {
				fmt.Fprintf(c.Out, "That line is too long (over %d KB) and was ignored: ask a shorter question.\n", MaxLine>>10)
				continue
			}
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if line == "quit" || line == "exit" {
				c.Quit = true
				return nil
			}
			if file, ok := strings.CutPrefix(line, "save chart "); ok {
				c.saveChart(last, strings.TrimSpace(file))
				continue
			}
			reply := c.Handler.Handle(ctx, bot.Request{
				Origin: bot.Origin{Platform: "console", Channel: "console", User: "operator", Admin: true, DM: true},
				Text:   line,
			})
			fmt.Fprint(c.Out, Render(reply))
			if last = chartOf(reply); last != nil {
				fmt.Fprintf(c.Out, "[chart: %s; type \"save chart FILE\" to save it as a PNG]\n\n", last.Name)
			}
		}
	}
}

// saveChart writes the latest answer's chart to file.
func (c *Console) saveChart(img *bot.Image, file string) {
	if img == nil {
		fmt.Fprintln(c.Out, "The last answer has no chart: lists and counts of a pair's or a leader's calls have one.")
		return
	}
	data, err := img.PNG()
	if err == nil {
		err = os.WriteFile(file, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(c.Out, "Could not save the chart: %v\n", err)
		return
	}
	fmt.Fprintf(c.Out, "Chart saved to %s (%d bytes).\n", file, len(data))
}

// chartOf is the first image a reply carries, or nil.
func chartOf(r bot.Reply) *bot.Image {
	for _, m := range r.Messages {
		if m.Image != nil {
			return m.Image
		}
	}
	return nil
}

// MaxLine is the longest question the console reads; a longer line is
// refused with a message, and the conversation goes on.
const MaxLine = 64 << 10

// tooLong stands for a line over the limit: no line read holds a NUL.
const tooLong = "\x00too long"

// readLine reads one line (without its end) of at most limit bytes; the
// rest of a longer line is read and dropped, and tooLong returned. A last
// line without its newline counts; io.EOF comes after it.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var line []byte
	over := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !over {
			if len(line)+len(chunk) > limit+2 { // room for "\r\n"
				over, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && (len(line) > 0 || over):
			// The last line, unterminated.
		case err != nil:
			return "", err
		}
		if over {
			return tooLong, nil
		}
		return strings.TrimRight(string(line), "\r\n"), nil
	}
}

// Render prints a reply as plain text.
func Render(r bot.Reply) string {
	var b strings.Builder
	for i, m := range r.Messages {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(m.PlainText())
	}
	b.WriteString("\n")
	return b.String()
}

// Sender prints digests to the console.
type Sender struct {
	Out io.Writer
}

// Platform names the console.
func (s Sender) Platform() string { return "console" }

// Send prints messages addressed to a console channel.
func (s Sender) Send(_ context.Context, channel string, msgs []bot.Message) error {
	_, err := io.WriteString(s.Out, "[digest → "+channel+"]\n"+Render(bot.Reply{Messages: msgs}))
	return err
}
