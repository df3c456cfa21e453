package extract

import (
	"strings"
	"testing"
)

func TestParagraphsDropNoise(t *testing.T) {
	text := "Skip to content\n\nNews   World   Politics   Sport\n\nThe leaders spoke by phone for an hour on Monday, officials said.\n\n" +
		"Share   Facebook   X\n\nRelated\n\nTotally different story about a football match that ended in a draw."
	ps := Paragraphs(text)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Sentences[0], "The leaders spoke") {
		t.Fatalf("want only the article's paragraph, got %+v", ps)
	}
	inline := Paragraphs("The call lasted an hour and ended well. 3 Comments Reader one wrote that the call was a disgrace.")
	if len(inline) != 1 || len(inline[0].Sentences) != 1 {
		t.Fatalf("comments flattened into a paragraph must be cut: %+v", inline)
	}
}
