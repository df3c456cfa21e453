package bot

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
