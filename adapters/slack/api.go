package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"readout/bot"
)

const (
	// maxAttempts bounds the tries of one Web API call that Slack keeps
	// rate limiting.
	maxAttempts = 4
	// maxRetryWait is the longest Retry-After honoured; beyond it the call
	// fails rather than hold an answer for minutes.
	maxRetryWait = time.Minute
)

// withRetry runs call again while Slack answers 429, waiting as long as its
// Retry-After header asks.
func (a *Adapter) withRetry(ctx context.Context, method string, call func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		wait, limited := retryAfter(err)
		if !limited || attempt == maxAttempts || wait > maxRetryWait {
			if err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
			return nil
		}
		a.log.Warn("rate limited", "method", method, "retry_after", wait, "attempt", attempt)
		if a.opts.RateLimited != nil {
			a.opts.RateLimited(wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w (while rate limited)", method, ctx.Err())
		case <-t.C:
		}
	}
}

func retryAfter(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return max(rl.RetryAfter, time.Second), true
	}
	// A 429 without Retry-After reaches us as a plain status error.
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok && sc.Code == http.StatusTooManyRequests {
		return time.Second, true
	}
	return 0, false
}

// postMessage posts p to a channel, in a thread when thread is set.
func (a *Adapter) postMessage(ctx context.Context, channel, thread string, p Post) error {
	opts := []slack.MsgOption{
		slack.MsgOptionBlocks(p.Blocks...),
		slack.MsgOptionText(p.Text, true),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return a.withRetry(ctx, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
}

// maxAltText is the longest alt text Slack keeps for an image.
const maxAltText = 1000

// upload shares m's image in a channel, in a thread when thread is set,
// titled with the message's first line (files.getUploadURLExternal, the
// upload, files.completeUploadExternal).
func (a *Adapter) upload(ctx context.Context, channel, thread string, m bot.Message) error {
	data, err := m.Image.PNG()
	if err != nil {
		return fmt.Errorf("draw %s: %w", m.Image.Name, err)
	}
	title := strings.TrimSpace(m.Title)
	if title == "" {
		title = m.Image.Name
	}
	return a.withRetry(ctx, "files.upload", func(ctx context.Context) error {
		_, err := a.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader:          bytes.NewReader(data),
			FileSize:        len(data),
			Filename:        m.Image.Name,
			Title:           truncate(title, MaxHeaderText),
			AltTxt:          truncate(m.Image.Alt, maxAltText),
			Channel:         channel,
			ThreadTimestamp: thread,
		})
		return err
	})
}

// postEphemeral shows p to one user in a channel.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user, thread string, p Post) error {
	opts := []slack.MsgOption{
		slack.MsgOptionBlocks(p.Blocks...),
		slack.MsgOptionText(p.Text, true),
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return a.withRetry(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// respond posts p to a slash command's response_url, which works in
// channels the bot is not a member of.
func (a *Adapter) respond(ctx context.Context, responseURL, responseType string, p Post) error {
	msg := &slack.WebhookMessage{
		Text:         escape(p.Text),
		Blocks:       &slack.Blocks{BlockSet: p.Blocks},
		ResponseType: responseType,
	}
	return a.withRetry(ctx, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.hc, msg)
	})
}

// responseURLAllowed keeps the adapter from posting answers anywhere but
// Slack (or the proxy or test server configured in its place), whatever a
// payload says.
func (a *Adapter) responseURLAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" {
		for _, d := range []string{"slack.com", "slack-gov.com"} {
			if host == d || strings.HasSuffix(host, "."+d) {
				return true
			}
		}
	}
	return u.Scheme == a.apiURL.Scheme && u.Host == a.apiURL.Host
}

// Sender returns the digest sender for this workspace's channels.
func (a *Adapter) Sender() bot.Sender { return sender{a} }

type sender struct{ a *Adapter }

func (sender) Platform() string { return "slack" }

// Send posts the messages to a channel, each split into as many Slack
// messages as Block Kit's limits need. A channel the bot can no longer post
// to gives an error wrapping bot.ErrChannelGone. A panic while rendering or
// posting is logged and returned as an error: digests and alerts are sent
// outside the core's recover, where it would end the process.
func (s sender) Send(ctx context.Context, channel string, msgs []bot.Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.a.log.Error("send panicked", "channel", channel, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("slack: post to %s: panic: %v", channel, r)
		}
	}()
	for _, m := range msgs {
		for _, p := range Render(m) {
			if err := s.a.postMessage(ctx, channel, "", p); err != nil {
				return channelError(channel, err)
			}
		}
	}
	return nil
}

// goneErrors are the Web API errors that mean posting to the channel will
// keep failing until someone changes something in Slack.
var goneErrors = map[string]bool{
	"channel_not_found": true,
	"not_in_channel":    true,
	"is_archived":       true,
	"account_inactive":  true,
	"restricted_action": true,
}

func channelError(channel string, err error) error {
	if apiErr, ok := errors.AsType[slack.SlackErrorResponse](err); ok && goneErrors[apiErr.Err] {
		return fmt.Errorf("slack: post to %s: %w: %w", channel, bot.ErrChannelGone, err)
	}
	return fmt.Errorf("slack: post to %s: %w", channel, err)
}
