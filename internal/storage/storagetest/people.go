package storagetest

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

func wantKind(t *testing.T, err error, k apperr.Kind) {
	t.Helper()
	if !apperr.Is(err, k) {
		t.Fatalf("got error %v (kind %v), want kind %v", err, apperr.KindOf(err), k)
	}
}

func testUsers(t *testing.T, e *env) {
	u := e.user("  Alice@Example.ORG ", people.RoleModerator)
	if u.ID == 0 || u.Email != "alice@example.org" || u.DisplayName != "alice" {
		t.Fatalf("created %+v", u)
	}
	got, err := e.s.UserByEmail(e.ctx, "alice@example.org")
	e.must(err)
	if got.ID != u.ID || !got.Has(people.RoleModerator) || !got.Has(people.RoleCitizen) || got.Has(people.RoleOrganiser) {
		t.Fatalf("read back %+v", got)
	}
	_, err = e.people.AddUser(e.ctx, people.System, "ALICE@example.org", "Alice again")
	wantKind(t, err, apperr.Conflict)
	_, err = e.s.UserByID(e.ctx, 999999)
	wantKind(t, err, apperr.NotFound)

	e.must(e.people.SetRole(e.ctx, people.System, u.ID, people.RoleOrganiser, true))
	e.must(e.people.SetRole(e.ctx, people.System, u.ID, people.RoleModerator, false))
	got, _ = e.s.UserByID(e.ctx, u.ID)
	if got.Has(people.RoleModerator) || !got.Has(people.RoleOrganiser) {
		t.Fatalf("roles after grant/revoke: %v", got.Roles)
	}
	wantKind(t, e.people.SetRole(e.ctx, u, u.ID, people.RoleAdmin, true), apperr.Forbidden)

	orgs, err := e.s.Users(e.ctx, people.UserQuery{Role: people.RoleOrganiser})
	e.must(err)
	if len(orgs) != 2 {
		t.Fatalf("organisers: %d, want 2 (setup's and alice)", len(orgs))
	}
	found, err := e.s.Users(e.ctx, people.UserQuery{Search: "ALICE"})
	e.must(err)
	if len(found) != 1 || found[0].ID != u.ID {
		t.Fatalf("search found %v", found)
	}
	e.must(e.people.SetDisplayName(e.ctx, u, "Alice Smith"))
	got, _ = e.s.UserByID(e.ctx, u.ID)
	if got.DisplayName != "Alice Smith" {
		t.Fatalf("display name %q", got.DisplayName)
	}
}

