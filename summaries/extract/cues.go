package extract

import (
	"readout/summaries/internal/words"
	"readout/summaries/leaders"
)

// The word lists below are how coverage of leader calls is worded in
// English news style: they describe the genre, not any one article.

// callNouns and callVerbs say that a conversation at a distance happened
// (or is talked about). Talk verbs ("spoke", "talked") are weaker: they need
// two leaders or "with <leader>" to count.
var (
	callWords = words.Set("call", "calls", "phone", "phoned", "phones", "phoning", "telephone", "telephoned",
		"rang", "ring", "dialled", "dialed", "dialling", "dialing", "videoconference", "teleconference",
		"videocall", "conversation", "conversations", "line")
	talkWords = words.Set("spoke", "speak", "spoken", "speaks", "speaking", "talked", "talk", "talking",
		"talks", "chatted", "discussed", "discuss", "discusses", "discussing")
	videoWords = words.Set("video", "videoconference", "virtual", "videocall", "screen", "screens", "online")
	phoneWords = words.Set("phone", "phoned", "phones", "phoning", "telephone", "telephoned", "rang", "dialled", "dialed")
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
