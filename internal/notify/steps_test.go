package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
)

// stepWorld adds to world what the step rules read, people's settings
// and the digest's waiting items.
type stepWorld struct {
	*world
	smu       sync.Mutex
	supports  map[int64][]int64
	themes    map[int64]gather.Theme
	themedAt  map[int64]time.Time // issue → when it joined its theme
	reports   map[int64]gather.Report
	prefs     map[int64]map[notify.Kind]notify.Mode
	digest    []notify.DigestItem
	prefsLog  []audit.Event
	nextDigID int64
}

func (w *stepWorld) IssueAudience(_ context.Context, id int64) ([]int64, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	w.world.mu.Lock()
	defer w.world.mu.Unlock()
	out := []int64{w.issues[id].AuthorID}
	for _, u := range append(append([]int64(nil), w.supports[id]...), w.followers[id]...) {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (w *stepWorld) ThemeJoiners(_ context.Context, themeID int64, at time.Time) ([]int64, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	w.world.mu.Lock()
	defer w.world.mu.Unlock()
	var out []int64
	for id, iss := range w.issues {
		if iss.ThemeID == themeID && w.themedAt[id].Equal(at) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (w *stepWorld) Theme(_ context.Context, id int64) (gather.Theme, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	t, ok := w.themes[id]
	if !ok {
		return t, apperr.New(apperr.NotFound, "There is no such theme.")
	}
	return t, nil
}

func (w *stepWorld) Report(_ context.Context, id int64) (gather.Report, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	r, ok := w.reports[id]
	if !ok {
		return r, apperr.New(apperr.NotFound, "There is no such report.")
	}
	return r, nil
}

func (w *stepWorld) ResolvedReports(_ context.Context, t gather.Target, mod int64, at time.Time) ([]gather.Report, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	var out []gather.Report
	for _, r := range w.reports {
		if r.Target == t && r.ResolvedBy == mod && !r.ResolvedAt.After(at) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (w *stepWorld) NotifyPrefs(_ context.Context, id int64) (map[notify.Kind]notify.Mode, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	return w.prefs[id], nil
}

func (w *stepWorld) SetNotifyPrefs(_ context.Context, id int64, p map[notify.Kind]notify.Mode, ev audit.Event) error {
	w.smu.Lock()
	defer w.smu.Unlock()
	if w.prefs[id] == nil {
		w.prefs[id] = map[notify.Kind]notify.Mode{}
	}
	for k, m := range p {
		w.prefs[id][k] = m
	}
	w.prefsLog = append(w.prefsLog, ev)
	return nil
}

func (w *stepWorld) AddDigestItems(_ context.Context, items []notify.DigestItem) error {
	w.smu.Lock()
	defer w.smu.Unlock()
	for _, it := range items {
		if slices.ContainsFunc(w.digest, func(d notify.DigestItem) bool { return d.Key == it.Key }) {
			continue
		}
		w.nextDigID++
		it.ID = w.nextDigID
		w.digest = append(w.digest, it)
	}
	return nil
}

func (w *stepWorld) DigestUsers(context.Context) ([]int64, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	var out []int64
	for _, d := range w.digest {
		if !slices.Contains(out, d.UserID) {
			out = append(out, d.UserID)
		}
	}
	return out, nil
}

func (w *stepWorld) DigestItems(_ context.Context, u int64) ([]notify.DigestItem, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	var out []notify.DigestItem
	for _, d := range w.digest {
		if d.UserID == u {
			out = append(out, d)
		}
	}
	return out, nil
}

func (w *stepWorld) DeleteDigestItems(_ context.Context, u, upTo int64) error {
	w.smu.Lock()
	defer w.smu.Unlock()
	w.digest = slices.DeleteFunc(w.digest, func(d notify.DigestItem) bool { return d.UserID == u && d.ID <= upTo })
	return nil
}

const (
	eve, fay = 5, 6 // Eve supports the issue and reports; Fay organises
	themeID  = 7
)

// newStepScene is the scene of scan_test.go plus Eve, who supports the
// issue (and reads Welsh, like Cat), Fay the organiser, a theme, and the
// step rules with people's settings.
func newStepScene(t *testing.T) (*scene, *stepWorld) {
	s := newScene(t)
	w := &stepWorld{world: s.w, supports: map[int64][]int64{issueID: {eve}}, themes: map[int64]gather.Theme{themeID: {ID: themeID, Name: "Getting an appointment"}},
		themedAt: map[int64]time.Time{}, reports: map[int64]gather.Report{}, prefs: map[int64]map[notify.Kind]notify.Mode{}}
	iss := s.w.issues[issueID]
	iss.Status = gather.StatusOpen
	s.w.issues[issueID] = iss
	s.w.addUser(eve, "Eve")
	s.w.addUser(fay, "Fay")
	s.store = jobsmem.New()
	s.cur = &cursors{Store: s.store}
	s.q = jobs.New(s.store, jobs.Options{Poll: 20 * time.Millisecond})
	c := cfg
	c.UserLang = func(u people.User) i18n.Lang {
		if u.ID == cat || u.ID == eve {
			return i18n.Welsh
		}
		return i18n.English
	}
	s.n = notify.New(s.q, notify.Deps{Users: w, Issues: w, Audit: w, Cursors: s.cur, Audience: w, Prefs: w, Digests: w}, c)
	return s, w
}

// join puts the issue in the theme and records the organiser's action.
func join(w *stepWorld, action string) int64 {
	pos := w.record(fay, action, "theme:7", map[string]string{"issues": "10"})
	w.world.mu.Lock()
	iss := w.issues[issueID]
	iss.ThemeID = themeID
	w.issues[issueID] = iss
	at := w.log[pos-1].Time
	w.world.mu.Unlock()
	w.smu.Lock()
	w.themedAt[issueID] = at
	w.smu.Unlock()
	return pos
}

// TestThemeJoinTellsEveryoneByTheirSettings: the issue joins a theme; its
// author (Ann), follower Cat (Welsh) are emailed; follower Bob chose
// "never" for themes and is not; supporter Eve chose a weekly summary and
// gets the step in her Welsh digest when the digest runs, once.
func TestThemeJoinTellsEveryoneByTheirSettings(t *testing.T) {
	for _, action := range notify.ThemeJoinActions {
		t.Run(action, func(t *testing.T) {
			s, w := newStepScene(t)
			ctx := context.Background()
			set := notify.Settings{Store: w}
			if err := set.Set(ctx, people.User{ID: bob}, map[notify.Kind]notify.Mode{notify.KindTheme: notify.Never}); err != nil {
				t.Fatal(err)
			}
			if err := set.Set(ctx, people.User{ID: eve}, map[notify.Kind]notify.Mode{notify.KindTheme: notify.Weekly}); err != nil {
				t.Fatal(err)
			}
			s.scan(t)
			pos := join(w, action)
			w.record(fay, action, "theme:7", nil) // the issue did not move at this one: nothing
			if k := s.scan(t); k != 2 {
				t.Fatalf("queued %d, want 2 (Ann, Cat)", k)
			}
			if got, want := s.keys(t), []string{fmt.Sprintf("n:%d:%d", pos, ann), fmt.Sprintf("n:%d:%d", pos, cat)}; !slices.Equal(got, want) {
				t.Fatalf("jobs %v, want %v", got, want)
			}
			if len(w.digest) != 1 || w.digest[0].UserID != eve || !strings.Contains(w.digest[0].Subject, "Getting an appointment") {
				t.Fatalf("digest items %+v, want one for Eve", w.digest)
			}
			if k, err := s.n.Digest(ctx); err != nil || k != 1 {
				t.Fatalf("digest: %d, %v; want 1 email", k, err)
			}
			if k, _ := s.n.Digest(ctx); k != 0 {
				t.Fatalf("a second digest sent %d", k)
			}
			msgs := s.deliver(t)
			if len(msgs["bob@example.org"]) != 0 || len(msgs["ann@example.org"]) != 1 || len(msgs["cat@example.org"]) != 1 || len(msgs["eve@example.org"]) != 1 {
				t.Fatalf("emails: %v", msgs)
			}
			a := msgs["ann@example.org"][0]
			if a.Subject != "Grouped into the theme “Getting an appointment”: Longer opening hours at the surgery" || a.Lang != "en-GB" {
				t.Errorf("Ann's subject %q (%s)", a.Subject, a.Lang)
			}
			for _, want := range []string{"Hello Ann,", "citizens' jury", "https://gather.example.org/themes/7", "https://gather.example.org/issues/10", "https://gather.example.org/account/notifications"} {
				if !strings.Contains(a.Body, want) {
					t.Errorf("Ann's email lacks %q:\n%s", want, a.Body)
				}
			}
			c := msgs["cat@example.org"][0]
			if c.Lang != "cy" || !strings.Contains(c.Subject, "thema") || strings.Contains(c.Body, "Organisers have grouped") {
				t.Errorf("Cat's email is not in Welsh: %q\n%s", c.Subject, c.Body)
			}
			e := msgs["eve@example.org"][0]
			if e.Lang != "cy" || !strings.Contains(e.Subject, "1") || !strings.Contains(e.Body, "Getting an appointment") || !strings.Contains(e.Body, "https://gather.example.org/issues/10") || strings.Contains(e.Body, "Here is what happened") {
				t.Errorf("Eve's digest: %q\n%s", e.Subject, e.Body)
			}
		})
	}
}

// TestHidingTellsAuthorReportersAndFollowers: a moderator hides the issue
// Eve reported: Ann (author) hears why and how to ask for a second look,
// Eve that her report was upheld, Bob and Cat that an issue they follow
// was hidden; Dan, who hid it, nothing.
func TestHidingTellsAuthorReportersAndFollowers(t *testing.T) {
	s, w := newStepScene(t)
	s.scan(t)
	now := time.Now()
	w.reports[50] = gather.Report{ID: 50, Target: gather.Target{IssueID: issueID}, ReporterID: eve, Resolved: true, ResolvedBy: dan, ResolvedAt: now.Add(-time.Millisecond)}
	w.record(dan, "moderation.hide", "issue:10", map[string]string{"reason": "Personal details in the title"})
	if k := s.scan(t); k != 4 {
		t.Fatalf("queued %d, want 4", k)
	}
	msgs := s.deliver(t)
	a := msgs["ann@example.org"]
	if len(a) != 1 || !strings.Contains(a[0].Body, "Reason: Personal details in the title") || !strings.Contains(a[0].Body, "second look") ||
		!strings.Contains(a[0].Body, "https://gather.example.org/issues/10/report") {
		t.Fatalf("Ann's email: %+v", a)
	}
	if e := msgs["eve@example.org"]; len(e) != 1 || e[0].Lang != "cy" || !strings.Contains(e[0].Body, "Personal details in the title") {
		t.Fatalf("Eve's email: %+v", e)
	}
	if b := msgs["bob@example.org"]; len(b) != 1 || !strings.HasPrefix(b[0].Subject, "Hidden by a moderator") {
		t.Fatalf("Bob's email: %+v", b)
	}
	if len(msgs["dan@example.org"]) != 0 {
		t.Fatal("the moderator was told of their own action")
	}
}

// TestHiddenCommentAndDismissedReport: a hidden comment tells its author;
// a dismissed report tells its reporter, unless the reporter chose never.
func TestHiddenCommentAndDismissedReport(t *testing.T) {
	s, w := newStepScene(t)
	s.scan(t)
	w.reports[51] = gather.Report{ID: 51, Target: gather.Target{IssueID: issueID, CommentID: 100}, ReporterID: eve}
	w.reports[52] = gather.Report{ID: 52, Target: gather.Target{IssueID: issueID}, ReporterID: bob}
	w.prefs[bob] = map[notify.Kind]notify.Mode{notify.KindReports: notify.Never}
	w.record(dan, "moderation.hide", "comment:100", map[string]string{"reason": "Off topic"})
	w.record(dan, "report.dismiss", "report:51", nil)
	w.record(dan, "report.dismiss", "report:52", nil)
	if k := s.scan(t); k != 2 {
		t.Fatalf("queued %d, want 2 (Ann's hidden comment, Eve's dismissed report)", k)
	}
	msgs := s.deliver(t)
	if a := msgs["ann@example.org"]; len(a) != 1 || !strings.Contains(a[0].Body, "/issues/10/report?comment=100") || !strings.Contains(a[0].Body, "Off topic") {
		t.Fatalf("Ann's email: %+v", a)
	}
	if e := msgs["eve@example.org"]; len(e) != 1 || e[0].Lang != "cy" {
		t.Fatalf("Eve's email: %+v", e)
	}
}

// TestSettingsValidateAndAudit: unknown kinds or modes are refused; a
// change is audited with who made it; unset kinds read as "each step".
func TestSettingsValidateAndAudit(t *testing.T) {
	_, w := newStepScene(t)
	set := notify.Settings{Store: w}
	ctx := context.Background()
	if err := set.Set(ctx, people.User{ID: ann}, map[notify.Kind]notify.Mode{"spam": notify.Never}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("an unknown kind: %v", err)
	}
	if err := set.Set(ctx, people.User{ID: ann}, map[notify.Kind]notify.Mode{notify.KindTheme: "daily"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("an unknown mode: %v", err)
	}
	if err := set.Set(ctx, people.User{}, nil); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("signed out: %v", err)
	}
	if err := set.Set(ctx, people.User{ID: ann}, map[notify.Kind]notify.Mode{notify.KindRounds: notify.Weekly}); err != nil {
		t.Fatal(err)
	}
	if len(w.prefsLog) != 1 || w.prefsLog[0].Action != "notify.settings" || w.prefsLog[0].Actor != "user:1" || w.prefsLog[0].Details["rounds"] != "weekly" {
		t.Fatalf("audit: %+v", w.prefsLog)
	}
	got, err := set.Get(ctx, people.User{ID: ann})
	if err != nil || got[notify.KindRounds] != notify.Weekly || got[notify.KindTheme] != notify.Each || len(got) != len(notify.Kinds) {
		t.Fatalf("settings %v, %v", got, err)
	}
}
