package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
)

// juries holds the rounds' juries; every jury's members are Ann and Bob.
type juries map[int64]jury.Settings

func (j juries) Jurors(_ context.Context, id int64) ([]jury.Juror, error) {
	if _, ok := j[id]; !ok {
		return nil, nil
	}
	return []jury.Juror{{UserID: ann}, {UserID: bob}}, nil
}

func (j juries) Jury(_ context.Context, id int64) (jury.Settings, error) {
	s, ok := j[id]
	if !ok {
		return s, apperr.New(apperr.NotFound, "The round has no jury yet.")
	}
	return s, nil
}

// TestAgendaTellsTheIssuesPeople: when the agenda is published, whoever
// raised, supports or follows an issue of a shortlisted theme (Ann, Bob,
// Cat in Welsh, Eve in Welsh) is told whether it was chosen and why — not
// Fay, who published it; and the people drawn for the jury are told, even
// one who chose no round emails.
func TestAgendaTellsTheIssuesPeople(t *testing.T) {
	s, w := newStepScene(t)
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: "Spring 2027", Phase: cycle.Agenda}}}
	j := jury.Settings{CycleID: 5, Seats: 1, Status: jury.Published, Winners: []int{0},
		Shortlist: &jury.Shortlist{Themes: []jury.Theme{{ThemeID: themeID, Title: "Getting an appointment", IssueIDs: []int64{issueID}}, {ThemeID: 8, Title: "Dentists"}}},
		Reasons:   []string{"Everyone meets the NHS at the surgery.", ""}, Why: "Dentists came second."}
	c := cfg
	c.UserLang = func(u people.User) i18n.Lang {
		if u.ID == cat || u.ID == eve {
			return i18n.Welsh
		}
		return i18n.English
	}
	s.n = notify.New(s.q, notify.Deps{Users: w, Issues: w, Rounds: rs, Audit: w, Cursors: s.cur, Audience: w, Prefs: w, Digests: w, Juries: juries{5: j}}, c)
	s.scan(t)
	// Ann asked for no round emails: being chosen for the jury is a duty,
	// told whatever the settings say.
	w.prefs[ann] = map[notify.Kind]notify.Mode{notify.KindRounds: notify.Never}
	w.record(fay, jury.ActionDraw, "cycle:5", map[string]string{"seed": "7", "users": "1,2"})
	w.record(fay, jury.ActionPublish, "cycle:5", map[string]string{"chosen": "7", "others": "8"})
	s.scan(t)
	msgs := s.deliver(t)
	for who, want := range map[string]int{"ann@example.org": 2, "bob@example.org": 2, "cat@example.org": 1, "eve@example.org": 1, "fay@example.org": 0} {
		if len(msgs[who]) != want {
			t.Errorf("%s got %d emails, want %d: %v", who, len(msgs[who]), want, msgs[who])
		}
	}
	var agenda string
	for _, m := range msgs["bob@example.org"] {
		if strings.Contains(m.Subject, "agenda") {
			agenda = m.Body
		}
	}
	for _, x := range []string{"“Getting an appointment”: chosen for the agenda (elected 1).", "Everyone meets the NHS at the surgery.", "https://gather.example.org/cycles/5/agenda"} {
		if !strings.Contains(agenda, x) {
			t.Errorf("Bob's email lacks %q:\n%s", x, agenda)
		}
	}
	if e := msgs["eve@example.org"]; len(e) == 1 && !strings.Contains(e[0].Body, "wedi'i dewis ar gyfer yr agenda") {
		t.Errorf("Eve's email is not in Welsh:\n%s", e[0].Body)
	}
}

// TestVoteOpenTellsEveryJuror: when the jury's vote opens, each juror
// (Ann, Bob) is sent the link to their ballot, even Ann, who chose no
// round emails; nobody else is.
func TestVoteOpenTellsEveryJuror(t *testing.T) {
	s, w := newStepScene(t)
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: "Spring 2027", Phase: cycle.Agenda}}}
	j := jury.Settings{CycleID: 5, Seats: 1, Status: jury.Voting,
		Shortlist: &jury.Shortlist{Themes: []jury.Theme{{ThemeID: themeID, Title: "Getting an appointment"}, {ThemeID: 8, Title: "Dentists"}}}}
	s.n = notify.New(s.q, notify.Deps{Users: w, Issues: w, Rounds: rs, Audit: w, Cursors: s.cur, Audience: w, Prefs: w, Digests: w, Juries: juries{5: j}}, cfg)
	s.scan(t)
	w.prefs[ann] = map[notify.Kind]notify.Mode{notify.KindRounds: notify.Never}
	w.record(fay, jury.ActionOpen, "cycle:5", nil)
	s.scan(t)
	msgs := s.deliver(t)
	for who, want := range map[string]int{"ann@example.org": 1, "bob@example.org": 1, "cat@example.org": 0, "eve@example.org": 0, "fay@example.org": 0} {
		if len(msgs[who]) != want {
			t.Errorf("%s got %d emails, want %d: %v", who, len(msgs[who]), want, msgs[who])
		}
	}
	if b := msgs["bob@example.org"]; len(b) == 1 && (!strings.Contains(b[0].Subject, "The jury's vote is open") || !strings.Contains(b[0].Body, "https://gather.example.org/cycles/5/agenda/ballot")) {
		t.Errorf("Bob's email: %s\n%s", b[0].Subject, b[0].Body)
	}
}
