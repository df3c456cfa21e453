package slack

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket holds a Socket Mode connection until ctx is done. The
// socketmode client reconnects by itself when Slack asks it to or the
// socket drops; only a rejected app token ends it early.
func (a *Adapter) runSocket(ctx context.Context) error {
	if err := a.checkAppToken(ctx); err != nil {
		return err
	}
	client := socketmode.New(a.api, socketmode.OptionLog(debugLog{a.log}))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", appTokenError(err))
		case evt := <-client.Events:
			a.onSocketEvent(ctx, client, evt)
		}
	}
}

// checkAppToken opens a connection once before the client does: slack-go
// retries a token Slack refuses (wrong type, missing scope) for minutes
// without a word, so a refusal ends the start here instead. An unreachable
// Slack is left to the client's own retries.
func (a *Adapter) checkAppToken(ctx context.Context) error {
	err := a.withRetry(ctx, "apps.connections.open", func(ctx context.Context) error {
		_, _, err := a.api.StartSocketModeContext(ctx)
		return err
	})
	if _, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return fmt.Errorf("slack: %w", appTokenError(err))
	}
	if err != nil && ctx.Err() == nil {
		a.log.Warn("cannot reach Slack yet; will keep trying", "err", err)
	}
	return nil
}

func appTokenError(err error) error {
	if apiErr, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return fmt.Errorf("SLACK_APP_TOKEN rejected by Slack (apps.connections.open): %s; it needs an app-level token with the connections:write scope", apiErr.Err)
	}
	return err
}

// onSocketEvent acknowledges every envelope, retries included, before the
// answer is worked on, so Slack never waits on the core.
func (a *Adapter) onSocketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("socket event panicked", "panic", r, "type", evt.Type, "stack", string(debug.Stack()))
		}
	}()
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
		a.log.Debug("connecting (socket mode)")
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("connected (socket mode)")
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.log.Info("disconnected (socket mode)")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		a.log.Warn("socket mode connection failed; retrying", "err", eventError(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("Slack refused the app token")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("socket mode trouble", "type", evt.Type, "err", eventError(evt.Data))
	case socketmode.EventTypeEventsAPI:
		a.ack(ctx, client, evt.Request, nil)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			retry := ""
			if evt.Request != nil && evt.Request.RetryAttempt > 0 {
				retry = strconv.Itoa(evt.Request.RetryAttempt)
			}
			a.onEventsAPI(ev, retry)
		}
	case socketmode.EventTypeSlashCommand:
		var payload any
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			if text := a.onSlash(cmd); text != "" {
				payload = ackMessage(text)
			}
		}
		a.ack(ctx, client, evt.Request, payload)
	case socketmode.EventTypeInteractive:
		// No buttons yet; acknowledged so Slack does not retry.
		a.ack(ctx, client, evt.Request, nil)
	}
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := client.AckCtx(ctx, req.EnvelopeID, payload); err != nil && ctx.Err() == nil {
		a.log.Warn("cannot acknowledge", "envelope", req.EnvelopeID, "err", err)
	}
}

func eventError(data any) error {
	switch d := data.(type) {
	case *slack.ConnectionErrorEvent:
		return d.ErrorObj
	case *slack.IncomingEventError:
		return d.ErrorObj
	case *socketmode.ErrorBadMessage:
		return d.Cause
	case *socketmode.ErrorWriteFailed:
		return d.Cause
	case error:
		return d
	}
	return nil
}
