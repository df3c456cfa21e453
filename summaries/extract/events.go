package extract

import (
	"maps"
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"slices"
	"sort"
	"strings"
	"time"
)

// The word lists below are how coverage of leader calls is worded in
// English news style: they describe the genre, not any one article.

// callNouns and callVerbs say that a conversation at a distance happened
// (or is talked about). Talk verbs ("spoke", "talked") are weaker: they need
// two leaders or "with <leader>" to count.
var (
	callWords = words.Set("call", "calls", "phone", "phoned", "phones", "phoning", "telephone", "telephoned",
		"rang", "ring", "dials", "dialled", "dialed", "dialling", "dialing", "videoconference", "teleconference",
		"videocall", "conversation", "conversations", "line")
	talkWords = words.Set("spoke", "speak", "spoken", "speaks", "speaking", "talked", "talk", "talking",
		"talks", "chatted", "discussed", "discuss", "discusses", "discussing")
	videoWords = words.Set("video", "videoconference", "virtual", "videocall", "screen", "screens", "online")
	phoneWords = words.Set("phone", "phoned", "phones", "phoning", "telephone", "telephoned", "rang", "dials", "dialled", "dialed")
	meetWords  = words.Set("met", "meet", "meets", "meeting", "meetings", "summit", "visit", "visited", "visiting", "sidelines", "dinner",
		"lunch", "hosted", "hosts", "hosting", "sat", "face", "person", "handshake", "tarmac", "trip", "receives", "received",
		"receiving", "welcomed", "welcomes", "embraced", "embraces")
	groupWords  = words.Set("coalition", "leaders", "allies", "counterparts", "partners", "g7", "g20", "quad", "members")
	plannedPrev = words.Set("will", "would", "shall", "to", "plans", "plan", "planned", "planning", "expected", "expects",
		"expect", "scheduled", "set", "due", "upcoming", "next", "prepare", "prepared", "preparing", "possible",
		"proposed", "potential", "hopes", "hope", "wants", "want", "ready", "could", "may", "might", "should",
		"asked", "request", "requested", "requesting", "seek", "seeking", "arrange", "arranging", "another",
		"future", "follow", "forthcoming", "awaited", "mooted", "intends", "intend", "going", "ll", "whether",
		"asks", "ask", "asking", "seeks", "urged", "urges", "urging", "push", "pushing", "pressed", "pressing",
		"propose", "proposes", "proposing", "suggest", "suggested", "suggests", "demand", "demanded", "demands")
	plannedNext = words.Set("planned", "scheduled", "expected", "prepared", "being", "due", "soon", "tomorrow", "next")
	negations   = words.Set("no", "not", "never", "denies", "dismissed", "dismisses", "didnt", "hasnt", "havent", "hadnt", "wont", "doesnt", "dont", "isnt",
		"wasnt", "werent", "cannot", "cant", "without", "nor", "denied", "deny", "denies")
	recallWords = words.Set("last", "previous", "previously", "earlier", "prior", "before", "twice", "times", "first", "since")
	participate = words.Set("chaired", "chair", "chairs", "chairing", "co", "host", "hosted", "joined", "join", "joining",
		"took", "participated", "participants", "participant", "attended", "screens", "logged", "dialled", "alongside", "part")
)

var determiners = words.Set("a", "an", "the", "their", "his", "her", "its", "this", "that", "first", "second", "last", "latest", "previous", "s")

