package cycletest

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
)

// MemStore is an in-memory cycle.Store for fast tests of rules; the real
// databases are tested by internal/storage/storagetest. Events are kept in
// Events. It is safe for concurrent use.
type MemStore struct {
	mu       sync.Mutex
	progs    []cycle.Programme
	cycles   map[int64]cycle.Cycle
	moves    []cycle.Move
	follows  map[[2]int64]bool
	Events   []audit.Event
	nextID   int64
	nextMove int64
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{cycles: map[int64]cycle.Cycle{}, follows: map[[2]int64]bool{}}
}

var _ cycle.Store = (*MemStore)(nil)

func (m *MemStore) record(ev audit.Event, kind string, id int64) {
	if ev.Object == "" {
		ev.Object = audit.ObjectRef(kind, id)
	}
	m.Events = append(m.Events, ev)
}

// CreateProgramme implements cycle.Store.
func (m *MemStore) CreateProgramme(_ context.Context, p *cycle.Programme, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, q := range m.progs {
		if q.Slug == p.Slug {
			return apperr.New(apperr.Conflict, "There is already a programme with this short name.")
		}
	}
	m.nextID++
	p.ID = m.nextID
	m.progs = append(m.progs, *p)
	m.record(ev, "programme", p.ID)
	return nil
}

// Programme implements cycle.Store.
func (m *MemStore) Programme(_ context.Context, id int64) (cycle.Programme, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.progs {
		if p.ID == id {
			return p, nil
		}
	}
	return cycle.Programme{}, apperr.New(apperr.NotFound, "There is no such programme.")
}

// ProgrammeBySlug implements cycle.Store.
func (m *MemStore) ProgrammeBySlug(_ context.Context, slug string) (cycle.Programme, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.progs {
		if p.Slug == slug {
			return p, nil
		}
	}
	return cycle.Programme{}, apperr.New(apperr.NotFound, "There is no such programme.")
}

// Programmes implements cycle.Store.
func (m *MemStore) Programmes(context.Context) ([]cycle.Programme, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.progs), nil
}

func (m *MemStore) fill(c cycle.Cycle) cycle.Cycle {
	for _, p := range m.progs {
		if p.ID == c.ProgrammeID {
			c.ProgrammeName = p.Name
		}
	}
	c.Plan = cycle.FullPlan(c.Plan)
	return c
}

// CreateCycle implements cycle.Store.
func (m *MemStore) CreateCycle(_ context.Context, c *cycle.Cycle, first *cycle.Move, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	found := false
	for _, p := range m.progs {
		found = found || p.ID == c.ProgrammeID
	}
	if !found {
		return apperr.New(apperr.NotFound, "There is no such programme.")
	}
	m.nextID++
	c.ID = m.nextID
	c.Plan = slices.Clone(c.Plan)
	m.cycles[c.ID] = *c
	m.nextMove++
	first.ID, first.CycleID = m.nextMove, c.ID
	m.moves = append(m.moves, *first)
	m.record(ev, "cycle", c.ID)
	return nil
}

// UpdateCycle implements cycle.Store.
func (m *MemStore) UpdateCycle(_ context.Context, c cycle.Cycle, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.cycles[c.ID]
	if !ok {
		return apperr.New(apperr.NotFound, "There is no such round.")
	}
	old.Title, old.Description, old.Plan = c.Title, c.Description, slices.Clone(c.Plan)
	m.cycles[c.ID] = old
	m.record(ev, "cycle", c.ID)
	return nil
}

// MovePhase implements cycle.Store.
func (m *MemStore) MovePhase(_ context.Context, mv *cycle.Move, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cycles[mv.CycleID]
	if !ok {
		return apperr.New(apperr.NotFound, "There is no such round.")
	}
	if c.Phase != mv.From {
		return apperr.New(apperr.Conflict, "The round has just been moved by someone else. Look at it again.")
	}
	c.Phase, c.PhaseSince = mv.To, mv.At
	m.cycles[c.ID] = c
	m.nextMove++
	mv.ID = m.nextMove
	m.moves = append(m.moves, *mv)
	m.record(ev, "cycle", c.ID)
	return nil
}

// Cycle implements cycle.Store.
func (m *MemStore) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cycles[id]
	if !ok {
		return cycle.Cycle{}, apperr.New(apperr.NotFound, "There is no such round.")
	}
	return m.fill(c), nil
}

// Cycles implements cycle.Store.
func (m *MemStore) Cycles(_ context.Context, programmeID int64) ([]cycle.Cycle, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []cycle.Cycle
	for _, c := range m.cycles {
		if programmeID == 0 || c.ProgrammeID == programmeID {
			out = append(out, m.fill(c))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// Moves implements cycle.Store.
func (m *MemStore) Moves(_ context.Context, cycleID int64) ([]cycle.Move, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []cycle.Move
	for _, mv := range m.moves {
		if mv.CycleID == cycleID {
			out = append(out, mv)
		}
	}
	return out, nil
}

// AddCycleFollow implements cycle.Store.
func (m *MemStore) AddCycleFollow(_ context.Context, cycleID, userID int64, ev audit.Event) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.cycles[cycleID]; !ok {
		return false, apperr.New(apperr.NotFound, "There is no such round.")
	}
	k := [2]int64{cycleID, userID}
	if m.follows[k] {
		return false, nil
	}
	m.follows[k] = true
	m.record(ev, "cycle", cycleID)
	return true, nil
}

// RemoveCycleFollow implements cycle.Store.
func (m *MemStore) RemoveCycleFollow(_ context.Context, cycleID, userID int64, ev audit.Event) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]int64{cycleID, userID}
	if !m.follows[k] {
		return false, nil
	}
	delete(m.follows, k)
	m.record(ev, "cycle", cycleID)
	return true, nil
}

// CycleFollowers implements cycle.Store.
func (m *MemStore) CycleFollowers(_ context.Context, cycleID int64) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []int64
	for k := range m.follows {
		if k[0] == cycleID {
			out = append(out, k[1])
		}
	}
	slices.Sort(out)
	return out, nil
}

// FollowsCycle implements cycle.Store.
func (m *MemStore) FollowsCycle(_ context.Context, cycleID, userID int64) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.follows[[2]int64{cycleID, userID}], nil
}
