package chart

import (
	"time"

	"readout/summaries"
)

var shortNames = map[string]string{
	"donald-trump":       "Trump",
	"vladimir-putin":     "Putin",
	"xi-jinping":         "Xi",
	"volodymyr-zelensky": "Zelensky",
	"narendra-modi":      "Modi",
	"emmanuel-macron":    "Macron",
	"recep-erdogan":      "Erdoğan",
}

func names(id string) string { return shortNames[id] }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func call(id int64, when time.Time, medium summaries.Medium, minutes int, who ...string) summaries.Call {
	return summaries.Call{ID: id, Participants: who, Date: when, Medium: medium, DurationMinutes: minutes}
}

// pairCalls is one pair's year and a half of calls, the lengths and media
// made up for the test: one video call, two of unknown length.
func pairCalls() []summaries.Call {
	tp := []string{"donald-trump", "vladimir-putin"}
	return []summaries.Call{
		call(1, date(2025, 2, 12), summaries.Phone, 90, tp...),
		call(2, date(2025, 3, 18), summaries.Phone, 150, tp...),
		call(3, date(2025, 5, 19), summaries.Phone, 130, tp...),
		call(4, date(2025, 6, 4), summaries.Phone, 75, tp...),
		call(5, date(2025, 6, 14), summaries.Phone, 50, tp...),
		call(6, date(2025, 7, 3), summaries.Phone, 0, tp...),
		call(7, date(2025, 8, 18), summaries.Phone, 40, tp...),
		call(8, date(2025, 10, 16), summaries.Phone, 150, tp...),
		call(9, date(2025, 12, 29), summaries.Video, 45, tp...),
		call(10, date(2026, 3, 9), summaries.Phone, 0, tp...),
	}
}

// leaderCalls is one leader's calls with several counterparts.
func leaderCalls() []summaries.Call {
	out := pairCalls()
	p := "vladimir-putin"
	return append(out,
		call(11, date(2025, 1, 21), summaries.Video, 95, p, "xi-jinping"),
		call(12, date(2025, 5, 8), summaries.Video, 60, p, "xi-jinping"),
		call(13, date(2025, 8, 8), summaries.Phone, 0, "narendra-modi", p),
		call(14, date(2025, 9, 2), summaries.Phone, 30, "narendra-modi", p),
		call(15, date(2025, 7, 1), summaries.Phone, 120, "emmanuel-macron", p),
		call(16, date(2025, 3, 18), summaries.Phone, 25, "recep-erdogan", p),
	)
}

// manyCalls is n calls spread over two years among a few pairs, lengths
// and media varying, a few with no length, deterministic.
func manyCalls(n int) []summaries.Call {
	pairs := [][]string{
		{"donald-trump", "vladimir-putin"},
		{"vladimir-putin", "xi-jinping"},
		{"donald-trump", "volodymyr-zelensky"},
		{"emmanuel-macron", "volodymyr-zelensky"},
	}
	out := make([]summaries.Call, n)
	for i := range out {
		medium := summaries.Phone
		if i%5 == 0 {
			medium = summaries.Video
		}
		minutes := 15 + (i*37)%150
		if i%11 == 0 {
			minutes = 0
		}
		out[i] = call(int64(i+1), date(2025, 1, 1).AddDate(0, 0, (i*7919)%730), medium, minutes, pairs[i%len(pairs)]...)
	}
	return out
}
