package bot

import (
	"regexp"
	"strings"

	"readout/summaries"
)

// initiator says who placed a call: the record's own finding, else what a
// sentence of its key points says ("Vladimir Putin called Donald Trump",
// "Zelensky said he initiated the conversation"), with that sentence. A
// sentence that would credit both sides credits neither.
func (b *Bot) initiator(c summaries.Call) (id, evidence string) {
	if c.Initiator != "" {
		return c.Initiator, ""
	}
	found := map[string]string{}
	for _, p := range c.Points {
		low := strings.ToLower(p.Text)
		for _, a := range c.Participants {
			name := regexp.QuoteMeta(strings.ToLower(b.shortName(a)))
			cues := []string{
				`\b` + name + ` said (he|she) (had )?(called|phoned|rang|initiated|requested|placed|asked for)\b`,
				`\b` + name + ` (had )?(placed|initiated|requested) the (call|conversation)\b`,
				`\b` + name + ` said .*\b(he|she) had asked for it\b`,
				`\b(placed|requested|initiated) by (\w+ ){0,3}` + name + `\b`,
				`\bat (\w+ ){0,3}` + name + `'s request\b`,
				`\bat the request of (\w+ ){0,3}` + name + `\b`,
			}
			for _, other := range c.Participants {
				if other != a {
					cues = append(cues, `\b`+name+` (called|phoned|rang|dialled) (\w+ ){0,3}`+regexp.QuoteMeta(strings.ToLower(b.shortName(other)))+`\b`)
				}
			}
			for _, cue := range cues {
				if regexp.MustCompile(cue).MatchString(low) {
					if _, ok := found[a]; !ok {
						found[a] = p.Text
					}
				}
			}
		}
	}
	if len(found) != 1 {
		return "", ""
	}
	for a, s := range found {
		return a, s
	}
	return "", ""
}
