package lottery_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"github.com/folkmoot/folkmoot/internal/solver"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/selection"
)

var (
	org     = people.User{ID: 1, DisplayName: "Org", Roles: []people.Role{people.RoleOrganiser}}
	citizen = people.User{ID: 2, DisplayName: "Cit", Roles: []people.Role{people.RoleCitizen}}
)

type fixture struct {
	st    *memStore
	rd    *rounds
	pools *fakePools
	q     *queue
	mail  *mailer
	svc   *lottery.Service
}

func newFixture(n int) *fixture {
	f := &fixture{st: newMemStore(), rd: &rounds{phase: cycle.Selection}, pools: newFakePools(n), q: &queue{}, mail: &mailer{}}
	f.svc = lottery.New(f.st, f.rd, f.pools, f.q, f.mail, lottery.Config{BaseURL: "http://x.test", Now: clock, Tickets: 200,
		NewSeed: func() string { return "20260301" }})
	return f
}

// runJob runs the last job enqueued, as the queue would.
func (f *fixture) runJob(t *testing.T) {
	t.Helper()
	var p lottery.JobPayload
	if err := json.Unmarshal(f.q.reqs[len(f.q.reqs)-1].Payload, &p); err != nil {
		t.Fatal(err)
	}
	var reports int
	if err := f.svc.Execute(context.Background(), p, func(lottery.Progress) { reports++ }); err != nil {
		t.Fatal(err)
	}
	if reports == 0 {
		t.Fatal("the job reported no progress")
	}
}

// drawn takes a fresh fixture through quotas, run, announcement and draw.
func drawn(t *testing.T, n, k int) *fixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(n)
	pool, err := f.svc.Pool(ctx, org, 1)
	if err != nil {
		t.Fatal(err)
	}
	qs := lottery.SuggestQuotas(pool, k, 0.6) // wide: every decliner can be replaced

	if _, err := f.svc.SetQuotas(ctx, org, 1, k, qs); err != nil {
		t.Fatal(err)
	}
	fe, err := f.svc.CheckFeasibility(ctx, org, 1)
	if err != nil || !fe.OK {
		t.Fatalf("feasibility: %+v %v", fe, err)
	}
	if _, err := f.svc.Start(ctx, org, 1); err != nil {
		t.Fatal(err)
	}
	f.runJob(t)
	sel, _ := f.svc.Get(ctx, 1)
	if sel.State != lottery.Ready || sel.ListHash == "" {
		t.Fatalf("after the run: %s %q", sel.State, sel.Error)
	}
	if _, err := f.svc.Draw(ctx, org, 1, "1 2 3 4 5 6"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("draw before the announcement: %v, want Conflict", err)
	}
	if _, err := f.svc.Announce(ctx, org, 1, "The Lotto draw of Saturday, main numbers in order"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetQuotas(ctx, org, 1, k, qs); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("quotas after the announcement: %v, want Conflict", err)
	}
	if _, err := f.svc.Start(ctx, org, 1); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("run after the announcement: %v, want Conflict", err)
	}
	if _, err := f.svc.Draw(ctx, org, 1, "3 14 15 92 65 35"); err != nil {
		t.Fatal(err)
	}
	f.runJob(t)
	if sel, _ = f.svc.Get(ctx, 1); sel.State != lottery.Drawn {
		t.Fatalf("after the draw: %s %q", sel.State, sel.Error)
	}
	return f
}

