package lottery_test

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// memStore is lottery.Store in memory, with the audit events written.
type memStore struct {
	mu      sync.Mutex
	sel     map[int64]lottery.Selection
	files   map[int64]map[string][]byte
	members map[int64]map[string]lottery.Member
	events  []audit.Event
}

func newMemStore() *memStore {
	return &memStore{sel: map[int64]lottery.Selection{}, files: map[int64]map[string][]byte{}, members: map[int64]map[string]lottery.Member{}}
}

func (m *memStore) Selection(_ context.Context, id int64) (lottery.Selection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sel[id]
	if !ok {
		return s, apperr.New(apperr.NotFound, "none")
	}
	return s, nil
}

func (m *memStore) SaveSelection(_ context.Context, c lottery.Change) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := c.Selection.CycleID
	stored := lottery.Draft
	if s, ok := m.sel[id]; ok {
		stored = s.State
	}
	if !slices.Contains(c.From, stored) {
		return apperr.New(apperr.Conflict, "state")
	}
	m.sel[id] = c.Selection
	if m.files[id] == nil {
		m.files[id] = map[string][]byte{}
		m.members[id] = map[string]lottery.Member{}
	}
	for _, f := range c.Files {
		m.files[id][f.Name] = f.Data
	}
	for _, mb := range c.Members {
		mb.CycleID = id
		m.members[id][mb.ID] = mb
	}
	m.events = append(m.events, c.Event)
	return nil
}

func (m *memStore) SelectionFile(_ context.Context, id int64, name string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.files[id][name]
	if !ok {
		return nil, apperr.New(apperr.NotFound, "none")
	}
	return d, nil
}

func (m *memStore) SelectionMembers(_ context.Context, id int64) ([]lottery.Member, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []lottery.Member
	for _, mb := range m.members[id] {
		out = append(out, mb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Position < out[j].Position })
	return out, nil
}

func (m *memStore) SelectionMemberByToken(_ context.Context, h string) (lottery.Member, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ms := range m.members {
		for _, mb := range ms {
			if h != "" && mb.TokenHash == h {
				return mb, nil
			}
		}
	}
	return lottery.Member{}, apperr.New(apperr.NotFound, "none")
}

func (m *memStore) actions() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, e := range m.events {
		out = append(out, e.Action)
	}
	return out
}

// rounds is one round in a settable phase.
type rounds struct{ phase cycle.Phase }

func (r *rounds) Cycle(_ context.Context, id int64) (cycle.Cycle, error) {
	return cycle.Cycle{ID: id, Title: "Spring", Phase: r.phase}, nil
}

// fakePools serves a generated pool (internal/demo's) for every round.
type fakePools struct{ members []demo.PoolMember }

func newFakePools(n int) *fakePools { return &fakePools{members: demo.GeneratePool(7, "t", n)} }

func (f *fakePools) Pool(_ context.Context, actor people.User, id int64) (recruit.Pool, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return recruit.Pool{}, err
	}
	pool := recruit.Pool{CycleID: id}
	for _, c := range demo.PoolCategories {
		rc := recruit.Category{Key: c.Key, Question: c.Question}
		for _, v := range c.Values {
			rc.Values = append(rc.Values, recruit.Value{Key: v.Key, Label: v.Label, Census: v.Census})
		}
		pool.Categories = append(pool.Categories, rc)
	}
	for _, m := range f.members {
		pool.Members = append(pool.Members, recruit.Member{ID: m.ID, Answers: m.Answers})
	}
	return pool, nil
}

func (f *fakePools) Contact(_ context.Context, _ people.User, _ int64, id string) (recruit.Contact, error) {
	for _, m := range f.members {
		if m.ID == id {
			return recruit.Contact{MemberID: id, Name: m.Name, Email: m.Email, Lang: m.Lang}, nil
		}
	}
	return recruit.Contact{}, apperr.New(apperr.NotFound, "none")
}

// queue keeps the jobs enqueued.
type queue struct {
	mu   sync.Mutex
	reqs []jobs.Request
}

func (q *queue) Enqueue(_ context.Context, r jobs.Request) (int64, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.reqs = append(q.reqs, r)
	return int64(len(q.reqs)), nil
}

// mailer keeps the messages sent.
type mailer struct {
	mu   sync.Mutex
	msgs []mail.Message
	keys map[string]bool
}

func (m *mailer) Send(_ context.Context, key string, msg mail.Message) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	if !m.keys[key] {
		m.keys[key] = true
		m.msgs = append(m.msgs, msg)
	}
	return int64(len(m.msgs)), nil
}

var clock = func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) }
