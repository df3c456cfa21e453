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
	for _, a := range c.Participants {
		name := regexp.QuoteMeta(strings.ToLower(b.shortName(a)))
		var others []string
		for _, o := range c.Participants {
			if o != a {
				others = append(others, regexp.QuoteMeta(strings.ToLower(b.shortName(o))))
			}
		}
		cues := []string{
			name + ` said (he|she) (had )?(called|phoned|rang|initiated|requested|placed|asked for)\b`,
			name + ` (had )?(placed|initiated|requested) the (call|conversation)\b`,
			name + ` said .*\b(he|she) had asked for it\b`,
			`(placed|requested|initiated) by (\w+ ){0,3}` + name + `\b`,
			`at (\w+ ){0,3}` + name + `'s request\b`,
			`at the request of (\w+ ){0,3}` + name + `\b`,
		}
		if len(others) > 0 {
			cues = append(cues, name+` (called|phoned|rang|dialled) (\w+ ){0,3}(`+strings.Join(others, "|")+`)\b`)
		}
		re, err := regexp.Compile(`\b(` + strings.Join(cues, "|") + `)`)
		if err != nil {
			continue
		}
		for _, p := range c.Points {
			if re.MatchString(strings.ToLower(p.Text)) {
				found[a] = p.Text
				break
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
