package sqlstore

import (
	"context"
	"database/sql"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// AddSupport implements gather.Store: three statements in one short
// transaction (or part of a group commit, see batch.go). The insert only
// takes rows whose issue is open, checked inside the transaction; the
// primary key (issue_id, user_id) settles races: the losing INSERT affects
// no row and the counter is left alone.
func (db *DB) AddSupport(ctx context.Context, s gather.Support, ev audit.Event) (bool, error) {
	if s.Created.IsZero() {
		s.Created = ev.Time
	}
	if db.batch != nil {
		return db.submit(ctx, &supportReq{s: s, ev: ev})
	}
	added := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = db.addSupport(ctx, tx, s, ev)
		return err
	})
	return added, err
}

func (db *DB) addSupport(ctx context.Context, tx *sql.Tx, s gather.Support, ev audit.Event) (bool, error) {
	if err := db.lockIssue(ctx, tx, s.IssueID); err != nil {
		return false, err
	}
	res, err := db.exec(ctx, tx, `INSERT INTO supports(issue_id, user_id, created_at)
		SELECT id, ?, ? FROM issues WHERE id = ? AND status = 'open' ON CONFLICT DO NOTHING`,
		s.UserID, us(s.Created), s.IssueID)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := db.mustAffect(ctx, tx, "There is no such issue.", `UPDATE issues SET supports = supports + 1, trend = trend + ? WHERE id = ?`,
		gather.TrendWeight(s.Created), s.IssueID); err != nil {
		return false, err
	}
	return true, db.appendAudit(ctx, tx, ev, "issue", s.IssueID)
}

// lockIssue takes the issue row's lock before touching its supports, as
// group commits do: every transaction that changes supports then queues on
// the issue row first, so none can hold a new support row another is
// waiting for while waiting for the issue row itself (PostgreSQL).
func (db *DB) lockIssue(ctx context.Context, tx *sql.Tx, issueID int64) error {
	if db.d.LockIssues == "" {
		return nil
	}
	rows, err := db.query(ctx, tx, `SELECT id FROM issues WHERE id = ?`+db.d.LockIssues, issueID)
	if err != nil {
		return err
	}
	return rows.Close()
}

// RemoveSupport implements gather.Store.
func (db *DB) RemoveSupport(ctx context.Context, issueID, userID int64, ev audit.Event) (bool, error) {
	if db.batch != nil {
		return db.submit(ctx, &supportReq{s: gather.Support{IssueID: issueID, UserID: userID}, ev: ev, remove: true})
	}
	removed := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		removed, err = db.removeSupport(ctx, tx, issueID, userID, ev)
		return err
	})
	return removed, err
}

func (db *DB) removeSupport(ctx context.Context, tx *sql.Tx, issueID, userID int64, ev audit.Event) (bool, error) {
	if err := db.lockIssue(ctx, tx, issueID); err != nil {
		return false, err
	}
	var created int64
	err := db.get(ctx, tx, "", `DELETE FROM supports WHERE issue_id = ? AND user_id = ? RETURNING created_at`, []any{issueID, userID}, &created)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := db.exec(ctx, tx, `UPDATE issues SET supports = supports - 1, trend = trend - ? WHERE id = ?`,
		gather.TrendWeight(tm(created)), issueID); err != nil {
		return false, err
	}
	return true, db.appendAudit(ctx, tx, ev, "issue", issueID)
}

// Viewer implements gather.Store.
func (db *DB) Viewer(ctx context.Context, issueID, userID int64) (gather.Viewer, error) {
	var s, f int
	err := db.get(ctx, db.R, "", `SELECT
		(SELECT COUNT(*) FROM supports WHERE issue_id = ? AND user_id = ?),
		(SELECT COUNT(*) FROM follows WHERE issue_id = ? AND user_id = ?)`,
		[]any{issueID, userID, issueID, userID}, &s, &f)
	return gather.Viewer{Supported: s > 0, Following: f > 0}, err
}

