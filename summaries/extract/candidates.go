package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidates weighs an article's sentences about its call as candidate key
// points: early and listed sentences carry an article's main facts.
func candidates(sents []*sentence, people []string, year int, countryOf func([]string, string) bool) []summaries.Candidate {
	var out []summaries.Candidate
	claim := headlineClaim(sents, people)
	for _, s := range sents {
		// The headline's claim is the story even where the sentence that
		// states it speaks of another call too ("I'm speaking to Zelensky
		// tomorrow, and I'm very disappointed with the conversation I had
		// today with Putin").
		claimed, quoted := false, false
		if claim != nil && s.para >= 0 {
			claimed, quoted = claim(s)
		}
		if (!s.own && !quoted) || s.para < 0 || s.offStory {
			continue
		}
		n := len(s.text)
		if n < 40 || n > summaries.MaxPointChars || strings.HasSuffix(s.text, "?") || !wholeSentence(s.text, s.bullet) {
			continue
		}
		// What was said beforehand is not what the call said, nor is the
		// history of the conflict ("Russia annexed Crimea in 2014").
		if aroundCall(s.lower) || (earlierYear(s.lower, year) && !s.callWord()) {
			continue
		}
		// "The call was still ongoing" is a live update the end of the
		// call made stale.
		if (words.Contains(s.lower, "still") || words.Contains(s.lower, "so far") || words.Contains(s.lower, "going")) && partial.MatchString(s.lower) {
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
		// The article's own takeaways are its editors' key points.
		if s.takeaway {
			w += 0.4
		}
		if s.callWord() {
			w += 0.5
		}
		named, others, byName := 0, 0, 0
		for _, m := range s.ms {
			switch {
			case m.Kind == leaders.KindName && !slices.Contains(people, m.Leader):
				others++
			case slices.Contains(people, m.Leader) || (m.Leader == "" && m.Country != "" && countryOf(people, m.Country)):
				named++ // its people, or their countries ("Kyiv said")
				if m.Kind == leaders.KindName || m.Kind == leaders.KindTitle {
					byName++
				}
			}
		}
		if named > 0 {
			w += 0.5
		}
		// A point must be about the call: its people, the call itself, a
		// topic of the taxonomy. Page asides ("The Chiefs beat the 49ers")
		// are not.
		if named == 0 && (others > 0 || (!s.callWord() && !anyTopic(s))) {
			continue
		}
		// A sentence that brings in another leader is often about him.
		if others > 0 {
			w *= 0.6
		}
		// "Later, at a briefing, ..." tells of another moment.
		if laterRE.MatchString(s.lower) && !s.callWord() {
			continue
		}
		if s.has(classAgree) {
			w += 0.3
		}
		if hasOutcome(s.toks) || words.Contains(s.lower, " called for") || words.Contains(s.lower, " asked for") {
			w += 0.4
		}
		// A sentence that names neither the leaders nor their call is
		// context ("Russia annexed Crimea in 2014"), unless listed.
		if byName == 0 && !s.callWord() && !s.bullet && !backReference.MatchString(s.lower) {
			w *= 0.5
		}
		// "The call started at 10 p.m. and lasted twenty minutes" is the
		// record's length and date, not a point about what was said.
		if logistics(s) {
			w *= 0.4
			// ... and one given while the call went on is stale.
			if slices.ContainsFunc(s.figures(), func(f figure) bool { return f.atLeast }) {
				continue
			}
		}
		// The headline's claim, where the body states it, is the story.
		if claimed {
			w += 1
		}
		out = append(out, summaries.Candidate{Text: s.text, Weight: w})
	}
	return out
}

// backReference opens a sentence whose subject is the leaders already
// named: "They repeated ...", "The two leaders agreed ...".
var backReference = words.Regexp(`^(they|he|she|both|the two|the leaders|the presidents|the prime ministers|each)\b`)

// aroundCall reports a sentence on what came before or around the call
// (beforeCall, callTiming), with cheap tests before the patterns.
func aroundCall(lower string) bool {
	if (words.Contains(lower, "before") || words.Contains(lower, "ahead of") || words.Contains(lower, "prior to") || words.Contains(lower, "run-up")) && beforeCall.MatchString(lower) {
		return true
	}
	for _, v := range []string{" came ", " comes ", " took place ", " happened ", " was held "} {
		if words.Contains(lower, v) {
			return callTiming.MatchString(lower)
		}
	}
	return false
}

// callTiming places the call among other events rather than saying what
// it said: "The call came a week after the ceasefire ...", "The
// conversation took place hours before the largest air raid ...".
var callTiming = words.Regexp(`^(the|their|this|that|\w+'s|\w+’s) (phone |telephone |video )?(call|conversation) (came|comes|took place|happened|was held)( just| only| barely)?( a| one| two| three| several| a few)? ?(hours?|days?|weeks?|minutes?)? (after|before|as|amid|ahead of|on the eve of)\b`)

// logistics reports a sentence that only gives when and how long the call
// was: a length or clock time, and nothing agreed, urged or discussed.
func logistics(s *sentence) bool {
	if !s.has(classDuration) || anyTopic(s) || s.has(classAgree) || hasOutcome(s.toks) {
		return false
	}
	return len(s.figures()) > 0 || words.Contains(s.lower, " gmt") || (strings.ContainsAny(s.lower, "0123456789") && clockRE.MatchString(s.lower))
}

// inYear is a year an event is set in: "in 2014".
var inYear = words.Compile(`\bin ((?:19|20)\d\d)\b`).Needs("in 19", "in 20")

// earlierYear reports a sentence set in a year before the call's.
func earlierYear(lower string, year int) bool {
	if year == 0 || !words.Contains(lower, "in ") {
		return false
	}
	for _, m := range inYear.FindAllStringSubmatch(lower, -1) {
		if y, _ := strconv.Atoi(m[1]); y < year {
			return true
		}
	}
	return false
}

// beforeCall opens a sentence about what happened before the call: "Hours
// before the call, ...", "Ahead of the conversation, ...".
var beforeCall = words.Regexp(`\b(before|ahead of|in the run-up to|prior to) (the|their|this|that|\w+'s|\w+’s) (phone |telephone |video )?(call|conversation)\b`)

// wholeSentence reports a sentence a reader can take alone: it starts as a
// sentence starts, its quotation marks are closed, it is not a quotation
// left without its speaker, and it is not two sentences run together.
func wholeSentence(s string, bullet bool) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(first) || strings.ContainsRune(",;:)]}”’-–—…", first) {
		return false
	}
	if strings.Count(s, "“") != strings.Count(s, "”") || strings.Count(s, "\"")%2 != 0 {
		return false
	}
	if stop, _ := mayBeGlued(s); stop && gluedSentences.MatchString(s) {
		return false
	}
	// "“The first raids began yesterday,” ..." with the speaker in the
	// sentence before: a dangling quotation.
	if first == '“' || first == '"' {
		end := strings.LastIndexAny(s, "”\"")
		if end > 0 && strings.TrimRight(s[end:], "”\".") == "" && !speechRE.MatchString(words.Lower(s)) {
			return false
		}
	}
	if !bullet {
		last, _ := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune(".!\"”’)", last) {
			return false
		}
	}
	return true
}

