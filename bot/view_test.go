package bot_test

import (
	"testing"
	"time"

	"readout/bot"
	"readout/summaries"
	"readout/summaries/leaders"
)

// A call no coverage dates yet is shown undated, never in year 1.
func TestUndatedCallsAreSaidUndated(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	w := bot.NewWriter(g)
	c := summaries.Call{ID: 7, Participants: []string{"recep-tayyip-erdogan", "vladimir-putin"}, Medium: summaries.Phone}
	if v := w.View(c); v.Date != nil {
		t.Errorf("undated view has date %q", *v.Date)
	}
	if m := w.CallMessage(c); m.Title != "Erdogan and Putin · phone call · an unknown date" {
		t.Errorf("title %q", m.Title)
	}
	c.Date = time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)
	if v := w.View(c); v.Date == nil || *v.Date != "2025-03-18" || bot.Day(c.Date) != "18 March 2025" {
		t.Errorf("dated view %v, day %q", v.Date, bot.Day(c.Date))
	}
}
