// Package extract is the path from an article to the call mentions it
// holds, one file a stage: cleanup (page furniture out, paragraphs),
// sentences, leaders (who is named, and who the article is about), events
// (which clauses tell of a call, and whether it happened), dates, facts
// (duration, initiator, medium, tone, readouts, agreements, quotes,
// topics) and candidates (the sentences that may become key points).
// extract.go runs the stages and decides which call an article reports.
package extract

import (
	"context"
	"fmt"
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"slices"
	"sort"
	"strings"
	"time"
)

// Extractor finds the leader calls in articles.
type Extractor struct {
	g *leaders.Gazetteer
	// familyNames are the leaders' surnames (see familyName) by ID, read
	// once: every article asks for those of the leaders it names.
	familyNames map[string]string
}

// NewExtractor returns an extractor over a gazetteer.
func NewExtractor(g *leaders.Gazetteer) *Extractor {
	x := &Extractor{g: g, familyNames: map[string]string{}}
	for _, l := range g.Leaders() {
		if n := familyName(l); n != "" {
			x.familyNames[l.ID] = n
		}
	}
	return x
}

// Gazetteer returns the extractor's gazetteer.
func (x *Extractor) Gazetteer() *leaders.Gazetteer { return x.g }

// sentence is a sentence of an article with what was found in it.
type sentence struct {
	para   int // paragraph index; -1 for the headline
	text   string
	lower  string // text with A–Z lowered, offsets unchanged
	toks   []leaders.Token
	ms     []leaders.Match
	dates  []DateRef
	bullet bool
	// takeaway: an item of the article's own list of takeaways.
	takeaway bool
	// usDesk: the article is datelined in the United States, where a
	// night is already the next day in UTC.
	usDesk bool
	// desk is the zone of the city the article is datelined in, if known.
	desk *zone
	// head is the title-case headline the sentence stands under on a page
	// of several stories, if any.
	head   *heading
	events []event
	// own says the sentence is about the article's primary call; other
	// says it is about another call or event.
	own, other bool
	// elsewhere: every leader the sentence names is outside the call
	// (markOwn); it gives no length or caller of it.
	elsewhere bool
	// offStory: the sentence stands under a headline of another story on
	// the same page; it may give a fact of the call but is no key point.
	offStory bool
	// next is the text of the sentence after it; figs, once figsRead,
	// the call lengths it gives (facts and key points both ask).
	next     string
	figs     []figure
	figsRead bool
	// cls, once clsRead, are the word classes of toks, one a token (before,
	// the place analyse gives them, if any);
	// clsAll all of them together; call says the sentence holds a call
	// word (hasCallWord), which most stages ask.
	cls     []uint32
	clsAll  uint32
	call    bool
	clsRead bool
	// recall, once recallRead, says the sentence looks back at an earlier
	// call (recalls).
	recall, recallRead bool
}

// recalls reports recallPhrase in the sentence, read once: markOwn asks
// it of every sentence, and a clause can hold it only where its sentence
// does.
func (s *sentence) recalls() bool {
	if !s.recallRead {
		s.recall, s.recallRead = s.has(classRecall) && recallPhrase.MatchString(s.lower), true
	}
	return s.recall
}

// figures are the call lengths the sentence gives, read with the sentence
// after it (which may say the call was still going on), once.
func (s *sentence) figures() []figure {
	if !s.figsRead {
		s.figs, s.figsRead = durationsIn(s.text, s.lower, s.next), true
	}
	return s.figs
}

// heading is a headline inside an article's text: the leaders it names
// and whether it speaks of a call.
type heading struct {
	people []string
	call   bool
}

// about reports whether a story under the heading can be about a call
// between people: the heading names one of them or a call.
func (h *heading) about(people []string) bool {
	if h == nil || h.call {
		return true
	}
	for _, p := range h.people {
		if slices.Contains(people, p) {
			return true
		}
	}
	return false
}