func testSignInTokens(t *testing.T, e *env) {
	tok, exp, err := e.people.RequestSignIn(e.ctx, "New.Person@example.org")
	e.must(err)
	if len(tok) < 40 || !exp.After(e.now) {
		t.Fatalf("token %q expires %v", tok, exp)
	}
	var raw string
	if err := e.raw.QueryRow(`SELECT hash FROM signin_tokens`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw == tok || raw != people.HashToken(tok) {
		t.Fatal("sign-in token not stored as its hash")
	}
	u, sess, _, err := e.people.SignIn(e.ctx, tok)
	e.must(err)
	if u.Email != "new.person@example.org" || sess == "" {
		t.Fatalf("signed in as %+v", u)
	}
	// The public default name shows nothing of the address.
	if !strings.HasPrefix(u.DisplayName, "Participant ") || strings.Contains(strings.ToLower(u.DisplayName), "person") {
		t.Fatalf("default display name %q", u.DisplayName)
	}
	_, _, _, err = e.people.SignIn(e.ctx, tok)
	wantKind(t, err, apperr.Unauthenticated) // single use

	tok2, _, err := e.people.RequestSignIn(e.ctx, "new.person@example.org")
	e.must(err)
	e.tick(16 * time.Minute)
	_, _, _, err = e.people.SignIn(e.ctx, tok2)
	wantKind(t, err, apperr.Unauthenticated) // expired

	// Racing redemptions: exactly one wins.
	tok3, _, err := e.people.RequestSignIn(e.ctx, "racer@example.org")
	e.must(err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, _, err := e.people.SignIn(e.ctx, tok3); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d redemptions of one token succeeded", wins)
	}
	_, err = e.people.AddUser(e.ctx, people.System, "not an email", "")
	wantKind(t, err, apperr.Invalid)
}

func testSessions(t *testing.T, e *env) {
	u := e.user("bob@example.org")
	raw, sess, err := e.people.StartSession(e.ctx, u)
	e.must(err)
	if sess.IDHash != people.HashToken(raw) {
		t.Fatal("session not keyed by hash")
	}
	if n := e.count(`SELECT COUNT(*) FROM sessions WHERE id_hash = '` + raw + `'`); n != 0 {
		t.Fatal("raw session id stored")
	}
	got, _, err := e.people.Authenticate(e.ctx, raw)
	e.must(err)
	if got.ID != u.ID {
		t.Fatalf("authenticated as %d", got.ID)
	}
	_, _, err = e.people.Authenticate(e.ctx, raw+"x")
	wantKind(t, err, apperr.Unauthenticated)
	e.must(e.people.SignOut(e.ctx, u, raw))
	_, _, err = e.people.Authenticate(e.ctx, raw)
	wantKind(t, err, apperr.Unauthenticated)

	raw2, _, err := e.people.StartSession(e.ctx, u)
	e.must(err)
	e.tick(31 * 24 * time.Hour)
	_, _, err = e.people.Authenticate(e.ctx, raw2)
	wantKind(t, err, apperr.Unauthenticated)
	n, err := e.s.DeleteExpired(e.ctx, e.now)
	e.must(err)
	if n != 1 {
		t.Fatalf("DeleteExpired removed %d rows, want 1", n)
	}
}

func testOrganisations(t *testing.T, e *env) {
	hw, err := e.people.CreateOrganisation(e.ctx, e.org, people.Organisation{Name: "Healthwatch Leeds", Website: "https://healthwatchleeds.co.uk"})
	e.must(err)
	_, err = e.people.CreateOrganisation(e.ctx, e.org, people.Organisation{Name: "HEALTHWATCH leeds"})
	wantKind(t, err, apperr.Conflict)
	_, err = e.people.CreateOrganisation(e.ctx, e.org, people.Organisation{Name: "X", Website: "javascript:alert(1)"})
	wantKind(t, err, apperr.Invalid)
	rep := e.user("rep@example.org")
	_, err = e.people.CreateOrganisation(e.ctx, rep, people.Organisation{Name: "Mine"})
	wantKind(t, err, apperr.Forbidden)

	e.must(e.people.RequestRepresentation(e.ctx, rep, hw.ID))
	ok, err := e.s.IsVerifiedRepresentative(e.ctx, rep.ID, hw.ID)
	e.must(err)
	if ok {
		t.Fatal("unverified request counts as representative")
	}
	// An unverified representative cannot raise an issue for the organisation.
	_, err = e.gather.SubmitIssue(e.ctx, rep, draft(e, "Waiting times in Leeds", hw.ID))
	wantKind(t, err, apperr.Forbidden)

	wantKind(t, e.people.VerifyRepresentative(e.ctx, rep, hw.ID, rep.ID), apperr.Forbidden)
	e.must(e.people.VerifyRepresentative(e.ctx, e.org, hw.ID, rep.ID))
	rep, _ = e.s.UserByID(e.ctx, rep.ID)
	if !rep.Has(people.RoleOrgRep) {
		t.Fatal("verified representative lacks the orgrep role")
	}
	iss, err := e.gather.SubmitIssue(e.ctx, rep, draft(e, "Waiting times in Leeds", hw.ID))
	e.must(err)
	if iss.OrgID != hw.ID || iss.OrgName != "Healthwatch Leeds" || iss.AuthorID != rep.ID {
		t.Fatalf("issue for organisation: %+v", iss)
	}
	orgs, err := e.s.UserOrganisations(e.ctx, rep.ID)
	e.must(err)
	if len(orgs) != 1 || orgs[0].ID != hw.ID {
		t.Fatalf("UserOrganisations = %v", orgs)
	}
	reps, err := e.s.Representatives(e.ctx, hw.ID)
	e.must(err)
	if len(reps) != 1 || !reps[0].Verified || reps[0].VerifiedBy != e.org.ID {
		t.Fatalf("Representatives = %+v", reps)
	}
	e.must(e.people.RemoveRepresentative(e.ctx, e.org, hw.ID, rep.ID))
	rep, _ = e.s.UserByID(e.ctx, rep.ID)
	if rep.Has(people.RoleOrgRep) {
		t.Fatal("orgrep role kept after removal from the only organisation")
	}
}

// testServerSecret: made once, 32 bytes, the same for concurrent callers.
func testServerSecret(t *testing.T, e *env) {
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := e.s.ServerSecret(e.ctx)
			if err != nil {
				t.Error(err)
			}
			got[i] = b
		}()
	}
	wg.Wait()
	for _, b := range got {
		if len(b) != 32 || string(b) != string(got[0]) {
			t.Fatalf("secrets differ or are short: %x vs %x", b, got[0])
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'server.secret'`); n != 1 {
		t.Fatalf("%d audit entries for the secret", n)
	}
}

// testUserLanguage: a user's language starts unset, is changed only by the
// user (audited), and every lookup reads it back.
func testUserLanguage(t *testing.T, e *env) {
	u := e.user("carys@example.org")
	if u.Lang != "" {
		t.Fatalf("a new user's language is %q, want unset", u.Lang)
	}
	wantKind(t, e.people.SetLanguage(e.ctx, people.Anonymous, i18n.Welsh), apperr.Unauthenticated)
	wantKind(t, e.people.SetLanguage(e.ctx, u, "fr"), apperr.Invalid)
	wantKind(t, e.people.SetLanguage(e.ctx, u, ""), apperr.Invalid)
	e.must(e.people.SetLanguage(e.ctx, u, i18n.Welsh))

	byID, err := e.s.UserByID(e.ctx, u.ID)
	e.must(err)
	byEmail, err := e.s.UserByEmail(e.ctx, "carys@example.org")
	e.must(err)
	listed, err := e.s.Users(e.ctx, people.UserQuery{Search: "carys@example.org"})
	e.must(err)
	raw, _, err := e.people.StartSession(e.ctx, u)
	e.must(err)
	bySession, _, err := e.people.Authenticate(e.ctx, raw)
	e.must(err)
	if len(listed) != 1 {
		t.Fatalf("Users found %d", len(listed))
	}
	for name, got := range map[string]people.User{"UserByID": byID, "UserByEmail": byEmail, "Users": listed[0], "SessionByHash": bySession} {
		if got.Lang != i18n.Welsh {
			t.Errorf("%s: language %q, want %q", name, got.Lang, i18n.Welsh)
		}
	}
	es, err := e.s.AuditEntriesFor(e.ctx, audit.ObjectRef("user", u.ID), 10)
	e.must(err)
	if !slices.ContainsFunc(es, func(x audit.Entry) bool { return x.Action == "user.lang" && x.Details["lang"] == "cy" }) {
		t.Fatalf("no user.lang audit entry: %+v", es)
	}

	e.must(e.people.SetLanguage(e.ctx, u, i18n.English))
	got, err := e.s.UserByID(e.ctx, u.ID)
	e.must(err)
	if got.Lang != i18n.English {
		t.Fatalf("language after switching back: %q", got.Lang)
	}
	// Another user is untouched, and a user created with a language keeps it.
	other := e.user("dai@example.org")
	if got, _ := e.s.UserByID(e.ctx, other.ID); got.Lang != "" {
		t.Fatalf("another user's language: %q", got.Lang)
	}
	withLang := people.User{Email: "ffion@example.org", DisplayName: "Ffion", Lang: i18n.Welsh}
	e.must(e.s.CreateUser(e.ctx, &withLang, e.ev("user.create")))
	if got, _ := e.s.UserByID(e.ctx, withLang.ID); got.Lang != i18n.Welsh {
		t.Fatalf("created with Welsh, read back %q", got.Lang)
	}
	wantKind(t, e.s.SetLanguage(e.ctx, 999999, i18n.Welsh, e.ev("user.lang")), apperr.NotFound)
}
