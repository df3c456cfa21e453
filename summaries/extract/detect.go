package extract

import (
	"maps"
	"regexp"
	"sort"
	"strings"
	"time"

	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
)

// Extractor finds the leader calls in articles.
type Extractor struct {
	g *leaders.Gazetteer
}

// NewExtractor returns an extractor over a gazetteer.
func NewExtractor(g *leaders.Gazetteer) *Extractor { return &Extractor{g: g} }

// Gazetteer returns the extractor's gazetteer.
func (x *Extractor) Gazetteer() *leaders.Gazetteer { return x.g }

type status int

const (
	happened status = iota
	planned
	denied
)

// sentence is a sentence of an article with what was found in it.
type sentence struct {
	para   int // paragraph index; -1 for the headline
	text   string
	lower  string // text with A–Z lowered, offsets unchanged
	toks   []leaders.Token
	ms     []leaders.Match
	dates  []DateRef
	bullet bool
	events []event
	// own says the sentence is about the article's primary call; other
	// says it is about another call or event.
	own, other bool
}

// event is a call found in one clause of a sentence.
type event struct {
	people     []string
	status     status
	date       time.Time
	basis      summaries.DateBasis
	hasDate    bool
	recall     bool
	video      bool
	phone      bool
	group      bool
	aside      bool
	inferred   bool // the people are the article's pair, not named in the clause
	start, end int  // the clause, as byte offsets in the sentence
}

func (e event) key() string { return strings.Join(e.people, "+") }

// clauseBreak separates clauses that usually describe different events:
// "..., a day after Trump's conversation with Putin".
var clauseBreak = words.Regexp(`(?i)(;\s|\s[—–]\s|\s--\s|\s-\s|,?\s(?:(?:a|one|two|three|a few|several) (?:day|days|hours?|weeks?) |hours |days |shortly |just |minutes |soon |only |the day )?(?:after|before|following|ahead of|while|whereas)\s)`)

// dateline strips "WASHINGTON/MOSCOW, May 19 (Wire) - " from a lead sentence.
var dateline = regexp.MustCompile(`^[A-Z][A-Z'./]+(?:[ /-][A-Z][A-Za-z'./]*)*(?:, [A-Z][a-z.]+(?:/[A-Z][A-Z ]+)?)*(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([^)]{2,40}\))?\s+[-–—]\s+`)

// recallPhrase marks a clause that looks back at an earlier call.
var recallPhrase = words.Regexp(`(?i)\b(last (spoke|talked|spoken|call|conversation|time)|last (week|month|year)'s (\w+ )?(call|conversation|phone call|talks)|previous|previously|earlier (call|conversation)|prior (call|conversation)|(have|has|had) (spoken|talked) (twice|\w+ times|several times|regularly|often|before|since)|spoken (twice|\w+ times)|in their last|follow-up (\w+ )?to|followed up on|since (his|their|the) (first|last)|were last|the last time|earlier this (week|month|year))\b`)

func (x *Extractor) analyse(a summaries.Article) []*sentence {
	pub := a.Published
	var out []*sentence
	add := func(para int, text string, bullet bool) {
		toks := leaders.Tokenize(text)
		s := &sentence{para: para, text: text, lower: words.Lower(text), toks: toks, bullet: bullet}
		s.ms = x.g.FindTokens(text, toks, summaries.Day(pub), leaders.Prose)
		for i, m := range s.ms {
			// A former leader ("former President Donald Trump" in 2024)
			// takes part in no leaders' call.
			if m.Leader != "" && x.g.Former(m.Leader, summaries.Day(pub)) {
				s.ms[i].Leader = ""
			}
		}
		s.dates = FindDates(text, pub)
		out = append(out, s)
	}
	title := strings.TrimSpace(a.Title)
	for _, t := range Sentences(title) {
		add(-1, t, false)
	}
	for _, p := range Paragraphs(a.Text) {
		for i, t := range p.Sentences {
			if p.Index < 3 && i == 0 {
				t = dateline.ReplaceAllString(t, "")
			}
			add(p.Index, t, p.Bullet)
		}
	}
	x.republic(a, out)
	pair := topicPair(out)
	for _, s := range out {
		s.events = x.events(s, pub, pair)
	}
	return out
}

