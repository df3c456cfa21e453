package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-analyze/charts"

	"readout/summaries"
)

func render(t *testing.T, calls []summaries.Call, opts Options) image.Image {
	t.Helper()
	if opts.Names == nil {
		opts.Names = names
	}
	b, err := Timeline(calls, opts)
	if err != nil {
		t.Fatalf("Timeline: %v", err)
	}
	return decode(t, b)
}

func TestTimelineRefusesNothingToDraw(t *testing.T) {
	undated := call(1, time.Time{}, summaries.Phone, 30, "donald-trump", "vladimir-putin")
	for name, calls := range map[string][]summaries.Call{"none": nil, "undated only": {undated}} {
		t.Run(name, func(t *testing.T) {
			b, err := Timeline(calls, Options{})
			if !errors.Is(err, ErrNothingToDraw) || b != nil {
				t.Fatalf("got %d bytes, error %v; want ErrNothingToDraw", len(b), err)
			}
		})
	}
}

func TestTimelineSize(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	one := []summaries.Call{call(1, date(2025, 3, 18), summaries.Phone, 150, tp...)}
	var twenty []summaries.Call
	for i := range 20 {
		twenty = append(twenty, call(int64(i+1), date(2025, 1, 1+i), summaries.Phone, 30, "vladimir-putin", string(rune('a'+i))+"-leader"))
	}
	cases := []struct {
		name  string
		calls []summaries.Call
		opts  Options
		want  image.Point
	}{
		{"one row", one, Options{}, image.Pt(1000, chromeH+110)},
		{"five rows", leaderCalls(), Options{}, image.Pt(1000, chromeH+5*64)},
		{"pairs beyond the cap share a row", twenty, Options{}, image.Pt(1000, chromeH+maxRows*48)},
		{"asked for", leaderCalls(), Options{Width: 640, Height: 480}, image.Pt(640, 480)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := render(t, c.calls, c.opts).Bounds().Size(); got != c.want {
				t.Errorf("size %v, want %v", got, c.want)
			}
		})
	}
}

func TestTimelineRefusesSizesItCannotFill(t *testing.T) {
	for _, o := range []Options{{Width: 200}, {Width: 5000}, {Height: chromeH + 10}, {Height: 5000}, {Width: -1}, {Height: -1}} {
		if _, err := Timeline(leaderCalls(), o); err == nil {
			t.Errorf("%dx%d: no error", o.Width, o.Height)
		}
	}
}

// TestTimelineIsNotBlank guards against a chart that encodes but draws
// nothing: a real one has text, bands and bars in many colours.
func TestTimelineIsNotBlank(t *testing.T) {
	img := render(t, pairCalls(), Options{})
	colours := map[color.RGBA]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			colours[rgba(img.At(x, y))] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("%d colours; a drawn chart has hundreds", len(colours))
	}
}

// bar is where one colour forms a solid column in the rows area.
type bar struct{ left, right, height int }

