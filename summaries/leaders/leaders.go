// Package leaders is the gazetteer of heads of state and government: who
// they are, the names, spellings and titles coverage uses for them, and
// when they held office, so that "the US president" can mean Biden in 2024
// and Trump in 2025. The data is an embedded JSON file; a deployment can add
// aliases from its configuration.
package leaders

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

//go:embed data/leaders.json
var builtin []byte

// Leader is a head of state or government.
type Leader struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	FamilyFirst bool     `json:"family_first,omitempty"`
	Names       []string `json:"names"`
	Offices     []Office `json:"offices"`
}

// Office is a term in an office; To is empty while it lasts.
type Office struct {
	Country string `json:"country"`
	Title   string `json:"title"`
	From    string `json:"from"`
	To      string `json:"to,omitempty"`

	from, to time.Time
}

// Country is a state (or the EU, or the UN) whose leaders the gazetteer
// knows, with the words coverage uses for it.
type Country struct {
	Code        string   `json:"code"`
	Names       []string `json:"names"`
	Demonyms    []string `json:"demonyms"`
	Seats       []string `json:"seats"` // "Kremlin": the seat standing for its leader
	Sides       []string `json:"sides"` // "the Russian side", "Moscow": the government as a party
	LeaderTitle string   `json:"leader_title,omitempty"`
}

type file struct {
	Countries []Country `json:"countries"`
	Leaders   []Leader  `json:"leaders"`
}

// Gazetteer finds leaders in text and resolves titles at a date.
type Gazetteer struct {
	leaders   map[string]*Leader
	countries map[string]*Country
	names     *node // word trie over every name, seat, country word and title phrase
	order     []string
	// offices are each country's offices in the order of the leaders
	// holding them: who held a seat or title is asked of every mention.
	offices map[string][]heldOffice
}

// heldOffice is an office with the ID of its leader.
type heldOffice struct {
	id string
	o  *Office
}

// Builtin returns the gazetteer shipped with readout.
func Builtin() (*Gazetteer, error) {
	return Parse(builtin)
}

// Parse reads a gazetteer in the embedded file's format.
func Parse(data []byte) (*Gazetteer, error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("leaders: parse gazetteer: %w", err)
	}
	g := &Gazetteer{leaders: map[string]*Leader{}, countries: map[string]*Country{}, names: newNode(), offices: map[string][]heldOffice{}}
	for i := range f.Countries {
		c := &f.Countries[i]
		if c.Code == "" {
			return nil, fmt.Errorf("leaders: country %d has no code", i)
		}
		if c.LeaderTitle == "" {
			c.LeaderTitle = "president"
		}
		g.countries[c.Code] = c
		for _, n := range c.Names {
			g.add(n, entry{kind: KindCountry, country: c.Code})
		}
		for _, n := range c.Demonyms {
			g.add(n, entry{kind: KindDemonym, country: c.Code})
			// "the Americans asked for the call"
			if strings.HasSuffix(n, "n") {
				g.add(n+"s", entry{kind: KindCountry, country: c.Code})
			}
		}
		for _, n := range c.Seats {
			g.add(n, entry{kind: KindSeat, country: c.Code})
		}
		// Capitals and "the Russian side" stand for a government: who asked
		// for a call, never a participant.
		for _, n := range c.Sides {
			g.add(n, entry{kind: KindCountry, country: c.Code})
		}
	}
	for i := range f.Leaders {
		l := &f.Leaders[i]
		if l.ID == "" || l.Name == "" {
			return nil, fmt.Errorf("leaders: leader %d has no id or name", i)
		}
		if _, dup := g.leaders[l.ID]; dup {
			return nil, fmt.Errorf("leaders: duplicate leader id %q", l.ID)
		}
		for j := range l.Offices {
			o := &l.Offices[j]
			if _, ok := g.countries[o.Country]; !ok {
				return nil, fmt.Errorf("leaders: %s: office in unknown country %q", l.ID, o.Country)
			}
			var err error
			if o.from, err = time.Parse(time.DateOnly, o.From); err != nil {
				return nil, fmt.Errorf("leaders: %s: office from: %w", l.ID, err)
			}
			if o.To != "" {
				if o.to, err = time.Parse(time.DateOnly, o.To); err != nil {
					return nil, fmt.Errorf("leaders: %s: office to: %w", l.ID, err)
				}
			}
			o.Title = strings.ToLower(o.Title)
			g.offices[o.Country] = append(g.offices[o.Country], heldOffice{l.ID, o})
		}
		g.leaders[l.ID] = l
		g.order = append(g.order, l.ID)
		names := append([]string{l.Name}, l.Names...)
		for _, n := range names {
			g.add(n, entry{kind: KindName, leader: l.ID})
		}
	}
	for _, t := range titleWords {
		g.add(t, entry{kind: KindTitle, title: t})
	}
	return g, nil
}

// AddAliases lets a deployment teach the gazetteer more names for a leader.
func (g *Gazetteer) AddAliases(id string, names ...string) error {
	l, ok := g.leaders[id]
	if !ok {
		return fmt.Errorf("leaders: unknown leader %q", id)
	}
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		l.Names = append(l.Names, n)
		g.add(n, entry{kind: KindName, leader: id})
	}
	return nil
}

