package extract

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
)

// freshDays is how far before publication a call may be and still be the
// article's news; an older call is being recalled, unless the article opens
// with it within lateDays ("In a call on July 3, ..." four days later).
const (
	freshDays = 3
	lateDays  = 10
)

// Extract returns the calls an article reports (at most one: the call the
// article is about) and the earlier calls it recalls in passing.
func (x *Extractor) Extract(a summaries.Article) []summaries.Mention {
	a.Published = a.Published.UTC()
	sents := x.analyse(a)
	pubDay := summaries.Day(a.Published)

	t := tallyEvents(sents, pubDay)
	var out []summaries.Mention
	if best, key := t.reported(); best != nil {
		people := best.people
		if best.group {
			people = x.groupPeople(sents, best.first)
		}
		if len(people) >= 2 {
			out = append(out, x.primary(a, sents, key, people))
		}
	}
	// Calls recalled in passing, and calls the article reports besides its
	// own, corroborate other records.
	var primaryDay time.Time
	var primaryKey string
	if len(out) > 0 {
		primaryDay, primaryKey = out[0].Date, strings.Join(out[0].Participants, "+")
	}
	background := append(t.background, otherCalls(sents, pubDay, primaryKey)...)
	return append(out, backgroundMentions(sents, background, primaryKey, primaryDay)...)
}

// callTally is what an article's sentences say of one call it may report.
type callTally struct {
	people []string
	group  bool
	score  float64
	first  int
	sents  int  // sentences that speak of it
	body   bool // one of them is in the body, not the headline
	lead   bool // one, with its date, opens the article
	named  bool // one names its people (or is a group call)
	early  bool // one is in the headline or the first paragraphs
	dated  bool // one gives a date of this week
}

// tally is every call an article's sentences speak of: the fresh ones it
// may report, by key, and the old ones it recalls.
type tally struct {
	calls      map[string]*callTally
	stale      map[string]bool // keys with an old dated call in the article
	background []event
}

