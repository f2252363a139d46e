package gatherweb

import (
	"context"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// viewKind is what, of the viewer, the comment partial depends on.
type viewKind int

const (
	viewAnonymous viewKind = iota // not signed in: no report link, no reply form
	viewMember                    // signed in: report link and reply form
	viewModerator                 // a moderator: also the hide link and hidden comments' text
)

func viewOf(u people.User) viewKind {
	switch {
	case u.Has(people.RoleModerator):
		return viewModerator
	case u.SignedIn():
		return viewMember
	}
	return viewAnonymous
}

// fragments caches, for a minute, what comment events need: the comment as
// read for each view of hidden comments (a moderator's, everyone else's)
// and its HTML for each language and kind of viewer. However many pages
// follow an issue, a comment thus costs each process at most two reads and
// six renders. Entries are keyed by the event's data, which holds the time
// it was published, so a later change to the same comment is read afresh.
// Concurrent subscribers wait for the first one's read or render rather
// than repeating it. It is safe for concurrent use.
type fragments struct {
	mu sync.Mutex
	m  map[fragKey]*fragEntry
}

type fragKey struct {
	event string
	lang  i18n.Lang // "" for a read
	view  viewKind
}

type fragEntry struct {
	done chan struct{} // closed when the fields below are set
	at   time.Time
	c    gather.Comment
	iss  gather.Issue
	html string
	err  error
}

// fragmentTTL is how long fragments keeps an entry.
const fragmentTTL = time.Minute

// fragmentTimeout bounds a read or render, which runs apart from any one
// subscriber's request (it may go away while others wait).
const fragmentTimeout = 10 * time.Second

// get returns key's entry, filling it with fill the first time.
func (f *fragments) get(key fragKey, fill func(ctx context.Context, e *fragEntry)) *fragEntry {
	now := time.Now()
	f.mu.Lock()
	if e, ok := f.m[key]; ok {
		f.mu.Unlock()
		<-e.done
		return e
	}
	if f.m == nil {
		f.m = map[fragKey]*fragEntry{}
	}
	for k, e := range f.m {
		if now.Sub(e.at) > fragmentTTL {
			delete(f.m, k)
		}
	}
	e := &fragEntry{done: make(chan struct{}), at: now}
	f.m[key] = e
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), fragmentTimeout)
	defer cancel()
	defer close(e.done)
	fill(ctx, e)
	return e
}

// render returns comment commentID of issueID, as the event event asks,
// and its HTML for viewer u in language lang.
func (f *fragments) render(h *Handler, u people.User, lang i18n.Lang, issueID int64, event string, commentID int64) (gather.Comment, string, error) {
	view := viewOf(u)
	reader, readView := people.Anonymous, viewAnonymous // everyone but moderators sees hidden comments alike
	if view == viewModerator {
		reader, readView = u, viewModerator
	}
	read := f.get(fragKey{event: event, view: readView}, func(ctx context.Context, e *fragEntry) {
		threads, err := h.d.Issues.Comments(ctx, reader, issueID)
		if err != nil {
			e.err = err
			return
		}
		c, ok := findComment(threads, commentID)
		if !ok {
			e.err = apperr.New(apperr.NotFound, "That comment is not on this issue.")
			return
		}
		e.c = c
		e.iss, e.err = h.d.Issues.Issue(ctx, reader, issueID)
	})
	if read.err != nil {
		return gather.Comment{}, "", read.err
	}
	out := f.get(fragKey{event: event, lang: lang, view: view}, func(_ context.Context, e *fragEntry) {
		// The partial reads only whether the viewer is signed in and
		// whether they are a moderator, so any viewer of this kind will do.
		p := &kit.Page{User: u, Lang: lang}
		e.html, e.err = h.rd.Fragment(lang, "issue", "comment", commentCtx(p, read.c, read.iss))
	})
	return read.c, out.html, out.err
}
