package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Rule turns one sealed audit entry into the notices it calls for (none
// is fine). It reads what it needs at scan time, which may be a little
// after the change: a rule skips what has gone or been hidden since, and
// returns an apperr.NotFound error to skip the entry. Any other error
// stops the scan, which tries the entry again at its next turn, so a rule
// must give the same notices when run again.
type Rule func(ctx context.Context, e audit.Entry) ([]Notice, error)

// Notice is one email to one user, written when it is queued: Compose
// gets a Printer for the recipient's language and the recipient, and
// returns the subject and the body.
type Notice struct {
	UserID  int64
	Kind    Kind   // which of the person's settings applies (KindComments when empty)
	Link    string // the page the notice is about, for the weekly digest
	Compose func(p *i18n.Printer, to people.User) (subject, body string)
}

// Rule registers r for audit entries whose Action is action. Register
// rules before the queue runs; it panics on a second rule for one action.
//
// For example, the round's followers on a phase change:
//
//	n.Rule("cycle.phase", func(ctx context.Context, e audit.Entry) ([]notify.Notice, error) {
//		id, err := notify.ObjectID(e, "cycle")
//		...
//		return notices, nil // one Notice per follower, e.Actor excepted
//	})
func (n *Notifier) Rule(action string, r Rule) {
	if _, dup := n.rules[action]; dup || r == nil {
		panic("notify: bad or duplicate rule for " + action)
	}
	n.rules[action] = r
}

// cursorName is the scan's cursor in the jobs store.
const cursorName = "notify.audit"

// scanBatch is the most audit entries read at once.
const scanBatch = 200

// ScanEvery registers the scan on q as the cluster-wide periodic task
// "notify.scan", every interval (0 means 2 s).
func (n *Notifier) ScanEvery(q *jobs.Queue, interval time.Duration) {
	if interval <= 0 {
		interval = 2 * time.Second
	}
	q.Every("notify.scan", interval, func(ctx context.Context) error {
		_, err := n.Scan(ctx)
		return err
	})
}

// Scan reads the sealed audit entries after the cursor, queues the
// notices their rules call for, and moves the cursor past them; it returns
// how many jobs it enqueued (counting those a rerun found queued
// already). The first scan on a database starts at the end of the log.
// A scan stopped part-way (an error, a crash) resumes after the last entry
// whose notices were all queued; the unique job keys make the rerun of an
// entry add nothing.
func (n *Notifier) Scan(ctx context.Context) (int, error) {
	pos, err := n.cursor(ctx)
	if err != nil {
		return 0, err
	}
	queued := 0
	for {
		es, err := n.d.Audit.AuditEntries(ctx, pos, scanBatch)
		if err != nil {
			return queued, err
		}
		done := pos
		for _, e := range es {
			k, err := n.entry(ctx, e)
			queued += k
			if err != nil {
				return queued, n.advance(ctx, pos, done, err)
			}
			done = e.Pos
		}
		if err := n.advance(ctx, pos, done, nil); err != nil {
			return queued, err
		}
		pos = done
		if len(es) < scanBatch {
			return queued, nil
		}
	}
}

// cursor returns the stored position, storing the head of the log on the
// first scan.
func (n *Notifier) cursor(ctx context.Context) (int64, error) {
	pos, err := n.d.Cursors.JobCursor(ctx, cursorName)
	if !apperr.Is(err, apperr.NotFound) {
		return pos, err
	}
	head, err := n.d.Audit.AuditHead(ctx)
	if err != nil {
		return 0, err
	}
	if err := n.d.Cursors.AdvanceJobCursor(ctx, cursorName, head, n.cfg.Now()); err != nil {
		return 0, err
	}
	n.cfg.Log.Info("notify: first scan; notifications start after the audit log's current end", "pos", head)
	return head, nil
}

// advance stores done as the cursor if it moved past from; cause is the
// error that stopped the scan, if any, and is returned first.
func (n *Notifier) advance(ctx context.Context, from, done int64, cause error) error {
	var err error
	if done > from {
		err = n.d.Cursors.AdvanceJobCursor(context.WithoutCancel(ctx), cursorName, done, n.cfg.Now())
	}
	if cause != nil {
		return cause
	}
	return err
}

// entry queues e's notices in one transaction and returns how many.
func (n *Notifier) entry(ctx context.Context, e audit.Entry) (int, error) {
	r, ok := n.rules[e.Action]
	if !ok {
		return 0, nil
	}
	notices, err := r(ctx, e)
	if apperr.Is(err, apperr.NotFound) {
		n.cfg.Log.Debug("notify: skipping an entry about something gone", "pos", e.Pos, "action", e.Action, "err", err)
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("notify: rule %s at audit position %d: %w", e.Action, e.Pos, err)
	}
	var rs []jobs.Request
	var digest []DigestItem
	for _, nt := range notices {
		req, item, err := n.render(ctx, e, nt)
		if err != nil {
			return 0, err
		}
		if req != nil {
			rs = append(rs, *req)
		}
		if item != nil {
			digest = append(digest, *item)
		}
	}
	if len(digest) > 0 {
		if err := n.d.Digests.AddDigestItems(ctx, digest); err != nil {
			return 0, err
		}
	}
	if _, err := n.q.EnqueueMany(ctx, rs); err != nil {
		return 0, err
	}
	return len(rs), nil
}

// mode returns how user hears of kind: Each without stored settings, and
// always for KindDuty.
func (n *Notifier) mode(ctx context.Context, userID int64, kind Kind) (Mode, error) {
	if n.d.Prefs == nil || kind == KindDuty {
		return Each, nil
	}
	prefs, err := n.d.Prefs.NotifyPrefs(ctx, userID)
	if err != nil {
		return "", err
	}
	if m, ok := prefs[kind]; ok {
		if m == Weekly && n.d.Digests == nil {
			return Each, nil
		}
		return m, nil
	}
	return Each, nil
}

// render writes a notice in its recipient's language, as the person's
// settings for its kind say: an email job (Each), an item for their weekly
// digest (Weekly), or nothing (Never, or a recipient who has gone or has
// no address).
func (n *Notifier) render(ctx context.Context, e audit.Entry, nt Notice) (*jobs.Request, *DigestItem, error) {
	if nt.Kind == "" {
		nt.Kind = KindComments
	}
	u, err := n.d.Users.UserByID(ctx, nt.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if u.Email == "" {
		return nil, nil, nil
	}
	mode, err := n.mode(ctx, u.ID, nt.Kind)
	if err != nil || mode == Never {
		return nil, nil, err
	}
	p := i18n.For(n.cfg.UserLang(u))
	subject, body := nt.Compose(p, u)
	now := n.cfg.Now()
	key := fmt.Sprintf("n:%d:%d", e.Pos, u.ID)
	if mode == Weekly {
		return nil, &DigestItem{UserID: u.ID, Key: key, Kind: nt.Kind, Subject: oneLine(subject, 200), Link: nt.Link, Created: now}, nil
	}
	m := mail.Message{ID: mail.NewID(now), To: u.Email, Subject: oneLine(subject, 200), Body: body, Date: now, Lang: p.Lang().Tag()}
	if err := mail.Validate(m); err != nil {
		n.cfg.Log.Warn("notify: skipping a message that cannot be sent", "pos", e.Pos, "user", u.ID, "err", err)
		return nil, nil, nil
	}
	payload, err := jsonMessage(m)
	if err != nil {
		return nil, nil, err
	}
	return &jobs.Request{Kind: KindMail, Key: key, Payload: payload}, nil, nil
}
