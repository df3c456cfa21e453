package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"
)

// An agreement sentence whose verb belongs to others ("the swap that
// Russia and Ukraine agreed in Istanbul") is not put in the leaders'
// mouths: the first line says what the coverage of the call reports.
func TestAgreedAnswerKeepsTheAgreementsSubject(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "readout.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c := newCore(t, db, g, clockwork.NewFakeClockAt(ts("2025-05-21T00:00:00Z")))
	a := summaries.Article{URL: "https://east.test/swap", Title: "Putin and Trump talk prisoners", Outlet: "East Desk", Published: ts("2025-05-20T18:00:00Z"),
		Text: "Vladimir Putin and Donald Trump spoke by phone on Tuesday for two hours, the Kremlin said.\n\n" +
			"The two men discussed a prisoner exchange of their own, separate from the swap that Russia and Ukraine agreed in Istanbul."}
	if _, err := c.Ingest(ctx, a, 0); err != nil {
		t.Fatal(err)
	}
	reply := c.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "test", Channel: "c", User: "u"}, Text: "what did trump and putin agree", Now: ts("2025-05-21T00:00:00Z")})
	if len(reply.Messages) == 0 {
		t.Fatal("no answer")
	}
	first := reply.Messages[0].Title
	if strings.Contains(first, "Trump and Putin agreed in Istanbul") || strings.HasPrefix(first, "Trump and Putin agreed") {
		t.Errorf("first line puts others' agreement in the leaders' mouths: %q", first)
	}
}
