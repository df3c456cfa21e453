package bot

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"readout/summaries"
	"readout/summaries/leaders"
)

// Intent is what a question asks for.
type Intent int

const (
	IntentLatest   Intent = iota // "latest trump putin call"
	IntentWhen                   // "when did trump last talk to xi"
	IntentDuration               // "how long was the last trump putin call"
	IntentDiscuss                // "what did trump and putin discuss"
	IntentDid                    // "did biden and xi talk in 2024"
	IntentList                   // "calls this week"
	IntentHelp
)

// Question is a chat question parsed into what to look up.
type Question struct {
	Intent  Intent
	Leaders []string // leader IDs that must all have taken part
	// Parties are the leaders as asked: each a set of alternatives, one of
	// which must have taken part ("qatar" is its emir or its prime minister).
	Parties [][]string
	// Countries named without a leader we could resolve.
	From, To time.Time // the period asked about; zero when open
	Period   string    // the period as said ("in 2024"), for the answer
	Medium   summaries.Medium
	// Words are what is left once leaders, periods and filler are removed:
	// a named group ("coalition of the willing") to search for.
	Words string
}

var (
	reHelp     = regexp.MustCompile(`^\s*(help|\?|commands|what can you do\??|usage)\s*$`)
	reDuration = regexp.MustCompile(`\b(how long|duration|length|how many minutes|how many hours)\b`)
	reDiscuss  = regexp.MustCompile(`\b(discuss|discussed|talk about|talked about|speak about|spoke about|what'?s in|what is in|what was in|what was said|what did they say|about what|summary|summarise|summarize|details|key points|topics|agree|agreed)\b`)
	reDid      = regexp.MustCompile(`^\s*(did|have|has|had|was there|were there|is there|do|does)\b|\bever\b`)
	reWhen     = regexp.MustCompile(`\bwhen\b`)
	reList     = regexp.MustCompile(`\b(calls|list|all)\b|^\s*(what|which) calls\b`)
	reYear     = regexp.MustCompile(`\b(?:in |during |of |for )?((?:19|20)\d\d)\b`)
	reMonthQ   = regexp.MustCompile(`\b(?:in |during |since )?(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b(?: ((?:19|20)\d\d))?`)
	reLastN    = regexp.MustCompile(`\b(?:in |over |during )?(?:the )?(?:last|past) (\d+|two|three|four|five|six|seven|ten|thirty) (days?|weeks?|months?)\b`)
)

// topicBefore ends the text before a country named as a topic.
var topicBefore = regexp.MustCompile(`\b(about|on|over|regarding|concerning)\s+(the\s+)?$`)

// filler is what questions say around their subject.
var filler = map[string]bool{
	"latest": true, "last": true, "recent": true, "most": true, "newest": true, "call": true, "calls": true,
	"phone": true, "video": true, "conversation": true, "conversations": true, "talk": true, "talked": true,
	"talks": true, "speak": true, "spoke": true, "spoken": true, "speaking": true, "did": true, "do": true,
	"does": true, "when": true, "what": true, "whats": true, "what's": true, "how": true, "long": true, "was": true,
	"were": true, "is": true, "the": true, "a": true, "an": true, "and": true, "with": true, "to": true, "between": true,
	"in": true, "of": true, "on": true, "about": true, "discuss": true, "discussed": true, "ever": true, "have": true,
	"has": true, "had": true, "their": true, "they": true, "there": true, "this": true, "that": true, "me": true,
	"tell": true, "show": true, "give": true, "please": true, "any": true, "did't": true, "s": true, "summary": true,
	"telephone": true, "calling": true, "called": true, "call?": true, "time": true, "it": true, "by": true,
	"readout": true, "for": true, "since": true, "during": true, "week": true, "month": true, "year": true,
	"today": true, "yesterday": true, "all": true, "list": true, "which": true, "who": true, "president": true,
	"leaders": true, "leader": true, "prime": true, "minister": true, "he": true, "she": true, "held": true,
	"say": true, "said": true, "says": true, "his": true, "her": true, "its": true, "my": true, "our": true, "your": true,
	"news": true, "anything": true, "recently": true, "happen": true, "happened": true, "know": true, "new": true,
	"can": true, "could": true, "would": true, "will": true, "should": true, "i": true, "you": true, "we": true,
	"hold": true, "get": true, "got": true, "up": true, "again": true, "first": true,
	"agree": true, "agreed": true, "been": true, "be": true, "are": true, "lately": true, "whom": true,
	"talking": true, "calls?": true, "conference": true, "virtual": true, "meeting": true, "ring": true, "rang": true,
	"phoned": true, "dialled": true, "contact": true, "contacts": true, "spoke?": true, "chat": true, "chatted": true,
}

