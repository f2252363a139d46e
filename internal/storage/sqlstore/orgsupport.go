package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// AddOrgSupport implements gather.Store.
func (db *DB) AddOrgSupport(ctx context.Context, issueID, orgID, userID int64, at time.Time, ev audit.Event) (bool, error) {
	added := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var open, have int
		if err := db.get(ctx, tx, "", `SELECT COUNT(*) FROM issues WHERE id = ? AND status = 'open'`, []any{issueID}, &open); err != nil {
			return err
		}
		if err := db.get(ctx, tx, "", `SELECT COUNT(*) FROM org_supports WHERE issue_id = ? AND org_id = ?`, []any{issueID, orgID}, &have); err != nil {
			return err
		}
		if open == 0 || have > 0 {
			return nil
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO org_supports(issue_id, org_id, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			issueID, orgID, userID, us(at)); err != nil {
			return err
		}
		added = true
		return db.appendAudit(ctx, tx, ev, "issue", issueID)
	})
	return added, err
}

// RemoveOrgSupport implements gather.Store.
func (db *DB) RemoveOrgSupport(ctx context.Context, issueID, orgID int64, ev audit.Event) (bool, error) {
	removed := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `DELETE FROM org_supports WHERE issue_id = ? AND org_id = ?`, issueID, orgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		removed = true
		return db.appendAudit(ctx, tx, ev, "issue", issueID)
	})
	return removed, err
}

// OrgSupports implements gather.Store.
func (db *DB) OrgSupports(ctx context.Context, issueID int64) ([]gather.OrgRef, error) {
	q := `SELECT o.id, o.name FROM org_supports s JOIN organisations o ON o.id = s.org_id WHERE s.issue_id = ? ORDER BY o.name_key, o.id`
	rows, err := db.query(ctx, db.R, q, issueID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.OrgRef
	for rows.Next() {
		var o gather.OrgRef
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, o)
	}
	return out, db.translate(rows.Err(), q)
}

// OrgActivity implements gather.Store.
func (db *DB) OrgActivity(ctx context.Context, orgID int64, limit int) (gather.OrgActivity, error) {
	var a gather.OrgActivity
	var err error
	if a.Raised, err = db.issues(ctx, `SELECT `+issueCols+issueFrom+` WHERE i.org_id = ? AND i.status <> 'hidden' ORDER BY i.id DESC LIMIT ?`, orgID, limit); err != nil {
		return a, err
	}
	a.Supported, err = db.issues(ctx, `SELECT `+issueCols+issueFrom+` JOIN org_supports s ON s.issue_id = i.id
		WHERE s.org_id = ? AND i.status <> 'hidden' ORDER BY s.created_at DESC, i.id DESC LIMIT ?`, orgID, limit)
	return a, err
}
