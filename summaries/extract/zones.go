package extract

import (
	"readout/summaries/internal/words"
	"strconv"
	"strings"
	"time"
)

// Records carry the UTC date of a call. A report dates a call in its own
// time zone ("just after midnight Jakarta time on Wednesday" is Tuesday in
// UTC), so a stated clock time with a zone moves the date across midnight.

// zone is a place's offset from UTC in hours, standard and summer time;
// summer is approximated by month (April to October in the north).
type zone struct {
	std, summer float64
	south       bool // summer from October to March
}

var zones = map[string]zone{
	"et": {-5, -4, false}, "edt": {-4, -4, false}, "est": {-5, -5, false}, "eastern time": {-5, -4, false},
	"washington time": {-5, -4, false}, "new york time": {-5, -4, false},
	"ct": {-6, -5, false}, "central time": {-6, -5, false}, "mt": {-7, -6, false}, "mdt": {-6, -6, false},
	"pt": {-8, -7, false}, "pdt": {-7, -7, false}, "pacific time": {-8, -7, false},
	"gmt": {0, 0, false}, "utc": {0, 0, false}, "london time": {0, 1, false}, "bst": {1, 1, false},
	"cet": {1, 1, false}, "cest": {2, 2, false}, "paris time": {1, 2, false}, "berlin time": {1, 2, false},
	"brussels time": {1, 2, false}, "rome time": {1, 2, false}, "kyiv time": {2, 3, false}, "kiev time": {2, 3, false},
	"moscow time": {3, 3, false}, "msk": {3, 3, false}, "ankara time": {3, 3, false}, "istanbul time": {3, 3, false},
	"tehran time": {3.5, 3.5, false}, "dubai time": {4, 4, false}, "gulf time": {4, 4, false}, "doha time": {3, 3, false},
	"riyadh time": {3, 3, false}, "delhi time": {5.5, 5.5, false}, "new delhi time": {5.5, 5.5, false}, "ist": {5.5, 5.5, false},
	"jakarta time": {7, 7, false}, "bangkok time": {7, 7, false}, "beijing time": {8, 8, false}, "singapore time": {8, 8, false},
	"hong kong time": {8, 8, false}, "manila time": {8, 8, false}, "tokyo time": {9, 9, false}, "seoul time": {9, 9, false},
	"jst": {9, 9, false}, "kst": {9, 9, false}, "canberra time": {10, 11, true}, "sydney time": {10, 11, true},
	"brasilia time": {-3, -3, false}, "mexico city time": {-6, -6, false},
}

var (
	clockRE   = words.Regexp(`(?i)\b(?:(\d{1,2})(?::(\d{2}))?\s*(a\.m\.|p\.m\.|am|pm)|(\d{1,2}):(\d{2})|(midnight|noon))\s+(?:in\s+|\()?([a-z]+(?: [a-z]+){0,2})`)
	zoneWords = func() []string {
		out := make([]string, 0, len(zones))
		for k := range zones {
			out = append(out, k)
		}
		return out
	}()
)

// utcShift returns the days to add to a local date for a clock time with a
// zone stated in s ("began at 10 p.m. Washington time"): -1, 0 or 1.
func utcShift(s string, day time.Time) (int, bool) {
	l := words.Lower(s)
	if !strings.Contains(l, "time") && !strings.Contains(l, " gmt") && !strings.Contains(l, " utc") && !strings.Contains(l, " et") {
		return 0, false
	}
	for _, m := range clockRE.FindAllStringSubmatch(l, -1) {
		z, ok := zoneOf(m[7])
		if !ok {
			continue
		}
		var hour, minute float64
		switch {
		case m[1] != "":
			h, _ := strconv.Atoi(m[1])
			mm, _ := strconv.Atoi(m[2])
			if h < 1 || h > 12 || mm > 59 {
				continue
			}
			hour, minute = float64(h%12), float64(mm)
			if strings.HasPrefix(m[3], "p") {
				hour += 12
			}
		case m[4] != "":
			h, _ := strconv.Atoi(m[4])
			mm, _ := strconv.Atoi(m[5])
			if h > 23 || mm > 59 {
				continue
			}
			hour, minute = float64(h), float64(mm)
		case m[6] == "noon":
			hour = 12
		}
		utc := hour + minute/60 - z.offset(day.Month())
		switch {
		case utc < 0:
			return -1, true
		case utc >= 24:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// zoneOf finds the zone a clock time is followed by: "washington time",
// "et", "gmt".
func zoneOf(words string) (zone, bool) {
	for _, k := range zoneWords {
		if words == k || strings.HasPrefix(words, k+" ") {
			return zones[k], true
		}
	}
	return zone{}, false
}

func (z zone) offset(m time.Month) float64 {
	summer := m >= time.April && m <= time.October
	if z.south {
		summer = !summer
	}
	if summer {
		return z.summer
	}
	return z.std
}
