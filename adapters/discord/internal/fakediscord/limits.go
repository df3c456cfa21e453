package fakediscord

import (
	"errors"
	"fmt"
	"unicode/utf16"
)

// Message is the part of a message payload (create, edit, follow-up,
// interaction response data) that the fake checks and tests inspect.
type Message struct {
	Content   string     `json:"content"`
	Embeds    []Embed    `json:"embeds"`
	Flags     int        `json:"flags"`
	Reference *Reference `json:"message_reference,omitempty"`
}

// Reference is a message_reference: what a reply replies to.
type Reference struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
}

// Embed is a rich embed.
type Embed struct {
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	URL         string  `json:"url,omitempty"`
	Timestamp   string  `json:"timestamp,omitempty"`
	Fields      []Field `json:"fields,omitempty"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer,omitempty"`
	Author *struct {
		Name string `json:"name"`
	} `json:"author,omitempty"`
	// Image shows a picture in the embed; attachment://NAME names a
	// file uploaded with the message.
	Image *struct {
		URL string `json:"url"`
	} `json:"image,omitempty"`
}

// Field is an embed field.
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Discord's documented limits.
const (
	MaxContent     = 2000
	MaxEmbeds      = 10
	MaxTotal       = 6000
	MaxTitle       = 256
	MaxDescription = 4096
	MaxFields      = 25
	MaxFieldName   = 256
	MaxFieldValue  = 1024
	MaxFooter      = 2048
	MaxAuthor      = 256
)

// Len counts characters as Discord does (UTF-16 code units).
func Len(s string) int { return len(utf16.Encode([]rune(s))) }

// EmbedLen is what an embed counts against a message's 6,000 characters.
func EmbedLen(e Embed) int {
	n := Len(e.Title) + Len(e.Description)
	for _, f := range e.Fields {
		n += Len(f.Name) + Len(f.Value)
	}
	if e.Footer != nil {
		n += Len(e.Footer.Text)
	}
	if e.Author != nil {
		n += Len(e.Author.Name)
	}
	return n
}

// CheckMessage returns why Discord would refuse m with "Invalid Form Body",
// or nil.
func CheckMessage(m Message) error {
	var errs []error
	if Len(m.Content) > MaxContent {
		errs = append(errs, fmt.Errorf("content: %d characters, over %d", Len(m.Content), MaxContent))
	}
	if len(m.Embeds) > MaxEmbeds {
		errs = append(errs, fmt.Errorf("embeds: %d, over %d", len(m.Embeds), MaxEmbeds))
	}
	total := 0
	for i, e := range m.Embeds {
		total += EmbedLen(e)
		check := func(what string, n, max int) {
			if n > max {
				errs = append(errs, fmt.Errorf("embeds[%d].%s: %d characters, over %d", i, what, n, max))
			}
		}
		check("title", Len(e.Title), MaxTitle)
		check("description", Len(e.Description), MaxDescription)
		if len(e.Fields) > MaxFields {
			errs = append(errs, fmt.Errorf("embeds[%d].fields: %d, over %d", i, len(e.Fields), MaxFields))
		}
		for j, f := range e.Fields {
			if f.Name == "" || f.Value == "" {
				errs = append(errs, fmt.Errorf("embeds[%d].fields[%d]: name and value are required", i, j))
			}
			check(fmt.Sprintf("fields[%d].name", j), Len(f.Name), MaxFieldName)
			check(fmt.Sprintf("fields[%d].value", j), Len(f.Value), MaxFieldValue)
		}
		if e.Footer != nil {
			check("footer.text", Len(e.Footer.Text), MaxFooter)
		}
		if e.Author != nil {
			check("author.name", Len(e.Author.Name), MaxAuthor)
		}
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil && e.Author == nil {
			errs = append(errs, fmt.Errorf("embeds[%d]: empty", i))
		}
	}
	if total > MaxTotal {
		errs = append(errs, fmt.Errorf("embeds: %d characters in all, over %d", total, MaxTotal))
	}
	return errors.Join(errs...)
}
