package feeds

import (
	"testing"
	"time"
)

func TestParseDateLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // RFC 3339, empty: not a date line
	}{
		{"Published: February 11, 2026", "2026-02-11T00:00:00Z"},
		{"Date: 2026-04-10", "2026-04-10T00:00:00Z"},
		{"March 3, 2026 at 9:15 am", "2026-03-03T09:15:00Z"},
		{"Published: Tuesday, January 20, 2026", "2026-01-20T00:00:00Z"},
		{"Updated on 12 May 2026, 14:32 GMT", "2026-05-12T14:32:00Z"},
		{"Published: 2026-03-17T15:10:00Z", "2026-03-17T15:10:00Z"},
		{"Feb. 11, 2026 9:30 p.m. ET", "2026-02-12T02:30:00Z"},
		{"July 4, 2025 | 5:30 PM", "2025-07-04T17:30:00Z"},
		{"May 12, 2026", "2026-05-12T00:00:00Z"},
		{"Trump and Putin spoke on March 18, 2025 about energy", ""},
		{"March 18", ""},
		{"Published: April 31, 2026", ""},
		{"2 Comments", ""},
	} {
		got, ok := dateText(c.in)
		if c.want == "" {
			if ok {
				t.Errorf("dateText(%q) = %v, want no date line", c.in, got)
			}
			continue
		}
		want, _ := time.Parse(time.RFC3339, c.want)
		if !ok || !got.Equal(want) {
			t.Errorf("dateText(%q) = %v, %v; want %v", c.in, got, ok, want)
		}
	}
}
