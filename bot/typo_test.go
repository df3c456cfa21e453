package bot

import (
	"testing"
	"time"

	"readout/summaries/leaders"
)

func TestTyposNeverNameTheWrongLeader(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	ix := newNameIndex(g)
	for word, want := range map[string]string{
		"trmup": "donald-trump", "puttin": "vladimir-putin", "zelenksy": "volodymyr-zelensky", "erdogn": "recep-tayyip-erdogan",
		"melony": "giorgia-meloni", "modii": "narendra-modi", "jinpng": "xi-jinping",
		// Short words, filler and topics are no names.
		"modi": "", "xi": "", "trade": "", "budapest": "", "tomahawks": "", "energy": "", "summit": "", "called": "", "sanctions": "",
	} {
		if got := fuzzyNameAt(word, ix, at); got != want {
			t.Errorf("fuzzyNameAt(%q) = %q, want %q", word, got, want)
		}
	}
	// No word within reach of two leaders' names reads as either.
	for _, l := range g.Leaders() {
		if !g.InOffice(l.ID, at) {
			continue
		}
		for _, other := range g.Leaders() {
			if other.ID <= l.ID || !g.InOffice(other.ID, at) {
				continue
			}
			for _, a := range append([]string{l.Name}, l.Names...) {
				for _, pa := range leaders.Tokenize(a) {
					for _, b := range append([]string{other.Name}, other.Names...) {
						for _, pb := range leaders.Tokenize(b) {
							if pa.Norm == pb.Norm || len(pa.Norm) < 5 {
								continue
							}
							if d := editDistance(pa.Norm, pb.Norm); d <= 2 {
								// A word between them must not resolve to one.
								if got := fuzzyNameAt(pa.Norm+"x", ix, at); got != "" && got != l.ID && editDistance(pa.Norm+"x", pb.Norm) <= 1 {
									t.Errorf("%q+x resolves to %s though close to %s", pa.Norm, got, other.ID)
								}
							}
						}
					}
				}
			}
		}
	}
}
