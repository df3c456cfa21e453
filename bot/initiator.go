package bot

import (
	"regexp"
	"strings"
	"sync"

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
		re := b.cues.get(c.Participants, a, b.initiatorCues)
		if re == nil {
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

// initiatorCues is the pattern of the sentences that say a placed the
// call to the others of people; nil when it cannot be built.
func (b *Bot) initiatorCues(people []string, a string) *regexp.Regexp {
	name := regexp.QuoteMeta(strings.ToLower(b.shortName(a)))
	var others []string
	for _, o := range people {
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
		return nil
	}
	return re
}

// cueCache keeps the initiator patterns of the participant sets asked
// about lately: compiling one took a tenth of a yes/no answer. It is
// emptied when full, so a long-running bot holds at most cueCacheSize.
type cueCache struct {
	mu sync.Mutex
	m  map[string]*regexp.Regexp
}

const cueCacheSize = 512

func (c *cueCache) get(people []string, a string, build func([]string, string) *regexp.Regexp) *regexp.Regexp {
	key := a + "|" + strings.Join(people, "+")
	c.mu.Lock()
	re, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return re
	}
	re = build(people, a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cueCacheSize {
		c.m = map[string]*regexp.Regexp{}
	}
	c.m[key] = re
	return re
}
