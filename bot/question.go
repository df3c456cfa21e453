package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"readout/summaries"
	"readout/summaries/leaders"
)

// Intent is what a question asks for; its value is the JSON contract's
// "intent".
type Intent string

const (
	IntentLatest    Intent = "latest"    // "latest trump putin call"
	IntentWhen      Intent = "when"      // "when did trump last talk to xi"
	IntentDuration  Intent = "duration"  // "how long was the last trump putin call"
	IntentInitiator Intent = "initiator" // "who called whom?"
	IntentDiscuss   Intent = "discuss"   // "what did trump and putin discuss"
	IntentAgreed    Intent = "agreed"    // "what did they agree?"
	IntentSides     Intent = "sides"     // "kremlin vs white house readout"
	IntentList      Intent = "list"      // "trump putin calls this year"
	IntentCount     Intent = "count"     // "how many times have trump and putin spoken"
	IntentCompare   Intent = "compare"   // "compare the last two trump putin calls"
	IntentDid       Intent = "did"       // "did biden and xi talk in 2024"
	IntentHelp      Intent = "help"
	IntentUnknown   Intent = "unknown"
)

// Question is a chat question parsed into what to look up.
type Question struct {
	Intent  Intent
	Leaders []string // leader IDs that must all have taken part
	// Parties are the leaders as asked: each a set of alternatives, one of
	// which must have taken part ("india" is its prime minister or its
	// president).
	Parties  [][]string
	From, To time.Time // the period asked about; zero when open
	Spans    []span    // periods named for one call each, newest first
	Period   string    // the period as said ("in 2024"), for the answer
	Medium   summaries.Medium
	// Words are what is left once leaders, periods and filler are removed:
	// topics, places and things the call must be about.
	Words []string
	// Context are the Words said before any clause that only places the
	// call in time ("before meeting zelensky at mar-a-lago").
	Context []string
	// ReadAs says how ambiguous parts were read: "'trmup' as Donald Trump".
	ReadAs []string
	// Named reports whether the question itself named leaders, a period or
	// words; a follow-up that names none is about the previous call.
	Named bool
	// Oldest asks for the first call rather than the latest.
	Oldest bool
	// standalone says a question about calls in a period stands on its
	// own ("any calls today?") rather than continuing ("and in 2025?").
	standalone bool
	// pronoun says the question points back at leaders named before:
	// "did they discuss tomahawks?".
	pronoun bool
	// explicitIntent is false when only the default shape was left
	// ("and in 2025?"), so a follow-up keeps the shape it follows.
	explicitIntent bool
}

var intentRules = []struct {
	intent Intent
	re     *pattern
}{
	{IntentHelp, lazy(`^\s*/?(help|commands|usage|what can you do|how do i use)\b`)},
	{IntentList, lazy(`^\s*(list |show )?(all )?(the )?calls\b`)},
	{IntentSides, lazy(`\b(each side|each say|vs\.?|versus|versions?|readouts|accounts)\b|\bsay\b.*\bsay\b|\bside (say|said|report)\b|\bwhat did (the )?(kremlin|white house|beijing|moscow|washington|kyiv|downing street|elysee|riyadh|ankara|new delhi|ottawa|berlin|rome|paris|london)\b.*\b(say|report)\b`)},
	{IntentCompare, lazy(`\b(compare|differ|different from|difference)\b`)},
	{IntentDuration, lazy(`\b(how long|duration|length|how many minutes|how many hours)\b`)},
	{IntentCount, lazy(`\b(how many|how often|number of|count)\b`)},
	{IntentInitiator, lazy(`\bwho (called|initiated|placed|made|proposed|requested|asked for|rang|phoned|started|dialled)\b|\bother way round\b|\binitiated\b|\b(call|called|calling|phone|phoned|phoning|ring|rang) \w+( \w+)? or\b.*\b(call|called|calling|phone|phoned|phoning|ring|rang)\b|\b(whose (call|initiative|idea|request)|at whose)\b`)},
	{IntentAgreed, lazy(`\b(agree|agreed|agreement|agreements|came out of|next steps?|outcome|decided)\b`)},
	{IntentWhen, lazy(`^\s*when\b`)},
	{IntentList, lazy(`\b(which leaders|with whom|who (did|has|have) (the )?\w+( \w+)? (speak|spoken|spoke|talk|talked|call|called))\b`)},
	{IntentDid, lazy(`^\s*(did|has|have|had|was there|were there|is there)\b`)},
	{IntentDiscuss, lazy(`\b(discuss|discussed|talk about|talked about|speak about|spoke about|what about|agenda|topics|subjects|what was said|say about|said about|what happened|summary|summari[sz]e|recap|highlights|key points|main points|tell|what'?s in|what is in|what was in|key points|details)\b`)},
	{IntentList, lazy(`\b(calls|list|all|every|show)\b`)},
}

