package chart

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"readout/summaries"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// goldenCases are the charts whose look was checked by eye; the golden
// images hold them as they were approved.
func goldenCases() map[string][]summaries.Call {
	tp := []string{"donald-trump", "vladimir-putin"}
	return map[string][]summaries.Call{
		"pair":    pairCalls(),
		"leader":  leaderCalls(),
		"single":  {call(1, date(2025, 3, 18), summaries.Phone, 150, tp...)},
		"sameday": {call(1, date(2025, 6, 14), summaries.Phone, 50, tp...), call(2, date(2025, 6, 14), summaries.Video, 20, tp...), call(3, date(2025, 6, 16), summaries.Phone, 0, tp...)},
		"many":    manyCalls(300),
	}
}

func TestTimelineMatchesGolden(t *testing.T) {
	for name, calls := range goldenCases() {
		t.Run(name, func(t *testing.T) {
			got, err := Timeline(calls, Options{Names: names})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".png")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := pixelDiff(t, decode(t, got), decode(t, want)); diff > 0.002 {
				t.Errorf("%.2f%% of pixels differ from %s (over 0.2%%); look at the new image and run go test -update if it is right", 100*diff, path)
			}
		})
	}
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

// pixelDiff returns the share of pixels whose colour differs by more than a
// rasteriser's rounding: anti-aliased edges may move, bars and text may not.
func pixelDiff(t *testing.T, a, b image.Image) float64 {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("size %v, golden is %v", a.Bounds().Size(), b.Bounds().Size())
	}
	r := a.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			if far(ar, br) || far(ag, bg) || far(ab, bb) {
				differ++
			}
		}
	}
	return float64(differ) / float64(r.Dx()*r.Dy())
}

func far(a, b uint32) bool {
	const tolerance = 24 << 8
	if a > b {
		return a-b > tolerance
	}
	return b-a > tolerance
}
