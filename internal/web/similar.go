package web

import (
	"context"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/similar"
)

// Digester lists open issues for the similarity index (*gather.Service).
type Digester interface {
	Digests(ctx context.Context, cycleID int64) ([]gather.Digest, error)
}

// SimilarIndex is the Similar used by the server: an internal/similar index
// over every open issue, rebuilt from the database when it is older than
// maxAge or after Changed is called. It is safe for concurrent use.
type SimilarIndex struct {
	src    Digester
	maxAge time.Duration

	mu      sync.Mutex // serialises rebuilds
	idx     *similar.Index
	themed  map[int64]bool
	built   time.Time
	changed bool
}

// NewSimilar returns a SimilarIndex over src's open issues, rebuilt at most
// every maxAge (or after Changed).
func NewSimilar(src Digester, maxAge time.Duration) *SimilarIndex {
	return &SimilarIndex{src: src, maxAge: maxAge}
}

// Changed marks the index stale (an issue or theme changed).
func (x *SimilarIndex) Changed() {
	x.mu.Lock()
	x.changed = true
	x.mu.Unlock()
}

// current returns an up-to-date index and the set of themed issues.
func (x *SimilarIndex) current(ctx context.Context) (*similar.Index, map[int64]bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx != nil && !x.changed && time.Since(x.built) < x.maxAge {
		return x.idx, x.themed, nil
	}
	ds, err := x.src.Digests(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	idx := similar.New()
	themed := map[int64]bool{}
	for _, d := range ds {
		idx.Add(d.ID, d.Title, d.Description)
		if d.ThemeID != 0 {
			themed[d.ID] = true
		}
	}
	idx.Rebuild()
	x.idx, x.themed, x.built, x.changed = idx, themed, time.Now(), false
	return idx, themed, nil
}

// Like returns the ids of up to n open issues most like text.
func (x *SimilarIndex) Like(ctx context.Context, text string, n int) ([]int64, error) {
	idx, _, err := x.current(ctx)
	if err != nil {
		return nil, err
	}
	ms := idx.Similar(text, n, similar.DefaultMinScore)
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids, nil
}

// Groups proposes themes among open issues not yet in a theme.
func (x *SimilarIndex) Groups(ctx context.Context) ([]Group, error) {
	idx, themed, err := x.current(ctx)
	if err != nil {
		return nil, err
	}
	gs := idx.Groups(similar.GroupOptions{Skip: func(id int64) bool { return themed[id] }})
	out := make([]Group, len(gs))
	for i, g := range gs {
		out[i] = Group{Name: g.Name, IssueIDs: g.IDs}
	}
	return out, nil
}