func TestDrawMatchesThePublishedLotteryAndTheCLI(t *testing.T) {
	needSolver(t)
	ctx := context.Background()
	f := drawn(t, 240, 24)
	sel, _ := f.svc.Get(ctx, 1)
	file := func(name string) []byte {
		b, err := f.svc.File(ctx, 1, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return b
	}
	var res lottery.Result
	if err := json.Unmarshal(file("result.json"), &res); err != nil {
		t.Fatal(err)
	}
	lot := file("lottery.csv")
	h := sha256.Sum256(lot)
	hash := hex.EncodeToString(h[:])
	if hash != res.LotteryHash || !strings.HasPrefix(string(file("lottery.sha256")), hash) {
		t.Fatalf("lottery.csv hashes to %s, published %s", hash, res.LotteryHash)
	}
	// The check's formula: sha256("hash:seed") mod M + 1.
	s := sha256.Sum256([]byte(hash + ":" + res.PublicSeed))
	ticket := int(new(big.Int).Mod(new(big.Int).SetBytes(s[:]), big.NewInt(int64(res.Tickets))).Int64()) + 1
	if ticket != res.Ticket {
		t.Fatalf("ticket %d, published %d", ticket, res.Ticket)
	}
	rows, _ := csv.NewReader(bytes.NewReader(lot)).ReadAll()
	want := strings.Fields(rows[ticket][1])
	got := slices.Clone(res.Selected)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) || len(got) != sel.PanelSize {
		t.Fatalf("selected %v, ticket %d's panel %v", got, ticket, want)
	}
	// The CLI's code path on the published bytes repeats the draw.
	in, err := selection.ReadInput(bytes.NewReader(file("features.csv")), bytes.NewReader(file("people.csv")), selection.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := selection.Run(ctx, in, selection.Options{Algorithm: "leximin", PanelSize: res.PanelSize, Seed: res.Seed, Lottery: res.Tickets, PublicSeed: res.PublicSeed,
		Reserves: lottery.ReservesPer * res.PanelSize}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.IDs(o.Reserves), res.Reserves) {
		t.Fatalf("the CLI's reserves %v, published %v", o.IDs(o.Reserves), res.Reserves)
	}
	if !strings.Contains(res.Command, "--reserves "+strconv.Itoa(len(res.Reserves))) && len(res.Reserves) == lottery.ReservesPer*res.PanelSize {
		t.Fatalf("the command %q does not give the reserves", res.Command)
	}
	again := o.IDs(o.Selected)
	slices.Sort(again)
	if !slices.Equal(again, got) {
		t.Fatalf("the CLI's run selects %v, published %v", again, got)
	}
	// people.csv holds the id and the categories only.
	head := strings.TrimSpace(strings.SplitN(string(file("people.csv")), "\n", 2)[0])
	if head != "id,age,gender,region,health" {
		t.Fatalf("people.csv header %q", head)
	}
}

func TestInvitationsRepliesAndReplacementKeepQuotas(t *testing.T) {
	needSolver(t)
	ctx := context.Background()
	f := drawn(t, 240, 24)
	sel, _ := f.svc.Get(ctx, 1)
	n, err := f.svc.Invite(ctx, org, 1)
	if err != nil || n == 0 || len(f.mail.msgs) != n {
		t.Fatalf("invite: %d %v (%d mails)", n, err, len(f.mail.msgs))
	}
	// The invitee follows the link in the first email.
	body := f.mail.msgs[0].Body
	i := strings.Index(body, "/selection/reply/")
	token := strings.Fields(body[i+len("/selection/reply/"):])[0]
	if _, err := f.svc.Invitation(ctx, token); err != nil {
		t.Fatal(err)
	}
	m, err := f.svc.Reply(ctx, token, false)
	if err != nil || m.Status != lottery.Declined {
		t.Fatalf("decline: %+v %v", m, err)
	}
	if _, err := f.svc.Reply(ctx, token, true); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("confirm after declining: %v", err)
	}
	if _, err := f.svc.Replace(ctx, citizen, 1, m.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen replaces: %v", err)
	}
	rep, err := f.svc.Replace(ctx, org, 1, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Out != m.ID || !slices.Contains(sel.Reserves, rep.In) {
		t.Fatalf("replacement %+v", rep)
	}
	// The first reserve that keeps the quotas, in order.
	members, _ := f.svc.Assembly(ctx, 1)
	if len(members) != sel.PanelSize || !slices.Contains(members, rep.In) || slices.Contains(members, m.ID) {
		t.Fatalf("members %v", members)
	}
	checkQuotas(t, f, members)
	// The newcomer was invited at once.
	if len(f.mail.msgs) != n+1 {
		t.Fatalf("%d mails after the replacement, want %d", len(f.mail.msgs), n+1)
	}
	// An organiser records a second decline; the replacement keeps quotas.
	second := members[3]
	if _, err := f.svc.RecordReply(ctx, org, 1, second, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Replace(ctx, org, 1, second); err != nil {
		t.Fatal(err)
	}
	members, _ = f.svc.Assembly(ctx, 1)
	checkQuotas(t, f, members)
	var res lottery.Result
	b, _ := f.svc.File(ctx, 1, "result.json")
	json.Unmarshal(b, &res)
	if len(res.Replacements) != 2 || !slices.Equal(res.Selected, sel.Selected) || len(res.Members) != sel.PanelSize {
		t.Fatalf("result.json: %d replacements, selected changed %v, %d members", len(res.Replacements), !slices.Equal(res.Selected, sel.Selected), len(res.Members))
	}
	want := []string{"selection.quotas", "selection.run", "selection.ran", "selection.announce", "selection.draw", "selection.drawn",
		"selection.invite", "selection.decline", "selection.replace", "selection.invite", "selection.decline", "selection.replace", "selection.invite"}
	if got := f.st.actions(); !slices.Equal(got, want) {
		t.Fatalf("audit actions\n got %v\nwant %v", got, want)
	}
}

// checkQuotas checks ids against features.csv and people.csv.
func checkQuotas(t *testing.T, f *fixture, ids []string) {
	t.Helper()
	ctx := context.Background()
	fb, _ := f.svc.File(ctx, 1, "features.csv")
	pb, _ := f.svc.File(ctx, 1, "people.csv")
	feats, _ := csv.NewReader(bytes.NewReader(fb)).ReadAll()
	ppl, _ := csv.NewReader(bytes.NewReader(pb)).ReadAll()
	col := map[string]int{}
	for i, h := range ppl[0] {
		col[h] = i
	}
	row := map[string][]string{}
	for _, r := range ppl[1:] {
		row[r[0]] = r
	}
	for _, ft := range feats[1:] {
		n := 0
		for _, id := range ids {
			if row[id][col[ft[0]]] == ft[1] {
				n++
			}
		}
		lo, _ := strconv.Atoi(ft[2])
		hi, _ := strconv.Atoi(ft[3])
		if n < lo || n > hi {
			t.Fatalf("%s=%s: %d members, quota %d..%d", ft[0], ft[1], n, lo, hi)
		}
	}
}

func TestRolesAndPhase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(100)
	qs, _, err := f.svc.Suggest(ctx, org, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetQuotas(ctx, citizen, 1, 10, qs); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen sets quotas: %v", err)
	}
	if _, err := f.svc.SetQuotas(ctx, people.Anonymous, 1, 10, qs); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("anonymous sets quotas: %v", err)
	}
	f.rd.phase = cycle.Gather
	if _, err := f.svc.SetQuotas(ctx, org, 1, 10, qs); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("quotas while gathering: %v", err)
	}
	if _, err := f.svc.Start(ctx, org, 1); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("run while gathering: %v", err)
	}
	f.rd.phase = cycle.Selection
	admin := people.User{ID: 9, Roles: []people.Role{people.RoleAdmin}}
	if _, err := f.svc.SetQuotas(ctx, admin, 1, 10, qs); err != nil {
		t.Fatalf("an admin sets quotas: %v", err)
	}
	if len(f.st.events) != 1 {
		t.Fatalf("%d audit events, want 1", len(f.st.events))
	}
	if _, err := f.svc.Announce(ctx, org, 1, "The Lotto draw of Saturday"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("announce before a run: %v", err)
	}
	if _, err := f.svc.File(ctx, 1, "people.csv"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("people.csv before the announcement: %v", err)
	}
}

