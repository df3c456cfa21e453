package bot

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"readout/bot/chart"
	"readout/summaries"
)

// Image is a picture an answer carries beside its text: the timeline of
// the calls a list or a count is about. It is drawn the first time an
// adapter asks for it, so that answers nobody shows a picture for (the
// command line without --chart, benchmarks) cost nothing for it. Messages
// keep it out of their JSON: stored digests stay small and carry none.
type Image struct {
	// Name is the file name, ending in .png: "trump-putin-calls.png".
	Name string
	// Alt describes the picture for those who cannot see it.
	Alt string

	once sync.Once
	draw func() ([]byte, error)
	png  []byte
	err  error
}

// NewImage is an image already drawn.
func NewImage(name, alt string, png []byte) *Image {
	return &Image{Name: name, Alt: alt, draw: func() ([]byte, error) { return png, nil }}
}

// PNG draws the image, once, and returns its bytes.
func (i *Image) PNG() ([]byte, error) {
	if i == nil || i.draw == nil {
		return nil, errors.New("bot: no image")
	}
	i.once.Do(func() { i.png, i.err = i.draw() })
	return i.png, i.err
}

// timeline is the chart of a list or a count of the calls of a pair or a
// leader, or nil when there is no such picture to draw: no leader asked
// about, or no call with a date.
func (b *Bot) timeline(q Question, calls []summaries.Call) *Image {
	if len(q.Leaders) == 0 {
		return nil
	}
	dated := 0
	for _, c := range calls {
		if !c.Date.IsZero() {
			dated++
		}
	}
	if dated == 0 {
		return nil
	}
	var slug []string
	for _, id := range q.Leaders {
		slug = append(slug, strings.ToLower(strings.ReplaceAll(b.shortName(id), " ", "-")))
	}
	alt := fmt.Sprintf("Timeline of %d %s%s: each call a bar at its date, its height the call's length, its colour the medium", dated, noun(dated, "call", "calls"), b.subject(q))
	calls = append([]summaries.Call(nil), calls...)
	return &Image{
		Name: strings.Join(slug, "-") + "-calls.png",
		Alt:  alt,
		draw: func() ([]byte, error) {
			png, err := chart.Timeline(calls, chart.Options{Names: b.shortName})
			if err != nil {
				return nil, fmt.Errorf("timeline of %d calls: %w", len(calls), err)
			}
			return png, nil
		},
	}
}
