package storagetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

// testSignOutEverywhere: every session of one person ends, another
// person's stays, the hook hears every hash, and the change is audited.
func testSignOutEverywhere(t *testing.T, e *env) {
	var ended []string
	ps := people.NewService(e.s, people.Config{Now: func() time.Time { return e.now }, SessionEnded: func(_ context.Context, h string) { ended = append(ended, h) }})
	a, b := e.user("a@example.org"), e.user("b@example.org")
	var raws []string
	for range 3 {
		raw, _, err := ps.StartSession(e.ctx, a)
		e.must(err)
		raws = append(raws, raw)
	}
	rawB, _, err := ps.StartSession(e.ctx, b)
	e.must(err)
	n, err := ps.SignOutEverywhere(e.ctx, a)
	e.must(err)
	if n != 3 || len(ended) != 3 {
		t.Fatalf("ended %d sessions, hook heard %d; want 3", n, len(ended))
	}
	for _, raw := range raws {
		if _, _, err := ps.Authenticate(e.ctx, raw); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a session survived sign-out everywhere: %v", err)
		}
	}
	if _, _, err := ps.Authenticate(e.ctx, rawB); err != nil {
		t.Fatalf("another person's session ended: %v", err)
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'session.end_all'`) != 1 {
		t.Fatal("sign-out everywhere not audited")
	}
	if _, err := ps.SignOutEverywhere(e.ctx, people.Anonymous); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("anonymous sign-out everywhere: %v", err)
	}
}

// testDeleteAccount: personal data goes, content stays anonymised, the
// address may sign up again as a new account, and it is audited.
func testDeleteAccount(t *testing.T, e *env) {
	a, b := e.user("leaving@example.org"), e.user("staying@example.org")
	iss := e.issue(a, "Parking at the clinic")
	other := e.issue(b, "Evening appointments")
	_, err := e.gather.Support(e.ctx, a, other.ID)
	e.must(err)
	_, err = e.gather.Follow(e.ctx, a, other.ID)
	e.must(err)
	_, err = e.gather.AddComment(e.ctx, a, gather.CommentDraft{IssueID: other.ID, Body: "Yes, please."})
	e.must(err)
	raw, _, err := e.people.StartSession(e.ctx, a)
	e.must(err)
	orgID := e.orgWithRep(a)

	mine, err := e.gather.MyActivity(e.ctx, a)
	e.must(err)
	if len(mine.Raised) != 1 || len(mine.Supported) != 1 || len(mine.Followed) != 1 || len(mine.Comments) != 1 {
		t.Fatalf("activity before deletion: %d raised, %d supported, %d followed, %d comments", len(mine.Raised), len(mine.Supported), len(mine.Followed), len(mine.Comments))
	}
	data, err := e.people.MyData(e.ctx, a)
	e.must(err)
	if data.Email != "leaving@example.org" || len(data.Sessions) != 1 || len(data.Orgs) != 1 || data.Orgs[0].OrgID != orgID {
		t.Fatalf("my data: %+v", data)
	}

	e.must(e.people.DeleteAccount(e.ctx, a))
	if _, _, err := e.people.Authenticate(e.ctx, raw); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("session survived deletion: %v", err)
	}
	got, err := e.s.UserByID(e.ctx, a.ID)
	e.must(err)
	if got.Email != "" || got.DisplayName != people.DeletedName || len(got.Roles) != 1 {
		t.Fatalf("deleted user still holds %+v", got)
	}
	if _, err := e.s.UserByEmail(e.ctx, "leaving@example.org"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("the address still finds the deleted account: %v", err)
	}
	kept, err := e.s.Issue(e.ctx, iss.ID)
	e.must(err)
	if kept.Title != iss.Title || kept.AuthorName != people.DeletedName {
		t.Fatalf("issue after deletion: %q by %q", kept.Title, kept.AuthorName)
	}
	if o, _ := e.s.Issue(e.ctx, other.ID); o.Supports != 1 {
		t.Fatalf("support lost on deletion: %d", o.Supports)
	}
	if e.count(`SELECT COUNT(*) FROM follows`) != 0 || e.count(`SELECT COUNT(*) FROM representatives`) != 0 {
		t.Fatal("follows or organisation links survived deletion")
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'user.delete'`) != 1 {
		t.Fatal("deletion not audited")
	}
	again := e.user("leaving@example.org")
	if again.ID == a.ID {
		t.Fatal("signing up again reused the deleted account")
	}
	e.countsEqualRows()
}

// orgWithRep makes an organisation with u as its verified representative.
func (e *env) orgWithRep(u people.User) int64 {
	e.t.Helper()
	o, err := e.people.CreateOrganisation(e.ctx, e.org, people.Organisation{Name: "Org of " + strings.Split(u.Email, "@")[0]})
	e.must(err)
	e.must(e.people.AddRepresentative(e.ctx, e.org, o.ID, u.ID))
	return o.ID
}