// notCall reports whether the call word at toks[i] is used in another sense:
// "calls for a ceasefire", "called on Russia", "a wake-up call", "what he
// called a bloodbath", "on the front line".
func notCall(toks []leaders.Token, i int) bool {
	w := toks[i].Norm
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].Norm
		}
		return ""
	}
	prev := func(k int) string {
		if i-k >= 0 {
			return toks[i-k].Norm
		}
		return ""
	}
	// "what it calls the root causes", "the so-called truce": naming.
	if (w == "call" || w == "calls" || w == "called") && prev(2) == "what" {
		return true
	}
	switch w {
	case "call", "calls":
		switch next(1) {
		case "him", "her", "them", "it", "himself", "herself", "themselves", "itself", "this", "that", "what":
			return true // "call him a man of peace": naming, not phoning
		}
		// "calls on Russia to" and "a call for calm" are demands; "a video
		// call on Ukraine" is a call about Ukraine.
		noun := determiners[prev(1)] || videoWords[prev(1)] || phoneWords[prev(1)] || prev(1) == "conference"
		if prev(2) == "to" && (prev(3) == "response" || prev(3) == "responding") {
			return true // "in response to a call from Merz" is an appeal
		}
		if next(1) == "for" || (next(1) == "on" && !noun) || next(1) == "into" || prev(1) == "wake" || prev(1) == "close" || prev(1) == "roll" || prev(1) == "judgment" || prev(1) == "judgement" {
			return true
		}
	case "line":
		return !(prev(1) == "the" && prev(2) == "on") && prev(1) != "phone" && prev(1) != "telephone"
	case "phone", "telephone":
		// "phone" as the object of a call is a call; "phone records" is not.
		return next(1) == "records" || next(1) == "number" || next(1) == "numbers"
	case "ring":
		return prev(1) != "to" && prev(1) != "will"
	case "conversation", "conversations":
		return false
	}
	return false
}

type status int

const (
	happened status = iota
	planned
	denied
)

// event is a call found in one clause of a sentence.
type event struct {
	people   []string
	status   status
	date     time.Time
	basis    summaries.DateBasis
	hasDate  bool
	recall   bool
	video    bool
	phone    bool
	group    bool
	aside    bool
	inferred bool // the people are the article's pair, not named in the clause
	sequel   bool // the call its subject held next: ", after which he called"
	// turn: one of the calls a leader made in turn ("spoke with Lula and
	// then with Sheinbaum"), split from one clause naming all of them.
	turn       bool
	start, end int // the clause, as byte offsets in the sentence
}

func (e event) key() string { return strings.Join(e.people, "+") }

// clauseBreak separates clauses that usually describe different events:
// "..., a day after Trump's conversation with Putin".
var clauseBreak = words.Regexp(`(?i)(;\s|\s[—–]\s|\s--\s|\s-\s|,?\s(?:(?:a|one|two|three|a few|several) (?:day|days|hours?|weeks?) |hours |days |shortly |just |minutes |soon |only |the day )?(?:after|before|following|ahead of|while|whereas)\s)`).
	Around(breakKeys, 18, 12)

// breakKeys are what a clause break holds; it starts at most 16 bytes
// before one (", a few days after") and ends at most 10 after it.
var breakKeys = []string{";", "—", "–", "-", "after", "before", "following", "ahead of", "while", "whereas"}

// recallPhrase marks a clause that looks back at an earlier call.
var recallPhrase = words.Regexp(`(?i)\b(last (spoke|talked|spoken|call|conversation|time)|last (week|month|year)'s (\w+ )?(call|conversation|phone call|talks)|previous|previously|earlier (call|conversation)|prior (call|conversation)|(have|has|had) (spoken|talked) (twice|\w+ times|several times|regularly|often|before|since)|spoken (twice|\w+ times)|in their last|follow-up (\w+ )?to|followed up on|since (his|their|the) (first|last)|were last|the last time|earlier this (week|month|year))\b`)

// events finds the calls a sentence speaks of, clause by clause.
func (x *Extractor) events(s *sentence, pub time.Time, pair []string, last string) []event {
	if !s.callWord() && !(s.has(classVideoGate) && videoPhrase.MatchString(s.lower)) {
		return nil
	}
	bounds := []int{0}
	if mayBreak(s) {
		for _, m := range clauseBreak.FindAllStringIndex(s.lower, -1) {
			bounds = append(bounds, m[0])
		}
	}
	bounds = append(bounds, len(s.text))
	subject, carried := leadLeader(s), false
	if pronounSubject(s) && last != "" {
		subject, carried = last, true
	}
	var out []event
	for c := 0; c+1 < len(bounds); c++ {
		a, b := bounds[c], bounds[c+1]
		if e, ok := x.clauseEvent(s, a, b, subject, pub, pair); ok {
			// "Trump spoke with Putin, after which he called Zelensky": the
			// subject's next call, told in the same breath. A sentence of its
			// own ("He also spoke with Zelensky") mentions a call in passing.
			e.sequel = !carried && len(e.people) == 2 && slices.Contains(e.people, subject) &&
				sequelRE.MatchString(s.lower[a:b])
			out = append(out, splitTurns(s, e)...)
		}
	}
	return out
}

