package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"github.com/go-analyze/charts"
	"github.com/go-analyze/charts/chartdraw"
	"github.com/golang/freetype/truetype"
)

// canvas is the few drawing operations a timeline needs, over the
// library's rasteriser. It draws through chartdraw rather than the chart
// painter so that the finished bitmap can be encoded here, at the speed a
// chat answer needs.
type canvas struct {
	r chartdraw.Renderer
}

// textStyle is a font at a size in a colour.
type textStyle struct {
	font  *truetype.Font
	size  float64 // points at 96 dpi
	color charts.Color
}

func newCanvas(width, height int) canvas {
	return canvas{r: chartdraw.PNG(width, height)}
}

// rect fills the pixels x1 ≤ x < x2, y1 ≤ y < y2.
func (c canvas) rect(x1, y1, x2, y2 int, col charts.Color) {
	c.r.MoveTo(x1, y1)
	c.r.LineTo(x2, y1)
	c.r.LineTo(x2, y2)
	c.r.LineTo(x1, y2)
	c.r.Close()
	c.r.SetFillColor(col)
	c.r.Fill()
	c.r.ResetStyle()
}

// diamond draws an outlined diamond centred on (cx, cy).
func (c canvas) diamond(cx, cy, w, h int, fill, stroke charts.Color, strokeWidth float64) {
	c.r.MoveTo(cx, cy-h/2)
	c.r.LineTo(cx+w/2, cy)
	c.r.LineTo(cx, cy+h/2)
	c.r.LineTo(cx-w/2, cy)
	c.r.Close()
	c.r.SetFillColor(fill)
	c.r.SetStrokeColor(stroke)
	c.r.SetStrokeWidth(strokeWidth)
	c.r.FillStroke()
	c.r.ResetStyle()
}

func (c canvas) setText(st textStyle) {
	c.r.SetFont(st.font)
	c.r.SetFontSize(st.size)
	c.r.SetFontColor(st.color)
}

// text draws s with its baseline at y.
func (c canvas) text(s string, x, y int, st textStyle) {
	c.setText(st)
	c.r.Text(s, x, y)
	c.r.ResetStyle()
}

// measure returns the width s takes in pixels.
func (c canvas) measure(s string, st textStyle) int {
	c.setText(st)
	w := c.r.MeasureText(s).Width()
	c.r.ResetStyle()
	return w
}

// png encodes the bitmap with the chart's palette and the fastest
// compression: a chart is sent once, and is drawn while someone waits.
func (c canvas) png() ([]byte, error) {
	var bm bitmap
	if err := c.r.Save(&bm); err != nil {
		return nil, fmt.Errorf("chart: render: %w", err)
	}
	if bm.rgba == nil {
		return nil, fmt.Errorf("chart: render: no bitmap")
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, quantize(bm.rgba, chartPalette())); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// bitmap receives the rasteriser's image instead of its default encoding.
type bitmap struct {
	rgba *image.RGBA
}

func (b *bitmap) SetRGBA(i *image.RGBA) { b.rgba = i }

// Write is never called: the rasteriser hands its image to SetRGBA.
func (b *bitmap) Write(p []byte) (int, error) {
	return 0, fmt.Errorf("chart: unexpected encoded output")
}