// testOwnContent: authors cannot support or report their own issue, nor
// report their own comment; nobody can reply to a hidden comment.
func testOwnContent(t *testing.T, e *env) {
	a, b := e.user("author@example.org"), e.user("reader@example.org")
	mod := e.user("mod@example.org", people.RoleModerator)
	iss := e.issue(a, "My own issue")
	if _, err := e.gather.Support(e.ctx, a, iss.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("author supported own issue: %v", err)
	}
	if _, err := e.gather.Report(e.ctx, a, gather.Target{IssueID: iss.ID}, "Spam, I wrote it"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("author reported own issue: %v", err)
	}
	c, err := e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, Body: "Rude words"})
	e.must(err)
	if _, err := e.gather.Report(e.ctx, b, gather.Target{IssueID: iss.ID, CommentID: c.ID}, "Reporting myself"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("commenter reported own comment: %v", err)
	}
	reply, err := e.gather.AddComment(e.ctx, a, gather.CommentDraft{IssueID: iss.ID, ParentID: c.ID, Body: "Please be kind"})
	e.must(err)
	_, err = e.gather.Hide(e.ctx, mod, gather.Target{IssueID: iss.ID, CommentID: c.ID}, "Abusive language")
	e.must(err)
	for _, parent := range []int64{c.ID, reply.ID} {
		if _, err := e.gather.AddComment(e.ctx, a, gather.CommentDraft{IssueID: iss.ID, ParentID: parent, Body: "Replying to a hidden thread"}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("reply under hidden comment (parent %d): %v", parent, err)
		}
	}
	rs, err := e.gather.MyActivity(e.ctx, b)
	e.must(err)
	if len(rs.Comments) != 1 || rs.Comments[0].Status != gather.StatusHidden {
		t.Fatalf("own hidden comment missing from activity: %+v", rs.Comments)
	}
}

// testStaffNames: nobody takes a staff member's name (however spelt) or a
// role word; people may keep their own name and choose a free one.
func testStaffNames(t *testing.T, e *env) {
	mod, err := e.people.AddUser(e.ctx, people.System, "helen@example.org", "Helen Murray", people.RoleModerator)
	e.must(err)
	u := e.user("someone@example.org")
	for _, name := range []string{"helen murray", "Hélen  Murray", "HELEN-MURRAY", "Jo the Moderator", "Admin", "Trefnydd Jo", "Former participant", "Participant 0A0B0C"} {
		err := e.people.SetDisplayName(e.ctx, u, name)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Kind != apperr.Invalid || ae.Field != "display_name" {
			t.Errorf("name %q accepted or wrong error: %v", name, err)
		}
	}
	e.must(e.people.SetDisplayName(e.ctx, u, "Helen M"))
	e.must(e.people.SetDisplayName(e.ctx, mod, "helen murray")) // her own name, respelt
}

// testOrgSupports: a verified representative supports for their
// organisation, counted apart from people's supports; others cannot; an
// organisation cannot support an issue raised for it; a person asks to
// represent and an organiser approves or declines, audited.
func testOrgSupports(t *testing.T, e *env) {
	rep, other, author := e.user("rep@example.org"), e.user("other@example.org"), e.user("author@example.org")
	orgID := e.orgWithRep(rep)
	iss := e.issue(author, "Hospital parking")
	own, err := e.gather.SubmitIssue(e.ctx, rep, gather.IssueDraft{CycleID: e.cycle.ID, Title: "Raised for the org", Description: "For the organisation.", OrgID: orgID})
	e.must(err)
	added, err := e.gather.SupportForOrg(e.ctx, rep, iss.ID, orgID, true)
	e.must(err)
	again, err := e.gather.SupportForOrg(e.ctx, rep, iss.ID, orgID, true)
	e.must(err)
	if !added || again {
		t.Fatalf("org support added %v, again %v", added, again)
	}
	if got, _ := e.s.Issue(e.ctx, iss.ID); got.Supports != 0 {
		t.Fatalf("an organisation's support counted as a person's: %d", got.Supports)
	}
	if refs, _ := e.gather.OrgSupports(e.ctx, iss.ID); len(refs) != 1 || refs[0].ID != orgID {
		t.Fatalf("org supports %+v", refs)
	}
	if _, err := e.gather.SupportForOrg(e.ctx, other, iss.ID, orgID, true); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a non-representative supported for the organisation: %v", err)
	}
	if _, err := e.gather.SupportForOrg(e.ctx, rep, own.ID, orgID, true); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an organisation supported its own issue: %v", err)
	}
	act, err := e.gather.OrgActivity(e.ctx, orgID)
	e.must(err)
	if len(act.Raised) != 1 || act.Raised[0].ID != own.ID || len(act.Supported) != 1 || act.Supported[0].ID != iss.ID {
		t.Fatalf("org activity %+v", act)
	}
	removed, err := e.gather.SupportForOrg(e.ctx, rep, iss.ID, orgID, false)
	e.must(err)
	if !removed || e.count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'org_support.%'`) != 2 {
		t.Fatal("org support withdrawal not done or not audited")
	}
	// Asking to represent; an organiser approves one and declines another.
	e.must(e.people.RequestRepresentation(e.ctx, other, orgID))
	e.must(e.people.RequestRepresentation(e.ctx, author, orgID))
	if err := e.people.DeclineRepresentative(e.ctx, other, orgID, author.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen declined a request: %v", err)
	}
	e.must(e.people.VerifyRepresentative(e.ctx, e.org, orgID, other.ID))
	e.must(e.people.DeclineRepresentative(e.ctx, e.org, orgID, author.ID))
	if ok, _ := e.s.IsVerifiedRepresentative(e.ctx, other.ID, orgID); !ok {
		t.Fatal("approved request not verified")
	}
	if reps, _ := e.s.Representatives(e.ctx, orgID); len(reps) != 2 {
		t.Fatalf("after decline, %d links", len(reps))
	}
	if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'representative.decline'`) != 1 {
		t.Fatal("decline not audited")
	}
}