// reLatest marks a question about the newest call, whatever else it says.
var reLatest = lazy(`\b(latest|last|most recent|newest|recent|anything new|any calls)\b`)

// reContext starts a clause that only places the call in time: leaders
// named after it ("before meeting zelensky") are not asked about.
var reContext = lazy(`\b(before|after|ahead of|following|prior to)\b`)

// topicBefore ends the text before a country named as a topic.
var topicBefore = lazy(`\b(about|on|over|regarding|concerning|in)\s+(the\s+)?$`)

// placeNouns follow a place that is an occasion, not a government:
// "the budapest summit".
var placeNouns = map[string]bool{"summit": true, "meeting": true, "talks": true, "visit": true, "format": true, "process": true, "declaration": true}

// headNouns join the word before them into one free phrase: "energy
// strikes", "black sea".
var headNouns = map[string]bool{"summit": true, "strikes": true, "exchange": true, "sea": true, "deal": true, "truce": true,
	"guarantees": true, "infrastructure": true, "prices": true, "assets": true, "force": true, "corridor": true, "framework": true,
	"visit": true, "talks": true, "hub": true, "agreement": true}

// callPossessions follow a possessive that still names a party: "Trump's
// call", "Moscow's version".
var callPossessions = map[string]bool{"call": true, "calls": true, "phone": true, "video": true, "conversation": true,
	"conversations": true, "version": true, "readout": true, "account": true, "side": true, "talks": true, "latest": true, "last": true}

// titleAliases are titles said without a country.
var titleAliases = []struct {
	re     *pattern
	office [2]string // country, title
}{
	{lazy(`\b(the )?potus\b`), [2]string{"US", "president"}},
	{lazy(`\b(the )?crown prince\b`), [2]string{"SA", "crown prince"}},
}

// reSlashDate is a numeric date: day first unless the second number
// cannot be a month (3/18/2025).
var reSlashDate = lazy(`\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b`)

func slashDate(s string) string {
	m := reSlashDate.FindStringSubmatch(s)
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	day, month := a, b
	if b > 12 && a <= 12 {
		day, month = b, a
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return s
	}
	return fmt.Sprintf("%s-%02d-%02d", m[3], month, day)
}

var (
	reCallWord  = lazy(`\bcalls?\b`)
	reContinues = lazy(`^\s*(and|what about|how about|also|same)\b`)
	rePronoun   = lazy(`\b(they|them|their|he|she|him|her|both|the two|that call|this call|the call|it)\b`)
	reOldest    = lazy(`\b(first|earliest|oldest)\b`)
	reVideo     = lazy(`\bvideo\b`)
	reAnyCalls  = lazy(`\bany calls\b`)
	reListWords = lazy(`\b(list|all|every|calls)\b`)
)

// ParseQuestion reads a chat question. now anchors relative periods;
// titles ("the US president") resolve to whoever held the office in the
// period asked about.
func ParseQuestion(text string, now time.Time, g *leaders.Gazetteer) Question {
	return parseQuestion(text, now, g, newNameIndex(g))
}

