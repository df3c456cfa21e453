package slack

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

func newSender(t *testing.T, fs *fakeslack.Server) bot.Sender {
	t.Helper()
	a, err := New(Options{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.APIURL(), Handler: newTestCore(), Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	return a.Sender()
}

func TestSenderPostsLongDigestSplit(t *testing.T) {
	fs := newFake(t)
	s := newSender(t, fs)
	if s.Platform() != "slack" {
		t.Errorf("platform %q", s.Platform())
	}
	digest := []bot.Message{callMessage("Trump", "Putin"), longDigest(120), callMessage("Macron", "Xi")}
	want := 0
	for _, m := range digest {
		want += len(Render(m))
	}
	if err := s.Send(testCtx(t), "CDIGEST", digest); err != nil {
		t.Fatal(err)
	}
	calls := fs.Calls("chat.postMessage")
	if len(calls) != want || want < 4 {
		t.Fatalf("%d posts, want %d (the long entry split)", len(calls), want)
	}
	var headers []string
	for _, c := range calls {
		if c.Failed || c.Form.Get("channel") != "CDIGEST" || c.Form.Get("thread_ts") != "" || c.Form.Get("text") == "" {
			t.Errorf("post %v", c.Form)
		}
		headers = append(headers, decodeBlocks(t, c.Form.Get("blocks")).header())
	}
	if headers[0] != "Trump – Putin, 18 March 2025" || headers[len(headers)-1] != "Macron – Xi, 18 March 2025" ||
		!strings.HasSuffix(headers[1], fmt.Sprintf("(1/%d)", want-2)) {
		t.Errorf("posts out of order: %q", headers)
	}
	// The fake has checked every post against the limits (see newFake).
}

func TestSenderChannelGone(t *testing.T) {
	fs := newFake(t)
	s := newSender(t, fs)
	for _, code := range []string{"channel_not_found", "not_in_channel", "is_archived", "account_inactive"} {
		channel := "C-" + code
		fs.SetChannelError(channel, code)
		err := s.Send(testCtx(t), channel, []bot.Message{callMessage("Trump", "Putin")})
		if !errors.Is(err, bot.ErrChannelGone) || !strings.Contains(err.Error(), code) {
			t.Errorf("%s: %v, want ErrChannelGone", code, err)
		}
	}
	fs.SetChannelError("CBROKEN", "internal_error")
	if err := s.Send(testCtx(t), "CBROKEN", []bot.Message{callMessage("Trump", "Putin")}); err == nil || errors.Is(err, bot.ErrChannelGone) {
		t.Errorf("internal_error: %v, want an error that is not ErrChannelGone", err)
	}
}

func TestSenderRateLimits(t *testing.T) {
	fs := newFake(t)
	s := newSender(t, fs)
	fs.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: "1"})
	if err := s.Send(testCtx(t), "C1", []bot.Message{callMessage("Trump", "Putin")}); err != nil {
		t.Fatalf("a 429 was not retried: %v", err)
	}
	if calls := fs.Calls("chat.postMessage"); len(calls) != 2 {
		t.Errorf("%d calls, want 2", len(calls))
	}

	// An hour's wait is not worth holding a digest for: give up at once.
	fs.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: "3600"})
	err := s.Send(testCtx(t), "C1", []bot.Message{callMessage("Trump", "Putin")})
	if err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("long Retry-After: %v, want a rate limit error", err)
	}
}
