package storagetest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// recruitEnv is a round in its agenda phase with a recruitment service
// whose confirmation emails go through a real job queue on the store.
func (e *env) recruitService() (*recruit.Service, recruit.Store) {
	e.t.Helper()
	rs, ok := e.s.(recruit.Store)
	if !ok {
		e.t.Fatal("the store does not implement recruit.Store")
	}
	_, err := e.cycles.MovePhase(e.ctx, e.org, e.cycle.ID, cycle.Agenda, "")
	e.must(err)
	e.cycles.Forget(e.cycle.ID)
	q := jobs.New(e.s, jobs.Options{Sealer: sealed.MustTest()})
	n := notify.New(q, notify.Deps{}, notify.Config{BaseURL: "https://folkmoot.example", OrgName: "NHS England", ServiceName: "Citizen"})
	svc := recruit.NewService(rs, e.cycles, n, recruit.Config{Now: func() time.Time { return e.now }, BaseURL: "https://folkmoot.example", OrgName: "NHS England"})
	return svc, rs
}

func (e *env) recruitDetails(name, email string, answers map[string]string) recruit.Details {
	return recruit.Details{Lang: "en", Name: name, Email: email, Address: "1 High Street\nLeeds\nLS1 1AA",
		DOBDay: "27", DOBMonth: "3", DOBYear: "1980", Answers: answers, Consent: true}
}

var someAnswers = map[string]string{"gender": "woman", "region": "london", "ethnicity": "white", "disability": "no"}

