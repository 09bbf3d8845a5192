package federation

import (
	"sync"
	"time"
)

// replayCache remembers used assertion IDs until they expire; an expired assertion is refused anyway, so
// that is as long as an ID needs keeping. A full cache refuses new sign-ins rather than forgetting IDs.
type replayCache struct {
	mu   sync.Mutex
	max  int
	seen map[string]time.Time // issuer + " " + assertion ID -> forget after
}

func newReplayCache(max int) *replayCache {
	return &replayCache{max: max, seen: map[string]time.Time{}}
}

// use records key until forgetAfter and reports whether it was new (false: a replay, or the cache is full).
func (c *replayCache) use(key string, forgetAfter, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.seen[key]; ok && now.Before(t) {
		return false
	}
	if len(c.seen) >= c.max {
		for k, t := range c.seen {
			if !now.Before(t) {
				delete(c.seen, k)
			}
		}
		if len(c.seen) >= c.max {
			return false
		}
	}
	c.seen[key] = forgetAfter
	return true
}
