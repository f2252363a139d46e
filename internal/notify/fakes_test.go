package notify_test

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/people"
)

// world is an in-memory Folkmoot for the rules: users, issues, comments,
// followers and the sealed audit log.
type world struct {
	mu        sync.Mutex
	users     map[int64]people.User
	issues    map[int64]gather.Issue
	comments  map[int64]gather.Comment
	followers map[int64][]int64
	log       []audit.Entry
	failUser  error // UserByID fails with it when set
}

func newWorld() *world {
	return &world{users: map[int64]people.User{}, issues: map[int64]gather.Issue{}, comments: map[int64]gather.Comment{}, followers: map[int64][]int64{}}
}

func (w *world) UserByID(_ context.Context, id int64) (people.User, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failUser != nil {
		return people.User{}, w.failUser
	}
	u, ok := w.users[id]
	if !ok {
		return u, apperr.New(apperr.NotFound, "There is no such user.")
	}
	return u, nil
}

func (w *world) Issue(_ context.Context, id int64) (gather.Issue, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	iss, ok := w.issues[id]
	if !ok {
		return iss, apperr.New(apperr.NotFound, "There is no such issue.")
	}
	return iss, nil
}

func (w *world) Comment(_ context.Context, id int64) (gather.Comment, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.comments[id]
	if !ok {
		return c, apperr.New(apperr.NotFound, "There is no such comment.")
	}
	return c, nil
}

func (w *world) Followers(_ context.Context, issueID int64) ([]int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.followers[issueID]...), nil
}

func (w *world) AuditEntries(_ context.Context, after int64, limit int) ([]audit.Entry, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []audit.Entry
	for _, e := range w.log {
		if e.Pos > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (w *world) AuditHead(context.Context) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return int64(len(w.log)), nil
}

// record appends a sealed entry and returns its position.
func (w *world) record(actor int64, action, object string, details map[string]string) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	pos := int64(len(w.log) + 1)
	w.log = append(w.log, audit.Entry{Event: audit.Event{Time: time.Now(), Actor: audit.UserActor(actor), Action: action, Object: object, Details: details}, Pos: pos})
	return pos
}

func (w *world) addUser(id int64, name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.users[id] = people.User{ID: id, DisplayName: name, Email: strings.ToLower(name) + "@example.org"}
}

// cursors wraps the jobs store's cursors, failing the next N advances
// (a scan that crashes after enqueueing, before moving its cursor).
type cursors struct {
	jobs.Store
	mu       sync.Mutex
	failNext int
}

func (c *cursors) AdvanceJobCursor(ctx context.Context, name string, to int64, now time.Time) error {
	c.mu.Lock()
	fail := c.failNext > 0
	if fail {
		c.failNext--
	}
	c.mu.Unlock()
	if fail {
		return apperr.New(apperr.Unavailable, "The database is busy or unavailable (%s). Please try again in a moment.", "test")
	}
	return c.Store.AdvanceJobCursor(ctx, name, to, now)
}

// finishOnceFails is a jobs store whose first FinishJob reports the lease
// lost without recording anything: as if the worker died right after the
// handler's effect, so the job runs again after its lease.
type finishOnceFails struct {
	*jobsmem.Store
	mu     sync.Mutex
	failed bool
}

func (s *finishOnceFails) FinishJob(ctx context.Context, id int64, owner string, now time.Time) error {
	s.mu.Lock()
	first := !s.failed
	s.failed = true
	s.mu.Unlock()
	if first {
		return apperr.New(apperr.Conflict, "The job is no longer running under this claim.")
	}
	return s.Store.FinishJob(ctx, id, owner, now)
}