// ParseQuestion reads a chat question. now anchors relative periods; titles
// ("the US president") resolve to whoever held the office in the period
// asked about.
func ParseQuestion(text string, now time.Time, g *leaders.Gazetteer) Question {
	q := Question{}
	lower := strings.ToLower(strings.TrimSpace(text))
	if reHelp.MatchString(lower) || lower == "" {
		q.Intent = IntentHelp
		return q
	}
	rest := q.parsePeriod(lower, now)
	at := now
	if !q.To.IsZero() && q.To.Before(now) {
		at = q.To.AddDate(0, 0, -1)
	}
	seen := map[string]bool{}
	var spans [][2]int
	found := g.Find(rest, at, leaders.Query)
	named := 0
	for _, m := range found {
		if m.Kind == leaders.KindName {
			named++
		}
	}
	toks := leaders.Tokenize(rest)
	for _, m := range found {
		// "a call about Iran": a country after "about" is a topic.
		if m.Kind == leaders.KindCountry && topicBefore.MatchString(rest[:m.Start]) {
			continue
		}
		spans = append(spans, [2]int{m.Start, m.End})
		if (m.Kind == leaders.KindSeat || possessive(toks, m)) && named >= 2 {
			// "after the Oval Office row", "after Trump's inauguration":
			// a place or an occasion, not a third party to the call.
			continue
		}
		id := m.Leader
		party := []string{id}
		if m.Kind == leaders.KindCountry {
			// "china" is whoever led it then: any of its leaders.
			party = g.Holders(m.Country, at)
			id, _ = g.Holder(m.Country, "leader", at)
			if id == "" && len(party) > 0 {
				id = party[0]
			}
		}
		if id != "" && !seen[id] {
			seen[id] = true
			q.Leaders = append(q.Leaders, id)
			q.Parties = append(q.Parties, party)
		}
	}
	var left []string
	prev := 0
	for _, sp := range spans {
		left = append(left, rest[prev:sp[0]])
		prev = sp[1]
	}
	left = append(left, rest[prev:])
	var words []string
	for _, w := range strings.FieldsFunc(strings.Join(left, " "), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'')
	}) {
		if !filler[w] {
			words = append(words, w)
		}
	}
	q.Words = strings.Join(words, " ")
	switch {
	case strings.Contains(lower, "video"):
		q.Medium = summaries.Video
	case strings.Contains(lower, "phone"):
		q.Medium = summaries.Phone
	}
	switch {
	case reDuration.MatchString(lower):
		q.Intent = IntentDuration
	case reDiscuss.MatchString(lower):
		q.Intent = IntentDiscuss
	case reWhen.MatchString(lower):
		q.Intent = IntentWhen
	case reDid.MatchString(lower):
		q.Intent = IntentDid
	case len(q.Leaders) == 0 && q.Words == "" && (reList.MatchString(lower) || !q.From.IsZero()):
		q.Intent = IntentList
	case len(q.Leaders) <= 1 && !q.From.IsZero() && reList.MatchString(lower):
		q.Intent = IntentList
	default:
		q.Intent = IntentLatest
	}
	return q
}

