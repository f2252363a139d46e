package storagetest

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

func (e *env) ev(action string) audit.Event {
	return audit.Event{Time: e.now, Actor: audit.ActorSystem, Action: action}
}

// testAuditChain: every state change leaves one entry; the sealed chain
// verifies; entries are readable per object.
func testAuditChain(t *testing.T, e *env) {
	a, b := e.user("a@example.org"), e.user("b@example.org")
	before := e.count(`SELECT COUNT(*) FROM audit_log`)
	iss := e.issue(a, "Audited issue")
	_, err := e.gather.Support(e.ctx, b, iss.ID)
	e.must(err)
	_, err = e.gather.Support(e.ctx, b, iss.ID) // no change, no entry
	e.must(err)
	_, err = e.gather.AddComment(e.ctx, b, gather.CommentDraft{IssueID: iss.ID, Body: "hello"})
	e.must(err)
	// A failed change leaves no entry.
	_, err = e.gather.SubmitIssue(e.ctx, a, gather.IssueDraft{CycleID: 99999, Title: "Nowhere to go", Description: "x"})
	wantKind(t, err, apperr.NotFound)
	if got := e.count(`SELECT COUNT(*) FROM audit_log`) - before; got != 3 {
		t.Fatalf("%d audit entries for 3 changes", got)
	}
	unsealed, err := e.s.UnsealedAudit(e.ctx)
	e.must(err)
	n, err := e.s.SealAudit(e.ctx)
	e.must(err)
	if n != unsealed || n == 0 {
		t.Fatalf("sealed %d of %d", n, unsealed)
	}
	if n, _ := e.s.SealAudit(e.ctx); n != 0 {
		t.Fatalf("second seal sealed %d", n)
	}
	count, err := audit.Verify(e.ctx, e.s)
	e.must(err)
	if int(count) != e.count(`SELECT COUNT(*) FROM audit_log`) {
		t.Fatalf("verified %d entries", count)
	}
	es, err := e.s.AuditEntriesFor(e.ctx, audit.ObjectRef("issue", iss.ID), 10)
	e.must(err)
	if len(es) != 2 || es[0].Action != "support.add" || es[1].Action != "issue.submit" || es[1].Details["title"] != "Audited issue" {
		t.Fatalf("entries for issue: %+v", es)
	}
	if es[0].Actor != audit.UserActor(b.ID) || !es[0].Time.Equal(e.now) {
		t.Fatalf("entry actor/time %+v", es[0])
	}
	// More changes after sealing extend the chain.
	_, err = e.gather.Unsupport(e.ctx, b, iss.ID)
	e.must(err)
	_, err = e.s.SealAudit(e.ctx)
	e.must(err)
	if _, err := audit.Verify(e.ctx, e.s); err != nil {
		t.Fatal(err)
	}
}

// testAuditTamper: changing a sealed entry in the database is caught at
// that entry.
func testAuditTamper(t *testing.T, e *env) {
	a := e.user("a@example.org")
	for _, title := range []string{"First issue here", "Second issue here", "Third issue here"} {
		e.issue(a, title)
	}
	_, err := e.s.SealAudit(e.ctx)
	e.must(err)
	var pos int64
	var orig string
	if err := e.raw.QueryRow(`SELECT pos, details FROM audit_log WHERE action = 'issue.submit' ORDER BY pos LIMIT 1 OFFSET 1`).Scan(&pos, &orig); err != nil {
		t.Fatal(err)
	}
	if _, err := e.raw.Exec(`UPDATE audit_log SET details = '{"title":"Forged"}' WHERE action = 'issue.submit' AND pos = ` + itoa(pos)); err != nil {
		t.Fatal(err)
	}
	_, err = audit.Verify(e.ctx, e.s)
	var brk *audit.Break
	if !errors.As(err, &brk) || brk.Pos != pos {
		t.Fatalf("Verify after tampering at %d: %v", pos, err)
	}
	if _, err := e.raw.Exec(`UPDATE audit_log SET details = '` + strings.ReplaceAll(orig, "'", "''") + `' WHERE pos = ` + itoa(pos)); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.Verify(e.ctx, e.s); err != nil {
		t.Fatalf("restored chain does not verify: %v", err)
	}
	// Deleting an entry is caught too (a position gap).
	if _, err := e.raw.Exec(`DELETE FROM audit_log WHERE pos = ` + itoa(pos)); err != nil {
		t.Fatal(err)
	}
	_, err = audit.Verify(e.ctx, e.s)
	if !errors.As(err, &brk) || brk.Pos != pos+1 {
		t.Fatalf("Verify after deleting %d: %v", pos, err)
	}
}

// testAuditConcurrentSealers: writers and several sealers at once never
// fork the chain.
func testAuditConcurrentSealers(t *testing.T, e *env) {
	a := e.user("a@example.org")
	iss := e.issue(a, "Busy issue")
	users := make([]people.User, 30)
	for i := range users {
		users[i] = e.user("w" + itoa(int64(i)) + "@example.org")
	}
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.gather.Support(e.ctx, u, iss.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if _, err := e.s.SealAudit(e.ctx); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	_, err := e.s.SealAudit(e.ctx)
	e.must(err)
	n, err := audit.Verify(e.ctx, e.s)
	e.must(err)
	if int(n) != e.count(`SELECT COUNT(*) FROM audit_log`) {
		t.Fatalf("verified %d entries of %d", n, e.count(`SELECT COUNT(*) FROM audit_log`))
	}
}

func itoa(n int64) string { return audit.ObjectRef("", n)[1:] }
