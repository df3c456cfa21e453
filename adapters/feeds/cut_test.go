package feeds

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// Long CDATA and long character data are cut before the XML parser sees
// them, between characters and outside entities; short ones, and the
// document's markup, are left as they are.
func TestCutLongText(t *testing.T) {
	short := []byte(`<rss><channel><item><title>A &amp; B</title><description><![CDATA[<p>short</p>]]></description></item></channel></rss>`)
	if got, n := cutLongText(short, 64); n != 0 || !bytes.Equal(got, short) {
		t.Fatalf("a short document changed (%d cuts): %s", n, got)
	}
	long := `<rss><channel><item><title>T</title><description><![CDATA[` + strings.Repeat("<p>é</p>", 40) + `]]></description>` +
		`<content>` + strings.Repeat("x &amp; y ", 40) + `</content></item></channel></rss>`
	got, n := cutLongText([]byte(long), 64)
	if n != 2 {
		t.Fatalf("%d cuts, want 2: %s", n, got)
	}
	if !utf8.Valid(got) {
		t.Errorf("cut inside a character: %q", got)
	}
	var doc struct {
		Item struct {
			Description string `xml:"description"`
			Content     string `xml:"content"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(got, &doc); err != nil {
		t.Fatalf("the cut document does not parse: %v\n%s", err, got)
	}
	if len(doc.Item.Description) > 64 || len(doc.Item.Description) < 50 || !strings.HasPrefix(doc.Item.Description, "<p>é</p>") {
		t.Errorf("description cut to %d bytes: %q", len(doc.Item.Description), doc.Item.Description)
	}
	if len(doc.Item.Content) == 0 || len(doc.Item.Content) > 64 || !strings.HasPrefix(doc.Item.Content, "x & y") {
		t.Errorf("content cut to %q", doc.Item.Content)
	}
}