// bars finds the columns of exactly colour c below the header, left to
// right, as runs of adjacent columns; a column's height is its longest
// vertical run of c, and runs shorter than the shortest bar (a stray pixel
// of anti-aliased text that happens to match) are not bars.
func bars(img image.Image, col charts.Color) []bar {
	c := color.RGBA{col.R, col.G, col.B, col.A}
	r := img.Bounds()
	var out []bar
	in := false
	for x := r.Min.X; x < r.Max.X; x++ {
		h, run := 0, 0
		for y := headerH; y < r.Max.Y; y++ {
			if rgba(img.At(x, y)) == c {
				run++
				h = max(h, run)
			} else {
				run = 0
			}
		}
		if h < minBarH {
			h = 0
		}
		switch {
		case h > 0 && !in:
			out = append(out, bar{left: x, right: x, height: h})
			in = true
		case h > 0:
			out[len(out)-1].right = x
			out[len(out)-1].height = max(out[len(out)-1].height, h)
		default:
			in = false
		}
	}
	return out
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func TestTimelineBarLengthFollowsDuration(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	img := render(t, []summaries.Call{
		call(1, date(2025, 3, 18), summaries.Phone, 150, tp...),
		call(2, date(2025, 9, 1), summaries.Phone, 30, tp...),
	}, Options{})
	got := bars(img, colPhone)
	if len(got) != 2 {
		t.Fatalf("found %d phone bars %v, want 2", len(got), got)
	}
	long, short := got[0], got[1]
	if long.height != 5*short.height {
		t.Errorf("bar heights %d and %d; a 150-minute call should stand 5 times a 30-minute one", long.height, short.height)
	}
	if long.right-long.left != short.right-short.left {
		t.Errorf("bar widths differ: %v", got)
	}
}

func TestTimelineColoursMedium(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	img := render(t, []summaries.Call{
		call(1, date(2025, 9, 1), summaries.Video, 60, tp...),
		call(2, date(2025, 3, 18), summaries.Phone, 60, tp...),
	}, Options{})
	phone, video := bars(img, colPhone), bars(img, colVideo)
	if len(phone) != 1 || len(video) != 1 {
		t.Fatalf("phone bars %v, video bars %v; want one each", phone, video)
	}
	if phone[0].right >= video[0].left {
		t.Errorf("phone bar at x=%d is not left of the later video bar at x=%d", phone[0].left, video[0].left)
	}
	if phone[0].height != video[0].height {
		t.Errorf("equal lengths drawn %d and %d high", phone[0].height, video[0].height)
	}
	// The legend sits in the header: both swatches, phone first.
	px, vx := firstInHeader(img, colPhone), firstInHeader(img, colVideo)
	if px < 0 || vx < 0 || px > vx {
		t.Errorf("legend swatches at x=%d (phone) and x=%d (video)", px, vx)
	}
}

// firstInHeader returns the left edge of the first legend swatch of colour
// col: ten or more pixels of it side by side in the header, which text
// never makes.
func firstInHeader(img image.Image, col charts.Color) int {
	c := color.RGBA{col.R, col.G, col.B, col.A}
	first := -1
	for y := range headerH {
		run := 0
		for x := range img.Bounds().Dx() {
			if rgba(img.At(x, y)) != c {
				run = 0
				continue
			}
			if run++; run == 10 && (first < 0 || x-9 < first) {
				first = x - 9
			}
		}
	}
	return first
}

// TestTimelineMarksUnknownLength: a call of unknown length is a small
// marker, not a bar of some made-up length.
func TestTimelineMarksUnknownLength(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	img := render(t, []summaries.Call{
		call(1, date(2025, 3, 18), summaries.Video, 0, tp...),
		call(2, date(2025, 9, 1), summaries.Phone, 90, tp...),
	}, Options{})
	minX, maxX, minY, maxY, n := 1<<30, -1, 1<<30, -1, 0
	r := img.Bounds()
	for y := headerH; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(rgba(img.At(x, y)), colVideo) {
				minX, maxX, minY, maxY, n = min(minX, x), max(maxX, x), min(minY, y), max(maxY, y), n+1
			}
		}
	}
	if n == 0 {
		t.Fatal("no marker drawn for the call of unknown length")
	}
	if w, h := maxX-minX+1, maxY-minY+1; w > markerW+3 || h > markerW+5 {
		t.Errorf("marker spans %dx%d pixels; want a marker of about %d", w, h, markerW)
	}
	if phone := bars(img, colPhone); len(phone) != 1 || phone[0].height <= markerW+5 {
		t.Errorf("the 90-minute call's bar: %v", phone)
	}
}

// near allows for the anti-aliased outline of a marker.
func near(a color.RGBA, b charts.Color) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40
}

func TestTimelineSkipsUndatedCalls(t *testing.T) {
	dated := pairCalls()
	with := append(slices.Clone(dated), call(99, time.Time{}, summaries.Video, 300, "donald-trump", "vladimir-putin"))
	a, b := render(t, dated, Options{}), render(t, with, Options{})
	if a.Bounds() != b.Bounds() {
		t.Fatalf("sizes %v and %v", a.Bounds(), b.Bounds())
	}
	// Only the subtitle may change: it says a call was left out.
	r := a.Bounds()
	for y := headerH; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if rgba(a.At(x, y)) != rgba(b.At(x, y)) {
				t.Fatalf("pixel (%d,%d) differs below the header", x, y)
			}
		}
	}
	if got := subtitle(dated, 1); got != "10 calls, Feb 12, 2025 – Mar 9, 2026 · 1 undated call not shown" {
		t.Errorf("subtitle %q", got)
	}
}