// sequelRE opens a clause that tells what a leader did next.
var sequelRE = words.Regexp(`^,?\s*(after which|and then|then|later|afterwards)\b`)

// leadLeader is the first leader a sentence names, not counting seats.
func leadLeader(s *sentence) string {
	for _, m := range s.ms {
		if m.Leader != "" && m.Kind != leaders.KindSeat {
			return m.Leader
		}
	}
	return ""
}

// pronounSubject reports a sentence whose first person is "he" or "she",
// before any leader it names: "Later in the day, he also spoke with ...".
func pronounSubject(s *sentence) bool {
	for i, t := range s.toks {
		if i > 8 || (len(s.ms) > 0 && t.Start >= s.ms[0].Start) {
			return false
		}
		if t.Norm == "he" || t.Norm == "she" {
			return true
		}
	}
	return false
}

// withPartner introduces a partner in a call: "with", "to".
var withPartner = words.Regexp(`(?i)\b(with|to)\b`)

// separateCalls are the words that make one clause several calls:
// "back-to-back calls", "separate conversations", "in turn".
var separateCalls = words.Regexp(`(?i)\b(back[- ]to[- ]back|separate|separately|in turn|successive|respectively|and then|then with|later with|(?:an?|one|two|half an) (?:hour|minutes?|days?) later|afterwards|followed by|(?:calls|conversations) with)\b`)

// multiParty says one call had several parties: "a three-way call",
// "with Trump taking part".
var multiParty = words.Regexp(`(?i)\b(three|four|five)[- ]way\b|\b(trilateral|joint|conference call|all three|the three|taking part|took part|listening in|on the line too)\b`)

// splitTurns makes a clause in which one leader speaks with several others
// in turn ("Xi spoke with Lula on Tuesday and then with Sheinbaum", "Xi
// holds back-to-back calls with Lula and Sheinbaum") two-person calls, one
// per partner: a three-way phone call is written as such, with the
// leaders named together ("Macron, Merz and Starmer held a call").
func splitTurns(s *sentence, e event) []event {
	if len(e.people) < 3 || e.group || e.video || anyWord(s.toks, participate) || multiParty.MatchString(s.lower) {
		return []event{e}
	}
	clause := s.lower[e.start:e.end]
	subject := ""
	var partners []string
	// Each partner has its own "with" since the leader named before him:
	// "with Lula ... and then with Sheinbaum", not "with Merz and Starmer".
	introduced, prevEnd := 0, e.start
	for _, m := range s.ms {
		if m.Start < e.start || m.End > e.end || m.Leader == "" || m.Kind == leaders.KindSeat || !slices.Contains(e.people, m.Leader) {
			continue
		}
		between := ""
		if m.Start >= prevEnd {
			between = s.lower[prevEnd:m.Start]
		}
		prevEnd = max(prevEnd, m.End)
		if subject == "" {
			subject = m.Leader
			continue
		}
		if m.Leader == subject || slices.Contains(partners, m.Leader) {
			continue
		}
		partners = append(partners, m.Leader)
		if withPartner.MatchString(between) {
			introduced++
		}
	}
	if subject == "" || len(partners) != len(e.people)-1 {
		return []event{e}
	}
	if introduced < len(partners) && !separateCalls.MatchString(clause) {
		return []event{e}
	}
	out := make([]event, 0, len(partners))
	for _, p := range partners {
		t := e
		t.people = []string{subject, p}
		sort.Strings(t.people)
		t.turn = true
		out = append(out, t)
	}
	return out
}

func anyWord(toks []leaders.Token, set map[string]bool) bool {
	for _, t := range toks {
		if set[t.Norm] {
			return true
		}
	}
	return false
}

func hasCallWord(toks []leaders.Token) bool { return callWordIn(toks, classify(toks)) }

