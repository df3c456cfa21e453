package summaries

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestZZDbg(t *testing.T) {
	ids := os.Getenv("ARTS")
	if ids == "" {
		t.Skip()
	}
	x := extractor(t)
	fh, _ := os.Open(os.Getenv("CORPUS"))
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ ID, URL, Title, Body, Published string }
		json.Unmarshal(sc.Bytes(), &r)
		if !strings.Contains(","+ids+",", ","+r.ID+",") {
			continue
		}
		pub, _ := time.Parse(time.RFC3339, r.Published)
		a := Article{URL: r.URL, Title: r.Title, Text: r.Body, Published: pub}
		fmt.Printf("===== %s %s | %s\n", r.ID, r.Published, r.Title)
		for _, s := range x.analyse(a) {
			if len(s.events) > 0 || os.Getenv("ALL") != "" {
				fmt.Printf("[p%d] %s\n", s.para, s.text)
			}
			for _, e := range s.events {
				fmt.Printf("    EV %v st=%d date=%v/%d rec=%v vid=%v grp=%v aside=%v\n", e.people, e.status, e.date.Format("01-02"), e.basis, e.recall, e.video, e.group, e.aside)
			}
		}
		for _, m := range x.Extract(a) {
			fmt.Printf("  => %s %v %s dur=%d init=%s\n", m.Role, m.Participants, m.Date.Format("2006-01-02"), m.DurationMinutes, m.Initiator)
		}
	}
}