func parseQuestion(text string, now time.Time, g *leaders.Gazetteer, ix *nameIndex) Question {
	q := Question{}
	lower := strings.ToLower(strings.TrimSpace(text))
	lower = strings.NewReplacer("’", "'", "–", "-", "—", "-").Replace(lower)
	// "18/03/2025" is a date; "trump/putin" two leaders.
	lower = reSlashDate.ReplaceAllStringFunc(lower, slashDate)
	lower = strings.ReplaceAll(lower, "/", " ")
	if lower == "" || lower == "?" {
		q.Intent = IntentHelp
		return q
	}
	p, rest := parsePeriod(lower, now)
	q.From, q.To, q.Spans, q.Period = p.From, p.To, p.Spans, p.Said
	if p.ReadAs != "" {
		q.ReadAs = append(q.ReadAs, "'"+p.Said+"' as "+p.ReadAs)
	}
	at := summaries.Day(now)
	if !q.To.IsZero() && q.To.Before(at) {
		at = q.To.AddDate(0, 0, -1)
	} else if len(q.Spans) > 0 {
		at = q.Spans[0].From
	}
	spans, contextAt := q.findLeaders(rest, at, g, ix)
	q.Words = freeWords(rest, spans, ix)
	if contextAt < len(rest) {
		q.Context = freeWords(rest[:contextAt], spans, ix)
	}
	switch {
	case reVideo.MatchString(lower):
		q.Medium = summaries.Video
	}
	q.Named = len(q.Leaders) > 0 || !q.From.IsZero() || len(q.Spans) > 0 || len(q.Words) > 0 || q.Medium != ""
	q.Intent = IntentLatest
	for _, r := range intentRules {
		if r.re.MatchString(lower) {
			q.Intent, q.explicitIntent = r.intent, true
			break
		}
	}
	if q.Intent == IntentList && reAnyCalls.MatchString(rest) {
		q.Intent = IntentLatest
	}
	if q.Intent == IntentList && reLatest.MatchString(rest) && !reListWords.MatchString(rest) {
		q.Intent = IntentLatest
	}
	if !q.explicitIntent && reLatest.MatchString(rest) {
		q.explicitIntent = true
	}
	// "putin trump call tomahawks budapest", "mar-a-lago": a subject with
	// no question about it asks for the calls about it.
	if !q.explicitIntent && len(q.Words) > 0 {
		q.Intent = IntentList
	}
	q.Oldest = reOldest.MatchString(rest)
	q.pronoun = rePronoun.MatchString(rest)
	q.standalone = reCallWord.MatchString(lower) && !reContinues.MatchString(lower)
	if len(q.Spans) == 1 {
		q.From, q.To, q.Spans = q.Spans[0].From, q.Spans[0].To, nil
	}
	return q
}

// findLeaders reads who is asked about and returns the spans of text that
// named them (or places and titles used as context), so that they are not
// also free words.
func (q *Question) findLeaders(rest string, at time.Time, g *leaders.Gazetteer, ix *nameIndex) (spans [][2]int, contextAt int) {
	toks := leaders.Tokenize(rest)
	found := g.FindTokens(rest, toks, at, leaders.Query)
	for _, ta := range titleAliases {
		office := ta.office
		for _, loc := range ta.re.FindAllStringIndex(rest, -1) {
			overlaps := false
			for _, m := range found {
				if loc[0] < m.End && loc[1] > m.Start {
					overlaps = true
				}
			}
			if id, ok := g.Holder(office[0], office[1], at); ok && !overlaps {
				found = append(found, leaders.Match{Start: loc[0], End: loc[1], Kind: leaders.KindTitle, Leader: id, Country: office[0]})
			}
		}
	}
	fuzzy := fuzzyLeaders(toks, found, ix, at)
	for _, m := range fuzzy {
		q.ReadAs = append(q.ReadAs, "'"+rest[m.Start:m.End]+"' as "+g.Name(m.Leader))
	}
	found = append(found, fuzzy...)
	sortMatches(found)
	contextAt = len(rest)
	if loc := reContext.FindStringIndex(rest); loc != nil {
		for _, m := range found {
			if m.End <= loc[0] && m.Kind != leaders.KindCountry {
				contextAt = loc[0]
				break
			}
		}
	}
	people, persons := 0, map[string]bool{}
	for _, m := range found {
		if m.Kind != leaders.KindCountry && m.Start < contextAt {
			people++
			persons[m.Leader] = true
		}
	}
	seen := map[string]bool{}
	add := func(id string, party []string) {
		if id != "" && !seen[id] {
			seen[id] = true
			q.Leaders = append(q.Leaders, id)
			q.Parties = append(q.Parties, party)
		}
	}
	for _, m := range found {
		next := nextWord(toks, m.End)
		if m.Kind == leaders.KindCountry {
			// "the budapest summit", "a call about Iran", or a place beside
			// two leaders already named: a subject, not a party.
			if placeNouns[next] || topicBefore.MatchString(rest[:m.Start]) || m.Start >= contextAt {
				continue
			}
			if people >= 2 {
				// "what did beijing say about the trump xi call": the
				// government of a leader asked about is that leader.
				for _, id := range g.Holders(m.Country, at) {
					if persons[id] {
						spans = append(spans, [2]int{m.Start, m.End})
						break
					}
				}
				continue
			}
			spans = append(spans, [2]int{m.Start, m.End})
			party := g.Holders(m.Country, at)
			id, _ := g.Holder(m.Country, "leader", at)
			if id == "" && len(party) > 0 {
				id = party[0]
			}
			if len(party) == 0 && id != "" {
				party = []string{id}
			}
			add(id, party)
			continue
		}
		spans = append(spans, [2]int{m.Start, m.End})
		if m.Start >= contextAt {
			continue // "before meeting zelensky": context, not a party
		}
		// "after Trump's inauguration": an occasion, not a party.
		if possessive(toks, m) && !callPossessions[next] && people > 2 {
			continue
		}
		if m.Kind == leaders.KindTitle || m.Kind == leaders.KindSeat {
			if m.Leader != "" {
				q.ReadAs = append(q.ReadAs, "'"+strings.TrimSpace(rest[m.Start:m.End])+"' as "+g.Name(m.Leader))
			}
		}
		add(m.Leader, []string{m.Leader})
	}
	return spans, contextAt
}

