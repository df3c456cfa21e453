package bot

import (
	"time"

	"readout/summaries"
)

// CallView is a call record as the JSON contract shows it: full names, a
// calendar date, the summary as text.
type CallView struct {
	ID              int64         `json:"id"`
	Participants    []string      `json:"participants"`
	Date            string        `json:"date"`
	Medium          string        `json:"medium"`
	DurationMinutes *int          `json:"duration_minutes"`
	Initiator       *string       `json:"initiator"`
	Topics          []string      `json:"topics"`
	Summary         string        `json:"summary"`
	Articles        []ArticleView `json:"articles"`
}

// ArticleView is an article under a call record.
type ArticleView struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
}

// View turns a call record into its JSON contract form.
func (w Writer) View(c summaries.Call) CallView {
	v := CallView{ID: c.ID, Medium: string(c.Medium), Topics: c.Topics, Summary: c.Summary()}
	// An undated call (its coverage gave no date yet) has an empty date.
	if !c.Date.IsZero() {
		v.Date = c.Date.Format(time.DateOnly)
	}
	for _, p := range c.Participants {
		v.Participants = append(v.Participants, w.g.Name(p))
	}
	if c.DurationMinutes > 0 {
		d := c.DurationMinutes
		v.DurationMinutes = &d
	}
	if c.Initiator != "" {
		n := w.g.Name(c.Initiator)
		v.Initiator = &n
	}
	if v.Topics == nil {
		v.Topics = []string{}
	}
	v.Articles = []ArticleView{}
	for _, a := range c.Articles {
		pub := ""
		if !a.Published.IsZero() {
			pub = a.Published.UTC().Format(time.RFC3339)
		}
		v.Articles = append(v.Articles, ArticleView{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: pub})
	}
	return v
}