// callWordIn is hasCallWord on tokens whose classes are known.
func callWordIn(toks []leaders.Token, cls []uint32) bool {
	for i, class := range cls {
		if (class&classCall != 0 && !notCall(toks, i)) || class&classTalk != 0 || toks[i].Norm == "called" {
			return true
		}
	}
	return false
}

func (x *Extractor) clauseEvent(s *sentence, a, b int, subject string, pub time.Time, pair []string) (event, bool) {
	// The clause's tokens, in order, are a run of the sentence's.
	i := 0
	for i < len(s.toks) && s.toks[i].Start < a {
		i++
	}
	j := i
	for j < len(s.toks) && s.toks[j].End <= b {
		j++
	}
	toks, cls := s.toks[i:j:j], s.classes()[i:j:j]
	if len(toks) == 0 {
		return event{}, false
	}
	e := event{start: a, end: b}
	cue, talk, meets := e.cues(s, toks, cls)
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
	e.status = callStatus(s.lower, toks, cue)
	// "expects to talk with Chinese President Xi Jinping by phone": the
	// talk verb carries the tense when the call word trails the names.
	if e.status == happened {
		for i := cue - 1; i >= 0 && i >= cue-12; i-- {
			if talkWords[toks[i].Norm] {
				if callStatus(s.lower, toks, i) == planned {
					e.status = planned
				}
				break
			}
		}
	}
	for i := cue - 1; i >= 0 && i >= cue-3; i-- {
		if toks[i].Norm == "also" {
			e.aside = true // "Trump also spoke with Zelensky": a second call, not the story
		}
	}
	// A clause starts and ends at a sentence's end or a clause break,
	// which opens on a comma, a semicolon or white space: recallPhrase,
	// with no anchor but \b, matches a clause only where it matches the
	// sentence.
	e.recall = anyClass(cls, classRecall) && s.recalls() && ((a == 0 && b == len(s.lower)) || recallPhrase.MatchString(s.lower[a:b]))
	e.date, e.basis, e.hasDate = clauseDate(s, toks, cue, a, b, pub, &e.recall)
	if e.hasDate && !pub.IsZero() && e.date.After(summaries.Day(pub).AddDate(0, 0, 1)) {
		e.status = planned
	}
	return e, true
}