// nextWord is the word after byte offset end.
func nextWord(toks []leaders.Token, end int) string {
	for _, t := range toks {
		if t.Start >= end {
			return t.Norm
		}
	}
	return ""
}

func sortMatches(ms []leaders.Match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// possessive reports a name written as an owner: "Trump's inauguration".
func possessive(toks []leaders.Token, m leaders.Match) bool {
	for _, t := range toks {
		if t.End == m.End {
			return t.Poss
		}
	}
	return false
}

// filler is what questions say around their subject.
var filler = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`latest last recent most newest call calls called calling phone phoned video conversation
		conversations talk talked talks talking speak spoke spoken speaking did do does doing when what whats how long was were is
		the a an and with to between in of on about discuss discussed discussing ever have has had their they there this that me tell told
		show give please any s summary telephone time times it by readout readouts for since during week month year today yesterday
		all list which who whom president leaders leader prime minister he she held say said says his her its my our your news
		anything recently happen happened know new can could would will should i you we hold get got up again first agree
		agreed agreement agreements been be are lately conference virtual meeting met meet meets ring rang dialled contact
		contacts chat chatted many often number count counted so far anyone anybody where each side sides version versions vs
		versus account accounts compare compared differ differed different difference previous one ones two both other way round
		or initiated initiate placed place made make proposed propose requested request asked ask started who's whom
		came come out next step steps outcome decided agenda subjects subject topics topic said mentioned mention mentioning
		day days before after ahead following prior just duration length minutes hours long lasted last happen between every
		than then from at did't didn't hasn't haven't also ever lately help use bot commands command leader's calls'
		there's it's what's who's when's 've 're 'll 'd 's let us get whether already yet still more
		key points main highlights recap summarise summarize summarised details detail tell told happened
		early late mid earlier later recently exactly roughly approximately around actually really currently now ago past
		regarding concerning via dialogue involving including featuring involved spoke? been anything something did they know hear heard update updates info information
		may might must shall wonder wondering curious whose initiative idea calling phoning`) {
		filler[w] = true
	}
}

// freeWords is what the question says beyond leaders, period and filler:
// the topics, places and things a call must be about. Words next to each
// other stay together when the second is a head noun ("energy strikes").
func freeWords(rest string, spans [][2]int, ix *nameIndex) []string {
	b := []byte(rest)
	for _, sp := range spans {
		for i := sp[0]; i < sp[1] && i < len(b); i++ {
			b[i] = ' '
		}
	}
	var words []string
	prevKept := false
	for _, w := range strings.FieldsFunc(string(b), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '\'' || r > 127)
	}) {
		w = strings.Trim(w, "-'")
		w = strings.TrimSuffix(w, "'s")
		if w == "" || filler[w] || strings.Trim(w, "0123456789") == "" || len(w) < 2 {
			prevKept = false
			continue
		}
		// A misspelt name already read as a leader ("jinpng") is not a topic.
		if id := fuzzyName(w, ix); id != "" {
			prevKept = false
			continue
		}
		if prevKept && headNouns[w] {
			words[len(words)-1] += " " + w
			prevKept = false
			continue
		}
		words = append(words, w)
		prevKept = true
	}
	return words
}
