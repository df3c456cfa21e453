package chart

import (
	"cmp"
	"fmt"
	"image"
	"math"
	"slices"
	"time"

	"github.com/go-analyze/charts"

	"readout/summaries"
)

// Colours: medium is told by blue and orange, a pair that stays distinct
// for the common colour-vision deficiencies.
var (
	colPhone   = charts.Color{R: 37, G: 99, B: 171, A: 255}
	colVideo   = charts.Color{R: 230, G: 124, B: 0, A: 255}
	colUnknown = charts.Color{R: 138, G: 143, B: 152, A: 255}
	colText    = charts.Color{R: 31, G: 35, B: 40, A: 255}
	colMuted   = charts.Color{R: 87, G: 96, B: 106, A: 255}
	colBand    = charts.Color{R: 245, G: 246, B: 248, A: 255}
	colGrid    = charts.Color{R: 225, G: 228, B: 233, A: 255}
	colAxis    = charts.Color{R: 160, G: 166, B: 175, A: 255}
	colWhite   = charts.Color{R: 255, G: 255, B: 255, A: 255}
)

func mediumColour(m summaries.Medium) charts.Color {
	switch m {
	case summaries.Phone:
		return colPhone
	case summaries.Video:
		return colVideo
	default:
		return colUnknown
	}
}

// drawer holds the canvas and the type styles of one image.
type drawer struct {
	c canvas
	l layout

	title, sub, key, label, tick, year, small textStyle

	plotLeft int
}

func newDrawer(c canvas, l layout) *drawer {
	regular := charts.GetFont(charts.FontFamilyNotoSans)
	bold := charts.GetFont(charts.FontFamilyNotoSansBold)
	return &drawer{
		c: c, l: l,
		title: textStyle{bold, 17, colText},
		sub:   textStyle{regular, 10, colMuted},
		key:   textStyle{regular, 9.5, colText},
		label: textStyle{bold, 10.5, colText},
		tick:  textStyle{regular, 9, colMuted},
		year:  textStyle{bold, 9, colText},
		small: textStyle{regular, 8, colMuted},
	}
}

func (d *drawer) background() {
	d.c.rect(0, 0, d.l.width, d.l.height, colWhite)
}

func (d *drawer) header(title, sub string) {
	d.text(title, margin, 40, d.title, d.l.width-2*margin)
	d.text(sub, margin, 64, d.sub, d.l.width-2*margin)
}

// legend names the colours and, when some call's length is unknown, the
// marker that stands for it.
func (d *drawer) legend(calls []summaries.Call) {
	unknownMedium, unknownLength := false, false
	for _, c := range calls {
		unknownMedium = unknownMedium || (c.Medium != summaries.Phone && c.Medium != summaries.Video)
		unknownLength = unknownLength || c.DurationMinutes <= 0
	}
	const y = 94 // baseline
	x := margin
	swatch := func(col charts.Color, text string) {
		d.c.rect(x, y-11, x+12, y+1, col)
		x += 18
		x += d.text(text, x, y, d.key, d.l.width-x) + 20
	}
	swatch(colPhone, "Phone call")
	swatch(colVideo, "Video call")
	if unknownMedium {
		swatch(colUnknown, "Medium not reported")
	}
	if unknownLength {
		d.c.diamond(x+6, y-5, markerW, markerW+2, colWhite, colMuted, 1.5)
		x += 18
		d.text("Length not reported", x, y, d.key, d.l.width-x)
	}
}

// text draws s with its baseline at y, cut with an ellipsis to fit width,
// and returns the width drawn.
func (d *drawer) text(s string, x, y int, st textStyle, width int) int {
	s = d.fit(s, st, width)
	if s == "" {
		return 0
	}
	d.c.text(s, x, y, st)
	return d.c.measure(s, st)
}

