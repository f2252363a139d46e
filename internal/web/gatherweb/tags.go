package gatherweb

import (
	"context"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
)

// tagsMaxAge is how old the cached topic list on /issues may get: counting
// topics scans every issue's tags, too slow for every page view at 100,000
// issues, and the leading topics change slowly.
const tagsMaxAge = time.Minute

// tagCache holds the most used topics; it is refreshed in the background
// once stale, so only the first request waits.
type tagCache struct {
	mu         sync.Mutex
	tags       []gather.TagCount
	at         time.Time
	loaded     bool
	refreshing bool
}

// topTags returns the most used topics (possibly up to tagsMaxAge old).
func (h *Handler) topTags(ctx context.Context) ([]gather.TagCount, error) {
	if h.d.Lookups == nil {
		return nil, nil
	}
	c := &h.tags
	c.mu.Lock()
	if !c.loaded {
		defer c.mu.Unlock()
		tags, err := h.d.Lookups.Tags(ctx, 0, 15)
		if err != nil {
			return nil, err
		}
		c.tags, c.at, c.loaded = tags, time.Now(), true
		return tags, nil
	}
	tags := c.tags
	if time.Since(c.at) > tagsMaxAge && !c.refreshing {
		c.refreshing = true
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			tags, err := h.d.Lookups.Tags(ctx, 0, 15)
			c.mu.Lock()
			defer c.mu.Unlock()
			c.refreshing = false
			c.at = time.Now()
			if err != nil {
				h.env.Log.Error("counting topics", "err", err)
				return
			}
			c.tags = tags
		}()
	}
	c.mu.Unlock()
	return tags, nil
}
