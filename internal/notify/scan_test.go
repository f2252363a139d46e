package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
)

// scene is a world with four people and one issue followed by three of
// them, a notifier over it, and its queue (not running).
type scene struct {
	w     *world
	store *jobsmem.Store
	cur   *cursors
	q     *jobs.Queue
	n     *notify.Notifier
}

const (
	ann, bob, cat, dan = 1, 2, 3, 4 // Ann raised the issue; Dan moderates
	issueID            = 10
)

func newScene(t *testing.T) *scene {
	w := newWorld()
	for id, name := range map[int64]string{ann: "Ann", bob: "Bob", cat: "Cat", dan: "Dan"} {
		w.addUser(id, name)
	}
	w.issues[issueID] = gather.Issue{ID: issueID, Title: "Longer opening hours\nat the surgery", AuthorID: ann}
	w.followers[issueID] = []int64{ann, bob, cat}
	w.comments[100] = gather.Comment{ID: 100, IssueID: issueID, AuthorID: ann, AuthorName: "Ann", OrgName: "Healthwatch Leeds", Body: "I agree: evenings matter.", Status: gather.StatusVisible}
	w.comments[101] = gather.Comment{ID: 101, IssueID: issueID, AuthorID: bob, AuthorName: "Bob", Body: "Spam", Status: gather.StatusHidden}
	store := jobsmem.New()
	cur := &cursors{Store: store}
	q := jobs.New(store, jobs.Options{Poll: 20 * time.Millisecond})
	c := cfg
	c.UserLang = func(u people.User) i18n.Lang {
		if u.ID == cat {
			return i18n.Welsh
		}
		return i18n.English
	}
	n := notify.New(q, notify.Deps{Users: w, Issues: w, Audit: w, Cursors: cur}, c)
	return &scene{w: w, store: store, cur: cur, q: q, n: n}
}