// SupportedIssues implements gather.Store.
func (db *DB) SupportedIssues(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 || userID == 0 {
		return out, nil
	}
	q := `SELECT issue_id FROM supports WHERE user_id = ? AND issue_id IN (` + placeholders(len(ids)) + `)`
	supported, err := db.ids(ctx, db.R, q, append([]any{userID}, int64Args(ids)...)...)
	if err != nil {
		return nil, err
	}
	for _, id := range supported {
		out[id] = true
	}
	return out, nil
}

// AddFollow implements gather.Store.
func (db *DB) AddFollow(ctx context.Context, issueID, userID int64, ev audit.Event) (bool, error) {
	return db.toggle(ctx, `INSERT INTO follows(issue_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{issueID, userID, us(ev.Time)}, ev, issueID)
}

// RemoveFollow implements gather.Store.
func (db *DB) RemoveFollow(ctx context.Context, issueID, userID int64, ev audit.Event) (bool, error) {
	return db.toggle(ctx, `DELETE FROM follows WHERE issue_id = ? AND user_id = ?`, []any{issueID, userID}, ev, issueID)
}

func (db *DB) toggle(ctx context.Context, q string, args []any, ev audit.Event, issueID int64) (bool, error) {
	changed := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		return db.appendAudit(ctx, tx, ev, "issue", issueID)
	})
	return changed, err
}

// Followers implements gather.Store.
func (db *DB) Followers(ctx context.Context, issueID int64) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT user_id FROM follows WHERE issue_id = ? ORDER BY user_id`, issueID)
}

// ---- comments ----

const commentCols = `c.id, c.issue_id, COALESCE(c.parent_id, 0), c.author_id, COALESCE(u.display_name, ''),
	COALESCE(c.org_id, 0), COALESCE(o.name, ''), c.body, c.status, c.hidden_reason, c.created_at, COALESCE(u.roles, '')`

const commentFrom = ` FROM comments c LEFT JOIN users u ON u.id = c.author_id LEFT JOIN organisations o ON o.id = c.org_id`

func scanComment(s scanner) (gather.Comment, error) {
	var c gather.Comment
	var st string
	var cr int64
	var roles string
	err := s.Scan(&c.ID, &c.IssueID, &c.ParentID, &c.AuthorID, &c.AuthorName, &c.OrgID, &c.OrgName, &c.Body, &st, &c.HiddenReason, &cr, &roles)
	c.Status, c.Created, c.AuthorRole = gather.Status(st), tm(cr), gather.StaffRole(parseRoles(roles))
	return c, err
}

// CreateComment implements gather.Store.
func (db *DB) CreateComment(ctx context.Context, c *gather.Comment, ev audit.Event) error {
	if c.Created.IsZero() {
		c.Created = ev.Time
	}
	c.Status = gather.StatusVisible
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO comments(issue_id, parent_id, author_id, org_id, body, status, created_at)
			VALUES (?, ?, ?, ?, ?, 'visible', ?) RETURNING id`,
			[]any{c.IssueID, nullID(c.ParentID), c.AuthorID, nullID(c.OrgID), c.Body, us(c.Created)}, &c.ID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `UPDATE issues SET comments = comments + 1 WHERE id = ?`, c.IssueID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "comment", c.ID)
	})
}

// Comment implements gather.Store.
func (db *DB) Comment(ctx context.Context, id int64) (gather.Comment, error) {
	q := `SELECT ` + commentCols + commentFrom + ` WHERE c.id = ?`
	c, err := scanComment(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return c, apperr.New(apperr.NotFound, "There is no such comment.")
	}
	return c, db.translate(err, q)
}

// Comments implements gather.Store.
func (db *DB) Comments(ctx context.Context, issueID int64) ([]gather.Comment, error) {
	q := `SELECT ` + commentCols + commentFrom + ` WHERE c.issue_id = ? ORDER BY c.id`
	rows, err := db.query(ctx, db.R, q, issueID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, c)
	}
	return out, db.translate(rows.Err(), q)
}

// ---- reports and moderation ----
