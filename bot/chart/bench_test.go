package chart

import (
	"fmt"
	"testing"
)

// BenchmarkTimeline measures one chart as an answer would draw it; the
// target is 50 ms a chart.
func BenchmarkTimeline(b *testing.B) {
	for _, n := range []int{10, 300} {
		calls := manyCalls(n)
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Timeline(calls, Options{Names: names}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
