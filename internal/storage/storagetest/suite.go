package storagetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// Store is what an adapter provides: every domain Store interface.
type Store interface {
	cycle.Store
	gather.Store
	people.Store
	audit.Store
	live.Store
	jobs.Store
	AuditHead(ctx context.Context) (int64, error)
	CheckCounts(ctx context.Context) ([]string, error)
	ImportIssues(ctx context.Context, issues []gather.Issue, supports []gather.Support) error
	ServerSecret(ctx context.Context) ([]byte, error)
	Close() error
}

// Opener returns a fresh, migrated, empty database for one test, opened
// with sealed.MustTest() keys; a raw handle on it (for tampering and
// counting); and a function opening the same database once more with other
// keys (nil for none). It registers its cleanup with t.Cleanup. The
// background audit sealer must be off: tests seal.
type Opener func(t *testing.T) (s Store, raw *sql.DB, reopen func(*sealed.Keys) (Store, error))

// Run runs the whole suite as subtests of t.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Users", testUsers},
		{"UserLanguage", testUserLanguage},
		{"SignInTokens", testSignInTokens},
		{"SealedEmails", testSealedEmails},
		{"WrongKey", testWrongKey},
		{"Sessions", testSessions},
		{"Organisations", testOrganisations},
		{"Issues", testIssues},
		{"ListAndPaging", testListAndPaging},
		{"Search", testSearch},
		{"Supports", testSupports},
		{"SupportRace", testSupportRace},
		{"ConcurrentSupporters", testConcurrentSupporters},
		{"Follows", testFollows},
		{"Comments", testComments},
		{"Moderation", testModeration},
		{"Themes", testThemes},
		{"ModerationQueue", testModerationQueue},
		{"ShortlistTools", testShortlistTools},
		{"Programmes", testProgrammes},
		{"Cycles", testCycles},
		{"CyclePhaseRace", testCyclePhaseRace},
		{"CycleFollows", testCycleFollows},
		{"IssueCounts", testIssueCounts},
		{"AuditChain", testAuditChain},
		{"AuditTamper", testAuditTamper},
		{"AuditConcurrentSealers", testAuditConcurrentSealers},
		{"Validation", testValidation},
		{"CheckCounts", testCheckCounts},
		{"Import", testImport},
		{"BatchIsolation", testBatchIsolation},
		{"ServerSecret", testServerSecret},
		{"LiveEvents", testLiveEvents},
		{"SignOutEverywhere", testSignOutEverywhere},
		{"DeleteAccount", testDeleteAccount},
		{"OwnContent", testOwnContent},
		{"StaffNames", testStaffNames},
		{"OrgSupports", testOrgSupports},
		{"Recruit", testRecruit},
		{"RecruitDump", testRecruitDump},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, raw, reopen := open(t)
			e := newEnv(t, s, raw)
			e.reopen = reopen
			tt.fn(t, e)
		})
	}
	t.Run("Jobs", func(t *testing.T) {
		RunJobs(t, func(t *testing.T) jobs.Store {
			s, _, _ := open(t)
			return s
		})
	})
}

// env is one test's world: services over the store with a settable clock.
type env struct {
	t      *testing.T
	ctx    context.Context
	s      Store
	raw    *sql.DB
	reopen func(*sealed.Keys) (Store, error)
	now    time.Time
	people *people.Service
	cycles *cycle.Service
	gather *gather.Service
	cycle  cycle.Cycle
	org    people.User // an organiser
}

func newEnv(t *testing.T, s Store, raw *sql.DB) *env {
	e := &env{t: t, ctx: context.Background(), s: s, raw: raw, now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.people = people.NewService(s, people.Config{Now: clock})
	e.cycles = cycle.NewService(s, cycle.Config{Now: clock})
	e.gather = gather.NewService(s, s, e.cycles, gather.Config{Now: clock, EditWindow: 30 * time.Minute})
	e.org = e.user("organiser@example.org", people.RoleOrganiser)
	var err error
	e.cycle, err = cycletest.OpenRoundBy(e.ctx, e.cycles, "Spring 2026")
	e.must(err)
	return e
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) tick(d time.Duration) { e.now = e.now.Add(d) }

func (e *env) user(email string, roles ...people.Role) people.User {
	e.t.Helper()
	name, _, _ := strings.Cut(strings.TrimSpace(strings.ToLower(email)), "@")
	u, err := e.people.AddUser(e.ctx, people.System, email, name, roles...)
	e.must(err)
	return u
}

func (e *env) issue(author people.User, title string, tags ...string) gather.Issue {
	e.t.Helper()
	iss, err := e.gather.SubmitIssue(e.ctx, author, gather.IssueDraft{CycleID: e.cycle.ID, Title: title,
		Description: "About " + title + ".", Tags: tags})
	e.must(err)
	return iss
}

// count runs a COUNT query, without parameters, on the raw handle.
func (e *env) count(query string) int {
	e.t.Helper()
	var n int
	if err := e.raw.QueryRowContext(e.ctx, query).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// countsEqualRows checks every maintained counter against the rows.
func (e *env) countsEqualRows() {
	e.t.Helper()
	problems, err := e.s.CheckCounts(e.ctx)
	e.must(err)
	if len(problems) > 0 {
		e.t.Fatalf("counts differ from rows: %v", problems)
	}
}
