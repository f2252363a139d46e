package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
)

// digestCursor keeps when the weekly digest last went out (Unix
// microseconds), in the jobs store's cursors.
const digestCursor = "notify.digest"

// DefaultDigestEvery is how often the digest goes out: weekly.
const DefaultDigestEvery = 7 * 24 * time.Hour

// DigestEvery registers the weekly digest on q as the cluster-wide
// periodic task "notify.digest": once every interval (0 means weekly),
// each person with steps waiting (those who chose "a weekly summary" for
// some kind) gets one email listing them, in their language. The task
// wakes at least hourly and sends only when interval has passed since the
// last digest (kept in the jobs store), so restarts do not send early.
// It needs Deps.Digests.
func (n *Notifier) DigestEvery(q interface {
	Every(name string, interval time.Duration, fn func(ctx context.Context) error)
}, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultDigestEvery
	}
	q.Every("notify.digest", min(interval, time.Hour), func(ctx context.Context) error {
		last, err := n.d.Cursors.JobCursor(ctx, digestCursor)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		now := n.cfg.Now()
		if last != 0 && now.Sub(time.UnixMicro(last)) < interval {
			return nil
		}
		if _, err := n.Digest(ctx); err != nil {
			return err
		}
		return n.d.Cursors.AdvanceJobCursor(ctx, digestCursor, now.UnixMicro(), now)
	})
}

// Digest queues one digest email for each person with steps waiting and
// deletes those steps; it returns how many emails it queued. Each email's
// job key is "d:<user id>:<last item id>", so a rerun after a crash adds
// nothing.
func (n *Notifier) Digest(ctx context.Context) (int, error) {
	if n.d.Digests == nil {
		return 0, nil
	}
	users, err := n.d.Digests.DigestUsers(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, uid := range users {
		items, err := n.d.Digests.DigestItems(ctx, uid)
		if err != nil {
			return sent, err
		}
		if len(items) == 0 {
			continue
		}
		last := items[len(items)-1].ID
		u, err := n.d.Users.UserByID(ctx, uid)
		switch {
		case apperr.Is(err, apperr.NotFound):
		case err != nil:
			return sent, err
		case u.Email != "":
			p := i18n.For(n.cfg.UserLang(u))
			var list strings.Builder
			for _, it := range items {
				list.WriteString("• " + p.Date(it.Created) + ": " + it.Subject + "\n")
				if it.Link != "" {
					list.WriteString("  " + it.Link + "\n")
				}
			}
			m := mail.Message{To: u.Email, Lang: p.Lang().Tag(),
				Subject: p.N(len(items), "Your weekly summary: %d update", "Your weekly summary: %d updates"),
				Body: p.T("Hello %s,\n\nHere is what happened this week to the issues, reports and rounds you chose to hear about in a weekly summary:\n\n%s", u.DisplayName, list.String()) +
					"\n" + n.footer(p)}
			if _, err := n.Send(ctx, fmt.Sprintf("d:%d:%d", uid, last), m); err != nil && !apperr.Is(err, apperr.Invalid) {
				return sent, err
			}
			sent++
		}
		if err := n.d.Digests.DeleteDigestItems(ctx, uid, last); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