// topicPair returns the two leaders an article is most about, when two
// stand out: "the call", "the two leaders" and "their conversation" refer
// to them.
func topicPair(sents []*sentence) []string {
	count := map[string]float64{}
	for _, s := range sents {
		w := 1.0
		if s.para < 0 {
			w = 2
		}
		for _, m := range s.ms {
			if m.Leader != "" && m.Kind != leaders.KindSeat && !ownerOnly(s.toks, m) && !attributive(s.toks, m) {
				count[m.Leader] += w
			}
		}
	}
	var ids []string
	for id, n := range count {
		if n >= 2 {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if count[ids[i]] != count[ids[j]] {
			return count[ids[i]] > count[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) < 2 || (len(ids) > 2 && count[ids[2]] == count[ids[1]]) {
		return nil // no clear pair
	}
	pair := []string{ids[0], ids[1]}
	sort.Strings(pair)
	return pair
}

// events finds the calls a sentence speaks of, clause by clause.
func (x *Extractor) events(s *sentence, pub time.Time, pair []string) []event {
	if !hasCallWord(s.toks) && !(hasPhrase(s.toks, videoGate) && videoPhrase.MatchString(s.lower)) {
		return nil
	}
	bounds := []int{0}
	for _, m := range clauseBreak.FindAllStringIndex(s.lower, -1) {
		bounds = append(bounds, m[0])
	}
	bounds = append(bounds, len(s.text))
	subject := ""
	for _, m := range s.ms {
		if m.Leader != "" && m.Kind != leaders.KindSeat {
			subject = m.Leader
			break
		}
	}
	var out []event
	for c := 0; c+1 < len(bounds); c++ {
		a, b := bounds[c], bounds[c+1]
		if e, ok := x.clauseEvent(s, a, b, subject, pub, pair); ok {
			out = append(out, e)
		}
	}
	return out
}

func hasCallWord(toks []leaders.Token) bool {
	for i, t := range toks {
		if (callWords[t.Norm] && !notCall(toks, i)) || talkWords[t.Norm] || t.Norm == "called" {
			return true
		}
	}
	return false
}

func (x *Extractor) clauseEvent(s *sentence, a, b int, subject string, pub time.Time, pair []string) (event, bool) {
	var toks []leaders.Token
	for _, t := range s.toks {
		if t.Start >= a && t.End <= b {
			toks = append(toks, t)
		}
	}
	if len(toks) == 0 {
		return event{}, false
	}
	e := event{start: a, end: b}
	cue, talk, meets := e.cues(s, toks)
	people := clausePeople(s, a, b)
	// "The two leaders also discussed climate", "the fifth conversation
	// between the two": the article's pair, named as a pair.
	if len(people) == 0 && len(pair) == 2 && twoRE.MatchString(s.lower[a:b]) {
		people[pair[0]], people[pair[1]] = true, true
	}
	cue, ok := confirmCue(s, toks, cue, talk, meets, people, e)
	if !ok {
		return event{}, false
	}
	fillPeople(people, s, toks, a, cue, talk, subject, pair, &e)
	if len(people) < 2 && !(e.group && e.video) {
		return event{}, false
	}
	for p := range people {
		e.people = append(e.people, p)
	}
	sort.Strings(e.people)
	e.status = callStatus(s.text, toks, cue)
	for i := cue - 1; i >= 0 && i >= cue-3; i-- {
		if toks[i].Norm == "also" {
			e.aside = true // "Trump also spoke with Zelensky": a second call, not the story
		}
	}
	e.recall = hasPhrase(toks, recallGate) && recallPhrase.MatchString(s.lower[a:b])
	e.date, e.basis, e.hasDate = clauseDate(s, toks, cue, a, b, pub, &e.recall)
	if e.hasDate && e.date.After(summaries.Day(pub).AddDate(0, 0, 1)) {
		e.status = planned
	}
	return e, true
}

// cues finds the clause's call word (cue) and talk verb (talk), or -1, and
// its meeting words; it notes on e whether the clause speaks of video, a
// phone or a group.
func (e *event) cues(s *sentence, toks []leaders.Token) (cue, talk int, meets []int) {
	cue, talk = -1, -1
	for i, t := range toks {
		w := t.Norm
		switch {
		case callWords[w] && !notCall(toks, i):
			if cue < 0 {
				cue = i
			}
		case talkWords[w]:
			if talk < 0 {
				talk = i
			}
		case w == "called" && leaderNext(s, toks, i):
			// "Trump said he had called the Russian president": a call,
			// unless what follows names him something ("called Putin a
			// killer"), which leaderNext rules out.
			if cue < 0 {
				cue = i
			}
		}
		if videoWords[w] && i+1 < len(toks) && (callWords[toks[i+1].Norm] || toks[i+1].Norm == "conference" || toks[i+1].Norm == "link" || toks[i+1].Norm == "meeting" || toks[i+1].Norm == "summit") {
			e.video = true
		}
		if w == "video" && i > 0 && toks[i-1].Norm == "by" {
			e.video = true
		}
		if w == "videoconference" || w == "videocall" {
			e.video = true
		}
		if phoneWords[w] {
			e.phone = true
		}
		if meetWords[w] {
			meets = append(meets, i)
		}
	}
	// A group may be named anywhere in the sentence: "Leaders of the G7
	// pledged ..., after holding a video conference".
	for _, t := range s.toks {
		if groupWords[t.Norm] {
			e.group = true
		}
	}
	// "the leaders met by video conference" is a call; "met" alone is not.
	if e.video {
		cue = max(cue, 0)
	}
	return cue, talk, meets
}

// clausePeople are the leaders named in the clause [a, b), minus those only
// named as owners of something else ("Trump's inauguration") and seats,
// which speak for a call but do not take part in one.
func clausePeople(s *sentence, a, b int) map[string]bool {
	people := map[string]bool{}
	for _, m := range s.ms {
		if m.Start < a || m.End > b || m.Leader == "" || m.Kind == leaders.KindSeat {
			continue
		}
		if ownerOnly(s.toks, m) || attributive(s.toks, m) {
			continue
		}
		people[m.Leader] = true
	}
	return people
}

// confirmCue checks that the clause tells of a call, not of talks or a
// meeting, and returns the word that does.
func confirmCue(s *sentence, toks []leaders.Token, cue, talk int, meets []int, people map[string]bool, e event) (int, bool) {
	// A meeting word near the call word makes it a meeting ("met for talks",
	// "spoke on the sidelines"); one further off is about something else
	// ("... that the two would meet in Budapest").
	nearMeet := func(at int) bool {
		for _, i := range meets {
			if i >= at-6 && i <= at+6 {
				return true
			}
		}
		return false
	}
	if cue < 0 {
		// Talk verbs need two leaders ("Trump and Xi talk") or a partner
		// ("spoke with Putin").
		if talk < 0 || (len(people) < 2 && !partnerAfter(toks, talk, s.ms)) {
			return 0, false
		}
		// "held talks" are negotiations, and "spoke in Paris" a meeting,
		// unless a phone or a screen is in the clause.
		if toks[talk].Norm == "talks" && !e.phone && !e.video {
			return 0, false
		}
		cue = talk
		if nearMeet(talk) || placeAfter(toks, talk) {
			return 0, false
		}
	} else if nearMeet(cue) && !e.video && !e.phone && !strongCall(toks, cue) {
		return 0, false
	}
	return cue, true
}

// fillPeople completes the clause's people from the sentence and the
// article when the clause names fewer than two.
func fillPeople(people map[string]bool, s *sentence, toks []leaders.Token, a, cue, talk int, subject string, pair []string, e *event) {
	if len(people) == 1 && subject != "" && !people[subject] && partnerAfter(toks, cue, s.ms) {
		people[subject] = true
	}
	// "Trump said he was disappointed with Putin following a phone call on
	// July 3": a call clause that names nobody belongs to the leaders of
	// the sentence.
	if len(people) == 0 && a > 0 {
		for _, m := range s.ms {
			if m.Leader != "" && m.Kind != leaders.KindSeat && m.End <= a && !ownerOnly(s.toks, m) && !attributive(s.toks, m) {
				people[m.Leader] = true
			}
		}
		if len(people) < 2 {
			clear(people)
		}
	}
	// "Trump exempts Mexican goods after Sheinbaum call": the sentence's
	// subject is the other party.
	if len(people) == 1 && a > 0 && subject != "" && !people[subject] {
		people[subject] = true
	}
	// "It was a phone call of half an hour", "what the Indian prime
	// minister said on that call": a call whose people are the article's
	// pair, or some of them.
	if len(people) < 2 && len(pair) == 2 && !(e.group && e.video) && ((callWords[toks[cue].Norm] && definiteCall(toks, cue)) || (len(people) == 1 && (pronounBefore(toks, cue) || (talk >= 0 && pronounBefore(toks, talk))))) {
		inPair := true
		for p := range people {
			inPair = inPair && (p == pair[0] || p == pair[1])
		}
		if inPair {
			// A pronoun beside a named leader names the call well enough;
			// "the call" alone only points back at the pair.
			e.inferred = len(people) == 0 || !(pronounBefore(toks, cue) || (talk >= 0 && pronounBefore(toks, talk)))
			people[pair[0]], people[pair[1]] = true, true
		}
	}
	// "In a call on July 3 -- the eve of the holiday -- Putin told Trump
	// ...": the sentence's two leaders, when it names just two.
	if len(people) == 0 {
		named := map[string]bool{}
		for _, m := range s.ms {
			if m.Leader != "" && m.Kind != leaders.KindSeat && !ownerOnly(s.toks, m) && !attributive(s.toks, m) {
				named[m.Leader] = true
			}
		}
		if len(named) == 2 && (pair == nil || (named[pair[0]] && named[pair[1]])) {
			maps.Copy(people, named)
		}
	}
}

// clauseDate is the clause's own date, else the sentence's ("Trump said on
// Monday that ... after a call with Putin"); of several, the nearest to the
// call word ("in Tuesday's call ..., agreed at talks on March 11"). A month
// other than the article's marks the call recalled.
func clauseDate(s *sentence, toks []leaders.Token, cue, a, b int, pub time.Time, recall *bool) (date time.Time, basis summaries.DateBasis, has bool) {
	cuePos := toks[cue].Start
	bestGap := -1
	for _, pass := range []bool{true, false} {
		for _, d := range s.dates {
			if d.Anchor || (pass && (d.Start < a || d.End > b)) || quoted(s.text, d.Start) {
				continue
			}
			if d.Month {
				// "in a call in May 2022": too coarse to date a call, but a
				// month other than the article's marks an earlier one.
				if pass && !sameMonth(d.Day, pub) {
					*recall = true
				}
				continue
			}
			gap := d.Start - cuePos
			if gap < 0 {
				gap = cuePos - d.End
			}
			if bestGap < 0 || gap < bestGap {
				date, basis, has, bestGap = d.Day, d.Basis, true, gap
			}
		}
		if has {
			break
		}
	}
	return date, basis, has
}

// strongCall reports a call word that cannot be a meeting's: "phone call".
func strongCall(toks []leaders.Token, i int) bool {
	w := toks[i].Norm
	if phoneWords[w] || w == "videoconference" || w == "teleconference" {
		return true
	}
	if w == "call" || w == "calls" || w == "called" {
		return true
	}
	return false
}

// partnerAfter reports "with <leader>" or "to <leader>" after the cue.
func partnerAfter(toks []leaders.Token, cue int, ms []leaders.Match) bool {
	for i := cue + 1; i < len(toks) && i <= cue+4; i++ {
		w := toks[i].Norm
		if w != "with" && w != "to" && w != "between" {
			continue
		}
		for _, m := range ms {
			if m.Leader != "" && m.Start >= toks[i].End && m.Start-toks[i].End < 70 {
				return true
			}
		}
	}
	return false
}

// ownerOnly reports a possessive leader whose noun is not a call:
// "Trump's inauguration", "Zelensky's chief of staff".
func ownerOnly(toks []leaders.Token, m leaders.Match) bool {
	for i, t := range toks {
		if t.End != m.End || !t.Poss {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if callWords[toks[j].Norm] || talkWords[toks[j].Norm] {
				return false
			}
		}
		return true
	}
	return false
}

// callStatus reads the words just before and after a call word: "will
// speak", "no telephone conversation", "a call being prepared". It stops at
// punctuation, which ends the phrase.
func callStatus(text string, toks []leaders.Token, cue int) status {
	stop := func(i int) bool { return strings.ContainsAny(text[toks[i].End:toks[i+1].Start], ",;:.!?()") }
	for i := cue - 1; i >= 0 && i >= cue-6 && !stop(i); i-- {
		w := toks[i].Norm
		if negations[w] {
			return denied
		}
	}
	// "the call has been pushed back", "a call that slipped again".
	low := words.Lower(text)
	if postponedRE.MatchString(low) {
		return planned
	}
	// "the Kremlin denied a newspaper report that Trump had spoken to Putin"
	if deniedRE.MatchString(low) {
		return denied
	}
	definite := cue > 0 && (toks[cue-1].Norm == "the" || toks[cue-1].Norm == "that" || toks[cue-1].Norm == "this" || toks[cue-1].Poss)
	for i := cue - 1; i >= 0 && i >= cue-5 && !stop(i); i-- {
		w := toks[i].Norm
		if framing[w] {
			break // "invited Xi to visit next spring during a video call": the call frames a plan
		}
		if definite && requestWords[w] {
			continue // "the Americans asked for the conversation": who called, not a request
		}
		if plannedPrev[w] {
			// "agreed to speak again" is planned; "spoke to" is not.
			if w == "to" && i+1 < len(toks) && i+1 != cue && !isVerbAfterTo(toks[i+1].Norm) {
				continue
			}
			if w == "to" && i+1 == cue && !isVerbAfterTo(toks[cue].Norm) {
				continue
			}
			return planned
		}
	}
	for i := cue + 1; i < len(toks) && i <= cue+3 && !stop(i-1); i++ {
		if plannedNext[toks[i].Norm] {
			return planned
		}
	}
	return happened
}

func isVerbAfterTo(w string) bool {
	switch w {
	case "speak", "talk", "call", "phone", "hold", "have", "ring", "dial", "discuss":
		return true
	}
	return false
}

// quoted reports whether offset i of s is inside a quotation, where "this
// morning" is the speaker's morning, not the article's.
func quoted(s string, i int) bool {
	open := false
	for j, r := range s[:i] {
		_ = j
		switch r {
		case '“':
			open = true
		case '”':
			open = false
		case '"':
			open = !open
		}
	}
	return open
}

// attributiveNouns follow a leader's name used as a modifier: "Trump envoy
// Witkoff", "the Putin administration" name no call party.
var attributiveNouns = words.Set("envoy", "envoys", "aide", "aides", "adviser", "advisers", "advisor", "advisors", "spokesman",
	"spokeswoman", "spokesperson", "administration", "government", "officials", "official", "team", "camp", "allies",
	"ally", "negotiator", "negotiators", "delegation", "minister", "ministers", "cabinet", "policy", "doctrine", "tariffs",
	"era", "presidency", "loyalists", "supporters", "campaign", "regime", "plan")

func attributive(toks []leaders.Token, m leaders.Match) bool {
	for i, t := range toks {
		if t.End == m.End {
			return !t.Poss && i+1 < len(toks) && attributiveNouns[toks[i+1].Norm]
		}
	}
	return false
}

// placeAfter spots a talk verb followed by where it happened ("spoke in
// Paris", "talked at the Élysée"): people who talk in a place meet.
func placeAfter(toks []leaders.Token, cue int) bool {
	for i := cue + 1; i < len(toks)-1 && i <= cue+5; i++ {
		if (toks[i].Norm == "in" || toks[i].Norm == "at") && toks[i+1].Upper && !monthOrDay(toks[i+1].Norm) {
			return true
		}
	}
	return false
}

func monthOrDay(w string) bool {
	_, m := months[w]
	_, d := weekdays[w]
	return m || d
}

// deniedRE marks a sentence that denies a report of a call.
var deniedRE = words.Regexp(`(?i)\b(denied|denies|deny|dismissed|dismisses|rejected|refuted)\b[^;]{0,60}\b(reports?|claims?|suggestions?|rumou?rs?)\b|\b(pure fiction|never took place|did not take place|didn't take place|no such (call|conversation))\b`)

// postponedRE marks a call put off: still a plan, not a call.
var postponedRE = words.Regexp(`(?i)\b(postponed|rescheduled|delayed|cancell?ed|called off|pushed back|put off|slips|slipped|being (prepared|arranged|planned|organi[sz]ed)|to be held)\b`)

// framing words put a call around what precedes them.
var framing = words.Set("during", "in", "on", "after", "following", "via", "over", "at")

var requestWords = words.Set("asked", "request", "requested", "requesting", "sought", "seek", "seeking", "to")

// definiteCall reports a call spoken of as one already known: "the call",
// "that conversation", "Tuesday's call", "the phone call".
func definiteCall(toks []leaders.Token, cue int) bool {
	i := cue - 1
	for i >= 0 && (phoneWords[toks[i].Norm] || videoWords[toks[i].Norm]) {
		i--
	}
	if i < 0 {
		return false
	}
	w := toks[i].Norm
	return w == "the" || w == "that" || w == "this" || w == "their" || (toks[i].Poss && weekdays[w] != 0) || (toks[i].Poss && w == "sunday")
}

func sameMonth(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month()
}

// pronounBefore reports "he spoke with the Chinese leader": a pronoun
// subject just before the call word, standing for one of the article's pair.
func pronounBefore(toks []leaders.Token, cue int) bool {
	for i := cue - 1; i >= 0 && i >= cue-3; i-- {
		switch toks[i].Norm {
		case "he", "she":
			return true
		}
	}
	return false
}

// leaderNext reports a leader named right after toks[i] ("called Putin",
// "called the Russian president") and not followed by what he was called.
func leaderNext(s *sentence, toks []leaders.Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	for _, m := range s.ms {
		// Titles may stand between: "called Japanese Prime Minister Sanae
		// Takaichi".
		if m.Leader == "" || m.Kind == leaders.KindCountry || m.Start < toks[i].End || m.Start-toks[i].End > 40 ||
			strings.ContainsAny(s.text[toks[i].End:m.Start], ",;:.()\"") {
			continue
		}
		return !nounAfter(s.text[m.End:])
	}
	return false
}

// republic reads "the President of the Republic", as official communiqués
// call their own head of state, as the president of the country the
// article is datelined in ("Paris, 1 July 2025").
func (x *Extractor) republic(a summaries.Article, sents []*sentence) {
	head := a.Text
	if len(head) > 120 {
		head = head[:120]
	}
	home := ""
	for _, m := range x.g.Find(head, a.Published, leaders.Prose) {
		if m.Kind == leaders.KindCountry {
			home = m.Country
			break
		}
	}
	if home == "" {
		return
	}
	id, ok := x.g.Holder(home, "president", summaries.Day(a.Published))
	if !ok {
		return
	}
	const phrase = "president of the republic"
	for _, s := range sents {
		from := 0
		for {
			i := strings.Index(s.lower[from:], phrase)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(phrase)
			if strings.HasPrefix(s.lower[from:], " of ") || overlaps(s.ms, at, from) {
				continue // "the President of the Republic of Korea" names his country
			}
			s.ms = append(s.ms, leaders.Match{Start: at, End: from, Kind: leaders.KindTitle, Leader: id, Country: home})
		}
		sort.Slice(s.ms, func(i, j int) bool { return s.ms[i].Start < s.ms[j].Start })
	}
}

// twoRE names two leaders as a pair.
var twoRE = words.Regexp(`(?i)\b(the two (leaders|presidents|men|heads of state|prime ministers)|both leaders|both presidents|between the two)\b`)

func overlaps(ms []leaders.Match, a, b int) bool {
	for _, m := range ms {
		if a < m.End && b > m.Start {
			return true
		}
	}
	return false
}
