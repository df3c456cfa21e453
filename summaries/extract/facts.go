package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
	"slices"
	"strconv"
	"strings"
)

// facts fills in what the article's own sentences say of the call: its
// length, who placed it, medium, ordinal, tone, readouts, agreements and
// quotes.
func (x *Extractor) facts(m *summaries.Mention, sents []*sentence, key string, people []string, url string) {
	figs := slugDurations(url)
	// The countries each of the people led, asked of every country an
	// initiator candidate names.
	homes := make([][]string, len(people))
	for i, p := range people {
		homes[i] = x.g.Countries(p)
	}
	for _, s := range sents {
		if !s.own {
			continue
		}
		if s.has(classDuration) && !s.elsewhere {
			figs = append(figs, s.figures()...)
		}
		if m.Initiator == "" && !s.elsewhere {
			if who := x.initiator(s, people, homes); who != "" {
				m.Initiator = who
				m.InitiatedBy = &summaries.Evidence{Text: x.g.Name(who), Sentence: s.text}
			}
		}
		for _, e := range s.events {
			if e.video && (e.key() == key || key == "*group*") {
				m.Medium = summaries.Video
			}
		}
		if s.has(classVideoGate) && videoPhrase.MatchString(s.lower) && s.callWord() {
			m.Medium = summaries.Video
		}
		if m.Ordinal == 0 && s.callWord() {
			m.Ordinal = ordinal(s.lower)
		}
		if s.callWord() && s.has(classTone) {
			for _, t := range toneRE.FindAllString(s.lower, -1) {
				t = strings.ToLower(t)
				if m.Tone == "" {
					m.Tone = t
				} else if !words.Contains(m.Tone, t) && strings.Count(m.Tone, ",") < 2 {
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
		if s.para >= 0 && s.has(classAgree) && len(m.Agreements) < 6 {
			m.Agreements = append(m.Agreements, summaries.Evidence{Text: s.text, Sentence: s.text})
		}
		if s.para >= 0 {
			m.Quotes = append(m.Quotes, x.quotes(s)...)
		}
	}
	if m.Medium == "" {
		m.Medium = summaries.Phone
	}
	if f, ok := bestFigure(figs); ok {
		m.DurationMinutes, m.DurationRank, m.DurationAtLeast = f.minutes, f.rank, f.atLeast
		m.Duration = &summaries.Evidence{Text: minutesText(f.minutes), Sentence: f.sentence}
	}
}

// slugDurations reads a call's length from the last words of an article's
// address, as an editor wrote them: ".../trump-xi-call-35-minutes".
func slugDurations(url string) []figure {
	slug := url
	if i := strings.IndexAny(slug, "?#"); i >= 0 {
		slug = slug[:i]
	}
	slug = strings.TrimRight(slug, "/")
	slug = slug[strings.LastIndexByte(slug, '/')+1:]
	if i := strings.LastIndexByte(slug, '.'); i > 0 {
		slug = slug[:i] // ".html"
	}
	slug = strings.NewReplacer("-", " ", "_", " ", "+", " ").Replace(slug)
	if !anyClass(classify(leaders.Tokenize(slug)), classDuration) {
		return nil
	}
	return durations(slug, "")
}

// topics are the topics of the taxonomy the article's own sentences raise.
func topics(sents []*sentence) []string {
	var raised uint64
	for _, s := range sents {
		if s.own && s.para >= 0 {
			raised |= topicsIn(s.toks, s.classes())
		}
	}
	var out []string
	for i, t := range summaries.Topics {
		if raised&(1<<i) != 0 {
			out = append(out, t)
		}
	}
	return out
}

// topicPhrase is a phrase of topicWords by its first word: the topic's
// index in summaries.Topics and the phrase's second word ("" for none).
type topicPhrase struct {
	topic  int
	second string
}

// topicIndex is topicWords by first word, so that a sentence's tokens are
// looked up once for all the topics, not once per topic.
var topicIndex = func() map[string][]topicPhrase {
	ix := map[string][]topicPhrase{}
	for i, t := range summaries.Topics {
		for first, seconds := range topicWords[t] {
			for _, second := range seconds {
				ix[first] = append(ix[first], topicPhrase{i, second})
			}
		}
	}
	return ix
}()

// topicsIn returns the topics the tokens hold, bit i for summaries.Topics[i].
func topicsIn(toks []leaders.Token, cls []uint32) uint64 {
	var out uint64
	for i, t := range toks {
		if cls[i]&classTopic == 0 {
			continue
		}
		for _, p := range topicIndex[t.Norm] {
			if p.second == "" || (i+1 < len(toks) && toks[i+1].Norm == p.second) {
				out |= 1 << p.topic
			}
		}
	}
	return out
}

var videoPhrase = words.Regexp(`(?i)\b(video (call|conference|link|meeting|summit)|videoconference|virtual (meeting|summit|call)|by video)\b`)

func (x *Extractor) quotes(s *sentence) []summaries.Quote {
	var out []summaries.Quote
	// Not strings.ContainsAny: with a curly quote among its characters it
	// decodes every rune of the text.
	if (strings.IndexByte(s.text, '"') < 0 && !words.Contains(s.text, "“")) || !speechRE.MatchString(s.lower) {
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

const numRE = `(\d+(?:\.\d+)?|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-five|thirty|thirty-five|forty|forty-five|fifty|fifty-five|sixty|seventy|eighty|ninety)`

var numbers = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25,
	"thirty": 30, "thirty-five": 35, "forty": 40, "forty-five": 45, "fifty": 50, "fifty-five": 55,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

func num(s string) float64 {
	if v, ok := numbers[strings.ToLower(s)]; ok {
		return v
	}
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

var durationREs = []struct {
	need string // a word the text must hold for the pattern to be tried
	re   *words.Pattern
	val  func(m []string) float64
}{
	{"minute", words.Regexp(`(?i)\b` + numRE + `[ -]hours?(?:,? and |,? )` + numRE + `[ -]minutes?\b`), func(m []string) float64 { return num(m[1])*60 + num(m[2]) }},
	{"h", words.Regexp(`(?i)\b` + numRE + `h ?(\d{1,2})m?\b`), func(m []string) float64 { return num(m[1])*60 + num(m[2]) }},
	{"half", words.Regexp(`(?i)\b(?:an|one)[ -]hour[ -]and[ -]a[ -]half\b`), func([]string) float64 { return 90 }},
	{"quarter", words.Regexp(`(?i)\b(?:an|one)[ -]hour[ -]and[ -]a[ -]quarter\b`), func([]string) float64 { return 75 }},
	{"half", words.Regexp(`(?i)\b` + numRE + `(?: and a half|-and-a-half)[ -]hours?\b`), func(m []string) float64 { return num(m[1])*60 + 30 }},
	{"½", words.Regexp(`(?i)\b` + numRE + ` ?½[ -]hours?\b`), func(m []string) float64 { return num(m[1])*60 + 30 }},
	{"half", words.Regexp(`(?i)\b` + numRE + ` hours? and a half\b`), func(m []string) float64 { return num(m[1])*60 + 30 }},
	{"quarter", words.Regexp(`(?i)\bthree[- ]quarters of an hour\b`), func([]string) float64 { return 45 }},
	{"quarter", words.Regexp(`(?i)\b(?:a )?quarter of an hour\b`), func([]string) float64 { return 15 }},
	{"half", words.Regexp(`(?i)\bhalf an hour\b|\bhalf-hour\b`), func([]string) float64 { return 30 }},
	{"hour", words.Regexp(`(?i)\b` + numRE + `[ -]hours?(?:-long)?\b`), func(m []string) float64 { return num(m[1]) * 60 }},
	{"long", words.Regexp(`(?i)\bhour-long\b|\bhourlong\b`), func([]string) float64 { return 60 }},
	{"min", words.Regexp(`(?i)\b` + numRE + `[ -](?:minutes?|mins?)(?:-long)?\b`), func(m []string) float64 { return num(m[1]) }},
}

var (
	hedgeBefore   = words.Regexp(`(?i)\b(about|around|roughly|approximately|nearly|almost|some|more than|over|just over|a little over|little more than|less than|under|just under|past|close to|upwards of|at least)\s*$`).Tail(hedgeTail)
	attribution   = words.Regexp(`(?i)\b(said|says|according to|told|put the length|put it at|readout|statement|briefing|announced|confirmed|office|spokes(man|woman|person)|aide|adviser|press secretary|kremlin|white house|elysee|downing street|ministry)\b`)
	partial       = words.Regexp(`(?i)\b(still (ongoing|under way|underway|going on|in progress|continuing)|so far|was continuing|had been going)\b`).Needs("still ", "so far", "was continuing", "had been going")
	rounded       = words.Regexp(`(?i)\b(rounded|round(ed)? (it )?(up|down)|put it at about)\b`)
	afterDuration = words.Regexp(`(?i)^\s*(after|before|later|earlier|ago|into|of (fighting|talks|negotiations|meetings?))\b`)
)

// figure is a duration found in a sentence.
type figure struct {
	minutes  int
	rank     int
	sentence string
	// atLeast: given while the call was still going on, a lower bound.
	atLeast bool
}

// bestFigure is the best-ranked figure, a final one before any given
// while the call went on: those only count when nothing better exists.
func bestFigure(figs []figure) (figure, bool) {
	var best figure
	found := false
	for _, f := range figs {
		if !found || (best.atLeast && !f.atLeast) || (best.atLeast == f.atLeast && f.rank > best.rank) {
			best, found = f, true
		}
	}
	return best, found
}

// durations finds call lengths in a sentence that speaks of a call. Its
// rank prefers an attributed exact figure ("two hours and five minutes,
// Ushakov said") to a reporter's round one, and discounts a length given
// while the call was still going on.
func durations(s string, next string) []figure { return durationsIn(s, words.Lower(s), next) }

// durationsIn is durations of s lowered as l by words.Lower.
func durationsIn(s, l, next string) []figure {
	// Every figure is in a window around an "hour" or a "min": most
	// sentences have neither, and then no pattern need be asked for.
	wins := unitWindows(l)
	if len(wins) == 0 {
		return nil
	}
	var out []figure
	var taken [][2]int
	// Whether the sentence attributes its figures, and gives them while
	// the call went on, is asked once, when it gives one.
	read, attributed, atLeast := false, false, false
	for _, d := range durationREs {
		// A window that holds a match holds d.need (unitWindow): looking
		// for it in the windows is enough.
		for _, idx := range unitMatches(d.re, d.need, l, wins) {
			overlap := false
			for _, t := range taken {
				if idx[0] < t[1] && idx[1] > t[0] {
					overlap = true
				}
			}
			if overlap {
				continue
			}
			taken = append(taken, [2]int{idx[0], idx[1]})
			if afterDuration.MatchString(l[idx[1]:]) {
				continue
			}
			m := make([]string, len(idx)/2)
			for i := range m {
				if idx[2*i] >= 0 {
					m[i] = l[idx[2*i]:idx[2*i+1]]
				}
			}
			v := d.val(m)
			if v < 1 || v > 600 {
				continue
			}
			rank := 2
			hedged := hedgeBefore.MatchString(l[:idx[0]])
			if !hedged && int(v)%30 != 0 {
				rank += 2
			} else if !hedged {
				rank++
			}
			if !read {
				attributed = attribution.MatchString(l)
				atLeast = partial.MatchString(l) || partial.MatchString(words.Lower(next))
				read = true
			}
			if attributed {
				rank += 2
			}
			if rounded.MatchString(l[max(0, idx[0]-40):idx[0]]) {
				rank -= 3
			}
			if atLeast {
				rank -= 5
			}
			out = append(out, figure{minutes: int(v + 0.5), rank: rank, sentence: s, atLeast: atLeast})
		}
	}
	return out
}

// Initiator patterns: the text just before or after a leader, seat or
// country that makes it the caller.
var (
	initBefore = words.Regexp(`(?i)\b(initiative|request|behest|invitation) of (the )?$|\b(call|phone call|telephone call|phone) from (the )?$|\b(requested|initiated|placed|sought|proposed|made) by (the )?([a-z]+ ){0,2}$|\bit was (the )?$|\b(received|took|returned|answered) an? (phone |telephone |video )?call\b[^.;]{0,40}?\bfrom (the )?([a-z]+ ){0,2}$`).Tail(initTail)
	initAfter  = words.Regexp(`(?i)^((?:'s|’s)? side)?(?:'s|’s) (initiative|request|behest)|^(?: side)? (?:who |that )?(?:had |has )?(initiated|placed|requested|asked for|sought|made|proposed|suggested) (the |a |this )?(\w+ )?(call|conversation|talks)|^(?: side)?,? (?:who|that) (asked for|requested|initiated|placed|sought|called|phoned|rang|dialled|dialed|made the call|reached out)\b|^ (?:had |has )?(?:called|phoned|rang|dialled|dialed|telephoned) (?:him|her) (?:to|on|last|late|earlier|this|yesterday|about)\b`).When(initAfterGate)
	dialAfter  = words.Regexp(`(?i)^ (?:\w+ )?(phoned|rang|dialled|dialed|dials|telephoned|called|calls|phones|rings|picks up the phone to|picked up the phone to|placed a call to|put in a call to)(?: up)?(?: [\w'’.-]+){0,4}\s*$`)
)

// initiator returns who placed the call, as stated in s, among people,
// who led the countries homes (one list a person).
func (x *Extractor) initiator(s *sentence, people []string, homes [][]string) string {
	is := func(id string) bool {
		for _, p := range people {
			if p == id {
				return true
			}
		}
		return false
	}
	resolve := func(m leaders.Match) string {
		if m.Leader != "" && is(m.Leader) {
			return m.Leader
		}
		if m.Country != "" {
			for i, p := range people {
				if slices.Contains(homes[i], m.Country) {
					return p
				}
			}
		}
		return ""
	}
	if !s.callNoun() && !s.has(classDial) && !whoCalled.MatchString(s.lower) {
		return ""
	}
	if who := byRequestOrder(s, resolve); who != "" {
		return who
	}
	for i, m := range s.ms {
		who := resolve(m)
		if who == "" {
			continue
		}
		// initBefore ends at the name and spans under 120 bytes: matching
		// the whole sentence before each name made name-dense text slow.
		if initBefore.MatchString(s.lower[max(0, m.Start-200):m.Start]) || initAfter.MatchString(s.lower[m.End:]) {
			return who
		}
		// "Putin phoned Trump", "Macron picks up the phone to Putin".
		if i+1 < len(s.ms) {
			n := s.ms[i+1]
			if other := resolve(n); other != "" && other != who && n.Start >= m.End && dialAfter.MatchString(s.lower[m.End:n.Start]) && !nounAfter(s.text[n.End:]) && !possessive(s.text[n.End:]) {
				return who
			}
		}
	}
	return ""
}

// dialVerbs place a call when a leader stands on either side: "Putin
// phoned Trump", "Trump dials Carney", "Albanese called up Takaichi".
var dialVerbs = words.Set("phoned", "rang", "dialled", "dialed", "dials", "telephoned", "called", "calls", "phones", "rings")

// possessive spots "Macron called Putin's claims absurd": the name owns
// what was called something.
func possessive(s string) bool { return strings.HasPrefix(s, "'s") || strings.HasPrefix(s, "’s") }

// whoCalled is "it was Erdogan who called", "the US side that reached out".
// A match opens on "who " or "that " and ends at most 16 bytes after
// ("that reached out").
var whoCalled = words.Regexp(`(?i)\b(who|that) (called|phoned|rang|dialled|dialed|reached out)\b`).Around([]string{"who ", "that "}, 0, 16)

// requestOrder names the caller by his place in the sentence: Chinese and
// Russian readouts say their leader spoke with another "upon request" (the
// other asked), others "at the latter's request".
var requestOrder = words.Regexp(`(?i)\b(?:(?:up)?on|at) (?:the )?request\b(?: of the (former|latter)\b)?(?:\s+of)?|\bat the (former|latter)(?:'s|’s) (?:request|initiative)\b`).
	Needs("request", "initiative")

// byRequestOrder reads requestOrder in a sentence naming two of the call's
// people: "upon request" and "the latter" are the second named, "the
// former" the first. "At the request of Putin" is initBefore's.
func byRequestOrder(s *sentence, resolve func(leaders.Match) string) string {
	m := requestOrder.FindStringSubmatchIndex(s.lower)
	if m == nil {
		return ""
	}
	which := ""
	switch {
	case m[2] >= 0:
		which = s.lower[m[2]:m[3]]
	case m[4] >= 0:
		which = s.lower[m[4]:m[5]]
	case strings.HasSuffix(s.lower[m[0]:m[1]], "of"):
		return "" // "at the request of Kyiv": the name follows
	default:
		which = "latter"
	}
	var named []string
	for _, lm := range s.ms {
		if lm.Start > m[0] {
			break
		}
		if who := resolve(lm); who != "" && !slices.Contains(named, who) {
			named = append(named, who)
		}
	}
	if len(named) != 2 {
		return ""
	}
	if which == "former" {
		return named[0]
	}
	return named[1]
}

// nounAfter spots "called Zelensky a dictator": a name followed by what he
// was called, not a phone call.
var nounAfterRE = words.Compile(`^(?:'s|’s)?\s+(a|an|the|his|her|their|our|its|"|“|')\b`)

func nounAfter(s string) bool { return nounAfterRE.MatchString(s) }

var ordinalRE = words.Regexp(`(?i)\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\b (?:publicly (?:known|confirmed) |known |phone |telephone |such )?(call|conversation|time|phone call|telephone conversation)`).When(ordinalGate)

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}

// ordinal is the rank a sentence gives the call ("the ninth call since
// January"); l is the sentence lowered by words.Lower.
func ordinal(l string) int {
	if !words.Contains(l, "call") && !words.Contains(l, "conversation") && !words.Contains(l, "time") {
		return 0
	}
	m := ordinalRE.FindStringSubmatch(l)
	if m == nil {
		return 0
	}
	w := strings.ToLower(m[1])
	if v, ok := ordinals[w]; ok {
		return v
	}
	v, _ := strconv.Atoi(strings.TrimRight(w, "stndrh"))
	return v
}

var toneWords = []string{"highly productive", "productive", "constructive", "positive", "frank", "substantive", "warm", "cordial",
	"friendly", "businesslike", "candid", "tense", "difficult", "excellent", "fantastic", "very good", "good", "serious", "long and meaningful", "meaningful"}

var toneRE = words.Regexp(`(?i)\b(` + strings.Join(toneWords, "|") + `)\b`)

// readoutRE finds who gave an account of the call: "Kremlin aide Yuri
// Ushakov", "press secretary Jen Psaki", "on his Truth Social platform".
var readoutRE = words.Compile(`\b(?:aide|adviser|advisor|spokesman|spokeswoman|spokesperson|press secretary|Deputy Chief of Staff|chief of staff|secretary)\s+((?:[A-Z][a-z'’-]+\s){1,2}[A-Z][a-z'’-]+)|\b(Truth Social|Xinhua|CCTV|the Kremlin|the White House|the Elysee|the Élysée|Downing Street|the presidential office|the foreign ministry|Netanyahu's office|the French presidency)\b`).
	Tail(readoutFrom)

// readoutStarts are the words readoutRE's matches open with.
var readoutStarts = []string{"aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "press secretary",
	"Deputy Chief of Staff", "chief of staff", "secretary", "Truth Social", "Xinhua", "CCTV", "the Kremlin", "the White House",
	"the Elysee", "the Élysée", "Downing Street", "the presidential office", "the foreign ministry", "Netanyahu's office",
	"the French presidency"}

// readoutFrom is the first of readoutStarts in s: readoutRE, which opens
// with no literal, is tried from there on rather than from every byte.
func readoutFrom(s string) (int, bool) {
	at := -1
	for _, w := range readoutStarts {
		// One before at lies within at+len(w).
		end := len(s)
		if at >= 0 {
			end = min(end, at+len(w))
		}
		if i := words.Index(s[:end], w); i >= 0 {
			at = i
		}
	}
	return at, at >= 0
}

var quoteRE = words.Compile(`[“"]([^”"]{25,400})[”"]`).Tail(quoteFrom)

// quoteFrom is where quoteRE's first match may start: the first opening
// quotation mark. Its long counted repetition makes every byte tried
// before it costly.
func quoteFrom(s string) (int, bool) {
	i := strings.IndexByte(s, '"')
	if j := words.Index(s, "“"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i, i >= 0
}

var speechRE = words.Regexp(`(?i)\b(said|says|wrote|writes|told|posted|added|stated|declared)\b`)

// topicWords are the words that signal each of summaries.Topics: single
// words, or two-word phrases written "a b".
var topicWords = map[string]phrases{
	"ceasefire":             phraseSet("ceasefire", "cease fire", "truce", "halt to"),
	"energy infrastructure": phraseSet("energy infrastructure", "energy facilities", "energy sites", "energy targets", "power plant", "power plants", "power station", "power stations", "nuclear plant", "nuclear station"),
	"prisoner exchange":     phraseSet("prisoner", "prisoners", "swap", "detainee", "detainees", "hostage", "hostages"),
	"sanctions":             phraseSet("sanction", "sanctions"),
	"trade":                 phraseSet("trade", "tariff", "tariffs", "rare earth", "rare earths", "export", "exports", "import", "imports"),
	"weapons deliveries":    phraseSet("patriot", "patriots", "air defence", "air defense", "weapons", "missile", "missiles", "munitions"),
	"summit planning":       phraseSet("summit", "in person", "face to", "visit", "invited", "invitation", "invite"),
	"Middle East":           phraseSet("middle east", "iran", "israel", "gaza", "hamas", "syria", "lebanon"),
	"nuclear":               phraseSet("nuclear"),
	"Taiwan":                phraseSet("taiwan"),
	"peace talks":           phraseSet("negotiation", "negotiations", "negotiate", "negotiating", "peace talks", "peace deal", "peace accord", "peace process", "peace plan", "memorandum", "settlement"),
	"security guarantees":   phraseSet("security guarantee", "security guarantees"),
}

// phrases is a set of words and two-word phrases ("energy facilities"),
// matched against a sentence's tokens.
type phrases map[string][]string

// first word → second words ("" for a word alone)

func phraseSet(list ...string) phrases {
	ps := phrases{}
	for _, p := range list {
		first, second, _ := strings.Cut(p, " ")
		ps[first] = append(ps[first], second)
	}
	return ps
}

// hasOutcome reports a word of toks that opens with one of
// outcomePrefixes: each word is held only to those that open like it.
func hasOutcome(toks []leaders.Token) bool {
	for _, t := range toks {
		if t.Norm == "" {
			continue
		}
		for _, p := range outcomeStems[t.Norm[0]] {
			if strings.HasPrefix(t.Norm, p) {
				return true
			}
		}
	}
	return false
}

// agreeWords mark an agreement or a next step.
var agreeWords = words.Set("agreed", "agree", "agreement", "decided", "pledged", "promised", "committed")

// outcomePrefixes mark what leaders did on a call: the substance of a readout.
var outcomePrefixes = []string{"agree", "refus", "reject", "decid", "invit", "propos", "pledg", "promis", "urg", "warn",
	"condemn", "congratulat", "thank", "offer", "accept", "demand", "insist", "stress", "reaffirm", "welcom"}

// outcomeStems are outcomePrefixes by their first byte.
var outcomeStems = func() (t [256][]string) {
	for _, p := range outcomePrefixes {
		t[p[0]] = append(t[p[0]], p)
	}
	return t
}()

// durationWords are the words a sentence giving a call's length uses.
var durationWords = words.Set("call", "calls", "called", "conversation", "phone", "phoned", "rang", "telephone", "telephoned",
	"talk", "talked", "talks", "spoke", "spoken", "discussed", "lasted", "lasting", "length", "ran", "run", "spent", "line",
	"video", "conference", "long", "hourlong", "running", "began", "ended", "started", "finished")

// readoutWords are cheap evidence that readoutRE may match.
var readoutWords = words.Set("aide", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "secretary", "staff",
	"truth", "xinhua", "cctv", "kremlin", "white", "elysee", "downing", "office", "ministry", "presidency")

// recallWords and toneFirst gate recallPhrase and toneRE.
var (
	recallGate = words.Set("last", "previous", "previously", "earlier", "prior", "spoken", "talked", "follow", "followed", "since")
	videoGate  = words.Set("video", "videoconference", "virtual", "videocall")
	toneGate   = func() map[string]bool {
		set := map[string]bool{}
		for _, w := range toneWords {
			first, _, _ := strings.Cut(w, " ")
			set[first] = true
		}
		return set
	}()
)

// callNoun reports a call word proper, not just a talk verb: "Putin's
// initiative" is a call's initiative only where a call is spoken of.
func (s *sentence) callNoun() bool {
	cls := s.classes()
	for i, class := range cls {
		if class&classCall != 0 && !notCall(s.toks, i) {
			return true
		}
	}
	return false
}

func readouts(s *sentence) [][]string {
	if !s.has(classReadout) {
		return nil
	}
	return readoutRE.FindAllStringSubmatch(s.text, -1)
}

// unitWindows are the windows of l, in order and apart, around the words
// "hour" and "minute"/"min", where unitMatches tries the duration
// patterns: the patterns open with a long alternation of numbers that is
// slow to try at every position of a sentence. They are found once for
// all the patterns.
func unitWindows(l string) [][2]int {
	var out [][2]int
	end := 0 // the text already in a window
	for i := 0; i < len(l); {
		j := strings.Index(l[i:], "hour")
		k := strings.Index(l[i:], "min")
		if j < 0 || (k >= 0 && k < j) {
			j = k
		}
		if j < 0 {
			break
		}
		at := i + j
		from := max(end, at-60)
		if sp := strings.LastIndexByte(l[:from+1], ' '); from > 0 && sp >= 0 && sp >= end {
			from = sp
		} else if from > end {
			from = end
		}
		to := min(len(l), at+40)
		for to < len(l) && l[to] != ' ' {
			to++
		}
		out = append(out, [2]int{from, to})
		end = to
		i = to
	}
	return out
}

// unitMatches runs a duration pattern in the windows of unitWindows, only
// those that hold the words its matches hold ("minister" holds "min", but
// no pattern's match).
func unitMatches(re *words.Pattern, need, l string, wins [][2]int) [][]int {
	var out [][]int
	for _, w := range wins {
		from, to := w[0], w[1]
		if !unitWindow(need, l[from:to]) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(l[from:to], -1) {
			for x := range m {
				if m[x] >= 0 {
					m[x] += from
				}
			}
			out = append(out, m)
		}
	}
	return out
}