func (s *scene) scan(t *testing.T) int {
	t.Helper()
	k, err := s.n.Scan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keys returns the unique keys of the mail jobs, sorted.
func (s *scene) keys(t *testing.T) []string {
	t.Helper()
	js, err := s.store.Jobs(context.Background(), jobs.Query{Kind: notify.KindMail})
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, j := range js {
		ks = append(ks, j.Key)
	}
	slices.Sort(ks)
	return ks
}

// deliver runs the queue into an outbox until every mail job is done and
// returns the messages by recipient.
func (s *scene) deliver(t *testing.T) map[string][]mail.Message {
	t.Helper()
	outbox, _ := mail.NewOutbox("")
	notify.HandleMail(s.q, outbox, quick)
	run(t, s.q)
	js, _ := s.store.Jobs(context.Background(), jobs.Query{Kind: notify.KindMail})
	for _, j := range js {
		waitJob(t, s.store, j.ID, "done", func(j jobs.Job) bool { return j.Status == jobs.Done })
	}
	list, _ := outbox.List()
	out := map[string][]mail.Message{}
	for _, m := range list {
		out[m.To] = append(out[m.To], m)
	}
	return out
}

// TestCommentNotifiesFollowersOnce: a comment reaches each follower but
// its author once, although the scan runs three times and the first
// "crashes" after enqueueing, before moving its cursor.
func TestCommentNotifiesFollowersOnce(t *testing.T) {
	s := newScene(t)
	s.w.record(ann, "comment.add", "comment:100", map[string]string{"issue": "10"}) // before the first scan: history
	if k := s.scan(t); k != 0 {
		t.Fatalf("the first scan queued %d emails about history", k)
	}
	pos := s.w.record(ann, "comment.add", "comment:100", map[string]string{"issue": "10"})
	s.w.record(bob, "support.add", "issue:10", nil) // no rule: nothing

	s.cur.failNext = 1
	if _, err := s.n.Scan(context.Background()); err == nil {
		t.Fatal("the scan whose cursor could not move reported no error")
	}
	want := []string{fmt.Sprintf("n:%d:%d", pos, bob), fmt.Sprintf("n:%d:%d", pos, cat)}
	if got := s.keys(t); !slices.Equal(got, want) {
		t.Fatalf("after the crashed scan: jobs %v, want %v", got, want)
	}
	s.scan(t) // runs the entry again: the unique keys add nothing
	if k := s.scan(t); k != 0 {
		t.Fatalf("a scan with nothing new queued %d", k)
	}
	if got := s.keys(t); !slices.Equal(got, want) {
		t.Fatalf("after rescanning: jobs %v, want %v", got, want)
	}

	msgs := s.deliver(t)
	if len(msgs) != 2 || len(msgs["bob@example.org"]) != 1 || len(msgs["cat@example.org"]) != 1 {
		t.Fatalf("emails: %v; want one each to Bob and Cat", msgs)
	}
	b := msgs["bob@example.org"][0]
	if b.Subject != "A new comment by Ann for Healthwatch Leeds: Longer opening hours at the surgery" {
		t.Errorf("subject %q", b.Subject)
	}
	for _, want := range []string{"Hello Bob,", "I agree: evenings matter.", "https://gather.example.org/issues/10", "Stop following", "NHS Example Gather"} {
		if !strings.Contains(b.Body, want) {
			t.Errorf("Bob's email lacks %q:\n%s", want, b.Body)
		}
	}
	if c := msgs["cat@example.org"][0]; b.Lang != "en-GB" || c.Lang != "cy" {
		t.Errorf("languages: Bob %q, Cat %q; want each reader's", b.Lang, c.Lang)
	}
}

// TestScanStopsOnAnErrorAndResumes: a rule that cannot read (the database
// blinks) stops the scan before the entry; the next scan sends it.
func TestScanStopsOnAnErrorAndResumes(t *testing.T) {
	s := newScene(t)
	s.scan(t)
	s.w.record(ann, "comment.add", "comment:100", nil)
	s.w.failUser = apperr.New(apperr.Unavailable, "The database is busy or unavailable (%s). Please try again in a moment.", "test")
	if _, err := s.n.Scan(context.Background()); err == nil {
		t.Fatal("no error while users cannot be read")
	}
	if ks := s.keys(t); len(ks) != 0 {
		t.Fatalf("jobs %v queued by a failed scan", ks)
	}
	s.w.failUser = nil
	if k := s.scan(t); k != 2 {
		t.Fatalf("the resumed scan queued %d, want 2", k)
	}
}

func TestSkipsWhatIsGoneOrHidden(t *testing.T) {
	s := newScene(t)
	s.scan(t)
	s.w.record(bob, "comment.add", "comment:101", nil) // hidden before the scan
	s.w.record(bob, "comment.add", "comment:999", nil) // gone
	s.w.record(dan, "moderation.hide", "comment:100", map[string]string{"reason": "x"})
	s.w.followers[issueID] = append(s.w.followers[issueID], 77) // a follower who has gone
	s.w.record(dan, "moderation.unhide", "issue:10", map[string]string{"reason": "Checked"})
	if k := s.scan(t); k != 3 {
		t.Fatalf("queued %d, want 3 (the issue shown again, to Ann, Bob and Cat)", k)
	}
}

func TestIssueRules(t *testing.T) {
	s := newScene(t)
	s.scan(t)
	s.w.record(ann, "issue.withdraw", "issue:10", nil)
	s.w.record(dan, "moderation.hide", "issue:10", map[string]string{"reason": "Personal details in the title"})
	if k := s.scan(t); k != 5 {
		t.Fatalf("queued %d, want 5 (withdrawal to Bob and Cat; hiding to all three)", k)
	}
	msgs := s.deliver(t)
	if len(msgs["ann@example.org"]) != 1 || len(msgs["bob@example.org"]) != 2 || len(msgs["cat@example.org"]) != 2 {
		t.Fatalf("emails: %v", msgs)
	}
	ann := msgs["ann@example.org"][0]
	if ann.Subject != "Hidden by a moderator: Longer opening hours at the surgery" || !strings.Contains(ann.Body, "Reason: Personal details in the title") {
		t.Errorf("Ann's email: %q\n%s", ann.Subject, ann.Body)
	}
}

// TestCustomRule: another area adds a rule (the lead's cycle.phase).
func TestCustomRule(t *testing.T) {
	s := newScene(t)
	s.n.Rule("cycle.phase", func(ctx context.Context, e audit.Entry) ([]notify.Notice, error) {
		id, err := notify.ObjectID(e, "cycle")
		if err != nil {
			return nil, err
		}
		return []notify.Notice{{UserID: bob, Compose: func(p *i18n.Printer, to people.User) (string, string) {
			return fmt.Sprintf("Round %d moves to %s", id, e.Details["to"]), "…"
		}}}, nil
	})
	s.scan(t)
	s.w.record(0, "cycle.phase", "cycle:3", map[string]string{"to": "agenda"})
	if k := s.scan(t); k != 1 {
		t.Fatalf("queued %d", k)
	}
	if m := s.deliver(t)["bob@example.org"]; len(m) != 1 || m[0].Subject != "Round 3 moves to agenda" {
		t.Fatalf("emails to Bob: %+v", m)
	}
}