func (g *Gazetteer) add(name string, e entry) {
	toks := Tokenize(name)
	if len(toks) == 0 {
		return
	}
	n := g.names
	for _, t := range toks {
		n = n.child(t.Norm)
	}
	for _, have := range n.entries {
		if have == e {
			return
		}
	}
	n.entries = append(n.entries, e)
}

// Leader returns the leader with the given ID.
func (g *Gazetteer) Leader(id string) (*Leader, bool) {
	l, ok := g.leaders[id]
	return l, ok
}

// Name returns a leader's display name, or the ID itself when unknown.
func (g *Gazetteer) Name(id string) string {
	if l, ok := g.leaders[id]; ok {
		return l.Name
	}
	return id
}

// Country returns a country by code.
func (g *Gazetteer) Country(code string) (*Country, bool) {
	c, ok := g.countries[code]
	return c, ok
}

// Leaders lists every leader in the gazetteer's order.
func (g *Gazetteer) Leaders() []*Leader {
	out := make([]*Leader, 0, len(g.order))
	for _, id := range g.order {
		out = append(out, g.leaders[id])
	}
	return out
}

// Countries returns the countries a leader held office in, most recent first.
func (g *Gazetteer) Countries(id string) []string {
	l, ok := g.leaders[id]
	if !ok {
		return nil
	}
	var out []string
	for i := len(l.Offices) - 1; i >= 0; i-- {
		c := l.Offices[i].Country
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// InOffice reports whether the leader held any office on day t.
func (g *Gazetteer) InOffice(id string, t time.Time) bool {
	l, ok := g.leaders[id]
	if !ok {
		return false
	}
	for _, o := range l.Offices {
		if o.holds(t) {
			return true
		}
	}
	return false
}

// Former reports a leader out of office on day t for good: no term holds
// then, the last ended before, and none begins within the next three months
// (a president-elect is treated as a leader).
func (g *Gazetteer) Former(id string, t time.Time) bool {
	l, ok := g.leaders[id]
	if !ok || len(l.Offices) == 0 {
		return false
	}
	ended := false
	for _, o := range l.Offices {
		switch {
		case o.holds(t):
			return false
		case o.from.After(t) && o.from.Before(t.AddDate(0, 3, 0)):
			return false
		case !o.to.IsZero() && !o.to.After(t):
			ended = true
		}
	}
	return ended
}

func (o Office) holds(t time.Time) bool {
	return !t.Before(o.from) && (o.to.IsZero() || t.Before(o.to))
}

// Holder returns the leader who held the office of title in country on day
// t. The title "leader" (or "head of state") stands for the country's
// leader title.
func (g *Gazetteer) Holder(country, title string, t time.Time) (string, bool) {
	c, ok := g.countries[country]
	if !ok {
		return "", false
	}
	title = canonicalTitle(strings.ToLower(title))
	if title == "" || title == "leader" || title == "head of state" || title == "head of government" {
		title = c.LeaderTitle
	}
	title = canonicalTitle(title)
	best := g.holder(country, title, t)
	// Coverage calls many prime ministers "premier" and the reverse.
	if best == "" && title == "premier" {
		best = g.holder(country, "prime minister", t)
	} else if best == "" && title == "prime minister" {
		best = g.holder(country, "premier", t)
	}
	return best, best != ""
}

func (g *Gazetteer) holder(country, title string, t time.Time) string {
	var best string
	var bestFrom time.Time
	for _, h := range g.offices[country] {
		if o := h.o; canonicalTitle(o.Title) == title && o.holds(t) {
			// Overlapping terms can only be a data slip; the later start wins.
			if best == "" || o.from.After(bestFrom) {
				best, bestFrom = h.id, o.from
			}
		}
	}
	return best
}

// Holders lists everyone holding an office in country on day t, the
// country's leader first.
func (g *Gazetteer) Holders(country string, t time.Time) []string {
	lead, _ := g.Holder(country, "leader", t)
	var out []string
	if lead != "" {
		out = append(out, lead)
	}
	for _, id := range g.order {
		for _, o := range g.leaders[id].Offices {
			if o.Country == country && o.holds(t) && !contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// pick chooses among leaders sharing a name the one in office on day t,
// else the one whose time in office is nearest to t.
func (g *Gazetteer) pick(ids []string, t time.Time) string {
	if len(ids) == 1 {
		return ids[0]
	}
	best, bestGap := "", time.Duration(1<<63-1)
	for _, id := range ids {
		for _, o := range g.leaders[id].Offices {
			var gap time.Duration
			switch {
			case o.holds(t):
				gap = 0
			case t.Before(o.from):
				gap = o.from.Sub(t)
			default:
				gap = t.Sub(o.to) + 1 // on a handover day the incoming holder wins
			}
			if gap < bestGap {
				best, bestGap = id, gap
			}
		}
	}
	if best == "" {
		sorted := append([]string(nil), ids...)
		sort.Strings(sorted)
		best = sorted[0]
	}
	return best
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
