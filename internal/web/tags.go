package web

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
func (s *Server) topTags(ctx context.Context) ([]gather.TagCount, error) {
	if s.lookups == nil {
		return nil, nil
	}
	c := &s.tagCache
	c.mu.Lock()
	if !c.loaded {
		defer c.mu.Unlock()
		tags, err := s.lookups.Tags(ctx, 0, 15)
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
			tags, err := s.lookups.Tags(ctx, 0, 15)
			c.mu.Lock()
			defer c.mu.Unlock()
			c.refreshing = false
			c.at = time.Now()
			if err != nil {
				s.log.Error("counting topics", "err", err)
				return
			}
			c.tags = tags
		}()
	}
	c.mu.Unlock()
	return tags, nil
}

// Warm fills the caches that make the first page views slow (the topic
// list); call it in the background at start-up.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.topTags(ctx)
	return err
}
