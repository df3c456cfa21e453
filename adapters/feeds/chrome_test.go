package feeds

import "testing"

func TestIsChrome(t *testing.T) {
	chrome := []string{
		"https://img.wire-example.test/2026/02/modi-starmer-call.jpg",
		"www.example.test/page",
		"photo-2026-call.jpeg",
		"Contact us: newsdesk@wire-example.test",
		"Updated 14:32 GMT",
		"14:32",
		"3 hours ago",
		"Published: February 11, 2026",
		"March 3, 2026 at 9:15 am",
		"Tags: Turkey, Russia, Diplomacy",
		"By Staff Writer",
		"By Anna Weber and Tom Hall",
	}
	for _, s := range chrome {
		if !isChrome(s) {
			t.Errorf("isChrome(%q) = false, want true", s)
		}
	}
	prose := []string{
		"By Tuesday the two leaders had agreed to talk again.",
		"Putin thanked Erdogan for his mediation efforts.",
		"The call lasted about 40 minutes, according to a statement.",
		"Trump and Xi hold 90-minute call on trade",
		"Carney wrote to ministers at contact@gov later.",
	}
	for _, s := range prose {
		if isChrome(s) {
			t.Errorf("isChrome(%q) = true, want false", s)
		}
	}
}
