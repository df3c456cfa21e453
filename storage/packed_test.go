package storage

import (
	"bytes"
	"strings"
	"testing"
)

// Values are stored packed, smaller than their JSON; values written before
// packing (plain JSON) read as they are.
func TestCodecPacksAndReadsPlain(t *testing.T) {
	z := &codec{}
	js := []byte(`{"text":"` + strings.Repeat("The leaders agreed to keep talking. ", 40) + `"}`)
	for range 3 { // writers and readers come back from their pools
		packed, err := z.pack(js)
		if err != nil {
			t.Fatal(err)
		}
		if len(packed) >= len(js)/3 || packed[0] != packedMark {
			t.Fatalf("packed %d bytes into %d", len(js), len(packed))
		}
		got, err := z.unpack(packed)
		if err != nil || !bytes.Equal(got, js) {
			t.Fatalf("unpacked %q, %v", got, err)
		}
	}
	short := []byte(`{"participants":["a-leader","b-leader"]}`)
	if got, err := z.pack(short); err != nil || !bytes.Equal(got, short) {
		t.Fatalf("a short value packed as %q, %v", got, err)
	}
	if got, err := z.unpack(js); err != nil || !bytes.Equal(got, js) {
		t.Fatalf("plain JSON read as %q, %v", got, err)
	}
	if _, err := z.unpack([]byte{packedMark, 0xff, 0xff}); err == nil {
		t.Fatal("a damaged value was read")
	}
}
