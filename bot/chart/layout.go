package chart

import "fmt"

// Layout, in pixels.
const (
	margin   = 24
	headerH  = 118 // title, subtitle, legend
	axisH    = 46  // tick labels and the year line
	footerH  = 30
	chromeH  = headerH + axisH + footerH
	minRowH  = 24
	markerW  = 10 // the diamond of a call of unknown length
	minBarH  = 3  // a 5-minute call stays visible beside a 4-hour one
	labelGap = 16
	minWidth = 480
	defWidth = 1000
	maxSide  = 4000 // a chat attachment, not a poster: bounds the memory a chart takes
)

type layout struct {
	width, height int
	rowH          int
	rowsTop       int
	nRows         int
	plotRight     int
}

func newLayout(width, height, nRows int) (layout, error) {
	if width == 0 {
		width = defWidth
	}
	if width < minWidth || width > maxSide {
		return layout{}, fmt.Errorf("chart: width %d is outside %d–%d pixels", width, minWidth, maxSide)
	}
	rowH := defaultRowHeight(nRows)
	if height == 0 {
		height = chromeH + nRows*rowH
	} else {
		rowH = (height - chromeH) / nRows
		if height > maxSide {
			return layout{}, fmt.Errorf("chart: height %d is over %d pixels", height, maxSide)
		}
		if rowH < minRowH {
			return layout{}, fmt.Errorf("chart: height %d leaves under %d pixels for each of %d rows", height, minRowH, nRows)
		}
	}
	return layout{
		width: width, height: height, rowH: rowH, rowsTop: headerH, nRows: nRows,
		plotRight: width - margin - 8,
	}, nil
}

// defaultRowHeight gives few rows tall bars, so that lengths compare at a
// glance, and many rows a height that keeps the image on one screen.
func defaultRowHeight(nRows int) int {
	switch {
	case nRows == 1:
		return 110
	case nRows <= 3:
		return 80
	case nRows <= 6:
		return 64
	default:
		return 48
	}
}

func (l layout) rowsBottom() int { return l.rowsTop + l.nRows*l.rowH }