// dateline strips "WASHINGTON/MOSCOW, May 19 (Wire) - " from a lead sentence.
var dateline = words.Compile(`^[A-Z][A-Z'./]+(?:[ /-][A-Z][A-Za-z'./]*)*(?:, [A-Z][a-z.]+(?:/[A-Z][A-Z ]+)?)*(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([^)]{2,40}\))?\s+(?:--|[-–—])\s+`)

func (x *Extractor) analyse(ctx context.Context, a summaries.Article) ([]*sentence, error) {
	pub := a.Published
	titles := Sentences(strings.TrimSpace(a.Title))
	paras := Paragraphs(a.Text)
	n := len(titles)
	for _, p := range paras {
		n += len(p.Sentences)
	}
	// An article's sentences are one allocation, as are their tokens.
	out := make([]*sentence, 0, n)
	block := make([]sentence, 0, n)
	var tz leaders.Tokenizer
	tz.Reserve(a.Text)
	add := func(para int, text, lower string, bullet, takeaway bool) {
		// Reading a sentence is the costly part: a deadline or a stop
		// ends the reading of a huge item between sentences.
		if len(out)%64 == 63 && ctx.Err() != nil {
			return
		}
		toks := tz.Tokenize(text)
		block = append(block, sentence{para: para, text: text, lower: lower, toks: toks, bullet: bullet, takeaway: takeaway})
		s := &block[len(block)-1]
		s.ms = x.g.FindTokens(text, toks, summaries.Day(pub), leaders.Prose)
		for i, m := range s.ms {
			// A former leader ("former President Donald Trump" in 2024)
			// takes part in no leaders' call.
			if m.Leader != "" && x.g.Former(m.Leader, summaries.Day(pub)) {
				s.ms[i].Leader = ""
			}
		}
		s.dates = findDates(text, s.lower, pub)
		out = append(out, s)
	}
	for _, t := range titles {
		add(-1, t, words.Lower(t), false, false)
	}
	usDesk := false
	var desk *zone
	heads := map[string]*heading{}
	for _, p := range paras {
		if p.Heading != "" && heads[p.Heading] == nil {
			h := &heading{call: hasCallWord(leaders.Tokenize(p.Heading))}
			for _, m := range x.g.Find(p.Heading, summaries.Day(pub), leaders.Prose) {
				if m.Leader != "" && (m.Kind == leaders.KindName || m.Kind == leaders.KindTitle) {
					h.people = append(h.people, m.Leader)
				}
			}
			heads[p.Heading] = h
		}
		first := len(out)
		for i, t := range p.Sentences {
			lower := p.lower[i]
			if p.Index < 3 && i == 0 {
				if d := dateline.FindString(t); d != "" {
					usDesk = usDesk || usDateline.MatchString(d)
					if desk == nil {
						desk = deskZone(d)
					}
					t, lower = t[len(d):], lower[len(d):]
				}
			}
			add(p.Index, t, lower, p.Bullet, p.Takeaway)
		}
		for _, s := range out[first:] {
			s.head = heads[p.Heading]
		}
	}
	toks := 0
	for _, s := range out {
		toks += len(s.toks)
	}
	cls := make([]uint32, toks) // the word classes of all the sentences (classes)
	for i, s := range out {
		s.usDesk, s.desk = usDesk, desk
		if i+1 < len(out) {
			s.next = out[i+1].text
		}
		s.cls, cls = cls[:len(s.toks):len(s.toks)], cls[len(s.toks):]
	}
	x.republic(a, out)
	x.surnames(out)
	pair := topicPair(out)
	last := "" // the leader the last sentence opened on: who "he" is next
	for i, s := range out {
		if i%64 == 63 && ctx.Err() != nil {
			break
		}
		s.events = x.events(s, pub, pair, last)
		if lead := leadLeader(s); lead != "" && s.para >= 0 {
			last = lead
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// freshDays is how far before publication a call may be and still be the
// article's news; an older call is being recalled, unless the article opens
// with it within lateDays ("In a call on July 3, ..." four days later).
const (
	freshDays = 3
	lateDays  = 10
)

// Extract returns the calls an article reports (the call the article is
// about, and the others its leader held in turn: "Xi spoke with Lula and
// then with Sheinbaum") and the earlier calls it recalls in passing.
func (x *Extractor) Extract(a summaries.Article) []summaries.Mention {
	ms, _ := x.ExtractContext(context.Background(), a)
	return ms
}

// ExtractContext is Extract under a deadline: it stops reading when ctx is
// done and returns ctx's error, so that a poll's timeout, an add's timeout
// and a shutdown reach extraction too.
func (x *Extractor) ExtractContext(ctx context.Context, a summaries.Article) ([]summaries.Mention, error) {
	a = clipItem(a) // see MaxItemBytes; callers tell of the cut (Oversized)
	a.Published = a.Published.UTC()
	if chromeTitle(a.Title) {
		a.Title = ""
	}
	sents, err := x.analyse(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", a.URL, err)
	}
	pubDay := summaries.Day(a.Published)

	t := tallyEvents(sents, pubDay)
	var out []summaries.Mention
	if best, key := t.reported(); best != nil {
		keys := append([]string{key}, t.turnsBeside(key)...)
		for _, k := range keys {
			c := t.calls[k]
			people := c.people
			if c.group {
				people = x.groupPeople(sents, c.first)
			}
			var rivals []string
			for _, o := range keys {
				for _, p := range t.calls[o].people {
					if o != k && !slices.Contains(people, p) {
						rivals = append(rivals, p)
					}
				}
			}
			if len(people) < 2 {
				continue
			}
			m := x.primary(a, sents, k, people, rivals)
			// ", after which he called Zelensky": a call that follows the
			// reported one, on its day unless it has its own.
			if c.sequel && len(out) > 0 && m.DateBasis == summaries.DateInferred {
				m.Date, m.DateBasis = out[0].Date, out[0].DateBasis
			}
			out = append(out, m)
		}
	}
	// Calls recalled in passing, and calls the article reports besides its
	// own, corroborate other records.
	reported := map[string]time.Time{}
	for _, m := range out {
		reported[strings.Join(m.Participants, "+")] = m.Date
	}
	background := append(t.background, otherCalls(sents, pubDay, reported)...)
	return append(out, backgroundMentions(sents, background, reported)...), nil
}

// chromeTitle is a headline that is page furniture a scraper took for one
// ("Press "Enter" to skip to content"): no title at all is better.
func chromeTitle(title string) bool {
	t := strings.TrimSpace(title)
	return t != "" && isNoise(t, words.Lower(t))
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
	turn   bool // one is a call its leader held in turn with another's
	sequel bool // one follows another call of its leader: ", after which he called"
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
			c.turn = c.turn || e.turn
			c.sequel = c.sequel || e.sequel
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
		// Calls split from one clause tie on everything but their key.
		if best == nil || c.score > best.score || (c.score == best.score && (c.first < best.first || (c.first == best.first && k < bestKey))) {
			best, bestKey = c, k
		}
	}
	if best == nil || best.score < 1.5 {
		return nil, ""
	}
	return best, bestKey
}

// newsworthy says whether the article reports a call: in its headline or
// first paragraphs, named at least once, spoken of more than once unless
// its opening dates it.
func (c *callTally) newsworthy() bool {
	return c.body && (c.sents >= 2 || c.lead) && c.named && c.early && c.score >= 1.5
}

// turnsBeside returns the other calls the leader of the reported call held
// in turn (split from one clause), each reported as firmly as the first.
func (t tally) turnsBeside(key string) []string {
	best := t.calls[key]
	var out []string
	for k, c := range t.calls {
		if k == key || c.group || t.stale[k] {
			continue
		}
		// A sequel is told once, in passing, after the call it follows.
		turn := best.turn && c.turn && c.newsworthy()
		sequel := c.sequel && !c.turn && c.body && c.named && c.early
		if !turn && !sequel {
			continue
		}
		shared := false
		for _, p := range c.people {
			shared = shared || slices.Contains(best.people, p)
		}
		if shared {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// otherCalls are the fresh, dated calls between two named leaders that an
// article reports besides the ones it is about.
func otherCalls(sents []*sentence, pubDay time.Time, reported map[string]time.Time) []event {
	var out []event
	for _, s := range sents {
		for _, e := range s.events {
			if e.status != happened || len(e.people) < 2 || !e.hasDate || e.recall || e.inferred {
				continue
			}
			if _, ok := reported[e.key()]; ok || e.date.Before(pubDay.AddDate(0, 0, -freshDays)) {
				continue
			}
			out = append(out, e)
		}
	}
	return out
}

// backgroundMentions makes one background mention of each call in
// background (but those reported), with what the article says of it.
func backgroundMentions(sents []*sentence, background []event, reported map[string]time.Time) []summaries.Mention {
	var out []summaries.Mention
	seen := map[string]bool{}
	for _, e := range background {
		id := e.key() + e.date.Format(time.DateOnly)
		if day, ok := reported[e.key()]; seen[id] || (ok && e.date.Equal(day)) {
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
	if f, ok := bestFigure(durations(s.text, "")); ok && (m.Duration == nil || (m.DurationAtLeast && !f.atLeast) || (m.DurationAtLeast == f.atLeast && f.rank-1 > m.DurationRank)) {
		m.DurationMinutes, m.DurationRank, m.DurationAtLeast = f.minutes, f.rank-1, f.atLeast
		m.Duration = &summaries.Evidence{Text: minutesText(f.minutes), Sentence: s.text}
	}
	if e.video {
		m.Medium = summaries.Video
	}
}

// primary builds the mention of a call the article reports; rivals are the
// partners of the other calls it reports.
func (x *Extractor) primary(a summaries.Article, sents []*sentence, key string, people, rivals []string) summaries.Mention {
	pubDay := summaries.Day(a.Published)
	m := summaries.Mention{Role: summaries.Reported, Participants: people}
	m.Date, m.DateBasis, m.Sentence = callDate(sents, key, a.Published)
	if m.Date.IsZero() {
		m.MonthDay = monthDay(sents, key)
	}
	markOwn(sents, key, people, rivals, m.Date, pubDay)
	x.facts(&m, sents, key, people, a.URL)
	m.Topics = topics(sents)
	year := 0
	if !m.Date.IsZero() {
		year = m.Date.Year()
	}
	m.Candidates = candidates(sents, people, year, x.inCountry)
	return m
}

// earlyHours: an article that does not say when its call took place and
// was published this soon after midnight UTC reports the day before's.
// Coverage of a call comes hours after it, later still when the article
// leaves out the day: a blog post at 08:00 UTC on the 13th about "the
// call" is about the 12th's.
const earlyHours = 9 * time.Hour

// callDate is the day the reported call took place, by the votes of the
// sentences that date it (publication day, or the day before for an
// article published early in the UTC day, when none does), with the first
// sentence that dates it.
func callDate(sents []*sentence, key string, pub time.Time) (time.Time, summaries.DateBasis, string) {
	pubDay := summaries.Day(pub)
	date, basis, sentence := pubDay, summaries.DateInferred, ""
	if !pub.IsZero() && pub.Sub(pubDay) < earlyHours {
		date = pubDay.AddDate(0, 0, -1)
	}
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
	// its local date to the UTC date; so does a night in Washington.
	if basis != summaries.DateInferred {
		shifted := false
		for _, s := range sents {
			mine := false
			for _, e := range s.events {
				mine = mine || (e.key() == key && e.status == happened && !e.recall && (!e.hasDate || e.date.Equal(date)))
			}
			if !mine {
				continue
			}
			if shift, ok := utcShift(s.lower, date); ok {
				date, shifted = date.AddDate(0, 0, shift), true
				break
			}
			if shift, ok := deskShift(s.text, date, s.desk); ok {
				date, shifted = date.AddDate(0, 0, shift), true
				break
			}
		}
		if !shifted && date.Before(pubDay) && usNight(sents, key, date) {
			date = date.AddDate(0, 0, 1)
		}
	}
	return date, basis, sentence
}

// usDateline names a place in the United States: "WASHINGTON", "PALM BEACH, Fla.".
var usDateline = words.Compile(`^(WASHINGTON|NEW YORK|(WEST )?PALM BEACH|CAMP DAVID|BEDMINSTER|CHICAGO|LOS ANGELES|SAN FRANCISCO|MIAMI|BOSTON|ATLANTA|HOUSTON|DALLAS)\b`)

// nightRE is a night or evening named by its day: "on Monday night",
// "Monday evening", "late on Monday", "last night". In Washington that is
// after midnight UTC (an evening from 7 p.m. in winter, 8 p.m. in summer).
var nightRE = words.Regexp(`(?i)\b((monday|tuesday|wednesday|thursday|friday|saturday|sunday) (night|evening)|late (on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|last night)\b`)

// usNight reports a call that an article datelined in the United States
// (or speaking of Washington time) dates to a night: the next UTC day.
func usNight(sents []*sentence, key string, date time.Time) bool {
	for _, s := range sents {
		if !words.Contains(s.lower, "night") && !words.Contains(s.lower, "evening") && !words.Contains(s.lower, "late") || !nightRE.MatchString(s.lower) {
			continue
		}
		if !s.usDesk && !words.Contains(s.lower, "washington time") && !words.Contains(s.lower, "eastern time") {
			continue
		}
		for _, e := range s.events {
			if e.key() == key && e.status == happened && !e.recall && e.hasDate && e.date.Equal(date) {
				return true
			}
		}
	}
	return false
}

// announcement returns the paragraphs, before the first that reports the
// call as held, that speak of it as planned or limited: an article written
// as the call was announced and updated after.
func announcement(sents []*sentence, key string) map[int]bool {
	held := -1
	for _, s := range sents {
		for _, e := range s.events {
			if s.para >= 0 && e.key() == key && e.status == happened && !e.recall && !e.inferred && (held < 0 || s.para < held) {
				held = s.para
			}
		}
	}
	out := map[int]bool{}
	for _, s := range sents {
		if s.para < 0 || s.para >= held {
			continue
		}
		for _, e := range s.events {
			if e.key() == key && e.status != happened {
				out[s.para] = true
			}
		}
	}
	// The announcement runs on to the report: "Peskov said they have many
	// topics to discuss" stands between "will hold a call today" and it.
	if len(out) > 0 {
		for p := 0; p < held; p++ {
			out[p] = true
		}
	}
	return out
}

// markOwn marks which sentences are about the reported call: not about
// another call, another date or an earlier conversation, nor about a
// rival (the partner in another call the article reports).
func markOwn(sents []*sentence, key string, people, rivals []string, date, pubDay time.Time) {
	// A page of several stories has several headlines, one of them this
	// call's; one of announcements has updates about the call before it.
	heads := map[*heading]bool{}
	multiStory := false
	for _, s := range sents {
		if s.head != nil {
			heads[s.head] = true
			multiStory = multiStory || s.head.about(people)
		}
	}
	multiStory = multiStory && len(heads) >= 2
	announced := announcement(sents, key)
	for _, s := range sents {
		other := s.recalls()
		for _, m := range s.ms {
			other = other || (m.Leader != "" && slices.Contains(rivals, m.Leader))
		}
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
		// "Trump and Putin talked for nearly three hours in Anchorage", in
		// an article on the Europeans' call: a sentence whose leaders all
		// stand outside the call gives no fact of it (its words may still
		// be a point of context).
		outside, inside := false, false
		for _, m := range s.ms {
			if m.Leader == "" || m.Kind == leaders.KindSeat {
				continue
			}
			if slices.Contains(people, m.Leader) {
				inside = true
			} else {
				outside = true
			}
		}
		s.elsewhere = outside && !inside
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
		// Paragraphs that announced the call before it took place ("will
		// speak today", "no time limit is set for their conversation")
		// are not about what was said in it.
		if announced[s.para] && !mine {
			other = true
		}
		s.other, s.own = other, !other
		// On a page of several stories, a story under a headline that
		// names neither a call nor its people is another story.
		s.offStory = multiStory && !s.head.about(people)
	}
}