func testRecruit(t *testing.T, e *env) {
	svc, _ := e.recruitService()
	citizen := e.user("citizen@example.org")

	// Settings: defaults until saved; organisers only.
	st, err := svc.Settings(e.ctx, e.cycle.ID)
	e.must(err)
	if len(st.Categories) != 5 || st.Categories[0].Derive != recruit.DeriveAgeBand {
		t.Fatalf("default categories = %+v", st.Categories)
	}
	if _, err := svc.SaveSettings(e.ctx, citizen, st); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen saved settings: %v", err)
	}
	st.Consent = "I agree."
	_, err = svc.SaveSettings(e.ctx, e.org, st)
	e.must(err)
	if got, _ := svc.Settings(e.ctx, e.cycle.ID); got.Consent != "I agree." || len(got.Categories) != 5 {
		t.Fatalf("saved settings = %+v", got)
	}

	// Import: a bad file stores nothing and names line and column.
	bad := "address_line_1,town,postcode\n1 High Street,Leeds,LS1 1AA\n2 High Street,Leeds,NOTAPOSTCODE\n,,\n\"broken,Leeds,LS1 1AB\n"
	res, err := svc.ImportAddresses(e.ctx, e.org, e.cycle.ID, strings.NewReader(bad))
	if !apperr.Is(err, apperr.Invalid) || len(res.Errors) == 0 {
		t.Fatalf("bad file: %+v, %v", res, err)
	}
	if p := res.Errors[0]; p.Line != 3 || p.Column != "postcode" {
		t.Fatalf("first problem = %+v, want line 3, column postcode", p)
	}
	if n, _ := svc.Counts(e.ctx, e.cycle.ID); n.Addresses != 0 {
		t.Fatalf("a bad file stored %d addresses", n.Addresses)
	}
	if ls, err := svc.Links(e.ctx, e.cycle.ID); err != nil || len(ls) != 0 {
		t.Fatalf("before any address, /cycles.json links %v (%v)", ls, err)
	}
	var b strings.Builder
	b.WriteString("UPRN,Address line 1,Town,Postcode\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("10" + strconv.Itoa(i) + "," + strconv.Itoa(i) + " Station Road,Leeds,ls2 " + strconv.Itoa(i%9+1) + "AB\n")
	}
	b.WriteString("999,3 station road,LEEDS,LS2 4AB\n") // a duplicate in the file
	res, err = svc.ImportAddresses(e.ctx, e.org, e.cycle.ID, strings.NewReader(b.String()))
	e.must(err)
	if res.Added != 40 || len(res.Duplicates) != 1 || res.Duplicates[0].Line != 42 {
		t.Fatalf("import = %+v", res)
	}
	if ls, err := svc.Links(e.ctx, e.cycle.ID); err != nil || ls["recruitment.json"] != "/cycles/"+strconv.FormatInt(e.cycle.ID, 10)+"/recruitment.json" {
		t.Fatalf("after the import, /cycles.json links %v (%v)", ls, err)
	}
	res, err = svc.ImportAddresses(e.ctx, e.org, e.cycle.ID, strings.NewReader("1 Station Road,Leeds,LS2 2AB\n41 Station Road,Leeds,LS2 2AB\n"))
	e.must(err)
	if res.Added != 1 || len(res.Duplicates) != 1 || res.Duplicates[0].Line != 1 {
		t.Fatalf("second import = %+v", res)
	}

	// Draw: seeded and repeatable, published.
	ids, err := e.s.(recruit.Store).UninvitedAddressIDs(e.ctx, e.cycle.ID)
	e.must(err)
	d, err := svc.DrawInvitations(e.ctx, e.org, e.cycle.ID, 10, "spring-2026")
	e.must(err)
	if d.Drawn != 10 || d.Eligible != 41 || d.Seed != "spring-2026" {
		t.Fatalf("draw = %+v", d)
	}
	letters, err := svc.Letters(e.ctx, e.org, e.cycle.ID, d.ID)
	e.must(err)
	want := recruit.Sample(ids, 10, "spring-2026")
	if len(letters) != 10 {
		t.Fatalf("%d letters", len(letters))
	}
	for i, l := range letters {
		if l.ID != want[i] || !strings.Contains(l.Address, "Station Road") || len(l.Code) != 9 {
			t.Fatalf("letter %d = %+v, want address %d", i, l, want[i])
		}
	}
	if _, err := svc.Letters(e.ctx, citizen, e.cycle.ID, d.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen read letters: %v", err)
	}
	d2, err := svc.DrawInvitations(e.ctx, e.org, e.cycle.ID, 100, "")
	e.must(err)
	if d2.Drawn != 31 || d2.Seed == "" {
		t.Fatalf("second draw = %+v", d2)
	}
	if _, err := svc.DrawInvitations(e.ctx, e.org, e.cycle.ID, 1, ""); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a draw with nobody left: %v", err)
	}
	// Both draws repeat from the list, even after more addresses came.
	if _, err := svc.ImportAddresses(e.ctx, e.org, e.cycle.ID, strings.NewReader("99 Station Road,Leeds,LS2 9ZZ\n")); err != nil {
		t.Fatal(err)
	}
	for _, dr := range []recruit.Draw{d, d2} {
		if same, err := svc.RepeatDraw(e.ctx, e.org, e.cycle.ID, dr.ID); err != nil || !same {
			t.Fatalf("draw %d does not repeat: %v, %v", dr.ID, same, err)
		}
	}
	if _, err := svc.RepeatDraw(e.ctx, citizen, e.cycle.ID, d.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen repeated a draw: %v", err)
	}

	// Register: code typed any way, one registration per code, all errors at once.
	code := letters[0].Code
	typed := strings.ToLower(strings.ReplaceAll(code, "-", ""))
	inv, _, err := svc.Invited(e.ctx, typed)
	e.must(err)
	if inv.Address != letters[0].Address {
		t.Fatalf("invited address = %q", inv.Address)
	}
	_, err = svc.Register(e.ctx, typed, recruit.Details{DOBDay: "31", DOBMonth: "2", DOBYear: "1990"})
	for _, f := range []string{"name", "address", "dob", "q-gender", "q-region", "consent"} {
		if !hasField(err, f) {
			t.Fatalf("empty form: no error for %s in %v", f, err)
		}
	}
	r1, err := svc.Register(e.ctx, typed, e.recruitDetails("Ada Lovelace", "Ada@Example.org", someAnswers))
	e.must(err)
	if r1.Answers["age"] != "45-59" || !strings.HasPrefix(r1.MemberID, "p-") {
		t.Fatalf("registration = %+v", r1)
	}
	if _, err := svc.Register(e.ctx, code, e.recruitDetails("Someone Else", "", someAnswers)); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a code registered twice: %v", err)
	}
	r2, err := svc.Register(e.ctx, letters[1].Code, e.recruitDetails("Bob Jones", "bob@example.org", map[string]string{"gender": "man", "region": "north-east", "ethnicity": "asian", "disability": "yes-a-little"}))
	e.must(err)
	r3, err := svc.Register(e.ctx, letters[2].Code, e.recruitDetails("Cy Evans", "cy@example.org", someAnswers))
	e.must(err)
	if _, err := svc.Register(e.ctx, "ABCD-EFGH", e.recruitDetails("X", "", someAnswers)); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("an unknown code: %v", err)
	}

	// Pool and contact: organisers only, pseudonymous, stable.
	pool, err := svc.Pool(e.ctx, e.org, e.cycle.ID)
	e.must(err)
	if len(pool.Members) != 3 || pool.Members[0].ID != r1.MemberID || pool.Members[1].Answers["region"] != "north-east" || len(pool.Categories) != 5 {
		t.Fatalf("pool = %+v", pool)
	}
	if _, err := svc.Pool(e.ctx, citizen, e.cycle.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen read the pool: %v", err)
	}
	c, err := svc.Contact(e.ctx, e.org, e.cycle.ID, r2.MemberID)
	e.must(err)
	if c.Name != "Bob Jones" || c.Email != "bob@example.org" || c.Lang != "en" || !strings.Contains(c.Address, "High Street") {
		t.Fatalf("contact = %+v", c)
	}

	// Withdraw: by code and email, by link, by an organiser; data erased.
	if _, err := svc.WithdrawByCode(e.ctx, code, "wrong@example.org"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("withdraw with the wrong email: %v", err)
	}
	m, err := svc.WithdrawByCode(e.ctx, code, "ada@example.org")
	e.must(err)
	if m != r1.MemberID {
		t.Fatalf("withdrew %s", m)
	}
	if n := e.count(`SELECT COUNT(*) FROM jobs WHERE unique_key = 'recruit:` + r1.MemberID + `' AND payload = '' AND status = 'cancelled'`); n != 1 {
		t.Fatalf("the withdrawn person's confirmation email is still queued (%d cancelled)", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM jobs WHERE unique_key = 'recruit:` + r2.MemberID + `' AND payload <> ''`); n != 1 {
		t.Fatalf("a registered person's confirmation email is not queued (%d)", n)
	}
	if _, err := svc.WithdrawByToken(e.ctx, r2.WithdrawToken); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.WithdrawByToken(e.ctx, r2.WithdrawToken); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a link used twice: %v", err)
	}
	e.must(svc.Withdraw(e.ctx, e.org, e.cycle.ID, r3.MemberID))
	if _, err := svc.Contact(e.ctx, e.org, e.cycle.ID, r1.MemberID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("contact of a withdrawn member: %v", err)
	}
	regs, err := svc.Registrations(e.ctx, e.org, e.cycle.ID)
	e.must(err)
	for _, r := range regs {
		if r.Withdrawn.IsZero() || r.Name != "" || r.Email != "" || r.Address != "" || r.DateOfBirth != "" || len(r.Answers) != 0 {
			t.Fatalf("withdrawn registration kept data: %+v", r)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM recruit_addresses WHERE address_sealed = '' AND address_lookup LIKE 'erased:%'`); n != 3 {
		t.Fatalf("%d addresses erased, want 3", n)
	}
	n, err := svc.Counts(e.ctx, e.cycle.ID)
	e.must(err)
	if n != (recruit.Counts{Addresses: 42, Invited: 41, Registered: 0, Withdrawn: 3}) {
		t.Fatalf("counts = %+v", n)
	}
	if _, err := svc.SaveSettings(e.ctx, e.org, st); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("questions changed after registrations: %v", err)
	}
	// Every change is audited.
	for _, action := range []string{"recruit.settings", "recruit.import", "recruit.draw", "recruit.register", "recruit.withdraw"} {
		if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = '`+action+`'`) == 0 {
			t.Fatalf("no %s audit entry", action)
		}
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'recruit.draw' AND details LIKE '%spring-2026%'`) != 1 {
		t.Fatal("the draw's seed is not in the audit log")
	}

	// After the assembly, everyone's details are erased; answers stay.
	r4, err := svc.Register(e.ctx, letters[3].Code, e.recruitDetails("Dee Erased", "dee@example.org", someAnswers))
	e.must(err)
	if _, err := svc.EraseDetails(e.ctx, e.org, e.cycle.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("erased before the assembly: %v", err)
	}
	for _, ph := range []cycle.Phase{cycle.Selection, cycle.Learning, cycle.Meetings, cycle.Recommendations, cycle.Response} {
		_, err := e.cycles.MovePhase(e.ctx, e.org, e.cycle.ID, ph, "")
		e.must(err)
	}
	e.cycles.Forget(e.cycle.ID)
	if n, err := svc.EraseDetails(e.ctx, e.org, e.cycle.ID); err != nil || n != 1 {
		t.Fatalf("EraseDetails = %d, %v", n, err)
	}
	if _, err := svc.Contact(e.ctx, e.org, e.cycle.ID, r4.MemberID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("contact after erasure: %v", err)
	}
	pool, err = svc.Pool(e.ctx, e.org, e.cycle.ID)
	e.must(err)
	if len(pool.Members) != 1 || pool.Members[0].Answers["region"] != "london" {
		t.Fatalf("pool after erasure = %+v", pool)
	}
	if n := e.count(`SELECT COUNT(*) FROM recruit_addresses WHERE address_sealed <> '' OR code_sealed <> ''`); n != 0 {
		t.Fatalf("%d addresses kept after erasure", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM recruit_registrations WHERE name_sealed <> '' OR email_sealed <> '' OR dob_sealed <> ''`); n != 0 {
		t.Fatalf("%d registrations kept details after erasure", n)
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'recruit.erase'`) != 1 {
		t.Fatal("no recruit.erase audit entry")
	}

	// The phase gate: a round gathering issues does not recruit.
	other, err := e.cycles.CreateCycle(e.ctx, e.org, cycle.Draft{ProgrammeID: e.cycle.ProgrammeID, Title: "Autumn 2026"})
	e.must(err)
	if _, err := svc.ImportAddresses(e.ctx, e.org, other.ID, strings.NewReader("1 Road,LS1 1AA\n")); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("import in Gather: %v", err)
	}
}

func hasField(err error, f string) bool {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else if err != nil {
		list = []error{err}
	}
	for _, e := range list {
		var ae *apperr.Error
		if errors.As(e, &ae) && ae.Field == f {
			return true
		}
	}
	return false
}
