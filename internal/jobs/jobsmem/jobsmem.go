package jobsmem

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jobs"
)

// Store is an in-memory jobs.Store. The zero value is not usable; call
// New. It is safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	next    int64
	jobs    map[int64]*jobs.Job
	keys    map[string]int64
	leases  map[string]lease
	cursors map[string]int64
}

type lease struct {
	owner string
	until time.Time
}

var _ jobs.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{jobs: map[int64]*jobs.Job{}, keys: map[string]int64{}, leases: map[string]lease{}, cursors: map[string]int64{}}
}

// us truncates t to the microsecond, as the databases store it.
func us(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// EnqueueJobs implements jobs.Store.
func (s *Store) EnqueueJobs(_ context.Context, js []jobs.NewJob, now time.Time) ([]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, len(js))
	for i, n := range js {
		if id, ok := s.keys[n.Key]; ok && n.Key != "" {
			ids[i] = id
			continue
		}
		s.next++
		j := &jobs.Job{ID: s.next, Kind: n.Kind, Key: n.Key, Payload: n.Payload, Status: jobs.Queued,
			MaxAttempts: n.MaxAttempts, RunAt: us(n.RunAt), Created: us(now), Updated: us(now)}
		s.jobs[j.ID] = j
		if n.Key != "" {
			s.keys[n.Key] = j.ID
		}
		ids[i] = j.ID
	}
	return ids, nil
}

// ClaimJob implements jobs.Store.
func (s *Store) ClaimJob(_ context.Context, c jobs.Claim) (jobs.Job, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := us(c.Now)
	var best *jobs.Job
	for _, j := range s.jobs {
		if !slices.Contains(c.Kinds, j.Kind) {
			continue
		}
		ready := j.Status == jobs.Queued && !j.RunAt.After(now) || j.Status == jobs.Running && j.LeaseUntil.Before(now)
		if !ready {
			continue
		}
		if best == nil || j.RunAt.Before(best.RunAt) || j.RunAt.Equal(best.RunAt) && j.ID < best.ID {
			best = j
		}
	}
	if best == nil {
		return jobs.Job{}, false, nil
	}
	best.Status = jobs.Running
	best.Attempts++
	best.LeaseOwner = c.Owner
	best.LeaseUntil = us(c.LeaseUntil)
	best.Updated = now
	return *best, true, nil
}

// running returns the job if it runs under owner, else a Conflict.
func (s *Store) running(id int64, owner string) (*jobs.Job, error) {
	j, ok := s.jobs[id]
	if !ok || j.Status != jobs.Running || j.LeaseOwner != owner {
		return nil, apperr.New(apperr.Conflict, "The job is no longer running under this claim.")
	}
	return j, nil
}

// ExtendJob implements jobs.Store.
func (s *Store) ExtendJob(_ context.Context, id int64, owner string, until, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.running(id, owner)
	if err != nil {
		return err
	}
	j.LeaseUntil, j.Updated = us(until), us(now)
	return nil
}

// ProgressJob implements jobs.Store.
func (s *Store) ProgressJob(_ context.Context, id int64, owner string, p jobs.Progress, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.running(id, owner)
	if err != nil {
		return err
	}
	j.Progress, j.Updated = p, us(now)
	return nil
}

// FinishJob implements jobs.Store.
func (s *Store) FinishJob(_ context.Context, id int64, owner string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.running(id, owner)
	if err != nil {
		return err
	}
	j.Status, j.Payload, j.LeaseOwner, j.LeaseUntil, j.Updated, j.Finished = jobs.Done, "", "", time.Time{}, us(now), us(now)
	return nil
}

// RetryJob implements jobs.Store.
func (s *Store) RetryJob(_ context.Context, id int64, owner string, runAt time.Time, lastErr string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.running(id, owner)
	if err != nil {
		return err
	}
	j.Status, j.RunAt, j.LastError, j.LeaseOwner, j.LeaseUntil, j.Updated = jobs.Queued, us(runAt), lastErr, "", time.Time{}, us(now)
	return nil
}

// FailJob implements jobs.Store.
func (s *Store) FailJob(_ context.Context, id int64, owner string, lastErr string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.running(id, owner)
	if err != nil {
		return err
	}
	j.Status, j.LastError, j.LeaseOwner, j.LeaseUntil, j.Updated, j.Finished = jobs.Failed, lastErr, "", time.Time{}, us(now), us(now)
	return nil
}

// CancelJob implements jobs.Store.
func (s *Store) CancelJob(_ context.Context, id int64, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return apperr.New(apperr.NotFound, "There is no such job.")
	}
	if j.Status != jobs.Queued && j.Status != jobs.Running {
		return apperr.New(apperr.Conflict, "The job has finished already.")
	}
	j.Status, j.LeaseOwner, j.LeaseUntil, j.Updated, j.Finished = jobs.Cancelled, "", time.Time{}, us(now), us(now)
	return nil
}

// RequeueJob implements jobs.Store.
func (s *Store) RequeueJob(_ context.Context, id int64, runAt, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return false, apperr.New(apperr.NotFound, "There is no such job.")
	}
	switch j.Status {
	case jobs.Queued:
	case jobs.Failed, jobs.Cancelled:
		j.Attempts = 0
	default:
		return false, nil
	}
	j.Status, j.RunAt, j.LeaseOwner, j.LeaseUntil, j.Finished, j.Updated = jobs.Queued, us(runAt), "", time.Time{}, time.Time{}, us(now)
	return true, nil
}

// Job implements jobs.Store.
func (s *Store) Job(_ context.Context, id int64) (jobs.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return jobs.Job{}, apperr.New(apperr.NotFound, "There is no such job.")
	}
	return *j, nil
}

// Jobs implements jobs.Store.
func (s *Store) Jobs(_ context.Context, q jobs.Query) ([]jobs.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	var out []jobs.Job
	for _, j := range s.jobs {
		if q.Kind != "" && j.Kind != q.Kind || len(q.Statuses) > 0 && !slices.Contains(q.Statuses, j.Status) {
			continue
		}
		c := *j
		c.Payload = ""
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b jobs.Job) int { return int(b.ID - a.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// PruneJobs implements jobs.Store.
func (s *Store) PruneJobs(_ context.Context, doneBefore, failedBefore time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, j := range s.jobs {
		old := (j.Status == jobs.Done || j.Status == jobs.Cancelled) && j.Updated.Before(us(doneBefore)) ||
			j.Status == jobs.Failed && j.Updated.Before(us(failedBefore))
		if old {
			delete(s.jobs, id)
			if j.Key != "" {
				delete(s.keys, j.Key)
			}
			n++
		}
	}
	return n, nil
}

// TakeLease implements jobs.Store.
func (s *Store) TakeLease(_ context.Context, name, owner string, now, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leases[name]
	if ok && l.owner != owner && l.until.After(us(now)) {
		return false, nil
	}
	s.leases[name] = lease{owner: owner, until: us(until)}
	return true, nil
}

// ReleaseLease implements jobs.Store.
func (s *Store) ReleaseLease(_ context.Context, name, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.leases[name]; ok && l.owner == owner {
		delete(s.leases, name)
	}
	return nil
}

// JobCursor implements jobs.Store.
func (s *Store) JobCursor(_ context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.cursors[name]
	if !ok {
		return 0, apperr.New(apperr.NotFound, "No cursor is stored under this name.")
	}
	return v, nil
}

// AdvanceJobCursor implements jobs.Store.
func (s *Store) AdvanceJobCursor(_ context.Context, name string, to int64, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.cursors[name]; !ok || to > v {
		s.cursors[name] = to
	}
	return nil
}