// tallyEvents weighs each fresh call by where the article speaks of it and
// sets the old ones aside.
func tallyEvents(sents []*sentence, pubDay time.Time) tally {
	// A brief of a few paragraphs may tell its call in one sentence.
	brief := len(sents) > 0 && sents[len(sents)-1].para < 3
	t := tally{calls: map[string]*callTally{}, stale: map[string]bool{}}
	for i, s := range sents {
		seen := map[string]bool{}
		for _, e := range s.events {
			if e.status != happened {
				continue
			}
			old := e.hasDate && e.date.Before(pubDay.AddDate(0, 0, -freshDays))
			late := old && s.para <= 0 && !e.inferred && !e.date.Before(pubDay.AddDate(0, 0, -lateDays))
			if e.recall || (old && !late) {
				if len(e.people) >= 2 && e.hasDate && !e.inferred {
					t.background = append(t.background, e)
					if !e.recall && s.para <= 0 {
						t.stale[e.key()] = true // the article opens on an old call
					}
				}
				continue
			}
			key := e.key()
			if e.group && e.video {
				key = "*group*"
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			c := t.calls[key]
			if c == nil {
				c = &callTally{people: e.people, group: key == "*group*", first: i}
				t.calls[key] = c
			}
			c.score += eventWeight(s, e)
			c.sents++
			c.body = c.body || s.para >= 0
			c.lead = c.lead || (s.para == 0 && (e.hasDate || brief) && !e.inferred)
			c.named = c.named || !e.inferred
			c.dated = c.dated || e.hasDate
			c.early = c.early || s.para <= 3
		}
	}
	return t
}

// eventWeight says how strongly a sentence speaks of a call: the headline
// most, the opening paragraphs more than the rest, asides and calls
// inferred from context less.
func eventWeight(s *sentence, e event) float64 {
	w := 1.0
	switch {
	case s.para < 0:
		w = 3
	case s.para <= 1:
		w = 2
	}
	if e.aside {
		w /= 2
	}
	if e.inferred {
		w *= 0.75
	}
	return w
}

// reported returns the call the article is about, with its key, or nil.
func (t tally) reported() (*callTally, string) {
	var best *callTally
	var bestKey string
	for k, c := range t.calls {
		// News puts its story first: a call an article reports is in its
		// headline or first paragraphs, named at least once, and spoken of
		// more than once unless its opening dates it. A headline alone does
		// not make an article about a call, nor does a passing sentence.
		if !c.body || (c.sents < 2 && !c.lead) || !c.named || !c.early {
			continue
		}
		// Undated mentions beside a dated old call are about that call
		// ("a documentary airs Macron's February call with Putin").
		if t.stale[k] && !c.dated {
			continue
		}
		if best == nil || c.score > best.score || (c.score == best.score && c.first < best.first) {
			best, bestKey = c, k
		}
	}
	if best == nil || best.score < 1.5 {
		return nil, ""
	}
	return best, bestKey
}

// otherCalls are the fresh, dated calls between two named leaders that an
// article reports besides the one it is about.
func otherCalls(sents []*sentence, pubDay time.Time, primaryKey string) []event {
	var out []event
	for _, s := range sents {
		for _, e := range s.events {
			if e.status != happened || len(e.people) < 2 || !e.hasDate || e.recall || e.inferred {
				continue
			}
			if e.key() == primaryKey || e.date.Before(pubDay.AddDate(0, 0, -freshDays)) {
				continue
			}
			out = append(out, e)
		}
	}
	return out
}

// backgroundMentions makes one background mention of each call in
// background (but the one reported), with what the article says of it.
func backgroundMentions(sents []*sentence, background []event, primaryKey string, primaryDay time.Time) []summaries.Mention {
	var out []summaries.Mention
	seen := map[string]bool{}
	for _, e := range background {
		id := e.key() + e.date.Format(time.DateOnly)
		if seen[id] || (e.key() == primaryKey && e.date.Equal(primaryDay)) {
			continue
		}
		seen[id] = true
		m := summaries.Mention{Role: summaries.Background, Participants: e.people, Date: e.date, DateBasis: e.basis}
		for _, s := range sents {
			for _, se := range s.events {
				if se.key() == e.key() && se.hasDate && se.date.Equal(e.date) {
					recalled(&m, s, se)
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// recalled adds to a background mention what one sentence says of it.
func recalled(m *summaries.Mention, s *sentence, e event) {
	if m.Sentence == "" {
		m.Sentence = s.text
	}
	// What later coverage recalls of a call is often its outcome.
	if s.para >= 0 && len(m.Candidates) < 2 {
		m.Candidates = append(m.Candidates, summaries.Candidate{Text: s.text, Weight: 0.8})
	}
	for _, f := range durations(s.text, "") {
		if m.Duration == nil || f.rank > m.DurationRank {
			m.DurationMinutes, m.DurationRank = f.minutes, f.rank-1
			m.Duration = &summaries.Evidence{Text: minutesText(f.minutes), Sentence: s.text}
		}
	}
	if e.video {
		m.Medium = summaries.Video
	}
}

// groupPeople gathers the participants of a leaders' video conference: the
// leaders named as chairing, joining or taking part near where it is reported.
func (x *Extractor) groupPeople(sents []*sentence, at int) []string {
	people := map[string]bool{}
	from := sents[at].para
	if from < 0 {
		from = 0
	}
	for _, s := range sents {
		if s.para < from || s.para > from+3 {
			continue
		}
		takesPart := false
		for _, t := range s.toks {
			if participate[t.Norm] {
				takesPart = true
				break
			}
		}
		for _, e := range s.events {
			if e.group {
				takesPart = true
			}
		}
		if !takesPart {
			continue
		}
		for _, m := range s.ms {
			if m.Leader != "" {
				people[m.Leader] = true
			}
		}
	}
	out := make([]string, 0, len(people))
	for p := range people {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// primary builds the mention of the article's own call.
func (x *Extractor) primary(a summaries.Article, sents []*sentence, key string, people []string) summaries.Mention {
	pubDay := summaries.Day(a.Published)
	m := summaries.Mention{Role: summaries.Reported, Participants: people}
	m.Date, m.DateBasis, m.Sentence = callDate(sents, key, pubDay)
	markOwn(sents, key, people, m.Date, pubDay)
	x.facts(&m, sents, key, people)
	m.Topics = topics(sents)
	m.Candidates = candidates(sents, people, x.inCountry)
	return m
}

// callDate is the day the reported call took place, by the votes of the
// sentences that date it (publication day when none does), with the
// first sentence that dates it.
func callDate(sents []*sentence, key string, pubDay time.Time) (time.Time, summaries.DateBasis, string) {
	date, basis, sentence := pubDay, summaries.DateInferred, ""
	votes := map[time.Time]int{}
	var order []time.Time // first seen first: on a tie the lead's date wins
	fresh := pubDay.AddDate(0, 0, -freshDays)
	hasFresh := false
	for _, s := range sents {
		for _, e := range s.events {
			if (e.key() == key || (key == "*group*" && e.group && e.video)) && e.status == happened && e.hasDate && !e.recall && !e.date.Before(fresh) {
				hasFresh = true
			}
		}
	}
	for _, s := range sents {
		for _, e := range s.events {
			k := e.key()
			if key == "*group*" && e.group && e.video {
				k = key
			}
			if k != key || e.status != happened || !e.hasDate || e.recall {
				continue
			}
			// An older date is the call's only when the article reports it
			// late; beside a fresh one it is an earlier call's.
			if e.date.Before(fresh) && (hasFresh || s.para > 0 || e.date.Before(pubDay.AddDate(0, 0, -lateDays))) {
				continue
			}
			w := 2
			if e.basis == summaries.DateExplicit {
				w = 3
			}
			if e.inferred {
				w = 1 // "this call" may sit next to another event's date
			}
			if _, ok := votes[e.date]; !ok {
				order = append(order, e.date)
			}
			votes[e.date] += w
			if sentence == "" {
				sentence = s.text
			}
		}
	}
	bestVote := 0
	for _, d := range order {
		if v := votes[d]; v > bestVote {
			date, bestVote = d, v
		}
	}
	if bestVote > 0 {
		basis = summaries.DateRelative
		for _, s := range sents {
			for _, e := range s.events {
				if e.key() == key && e.hasDate && e.date.Equal(date) && e.basis == summaries.DateExplicit {
					basis = summaries.DateExplicit
				}
			}
		}
	}
	// A clock time with a zone in a sentence that reports the call moves
	// its local date to the UTC date.
	if basis != summaries.DateInferred {
		for _, s := range sents {
			mine := false
			for _, e := range s.events {
				mine = mine || (e.key() == key && e.status == happened && !e.recall && (!e.hasDate || e.date.Equal(date)))
			}
			if !mine {
				continue
			}
			if shift, ok := utcShift(s.text, date); ok {
				date = date.AddDate(0, 0, shift)
				break
			}
		}
	}
	return date, basis, sentence
}

// markOwn marks which sentences are about the reported call: not about
// another call, another date or an earlier conversation.
func markOwn(sents []*sentence, key string, people []string, date, pubDay time.Time) {
	for _, s := range sents {
		other := hasPhrase(s.toks, recallGate) && recallPhrase.MatchString(s.lower)
		mine := false // the sentence reports this very call
		for _, e := range s.events {
			k := e.key()
			if key == "*group*" && e.group && e.video {
				continue
			}
			if k == key {
				if e.hasDate && !e.date.Equal(date) {
					other = true
				} else if e.status == happened && !e.inferred && !e.recall {
					mine = true
				}
				continue
			}
			if e.status != happened {
				continue // a call planned or denied is context, not a rival
			}
			for _, p := range e.people {
				if !slices.Contains(people, p) {
					other = true
				}
			}
			if e.hasDate && !e.date.Equal(date) {
				other = true
			}
		}
		dated, sameDay := false, false
		for _, d := range s.dates {
			if d.Anchor {
				continue
			}
			dated = true
			if d.Day.Equal(date) || d.Day.Equal(pubDay) || (d.Month && sameMonth(d.Day, date)) {
				sameDay = true
			}
		}
		if dated && !sameDay {
			other = true
		}
		// "Trump telephoned Takaichi on Tuesday, hours after speaking with
		// Xi": a sentence that reports this call is about it, whatever
		// else it mentions.
		if mine {
			other = false
		}
		s.other, s.own = other, !other
	}
}

// facts fills in what the article's own sentences say of the call: its
// length, who placed it, medium, ordinal, tone, readouts, agreements and
// quotes.
func (x *Extractor) facts(m *summaries.Mention, sents []*sentence, key string, people []string) {
	var figs []figure
	for i, s := range sents {
		if !s.own {
			continue
		}
		next := ""
		if i+1 < len(sents) {
			next = sents[i+1].text
		}
		if hasPhrase(s.toks, durationWords) {
			figs = append(figs, durations(s.text, next)...)
		}
		if m.Initiator == "" {
			if who := x.initiator(s, people); who != "" {
				m.Initiator = who
				m.InitiatedBy = &summaries.Evidence{Text: x.g.Name(who), Sentence: s.text}
			}
		}
		for _, e := range s.events {
			if e.video && (e.key() == key || key == "*group*") {
				m.Medium = summaries.Video
			}
		}
		if hasPhrase(s.toks, videoGate) && videoPhrase.MatchString(s.lower) && hasCallWord(s.toks) {
			m.Medium = summaries.Video
		}
		if m.Ordinal == 0 && hasCallWord(s.toks) {
			m.Ordinal = ordinal(s.text)
		}
		if hasCallWord(s.toks) && hasPhrase(s.toks, toneGate) {
			for _, t := range toneRE.FindAllString(s.lower, -1) {
				t = strings.ToLower(t)
				if m.Tone == "" {
					m.Tone = t
				} else if !strings.Contains(m.Tone, t) && strings.Count(m.Tone, ",") < 2 {
					m.Tone += ", " + t
				}
			}
		}
		for _, r := range readouts(s) {
			who := strings.TrimSpace(r[1] + r[2])
			if !slices.Contains(m.ReadoutBy, who) && len(m.ReadoutBy) < 6 {
				m.ReadoutBy = append(m.ReadoutBy, who)
			}
		}
		if s.para >= 0 && hasPhrase(s.toks, agreeWords) && len(m.Agreements) < 6 {
			m.Agreements = append(m.Agreements, summaries.Evidence{Text: s.text, Sentence: s.text})
		}
		if s.para >= 0 {
			m.Quotes = append(m.Quotes, x.quotes(s)...)
		}
	}
	if m.Medium == "" {
		m.Medium = summaries.Phone
	}
	for _, f := range figs {
		if m.Duration == nil || f.rank > m.DurationRank {
			m.DurationMinutes, m.DurationRank = f.minutes, f.rank
			m.Duration = &summaries.Evidence{Text: minutesText(f.minutes), Sentence: f.sentence}
		}
	}
}

// topics are the topics of the taxonomy the article's own sentences raise.
func topics(sents []*sentence) []string {
	var out []string
	for _, t := range summaries.Topics {
		for _, s := range sents {
			if s.own && s.para >= 0 && hasPhrase(s.toks, topicWords[t]) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

var videoPhrase = words.Regexp(`(?i)\b(video (call|conference|link|meeting|summit)|videoconference|virtual (meeting|summit|call)|by video)\b`)

func (x *Extractor) quotes(s *sentence) []summaries.Quote {
	var out []summaries.Quote
	if !strings.ContainsAny(s.text, "\"“") || !speechRE.MatchString(s.lower) {
		return nil
	}
	for _, q := range quoteRE.FindAllStringSubmatchIndex(s.text, -1) {
		speaker := ""
		bestGap := 1 << 30
		for _, m := range s.ms {
			if m.Leader == "" {
				continue
			}
			gap := q[0] - m.End
			if m.Start > q[1] {
				gap = m.Start - q[1]
			}
			if gap >= 0 && gap < bestGap {
				speaker, bestGap = m.Leader, gap
			}
		}
		if speaker == "" {
			continue
		}
		out = append(out, summaries.Quote{Speaker: speaker, Text: s.text[q[2]:q[3]]})
	}
	return out
}

// points weighs an article's sentences about its call as candidate key
// points: early and listed sentences carry an article's main facts.
func candidates(sents []*sentence, people []string, countryOf func([]string, string) bool) []summaries.Candidate {
	var out []summaries.Candidate
	for _, s := range sents {
		if !s.own || s.para < 0 {
			continue
		}
		n := len(s.text)
		if n < 40 || strings.HasSuffix(s.text, "?") {
			continue
		}
		w := 1.0
		switch {
		case s.para == 0:
			w += 1.0
		case s.para == 1:
			w += 0.6
		case s.para == 2:
			w += 0.4
		case s.para <= 5:
			w += 0.2
		}
		if s.bullet {
			w += 0.8
		}
		if hasCallWord(s.toks) {
			w += 0.5
		}
		named, others := 0, 0
		for _, m := range s.ms {
			switch {
			case m.Kind == leaders.KindName && !slices.Contains(people, m.Leader):
				others++
			case slices.Contains(people, m.Leader) || (m.Leader == "" && m.Country != "" && countryOf(people, m.Country)):
				named++ // its people, or their countries ("Kyiv said")
			}
		}
		if named > 0 {
			w += 0.5
		}
		// A point must be about the call: its people, the call itself, a
		// topic of the taxonomy. Page asides ("The Chiefs beat the 49ers")
		// are not.
		if named == 0 && (others > 0 || (!hasCallWord(s.toks) && !anyTopic(s.toks))) {
			continue
		}
		// A sentence that brings in another leader is often about him.
		if others > 0 {
			w *= 0.6
		}
		// "Later, at a briefing, ..." tells of another moment.
		if laterRE.MatchString(s.lower) && !hasCallWord(s.toks) {
			continue
		}
		if hasPhrase(s.toks, agreeWords) {
			w += 0.3
		}
		if hasPrefix(s.toks, outcomePrefixes) || strings.Contains(s.lower, " called for") || strings.Contains(s.lower, " asked for") {
			w += 0.4
		}
		if n > 350 {
			w -= 0.5
		}
		out = append(out, summaries.Candidate{Text: s.text, Weight: w})
	}
	return out
}

func minutesText(m int) string {
	h, mm := m/60, m%60
	switch {
	case h == 0:
		return itoa(mm) + " min"
	case mm == 0:
		return itoa(h) + " h"
	default:
		return itoa(h) + " h " + itoa(mm) + " min"
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// laterRE opens a sentence about another moment than the call.
var laterRE = words.Regexp(`^(later|separately|meanwhile|elsewhere|in other news|earlier)\b`)

func anyTopic(toks []leaders.Token) bool {
	for _, t := range summaries.Topics {
		if hasPhrase(toks, topicWords[t]) {
			return true
		}
	}
	return false
}

// inCountry reports whether one of people led the country.
func (x *Extractor) inCountry(people []string, country string) bool {
	for _, p := range people {
		for _, c := range x.g.Countries(p) {
			if c == country {
				return true
			}
		}
	}
	return false
}
