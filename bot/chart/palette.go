package chart

import (
	"image"
	"image/color"

	"github.com/go-analyze/charts"
)

// coverageLevels is how many steps of anti-aliasing the palette keeps
// between an ink and its background: more than the eye tells apart at
// chart sizes.
const coverageLevels = 16

// chartPalette holds the chart's backgrounds, its inks, and each ink
// blended over each background at every coverage level: every colour the
// rasteriser can make, to within a sixteenth.
func chartPalette() color.Palette {
	backgrounds := []charts.Color{colWhite, colBand}
	inks := []charts.Color{colText, colMuted, colPhone, colVideo, colUnknown, colAxis, colGrid}
	pal := color.Palette{}
	seen := map[color.RGBA]bool{}
	add := func(c color.RGBA) {
		if !seen[c] {
			seen[c] = true
			pal = append(pal, c)
		}
	}
	for _, bg := range backgrounds {
		add(rgbaOf(bg))
	}
	for _, ink := range inks {
		add(rgbaOf(ink))
	}
	for _, bg := range backgrounds {
		for _, ink := range inks {
			for k := 1; k < coverageLevels; k++ {
				add(blend(ink, bg, k))
			}
		}
	}
	return pal
}

func rgbaOf(c charts.Color) color.RGBA { return color.RGBA{c.R, c.G, c.B, 255} }

// blend is ink over bg at coverage k/coverageLevels.
func blend(ink, bg charts.Color, k int) color.RGBA {
	mix := func(a, b uint8) uint8 {
		return uint8((int(a)*k + int(b)*(coverageLevels-k) + coverageLevels/2) / coverageLevels)
	}
	return color.RGBA{mix(ink.R, bg.R), mix(ink.G, bg.G), mix(ink.B, bg.B), 255}
}

// quantize maps each pixel to its nearest palette colour. An 8-bit image
// is a quarter of the bytes to compress and skips PNG's per-row filter
// search, which together were most of a chart's render time. Each distinct
// colour is looked up once; runs of one colour, most of a chart, not even
// that.
func quantize(img *image.RGBA, pal color.Palette) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, pal)
	index := make(map[uint32]uint8, 2*len(pal))
	w := b.Dx()
	lastKey, lastIdx := ^uint32(0), uint8(0)
	for y := range b.Dy() {
		src := img.Pix[y*img.Stride : y*img.Stride+4*w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range w {
			p := src[4*x : 4*x+3 : 4*x+3]
			key := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2])
			if key != lastKey {
				i, ok := index[key]
				if !ok {
					i = uint8(pal.Index(color.RGBA{p[0], p[1], p[2], 255}))
					index[key] = i
				}
				lastKey, lastIdx = key, i
			}
			dst[x] = lastIdx
		}
	}
	return out
}
