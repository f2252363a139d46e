package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

// KindMail is the job kind that sends one email; its payload is a
// mail.Message in JSON.
const KindMail = "mail.send"

// Users finds the people to tell (the storage value satisfies it).
type Users interface {
	UserByID(ctx context.Context, id int64) (people.User, error)
}

// Issues is what the issue rules read (the storage value satisfies it).
type Issues interface {
	Issue(ctx context.Context, id int64) (gather.Issue, error)
	Comment(ctx context.Context, id int64) (gather.Comment, error)
	Followers(ctx context.Context, issueID int64) ([]int64, error)
}

// Rounds is what the round rules read (the storage value satisfies it).
type Rounds interface {
	Cycle(ctx context.Context, id int64) (cycle.Cycle, error)
	CycleFollowers(ctx context.Context, cycleID int64) ([]int64, error)
}

// AuditLog is the sealed audit log the scan follows (the storage value
// satisfies it).
type AuditLog interface {
	AuditEntries(ctx context.Context, afterPos int64, limit int) ([]audit.Entry, error)
	AuditHead(ctx context.Context) (int64, error)
}

// Cursors keep how far the scan has read (jobs.Store's cursors).
type Cursors interface {
	JobCursor(ctx context.Context, name string) (int64, error)
	AdvanceJobCursor(ctx context.Context, name string, to int64, now time.Time) error
}

// Deps are what a Notifier reads. Users, Audit and Cursors are needed by
// the scan; Issues, when set, adds the issue rules (see rules.go), and
// Issues with Audience the theme and report rules (steps.go). Prefs, when
// set, applies each person's settings; Digests, when set, keeps the steps
// of those who chose a weekly digest (without it they get each step).
type Deps struct {
	Users    Users
	Issues   Issues
	Rounds   Rounds
	Audit    AuditLog
	Cursors  Cursors
	Audience Audience
	Prefs    Prefs
	Digests  Digests
	// Juries, with Rounds, adds the citizens' jury's rules (jury.go), and
	// with Issues and Audience too the outcome rules (outcomes.go).
	Juries Juries
	// Recommendations, with the outcome rules, adds the members' vote and
	// the Board's answers (outcomes.go).
	Recommendations Recommendations
	// Quality, with Rounds, tells the entries' authors when the assessor
	// returns the self-assessment (quality.go); Rounds alone tells the
	// assessor they are named.
	Quality QualityAssessments
}

// Config is what the emails say and how often the log is scanned.
type Config struct {
	BaseURL     string // for links, without a trailing slash
	OrgName     string
	ServiceName string
	// UserLang returns the language a user reads; nil means English for
	// everyone (users do not yet store a language).
	UserLang func(people.User) i18n.Lang
	Log      *slog.Logger     // nil discards
	Now      func() time.Time // nil means time.Now
}

// Notifier renders and queues email. It is safe for concurrent use once
// its rules are registered (before the queue runs).
type Notifier struct {
	q     *jobs.Queue
	d     Deps
	cfg   Config
	rules map[string]Rule
}

// New returns a Notifier queueing on q, with the issue rules when
// d.Issues is set.
func New(q *jobs.Queue, d Deps, c Config) *Notifier {
	if c.UserLang == nil {
		c.UserLang = func(people.User) i18n.Lang { return i18n.English }
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	n := &Notifier{q: q, d: d, cfg: c, rules: map[string]Rule{}}
	if d.Issues != nil {
		n.issueRules()
	}
	if d.Issues != nil && d.Audience != nil {
		n.stepRules()
	}
	if d.Rounds != nil {
		n.roundRules()
	}
	if d.Rounds != nil && d.Juries != nil {
		n.juryRules()
	}
	if d.Rounds != nil {
		n.qualityRules()
	}
	if d.Rounds != nil && d.Juries != nil && d.Issues != nil && d.Audience != nil {
		n.outcomeRules()
	}
	return n
}

// Send queues m: it fills m.ID and m.Date when empty, checks it
// (apperr.Invalid wrapping mail.ErrInvalid for a bad address) and enqueues
// a KindMail job under key ("mail:<ID>" when key is empty). Sending again
// under a used key adds nothing and returns the first job's id.
func (n *Notifier) Send(ctx context.Context, key string, m mail.Message) (int64, error) {
	now := n.cfg.Now()
	if m.ID == "" {
		m.ID = mail.NewID(now)
	}
	if m.Date.IsZero() {
		m.Date = now
	}
	if err := mail.Validate(m); err != nil {
		return 0, apperr.Wrap(apperr.Invalid, err, "This email address cannot receive mail.")
	}
	if key == "" {
		key = "mail:" + m.ID
	}
	payload, err := jsonMessage(m)
	if err != nil {
		return 0, err
	}
	return n.q.Enqueue(ctx, jobs.Request{Kind: KindMail, Key: key, Payload: payload})
}

// Mailer returns a mail.Sender that queues each message (Send with no
// key) instead of sending it: for code written against mail.Sender.
// Its Send returns an error wrapping mail.ErrInvalid for a message that
// could never be sent, and otherwise fails only when the queue cannot
// store the job.
func (n *Notifier) Mailer() mail.Sender { return queued{n} }

type queued struct{ n *Notifier }

func (s queued) Send(ctx context.Context, m mail.Message) error {
	_, err := s.n.Send(ctx, "", m)
	return err
}

// HandleMail registers on q the KindMail handler, sending through s. Zero
// fields of o take the mail defaults: 96 attempts (about a day at the
// back-off cap), 2 minutes per attempt, jobs.DefaultBackoff.
func HandleMail(q *jobs.Queue, s mail.Sender, o jobs.HandlerOptions) {
	if o.MaxAttempts == 0 {
		o.MaxAttempts = 96
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	q.Handle(KindMail, func(ctx context.Context, t *jobs.Task) error {
		var m mail.Message
		if err := json.Unmarshal(t.Payload, &m); err != nil {
			return jobs.Permanent(fmt.Errorf("notify: unreadable message: %w", err))
		}
		err := s.Send(ctx, m)
		if errors.Is(err, mail.ErrInvalid) {
			return jobs.Permanent(err)
		}
		return err
	}, o)
}
