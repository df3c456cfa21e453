package feeds

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseTextSeed(t *testing.T) {
	a, err := ParseText(mustRead(t, "testdata/text/seed.txt"), "testdata/text/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://seed-wire.test/2025/01/22/okafor-pell-call" {
		t.Errorf("URL %q: the date line's URL, canonical", a.URL)
	}
	if !a.Published.Equal(time.Date(2025, 1, 22, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Published %v", a.Published)
	}
	if a.Title != "Okafor and Pell discuss the April summit by phone" {
		t.Errorf("Title %q", a.Title)
	}
	want := "Presidents Amara Okafor and Jonah Pell spoke by phone on Wednesday, their second conversation this month.\n\n" +
		"The leaders discussed the agenda for the April summit in Halden."
	if a.Text != want {
		t.Errorf("Text %q\nwant %q", a.Text, want)
	}
	if a.Outlet != "seed-wire.test" {
		t.Errorf("Outlet %q", a.Outlet)
	}
}

func TestParseTextVariants(t *testing.T) {
	abs, err := filepath.Abs("notes/call.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, in, file   string
		url, title, text string
		published        time.Time
	}{
		{
			name: "no header, no title",
			in:   "The two leaders spoke on Monday.\n\nThey agreed to talk again.",
			file: "notes/call.txt",
			url:  "file://" + filepath.ToSlash(abs),
			text: "The two leaders spoke on Monday.\n\nThey agreed to talk again.",
		},
		{
			name:      "date only, CRLF, BOM",
			in:        "\ufeffdate 2024-12-30\r\nYear-end call\r\n\r\nThey spoke about the harbour.\r\n",
			file:      "https://site.test/a",
			url:       "https://site.test/a",
			title:     "Year-end call",
			text:      "They spoke about the harbour.",
			published: time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC),
		},
		{
			name:      "URL before an RFC 3339 time",
			in:        "DATE https://b.test/x 2025-05-01T10:30:00+02:00\nHeadline here\n\nBody.",
			file:      "x.txt",
			url:       "https://b.test/x",
			title:     "Headline here",
			text:      "Body.",
			published: time.Date(2025, 5, 1, 8, 30, 0, 0, time.UTC),
		},
		{
			name: "a one-line first paragraph is not a title",
			in:   "They spoke.\n\nThen they hung up.",
			file: "https://c.test/y",
			url:  "https://c.test/y",
			text: "They spoke.\n\nThen they hung up.",
		},
		{
			name: "a lone line is body, not title",
			in:   "Leaders speak by phone",
			file: "https://c.test/z",
			url:  "https://c.test/z",
			text: "Leaders speak by phone",
		},
		{
			name: "a multi-line first paragraph is not a title",
			in:   "Leaders speak\nby phone\n\nMore.",
			file: "https://c.test/w",
			url:  "https://c.test/w",
			text: "Leaders speak by phone\n\nMore.",
		},
	}
	for _, c := range cases {
		a, err := ParseText([]byte(c.in), c.file)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if a.URL != c.url || a.Title != c.title || a.Text != c.text || !a.Published.Equal(c.published) {
			t.Errorf("%s:\n got URL %q Title %q Text %q Published %v\nwant URL %q Title %q Text %q Published %v",
				c.name, a.URL, a.Title, a.Text, a.Published, c.url, c.title, c.text, c.published)
		}
	}
}

func TestParseTextErrors(t *testing.T) {
	cases := map[string]struct {
		in   string
		want error
	}{
		"empty":             {"", ErrEmpty},
		"only whitespace":   {" \n\n\t", ErrEmpty},
		"only a date line":  {"date 2025-01-01 https://a.test/", ErrEmpty},
		"NUL":               {"abc\x00def", ErrNotText},
		"latin-1 bytes":     {"caf\xe9", ErrNotText},
		"UTF-16 with a BOM": {"\xff\xfeh\x00i\x00", ErrNotText},
	}
	for name, c := range cases {
		if _, err := ParseText([]byte(c.in), "x.txt"); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	_, err := ParseText([]byte("date tomorrow\n\nBody."), "x.txt")
	if err == nil || !strings.Contains(err.Error(), `"tomorrow"`) {
		t.Errorf("bad date line: %v", err)
	}
}

// A clipping saved by hand: page chrome above the headline, the date on a
// line of its own, paragraphs one a line.
func TestParseTextClipping(t *testing.T) {
	cases := []struct {
		name, in         string
		url, title, text string
		published        time.Time
	}{
		{
			name: "chrome, headline, labelled date, single newlines",
			in: "Skip to main content\nHome   World   Business   Sport\nLeaders of Arland and Brevia speak by phone\n" +
				"By Staff Reporter\nhttps://img.news.test/photos/call.jpg\nPublished: March 3, 2026 at 9:15 am\n" +
				"The two presidents spoke on Monday about the river treaty.\nThey agreed to meet in May.\nContact us: desk@news.test\n",
			url: "file:///tmp/clip.txt", title: "Leaders of Arland and Brevia speak by phone",
			text:      "The two presidents spoke on Monday about the river treaty.\nThey agreed to meet in May.",
			published: time.Date(2026, 3, 3, 9, 15, 0, 0, time.UTC),
		},
		{
			name: "an address line is the article's URL; an update time counts when nothing else does",
			in:   "https://wire.test/2026/05/12/call-35-minutes\nCall on the canal dispute\nUpdated on 12 May 2026, 14:32 GMT\n\nThe prime ministers spoke for 35 minutes.",
			url:  "https://wire.test/2026/05/12/call-35-minutes", title: "Call on the canal dispute",
			text:      "The prime ministers spoke for 35 minutes.",
			published: time.Date(2026, 5, 12, 14, 32, 0, 0, time.UTC),
		},
		{
			name: "a published date wins over an update",
			in:   "Call on the canal dispute\nUpdated: May 13, 2026\nPublished: May 12, 2026\n\nThe prime ministers spoke.",
			url:  "file:///tmp/clip.txt", title: "Call on the canal dispute",
			text:      "The prime ministers spoke.",
			published: time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC),
		},
		{
			name: "a dateline with a year dates the article and stays in the text",
			in:   "Ministers call\n\nHALDEN, March 3, 2026 — The two presidents spoke by phone.",
			url:  "file:///tmp/clip.txt", title: "Ministers call",
			text:      "HALDEN, March 3, 2026 — The two presidents spoke by phone.",
			published: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC),
		},
		{
			name: "no date anywhere: undated; a bare date deep in the body does not date it, and is no sentence",
			in:   "Leaders speak by phone\n\nThe presidents spoke on Thursday.\nThey set out the calendar.\nIt ran as follows.\nA visit in spring.\nTalks in summer.\nA summit in autumn.\nTreaty drafting.\nReview.\nSignature.\nRatification.\nCelebration.\nReport.\nMarch 3, 2026",
			url:  "file:///tmp/clip.txt", title: "Leaders speak by phone",
			text: "The presidents spoke on Thursday.\nThey set out the calendar.\nIt ran as follows.\nA visit in spring.\nTalks in summer.\nA summit in autumn.\nTreaty drafting.\nReview.\nSignature.\nRatification.\nCelebration.\nReport.",
		},
	}
	for _, c := range cases {
		a, err := ParseText([]byte(c.in), "/tmp/clip.txt")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if a.URL != c.url || a.Title != c.title || a.Text != c.text || !a.Published.Equal(c.published) {
			t.Errorf("%s:\n got URL %q Title %q Text %q Published %v\nwant URL %q Title %q Text %q Published %v",
				c.name, a.URL, a.Title, a.Text, a.Published, c.url, c.title, c.text, c.published)
		}
	}
}