// gluedSentences is a sentence end run into the next sentence.
var gluedSentences = words.Compile(`[a-z]{2}[.!?]["”’]?[A-Z][a-z]`)

// headlineClaim returns a test for sentences that state the headline's
// claim: its quoted words ("‘I’m very disappointed,’ Trump says"), or most
// of its own words beyond the leaders' names. The test says whether the
// sentence states the claim and whether it does in the quoted words.
func headlineClaim(sents []*sentence, people []string) func(*sentence) (bool, bool) {
	var title []string
	for _, s := range sents {
		if s.para < 0 {
			title = append(title, s.lower)
		}
	}
	if len(title) == 0 {
		return nil
	}
	head := strings.Join(title, " ")
	var quoted []string
	for _, m := range titleQuote.FindAllStringSubmatch(head, -1) {
		q := strings.Trim(m[1]+m[2]+m[3], " ,.!")
		// "I’m very disappointed" is said in the body as "he was very
		// disappointed": the quotation's last words carry the claim.
		if ws := strings.Fields(q); len(ws) > 3 {
			q = strings.Join(ws[len(ws)-3:], " ")
		} else if len(ws) > 1 && (ws[0] == "i’m" || ws[0] == "i'm" || ws[0] == "we’re" || ws[0] == "we're") {
			q = strings.Join(ws[1:], " ")
		}
		if len(q) >= 6 {
			quoted = append(quoted, q)
		}
	}
	names := map[string]bool{}
	for _, p := range people {
		for _, w := range strings.Split(p, "-") {
			names[w] = true
		}
	}
	var own []string
	for _, w := range strings.FieldsFunc(head, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) > 3 && !names[w] && !claimStop[w] {
			own = append(own, w)
		}
	}
	return func(s *sentence) (bool, bool) {
		for _, q := range quoted {
			if words.Contains(s.lower, q) {
				return true, true
			}
		}
		if len(own) < 2 {
			return false, false
		}
		hit := 0
		for _, w := range own {
			if words.Contains(s.lower, w) {
				hit++
			}
		}
		return 2*hit >= len(own)+1, false
	}
}

// titleQuote is a quotation in a headline.
var titleQuote = words.Compile(`‘(.{4,80}?)’(?:[^\p{L}]|$)|“([^”]{4,80})”|"([^"]{4,80})"`)

// claimStop are headline words that carry no claim.
var claimStop = words.Set("says", "said", "call", "calls", "phone", "after", "with", "over", "from", "talk", "talks", "speak", "speaks",
	"spoke", "hold", "holds", "held", "president", "leader", "leaders", "their", "about", "into", "amid")

// laterRE opens a sentence about another moment than the call.
var laterRE = words.Regexp(`^(later|separately|meanwhile|elsewhere|in other news|earlier)\b`)

func anyTopic(s *sentence) bool { return s.has(classTopic) && topicsIn(s.toks, s.classes()) != 0 }