func TestQuotaChecksAndInfeasibility(t *testing.T) {
	needSolver(t)
	ctx := context.Background()
	f := newFixture(100)
	qs, pool, err := f.svc.Suggest(ctx, org, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Census > 0 && (float64(q.Min) > q.Census*10 || float64(q.Max) < q.Census*10) {
			t.Errorf("%s=%s: suggested %d..%d around %.1f", q.Category, q.Value, q.Min, q.Max, q.Census*10)
		}
	}
	bad := slices.Clone(qs)
	bad[0].Min, bad[0].Max = 5, 3
	if err := lottery.CheckQuotas(pool, 10, bad); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("min > max: %v", err)
	}
	if err := lottery.CheckQuotas(pool, 1000, qs); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("panel larger than the pool: %v", err)
	}
	if err := lottery.CheckQuotas(pool, 10, qs[1:]); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a value without a quota: %v", err)
	}
	// Every age band at least 3 in a panel of 10 (5 bands): impossible.
	inf := slices.Clone(qs)
	for i := range inf {
		if inf[i].Category == "age" {
			inf[i].Min, inf[i].Max = 3, 10
		}
	}
	fe, err := lottery.Feasible(ctx, pool, 10, inf)
	if err != nil {
		t.Fatal(err)
	}
	if fe.OK || len(fe.Suggestions) == 0 {
		t.Fatalf("infeasible quotas: %+v", fe)
	}
}

// needSolver skips a test that runs the selection engine when this build
// has no COIN-OR solvers (make test builds with them: -tags coin).
func needSolver(t *testing.T) {
	t.Helper()
	if !solver.Available {
		t.Skip("the selection engine needs the COIN-OR solvers: go test -tags coin")
	}
}

// The assembly reads who confirmed: their emails (to name them members)
// and their answers by email (to balance the discussion groups); those
// who declined or have not answered are in neither.
func TestConfirmedEmailsAndProfiles(t *testing.T) {
	needSolver(t)
	ctx := context.Background()
	f := drawn(t, 240, 24)
	if _, err := f.svc.Invite(ctx, org, 1); err != nil {
		t.Fatal(err)
	}
	members, _ := f.svc.Assembly(ctx, 1)
	if _, err := f.svc.RecordReply(ctx, org, 1, members[0], true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordReply(ctx, org, 1, members[1], true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordReply(ctx, org, 1, members[2], false); err != nil {
		t.Fatal(err)
	}
	emails, err := f.svc.ConfirmedEmails(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := f.svc.Profiles(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, id := range members[:2] {
		c, _ := f.pools.Contact(ctx, org, 1, id)
		if c.Email != "" {
			want = append(want, c.Email)
		}
	}
	if !slices.Equal(emails, want) || len(profiles) != len(want) {
		t.Fatalf("confirmed emails %v, profiles of %d; want %v", emails, len(profiles), want)
	}
	for i, e := range want {
		var m demo.PoolMember
		for _, x := range f.pools.members {
			if x.ID == members[i] {
				m = x
			}
		}
		if !maps.Equal(profiles[strings.ToLower(e)], m.Answers) {
			t.Fatalf("profile of %s = %v, want %v", e, profiles[e], m.Answers)
		}
	}
}
