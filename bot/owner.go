package bot

import "context"

// ChannelOwner is a Sender that posts to some of its platform's channels
// only, the others being another process's: a Discord shard owns the
// channels of its servers. Digests for a channel are sent by its owner.
type ChannelOwner interface {
	Sender
	// Owns reports whether this process posts to channel. An error (the
	// owner could not be found out) leaves the channel for a later try.
	Owns(ctx context.Context, channel string) (bool, error)
}

// OwnerOf finds the ChannelOwner behind a Sender, through wrappers that
// say what they wrap (Unwrap() Sender).
func OwnerOf(s Sender) (ChannelOwner, bool) {
	for s != nil {
		if o, ok := s.(ChannelOwner); ok {
			return o, true
		}
		w, ok := s.(interface{ Unwrap() Sender })
		if !ok {
			return nil, false
		}
		s = w.Unwrap()
	}
	return nil, false
}