// cues finds the clause's call word (cue) and talk verb (talk), or -1, and
// its meeting words; it notes on e whether the clause speaks of video, a
// phone or a group.
func (e *event) cues(s *sentence, toks []leaders.Token, cls []uint32) (cue, talk int, meets []int) {
	cue, talk = -1, -1
	for i, t := range toks {
		w := t.Norm
		class := cls[i]
		switch {
		case class&classCall != 0 && !notCall(toks, i):
			if cue < 0 {
				cue = i
			}
		case class&classTalk != 0:
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
		case w == "called" && i+1 < len(toks) && (toks[i+1].Norm == "him" || toks[i+1].Norm == "her") && calledTo(toks, i):
			// "Trump said Putin had called him to discuss Ukraine".
			if cue < 0 {
				cue = i
			}
		}
		if class&classVideo != 0 && i+1 < len(toks) && (cls[i+1]&classCall != 0 || toks[i+1].Norm == "conference" || toks[i+1].Norm == "link" || toks[i+1].Norm == "meeting" || toks[i+1].Norm == "summit") {
			e.video = true
		}
		if w == "video" && i > 0 && toks[i-1].Norm == "by" {
			e.video = true
		}
		if w == "videoconference" || w == "videocall" {
			e.video = true
		}
		if class&classPhone != 0 {
			e.phone = true
		}
		if class&classMeet != 0 {
			meets = append(meets, i)
		}
	}
	// A group may be named anywhere in the sentence: "Leaders of the G7
	// pledged ..., after holding a video conference".
	e.group = s.has(classGroup)
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
	// "a call announced on Thursday" dates the announcement: such a date
	// counts only when the sentence dates nothing else.
	other := false
	for _, d := range s.dates {
		other = other || (!d.Anchor && !d.Month && !announcedDate(s.lower, d.Start))
	}
	for _, pass := range []bool{true, false} {
		for _, d := range s.dates {
			if d.Anchor || (pass && (d.Start < a || d.End > b)) || quoted(s.text, d.Start) || (other && announcedDate(s.lower, d.Start)) {
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

// announcedRE ends the words before the date of an announcement: "was
// announced on", "announced by Downing Street on".
var announcedRE = words.Regexp(`(?i)\bannounc(ed|es|ement|ing)\b(\s+[\w'’.-]+){0,4}?\s+(on\s+|late\s+|early\s+)?$`)

func announcedDate(lower string, at int) bool {
	return words.Contains(lower[max(0, at-60):at], "announc") && announcedRE.MatchString(lower[max(0, at-60):at])
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

// callStatus reads the words just before and after a call word: "will
// speak", "no telephone conversation", "a call being prepared". It stops at
// punctuation, which ends the phrase. low is the sentence lowered by
// words.Lower.
func callStatus(low string, toks []leaders.Token, cue int) status {
	stop := func(i int) bool { return strings.ContainsAny(low[toks[i].End:toks[i+1].Start], ",;:.!?()") }
	for i := cue - 1; i >= 0 && i >= cue-6 && !stop(i); i-- {
		w := toks[i].Norm
		if negations[w] {
			return denied
		}
	}
	// "the call has been pushed back", "a call that slipped again".
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
	// "A phone call between Emmanuel Macron and Vladimir Putin is expected
	// in the coming days": the call is the subject, its verb after the
	// names. Not "Putin called Trump ... and warned that ... would".
	if !callNounWith(toks, cue) {
		return happened
	}
	for i := cue + 1; i < len(toks) && i <= cue+14 && !stop(i-1); i++ {
		if plannedLate[toks[i].Norm] {
			return planned
		}
		// "by phone in the coming days", but not "about the coming summit".
		if toks[i].Norm == "coming" && i+1 < len(toks) && comingSpans[toks[i+1].Norm] {
			return planned
		}
	}
	return happened
}

// callNounWith reports a call noun naming its parties after it: "a call
// between", "the conversation with".
func callNounWith(toks []leaders.Token, cue int) bool {
	if (toks[cue].Norm == "phone" || toks[cue].Norm == "telephone" || toks[cue].Norm == "video") && cue+1 < len(toks) {
		cue++ // "a phone call between"
	}
	switch toks[cue].Norm {
	case "call", "conversation", "videoconference", "videocall":
	default:
		return false
	}
	return cue+1 < len(toks) && (toks[cue+1].Norm == "between" || toks[cue+1].Norm == "with")
}

// plannedLate, a few words after a call noun, make it a plan.
var plannedLate = words.Set("expected", "planned", "scheduled", "due", "prepared", "will", "would")

var comingSpans = words.Set("days", "weeks", "hours", "day", "week")

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

// deniedRE marks a sentence that denies a report of a call.
var deniedRE = words.Regexp(`(?i)\b(denied|denies|deny|dismissed|dismisses|rejected|refuted)\b[^;]{0,60}\b(reports?|claims?|suggestions?|rumou?rs?)\b|\b(pure fiction|never took place|did not take place|didn't take place|no such (call|conversation))\b|\bnot aware of (any|a)\b[^.;]{0,30}\b(call|conversation|contact)|\bthere (was|had been|has been) no (phone |telephone )?(call|conversation)\b`).
	Needs("denied", "denies", "deny", "dismissed", "dismisses", "rejected", "refuted", "pure fiction", "took place", "take place", "no such ", "not aware", "was no ", "been no ")

// postponedRE marks a call put off: still a plan, not a call.
var postponedRE = words.Regexp(`(?i)\b(postponed|rescheduled|delayed|cancell?ed|called off|pushed back|put off|slips|slipped|being (prepared|arranged|planned|organi[sz]ed)|to be held)\b`).
	Needs("postponed", "rescheduled", "delayed", "cancel", "called off", "pushed back", "put off", "slip", "being ", "to be held")

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

// calledTo reports "called him" followed by why or when, as a call is
// told ("called him to discuss", "called him on Monday", "called him
// late"), not what he was called ("called him a liar").
func calledTo(toks []leaders.Token, i int) bool {
	if i+2 >= len(toks) {
		return true
	}
	switch toks[i+2].Norm {
	case "a", "an", "the", "his", "her", "their", "our", "its":
		return false
	}
	return true
}
