package gatherweb

import (
	"context"
	"log/slog"
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
// over every open issue. It is built from the database on first use, kept
// up to date incrementally as this process changes issues, and rebuilt in
// the background when older than maxAge (to pick up changes made by other
// processes), so no request waits for a rebuild after the first. It is
// safe for concurrent use.
type SimilarIndex struct {
	src    Digester
	maxAge time.Duration
	log    *slog.Logger

	mu         sync.Mutex
	idx        *similar.Index // itself safe for concurrent use
	themed     map[int64]bool
	built      time.Time
	rebuilding bool
}

// NewSimilar returns a SimilarIndex over src's open issues, refreshed from
// src at least every maxAge; failed background refreshes go to log (if
// not nil).
func NewSimilar(src Digester, maxAge time.Duration, log *slog.Logger) *SimilarIndex {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &SimilarIndex{src: src, maxAge: maxAge, log: log}
}

// load reads every open issue and builds a fresh index.
func (x *SimilarIndex) load(ctx context.Context) (*similar.Index, map[int64]bool, error) {
	ds, err := x.src.Digests(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	idx := similar.New()
	themed := map[int64]bool{}
	docs := make([]similar.Doc, len(ds))
	for i, d := range ds {
		docs[i] = similar.Doc{ID: d.ID, Title: d.Title, Text: d.Description}
		if d.ThemeID != 0 {
			themed[d.ID] = true
		}
	}
	idx.AddAll(docs)
	return idx, themed, nil
}

// current returns the index, building it on first use and starting a
// background refresh when it is old.
func (x *SimilarIndex) current(ctx context.Context) (*similar.Index, map[int64]bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		idx, themed, err := x.load(ctx)
		if err != nil {
			return nil, nil, err
		}
		x.idx, x.themed, x.built = idx, themed, time.Now()
	} else if time.Since(x.built) > x.maxAge && !x.rebuilding {
		x.rebuilding = true
		go x.refresh()
	}
	return x.idx, x.themed, nil
}

func (x *SimilarIndex) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	idx, themed, err := x.load(ctx)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.rebuilding = false
	if err != nil {
		x.log.Error("similar: rebuilding the index", "err", err)
		x.built = time.Now() // try again after maxAge, not at once
		return
	}
	x.idx, x.themed, x.built = idx, themed, time.Now()
}

// Added indexes a new or edited open issue.
func (x *SimilarIndex) Added(iss gather.Issue) {
	x.mu.Lock()
	idx := x.idx
	x.mu.Unlock()
	if idx != nil && iss.Status == gather.StatusOpen {
		idx.Add(iss.ID, iss.Title, iss.Description)
	}
}

// Removed drops an issue that is no longer open (withdrawn, hidden).
func (x *SimilarIndex) Removed(id int64) {
	x.mu.Lock()
	idx := x.idx
	x.mu.Unlock()
	if idx != nil {
		idx.Remove(id)
	}
}

// ThemesChanged re-reads which issues are in a theme (cheap next to
// rebuilding the index), so suggestions leave out newly themed issues.
func (x *SimilarIndex) ThemesChanged(ctx context.Context) error {
	ds, err := x.src.Digests(ctx, 0)
	if err != nil {
		return err
	}
	themed := map[int64]bool{}
	for _, d := range ds {
		if d.ThemeID != 0 {
			themed[d.ID] = true
		}
	}
	x.mu.Lock()
	x.themed = themed
	x.mu.Unlock()
	return nil
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

// Warm builds the index now (call it in the background at start-up, so the
// first person raising an issue does not wait for it).
func (x *SimilarIndex) Warm(ctx context.Context) error {
	_, _, err := x.current(ctx)
	return err
}