func (d *drawer) fit(s string, st textStyle, width int) string {
	if width <= 0 {
		return ""
	}
	if d.c.measure(s, st) <= width {
		return s
	}
	// The longest prefix that fits with its ellipsis, by bisection: a
	// title pasted whole from a headline must not cost a measure per rune.
	r := []rune(s)
	fits := func(n int) bool { return d.c.measure(string(r[:n])+"…", st) <= width }
	lo, hi := 0, len(r) // fits(hi) is known false
	for lo+1 < hi {
		if mid := (lo + hi) / 2; fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 && !fits(0) {
		return ""
	}
	return string(r[:lo]) + "…"
}

// placeLabels sizes the label column to the longest row label, within a
// quarter of the width, and returns where the plot starts.
func (d *drawer) placeLabels(rows []row) int {
	w := 60
	for _, r := range rows {
		w = max(w, d.c.measure(r.label, d.label))
	}
	w = min(w, d.l.width/4)
	d.plotLeft = margin + w + labelGap
	return d.plotLeft
}

func (d *drawer) rows(rows []row, ax axis) {
	top, bottom := d.l.rowsTop, d.l.rowsBottom()
	for i := range rows {
		if i%2 == 0 {
			y := top + i*d.l.rowH
			d.c.rect(0, y, d.l.width, y+d.l.rowH, colBand)
		}
	}
	for _, t := range ax.ticks {
		x := int(math.Round(ax.x(t.at)))
		d.c.rect(x, top, x+1, bottom, colGrid)
	}
	maxMin, busiest := 0, 0
	for _, r := range rows {
		busiest = max(busiest, len(r.calls))
		for _, c := range r.calls {
			maxMin = max(maxMin, c.DurationMinutes)
		}
	}
	// Bars narrow as rows fill so that hundreds of calls stay apart.
	bw := min(10, max(2, (ax.right-ax.left)/(3*busiest)))
	for i, r := range rows {
		y := top + i*d.l.rowH
		d.rowLabel(r.label, y)
		d.row(r, ax, y, bw, maxMin)
	}
}

func (d *drawer) rowLabel(label string, rowTop int) {
	width := d.plotLeft - labelGap - margin
	d.text(label, margin, rowTop+d.l.rowH/2+5, d.label, width)
}

// row draws a row's baseline and its calls: a bar per call whose height is
// the call's share of the longest call, or a diamond when the length is
// unknown. Calls on one day stand side by side around the day's middle.
func (d *drawer) row(r row, ax axis, rowTop, bw, maxMin int) {
	base := rowTop + d.l.rowH - 10
	maxH := d.l.rowH - 10 - 20
	d.c.rect(ax.left, base, ax.right, base+1, colAxis)
	var bars []image.Rectangle
	var lengths []int
	for i := 0; i < len(r.calls); {
		j := i + 1
		for j < len(r.calls) && r.calls[j].Date.Equal(r.calls[i].Date) {
			j++
		}
		cx := ax.x(r.calls[i].Date.Add(12 * time.Hour))
		slot := max(bw, markerW) + 2
		x0 := int(math.Round(cx - float64((j-i)*slot-2)/2))
		for k, c := range r.calls[i:j] {
			x := x0 + k*slot
			col := mediumColour(c.Medium)
			if c.DurationMinutes <= 0 {
				d.c.diamond(x+slot/2-1, base-6, markerW, markerW+2, colWhite, col, 1.5)
				continue
			}
			h := max(minBarH, int(math.Round(float64(maxH)*float64(c.DurationMinutes)/float64(maxMin))))
			bx := x + (slot-2-bw)/2
			d.c.rect(bx, base-h, bx+bw, base, col)
			bars = append(bars, image.Rect(bx, base-h, bx+bw, base))
			lengths = append(lengths, c.DurationMinutes)
		}
		i = j
	}
	if bw >= 6 {
		d.lengthLabels(bars, lengths)
	}
}

// lengthLabels writes each bar's length above it where the text touches no
// bar and no other label, longest calls first: they are the ones a reader
// asks about.
func (d *drawer) lengthLabels(bars []image.Rectangle, lengths []int) {
	order := make([]int, len(bars))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lengths[b], lengths[a]) })
	taken := slices.Clone(bars)
	for _, i := range order {
		s := formatMinutes(lengths[i])
		w := d.c.measure(s, d.small)
		b := bars[i]
		lx, ly := (b.Min.X+b.Max.X)/2-w/2, b.Min.Y-4
		box := image.Rect(lx-2, ly-10, lx+w+2, ly+3)
		if box.Min.X < 0 || box.Max.X > d.l.width || slices.ContainsFunc(taken, box.Overlaps) {
			continue
		}
		d.c.text(s, lx, ly, d.small)
		taken = append(taken, box)
	}
}

// axis writes the tick labels under the rows, and the year under the first
// tick of each year.
func (d *drawer) axis(ax axis) {
	y := d.l.rowsBottom()
	right := math.MinInt
	for _, t := range ax.ticks {
		x := int(math.Round(ax.x(t.at)))
		d.c.rect(x, y, x+1, y+5, colAxis)
		w := d.c.measure(t.label, d.tick)
		lx := x - w/2
		if lx < right+6 || lx+w > d.l.width-4 {
			continue
		}
		d.c.text(t.label, lx, y+19, d.tick)
		right = lx + w
		if t.year != "" {
			yw := d.c.measure(t.year, d.year)
			d.c.text(t.year, x-yw/2, y+34, d.year)
		}
	}
}

// footer says what bar height means, anchored to the longest call.
func (d *drawer) footer(calls []summaries.Call) {
	var longest *summaries.Call
	known := 0
	for i, c := range calls {
		if c.DurationMinutes > 0 {
			known++
			if longest == nil || c.DurationMinutes > longest.DurationMinutes {
				longest = &calls[i]
			}
		}
	}
	var note string
	switch {
	case known == 0:
		note = "No call's length was reported."
	case known == 1:
		note = fmt.Sprintf("Bar height shows the length of the call: %s on %s.",
			formatMinutes(longest.DurationMinutes), longest.Date.Format("Jan 2, 2006"))
	default:
		note = fmt.Sprintf("Bar height shows the length of each call; the longest, on %s, lasted %s.",
			longest.Date.Format("Jan 2, 2006"), formatMinutes(longest.DurationMinutes))
	}
	y := d.l.height - 12
	credit := "readout"
	cw := d.c.measure(credit, d.small)
	d.text(note, margin, y, d.small, d.l.width-2*margin-cw-16)
	d.c.text(credit, d.l.width-margin-cw, y, d.small)
}