// parsePeriod finds the period a question asks about and returns the
// question without it.
func (q *Question) parsePeriod(s string, now time.Time) string {
	today := summaries.Day(now)
	cut := func(loc []int) string { return s[:loc[0]] + " " + s[loc[1]:] }
	switch {
	case strings.Contains(s, "this week"):
		wd := (int(today.Weekday()) + 6) % 7 // Monday first
		q.From, q.To, q.Period = today.AddDate(0, 0, -wd), today.AddDate(0, 0, 1), "this week"
		return strings.Replace(s, "this week", " ", 1)
	case strings.Contains(s, "last week"):
		wd := (int(today.Weekday()) + 6) % 7
		q.From, q.To, q.Period = today.AddDate(0, 0, -wd-7), today.AddDate(0, 0, -wd), "last week"
		return strings.Replace(s, "last week", " ", 1)
	case strings.Contains(s, "this month"):
		q.From = time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		q.To, q.Period = today.AddDate(0, 0, 1), "this month"
		return strings.Replace(s, "this month", " ", 1)
	case strings.Contains(s, "last month"):
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		q.From, q.To, q.Period = first.AddDate(0, -1, 0), first, "last month"
		return strings.Replace(s, "last month", " ", 1)
	case strings.Contains(s, "this year"):
		q.From = time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		q.To, q.Period = today.AddDate(0, 0, 1), "this year"
		return strings.Replace(s, "this year", " ", 1)
	case strings.Contains(s, "last year"):
		q.From = time.Date(today.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
		q.To, q.Period = q.From.AddDate(1, 0, 0), "last year"
		return strings.Replace(s, "last year", " ", 1)
	case strings.Contains(s, "today"):
		q.From, q.To, q.Period = today, today.AddDate(0, 0, 1), "today"
		return strings.Replace(s, "today", " ", 1)
	case strings.Contains(s, "yesterday"):
		q.From, q.To, q.Period = today.AddDate(0, 0, -1), today, "yesterday"
		return strings.Replace(s, "yesterday", " ", 1)
	}
	if loc := reLastN.FindStringSubmatchIndex(s); loc != nil {
		n := wordNum(s[loc[2]:loc[3]])
		unit := s[loc[4]:loc[5]]
		switch {
		case strings.HasPrefix(unit, "week"):
			q.From = today.AddDate(0, 0, -7*n)
		case strings.HasPrefix(unit, "month"):
			q.From = today.AddDate(0, -n, 0)
		default:
			q.From = today.AddDate(0, 0, -n)
		}
		q.To, q.Period = today.AddDate(0, 0, 1), strings.TrimSpace(s[loc[0]:loc[1]])
		return cut(loc)
	}
	if loc := reMonthQ.FindStringSubmatchIndex(s); loc != nil && !(s[loc[2]:loc[3]] == "may" && loc[4] < 0 && !strings.Contains(s[max(0, loc[0]-1):loc[1]], "in may")) {
		m := monthNumber(s[loc[2]:loc[3]])
		y := today.Year()
		if loc[4] >= 0 {
			y, _ = strconv.Atoi(s[loc[4]:loc[5]])
		} else if m > today.Month() {
			y-- // "in january" asked in February means this past January
		}
		q.From = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		q.To = q.From.AddDate(0, 1, 0)
		if strings.HasPrefix(strings.TrimSpace(s[loc[0]:]), "since") {
			q.To = today.AddDate(0, 0, 1)
		}
		q.Period = strings.TrimSpace(s[loc[0]:loc[1]])
		return cut(loc)
	}
	if loc := reYear.FindStringSubmatchIndex(s); loc != nil {
		y, _ := strconv.Atoi(s[loc[2]:loc[3]])
		q.From = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		q.To, q.Period = q.From.AddDate(1, 0, 0), strings.TrimSpace(s[loc[0]:loc[1]])
		return cut(loc)
	}
	return s
}

func wordNum(s string) int {
	switch s {
	case "two":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	case "six":
		return 6
	case "seven":
		return 7
	case "ten":
		return 10
	case "thirty":
		return 30
	}
	n, _ := strconv.Atoi(s)
	if n <= 0 {
		n = 1
	}
	return n
}

func monthNumber(s string) time.Month {
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m
		}
	}
	return time.January
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