func TestTimelineSameDayCallsStandApart(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	img := render(t, []summaries.Call{
		call(1, date(2025, 6, 14), summaries.Phone, 50, tp...),
		call(2, date(2025, 6, 14), summaries.Phone, 20, tp...),
	}, Options{})
	got := bars(img, colPhone)
	if len(got) != 2 || got[0].height == got[1].height {
		t.Fatalf("phone bars %v; want two apart, 50 and 20 minutes high", got)
	}
}

func TestTimelineIsDeterministic(t *testing.T) {
	calls := manyCalls(300)
	first, err := Timeline(calls, Options{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	reversed := slices.Clone(calls)
	slices.Reverse(reversed)
	for _, in := range [][]summaries.Call{calls, reversed} {
		again, err := Timeline(in, Options{Names: names})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("the same calls drew different bytes")
		}
	}
}

func TestDefaultTitle(t *testing.T) {
	cases := []struct {
		calls []summaries.Call
		names func(string) string
		want  string
	}{
		{pairCalls(), names, "Trump–Putin calls, 2025–2026"},
		{leaderCalls(), names, "Putin calls, 2025–2026"},
		{leaderCalls(), func(string) string { return "" }, "Putin calls, 2025–2026"},
		{[]summaries.Call{
			call(1, date(2025, 1, 2), summaries.Phone, 0, "donald-trump", "vladimir-putin"),
			call(2, date(2025, 5, 2), summaries.Phone, 0, "emmanuel-macron", "xi-jinping"),
		}, names, "Leader calls, 2025"},
	}
	for _, c := range cases {
		name := func(id string) string {
			if n := c.names(id); n != "" {
				return n
			}
			return shortID(id)
		}
		if got := defaultTitle(c.calls, name); got != c.want {
			t.Errorf("defaultTitle = %q, want %q", got, c.want)
		}
	}
}

func TestShortID(t *testing.T) {
	for id, want := range map[string]string{"vladimir-putin": "Putin", "recep-erdoğan": "Erdoğan", "lula": "Lula", "émile-x": "X", "x-": "x-", "": ""} {
		if got := shortID(id); got != want {
			t.Errorf("shortID(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestFormatMinutes(t *testing.T) {
	for m, want := range map[int]string{5: "5 min", 59: "59 min", 60: "1 h", 90: "1 h 30", 125: "2 h 05", 240: "4 h"} {
		if got := formatMinutes(m); got != want {
			t.Errorf("formatMinutes(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestAxisTicks(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	cases := []struct {
		name      string
		calls     []summaries.Call
		wantLabel string // a label the axis must carry
	}{
		{"one call", []summaries.Call{call(1, date(2025, 3, 18), summaries.Phone, 0, tp...)}, "Mar 18"},
		{"a year and more", pairCalls(), "Jan"},
		{"a decade", []summaries.Call{call(1, date(2016, 5, 1), summaries.Phone, 0, tp...), call(2, date(2026, 5, 1), summaries.Phone, 0, tp...)}, "2020"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ax := newAxis(c.calls, 200, 960)
			if len(ax.ticks) < 3 {
				t.Fatalf("%d ticks", len(ax.ticks))
			}
			var labels []string
			for i, tk := range ax.ticks {
				labels = append(labels, tk.label)
				if tk.at.Before(ax.lo) || tk.at.After(ax.hi) {
					t.Errorf("tick %s outside the axis %s–%s", tk.at, ax.lo, ax.hi)
				}
				if i > 0 && ax.x(tk.at)-ax.x(ax.ticks[i-1].at) < 40 {
					t.Errorf("ticks %s and %s crowd each other", ax.ticks[i-1].label, tk.label)
				}
			}
			if !slices.Contains(labels, c.wantLabel) {
				t.Errorf("labels %v lack %q", labels, c.wantLabel)
			}
			first, last := dateRange(c.calls)
			if ax.x(first) <= float64(ax.left) || ax.x(last) >= float64(ax.right) {
				t.Errorf("calls at %.0f and %.0f fall off the axis %d–%d", ax.x(first), ax.x(last), ax.left, ax.right)
			}
		})
	}
	// The year is written under the first tick and where it turns.
	ax := newAxis(pairCalls(), 200, 960)
	var years []string
	for _, tk := range ax.ticks {
		if tk.year != "" {
			years = append(years, tk.year+" "+tk.label)
		}
	}
	if want := []string{"2025 Feb", "2026 Jan"}; !slices.Equal(years, want) {
		t.Errorf("years under %v, want %v", years, want)
	}
}

func TestGroupRows(t *testing.T) {
	name := func(id string) string {
		if n := names(id); n != "" {
			return n
		}
		return shortID(id)
	}
	label := func(rs []row) []string {
		var out []string
		for _, r := range rs {
			out = append(out, fmt.Sprintf("%s:%d", r.label, len(r.calls)))
		}
		return out
	}
	cases := []struct {
		name  string
		calls []summaries.Call
		want  []string
	}{
		{"one pair", pairCalls(), []string{"Trump–Putin:10"}},
		{"one leader's counterparts, busiest first", leaderCalls(), []string{"with Trump:10", "with Xi:2", "with Modi:2", "with Erdoğan:1", "with Macron:1"}},
		{"unrelated pairs", []summaries.Call{
			call(1, date(2025, 5, 2), summaries.Phone, 0, "emmanuel-macron", "xi-jinping"),
			call(2, date(2025, 1, 2), summaries.Phone, 0, "donald-trump", "vladimir-putin"),
		}, []string{"Trump–Putin:1", "Macron–Xi:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := label(groupRows(c.calls, name)); !slices.Equal(got, c.want) {
				t.Errorf("rows %v, want %v", got, c.want)
			}
		})
	}
	var many []summaries.Call
	for i := range 20 {
		many = append(many, call(int64(i+1), date(2025, 1, 1+i), summaries.Phone, 0, "vladimir-putin", fmt.Sprintf("leader-%c", 'a'+i)))
	}
	rows := groupRows(many, name)
	if len(rows) != maxRows || rows[maxRows-1].label != "with 9 others" || len(rows[maxRows-1].calls) != 9 {
		t.Errorf("20 counterparts: rows %v", label(rows))
	}
}

func TestTimelineUsesGivenTitle(t *testing.T) {
	a := render(t, pairCalls(), Options{})
	b := render(t, pairCalls(), Options{Title: "Calls between Washington and Moscow"})
	titleDiffers, restDiffers := false, false
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if rgba(a.At(x, y)) != rgba(b.At(x, y)) {
				if y < 50 {
					titleDiffers = true
				} else {
					restDiffers = true
				}
			}
		}
	}
	if !titleDiffers || restDiffers {
		t.Errorf("title line changed: %v, anything else changed: %v", titleDiffers, restDiffers)
	}
}

func TestTimelineGreysOutUnknownMedium(t *testing.T) {
	tp := []string{"donald-trump", "vladimir-putin"}
	img := render(t, []summaries.Call{
		call(1, date(2025, 3, 18), "", 60, tp...),
		call(2, date(2025, 9, 1), summaries.Phone, 60, tp...),
	}, Options{})
	grey, phone := bars(img, colUnknown), bars(img, colPhone)
	if len(grey) != 1 || len(phone) != 1 || grey[0].right >= phone[0].left {
		t.Errorf("grey bars %v, phone bars %v; want the earlier call grey", grey, phone)
	}
	if firstInHeader(img, colUnknown) < 0 {
		t.Error("the legend has no swatch for an unreported medium")
	}
}

func TestFitCutsLongTextToWidth(t *testing.T) {
	d := newDrawer(newCanvas(600, 300), layout{width: 600, height: 300})
	long := strings.Repeat("Trump and Putin spoke again ", 40)
	got := d.fit(long, d.title, 400)
	if !strings.HasSuffix(got, "…") || d.c.measure(got, d.title) > 400 {
		t.Errorf("fit gave %q, %d pixels wide", got, d.c.measure(got, d.title))
	}
	// One more rune would not have fitted.
	n := utf8.RuneCountInString(got) - 1
	if longer := string([]rune(long)[:n+1]) + "…"; d.c.measure(longer, d.title) <= 400 {
		t.Errorf("fit cut %q shorter than it needed to", got)
	}
	if got := d.fit("Trump–Putin", d.title, 400); got != "Trump–Putin" {
		t.Errorf("fit changed text that fits: %q", got)
	}
	if got := d.fit("Trump–Putin", d.title, 3); got != "" {
		t.Errorf("fit in 3 pixels gave %q", got)
	}
}
