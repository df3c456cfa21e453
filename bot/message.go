package bot

import "time"

// Message is an answer or a digest in a platform-neutral shape. Adapters
// render it: embeds on Discord, Block Kit on Slack, plain text on the console.
type Message struct {
	Title  string  `json:"title"`
	Text   string  `json:"text,omitempty"` // a lead sentence or paragraph
	Fields []Field `json:"fields,omitempty"`
	Points []Point `json:"points,omitempty"`
	Links  []Link  `json:"links,omitempty"`
	// Footer is a small closing line, such as when the record last changed.
	Footer string `json:"footer,omitempty"`
	// Updated is when the record behind the message last changed (zero when
	// the message is not about one record).
	Updated time.Time `json:"updated,omitempty"`
}

// Field is a short labelled value, such as "Duration: 90 min".
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Point is a bullet point, optionally with the article it came from.
type Point struct {
	Text string `json:"text"`
	URL  string `json:"url,omitempty"`
}

// Link is a source link.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// PlainText renders a message as plain text, the fallback every platform
// needs (console output, Slack's notification text).
func (m Message) PlainText() string {
	var b []byte
	add := func(s string) { b = append(b, s...) }
	if m.Title != "" {
		add(m.Title)
		add("\n")
	}
	if m.Text != "" {
		add(m.Text)
		add("\n")
	}
	for _, f := range m.Fields {
		add(f.Name + ": " + f.Value + "\n")
	}
	for _, p := range m.Points {
		add("• " + p.Text + "\n")
	}
	for _, l := range m.Links {
		if l.Title != "" {
			add(l.Title + " <" + l.URL + ">\n")
		} else {
			add(l.URL + "\n")
		}
	}
	if m.Footer != "" {
		add(m.Footer + "\n")
	}
	return string(b)
}
