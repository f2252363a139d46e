package notify

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Kind is a kind of step people are told about; each person chooses a
// Mode per kind (notification settings, /account/notifications).
type Kind string

// The kinds of step.
const (
	KindTheme    Kind = "theme"    // an issue I raised, support or follow joins a theme
	KindReports  Kind = "reports"  // a report I made is decided
	KindHidden   Kind = "hidden"   // something I wrote is hidden by a moderator
	KindComments Kind = "comments" // a new comment on an issue I follow
	KindIssues   Kind = "issues"   // an issue I follow is withdrawn, hidden or shown again
	KindRounds   Kind = "rounds"   // a round I follow moves to another phase
	// KindOutcomes is what happened to issues I raised, support or follow
	// after Gather: the jury's agenda, the vote on their themes'
	// recommendations, the Board's answers and commitments.
	KindOutcomes Kind = "outcomes"

	// KindDuty is a message about a role the person has taken on (a juror
	// chosen, the jury's vote opening): it is always sent, whatever the
	// person's settings, and is not offered on the settings page.
	KindDuty Kind = "duty"
)

// Kinds lists every kind in the order the settings page shows them.
var Kinds = []Kind{KindTheme, KindOutcomes, KindReports, KindHidden, KindComments, KindIssues, KindRounds}

// Title returns the kind's name on the settings page (an English msgid).
func (k Kind) Title() string {
	switch k {
	case KindTheme:
		return i18n.Mark("My issues join a theme")
	case KindReports:
		return i18n.Mark("Decisions on my reports")
	case KindHidden:
		return i18n.Mark("Something I wrote is hidden")
	case KindComments:
		return i18n.Mark("New comments on issues I follow")
	case KindIssues:
		return i18n.Mark("Issues I follow are withdrawn, hidden or shown again")
	case KindRounds:
		return i18n.Mark("Rounds I follow move to their next phase")
	case KindOutcomes:
		return i18n.Mark("What happened to issues I raised, support or follow")
	}
	return string(k)
}

// Hint says when the kind's emails come (an English msgid).
func (k Kind) Hint() string {
	switch k {
	case KindTheme:
		return i18n.Mark("When organisers group an issue you raised, support or follow with similar issues into a theme.")
	case KindReports:
		return i18n.Mark("When a moderator hides what you reported, or decides to leave it.")
	case KindHidden:
		return i18n.Mark("When a moderator hides your issue or comment: the reason, and how to ask for a second look.")
	case KindComments:
		return i18n.Mark("When someone comments on an issue you follow.")
	case KindIssues:
		return i18n.Mark("When an issue you follow is withdrawn by its author, or hidden or shown again by a moderator.")
	case KindRounds:
		return i18n.Mark("When a round you follow moves to its next phase.")
	case KindOutcomes:
		return i18n.Mark("When the citizens' jury chooses the agenda, the assembly votes on the recommendations on their themes, the Board answers them, and its commitments move on.")
	}
	return ""
}

// Mode is how a person hears of a kind of step.
type Mode string

// The modes.
const (
	Each   Mode = "each"   // an email for each step (the default)
	Weekly Mode = "weekly" // one weekly digest email
	Never  Mode = "never"  // no email
)

// Modes lists the modes in the order the settings page offers them.
var Modes = []Mode{Each, Weekly, Never}

// Title returns the mode's label (an English msgid).
func (m Mode) Title() string {
	switch m {
	case Each:
		return i18n.Mark("An email for each step")
	case Weekly:
		return i18n.Mark("A weekly summary")
	case Never:
		return i18n.Mark("Never")
	}
	return string(m)
}

// ParseKind and ParseMode return the kind or mode named s, or false.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// ParseMode returns the mode named s, or false.
func ParseMode(s string) (Mode, bool) {
	for _, m := range Modes {
		if string(m) == s {
			return m, true
		}
	}
	return "", false
}

// Prefs are the stored notification settings (the storage value
// satisfies it). A kind without a stored mode is Each.
type Prefs interface {
	NotifyPrefs(ctx context.Context, userID int64) (map[Kind]Mode, error)
	// SetNotifyPrefs stores every mode of prefs for the user and appends ev
	// to the audit log, in one transaction.
	SetNotifyPrefs(ctx context.Context, userID int64, prefs map[Kind]Mode, ev audit.Event) error
}

// DigestItem is one step waiting for a person's weekly digest, written in
// their language when the scan met it.
type DigestItem struct {
	ID      int64
	UserID  int64
	Key     string // the scan's unique key, "n:<audit position>:<user id>"
	Kind    Kind
	Subject string // one line, in the recipient's language
	Link    string
	Created time.Time
}

// Digests keep the steps waiting for weekly digests (the storage value
// satisfies it).
type Digests interface {
	// AddDigestItems stores items; one whose Key is stored already is
	// skipped.
	AddDigestItems(ctx context.Context, items []DigestItem) error
	// DigestUsers returns the ids of users with items waiting.
	DigestUsers(ctx context.Context) ([]int64, error)
	// DigestItems returns a user's waiting items, oldest first.
	DigestItems(ctx context.Context, userID int64) ([]DigestItem, error)
	// DeleteDigestItems deletes a user's items up to and including id.
	DeleteDigestItems(ctx context.Context, userID, upTo int64) error
}

// Settings reads and changes people's notification settings.
type Settings struct {
	Store Prefs
	Now   func() time.Time // nil means time.Now
}

// Get returns u's mode for every kind (Each where none is stored).
func (s Settings) Get(ctx context.Context, u people.User) (map[Kind]Mode, error) {
	if !u.SignedIn() {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in to see your notification settings.")
	}
	stored, err := s.Store.NotifyPrefs(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[Kind]Mode, len(Kinds))
	for _, k := range Kinds {
		out[k] = Each
		if m, ok := stored[k]; ok {
			out[k] = m
		}
	}
	return out, nil
}

// Set stores u's choices, audited as "notify.settings" (details: kind →
// mode). Unknown kinds or modes are an apperr.Invalid field error.
func (s Settings) Set(ctx context.Context, u people.User, prefs map[Kind]Mode) error {
	if !u.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to change your notification settings.")
	}
	details := map[string]string{}
	for k, m := range prefs {
		if _, ok := ParseKind(string(k)); !ok {
			return apperr.Field(string(k), "Choose how you hear of this")
		}
		if _, ok := ParseMode(string(m)); !ok {
			return apperr.Field(string(k), "Choose how you hear of this")
		}
		details[string(k)] = string(m)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	ev := audit.Event{Time: now().UTC().Truncate(time.Microsecond), Actor: people.ActorOf(u), Action: "notify.settings",
		Object: audit.ObjectRef("user", u.ID), Details: details}
	return s.Store.SetNotifyPrefs(ctx, u.ID, prefs, ev)
}
