package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
	"readout/bot/digest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"
)

// Guilds of the two shards of 2: (id >> 22) % 2.
var (
	guildOfShard0 = fmt.Sprint(uint64(1000) << 22)
	guildOfShard1 = fmt.Sprint(uint64(1001) << 22)
)

func TestShardOf(t *testing.T) {
	for _, c := range []struct {
		guild       string
		count, want int
	}{
		{guildOfShard0, 2, 0}, {guildOfShard1, 2, 1}, {guildOfShard1, 1, 0}, {guildOfShard1, 0, 0},
		{"", 2, 0}, {"not-an-id", 4, 0},
		{fmt.Sprint(uint64(7) << 22), 5, 2},
	} {
		if got := ShardOf(c.guild, c.count); got != c.want {
			t.Errorf("ShardOf(%s, %d) = %d, want %d", c.guild, c.count, got, c.want)
		}
	}
}

// Two processes, shards 0 and 1 of 2, each with its own Discord
// connection (a fake server each, to tell their posts apart), share one
// store: each channel's digests go out once, from the process whose shard
// holds the channel's server; a channel that is gone is shard 0's to find
// gone. A process with one shard is no channel owner.
func TestDigestsSentByTheChannelsShard(t *testing.T) {
	ctx := context.Background()
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	channels := map[string]string{"501": guildOfShard0, "502": guildOfShard0, "601": guildOfShard1, "602": guildOfShard1}
	type process struct {
		fake    *fakediscord.Server
		digests *digest.Digests
	}
	var procs []process
	for shard := range 2 {
		fake := fakediscord.New(testToken)
		t.Cleanup(fake.Close)
		for ch, guild := range channels {
			fake.Channel(guild, ch)
		}
		fake.Gone("700")
		a, err := New(Options{Token: testToken, APIURL: fake.URL(), Handler: &coreLike{}, ShardID: shard, ShardCount: 2,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := bot.OwnerOf(a.Sender()); !ok {
			t.Fatal("a sender of one shard of two is no channel owner")
		}
		d, err := digest.NewDigests(digest.DigestConfig{Leaders: g, Store: store, Senders: []bot.Sender{a.Sender()}})
		if err != nil {
			t.Fatal(err)
		}
		procs = append(procs, process{fake, d})
	}
	single, err := New(Options{Token: testToken, APIURL: procs[0].fake.URL(), Handler: &coreLike{}, ShardCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := bot.OwnerOf(single.Sender()); ok {
		t.Error("the sender of a single shard is a channel owner")
	}

	now := time.Now().UTC()
	subs := map[string]int64{}
	for _, ch := range []string{"501", "502", "601", "602", "700"} {
		sub, _, err := store.Subscribe(ctx, summaries.Subscription{Platform: Platform, Channel: ch, CreatedAt: now, PeriodStart: now})
		if err != nil {
			t.Fatal(err)
		}
		subs[ch] = sub.ID
		for i := range 2 {
			body, _ := json.Marshal([]bot.Message{{Title: fmt.Sprintf("digest %d for %s", i, ch)}})
			if _, ok, err := store.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: Platform, Channel: ch,
				Key: fmt.Sprintf("period %d", i), Body: body, NextAttempt: now, CreatedAt: now}, nil, time.Time{}); err != nil || !ok {
				t.Fatalf("record: %v %v", ok, err)
			}
		}
	}
	// Both flush, in turn and then at once.
	if _, err := procs[1].digests.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	for _, p := range procs {
		go func() { _, err := p.digests.Flush(ctx); done <- err }()
	}
	for range procs {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}

	posted := func(p process) map[string]int {
		out := map[string]int{}
		for _, r := range p.fake.Requests() {
			if r.Pattern == fakediscord.RouteChannelMessages && r.Status == 200 {
				out[strings.Split(strings.TrimPrefix(r.Path, "/api/v9/channels/"), "/")[0]]++
			}
		}
		return out
	}
	want := []map[string]int{{"501": 2, "502": 2}, {"601": 2, "602": 2}}
	for shard, p := range procs {
		if got := posted(p); fmt.Sprint(got) != fmt.Sprint(want[shard]) {
			t.Errorf("shard %d posted %v, want %v", shard, got, want[shard])
		}
	}
	for ch, id := range subs {
		st, err := store.DeliveryStats(ctx, Platform, ch)
		if err != nil {
			t.Fatal(err)
		}
		if ch == "700" {
			if sub, _ := store.Subscription(ctx, Platform, ch); !sub.Paused || st.Failed != 2 {
				t.Errorf("the gone channel: subscription %d paused %v, deliveries %+v", id, sub.Paused, st)
			}
			continue
		}
		if st.Sent != 2 || st.Pending != 0 {
			t.Errorf("channel %s: %+v, want 2 sent", ch, st)
		}
	}
	// Each channel was looked up once by shard 1: what a channel's server
	// is (or that it is gone) is remembered.
	lookups := 0
	for _, r := range procs[1].fake.Requests() {
		if r.Pattern == fakediscord.RouteChannel {
			lookups++
		}
	}
	if lookups != len(channels)+1 {
		t.Errorf("shard 1 looked channels up %d times, want once each (%d)", lookups, len(channels)+1)
	}
}
