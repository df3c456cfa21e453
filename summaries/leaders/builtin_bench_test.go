package leaders

import "testing"

// BenchmarkBuiltin is what every process that reads or answers pays once
// for the gazetteer: decoding the embedded file and building the name trie.
func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}
