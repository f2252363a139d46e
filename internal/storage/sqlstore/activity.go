package sqlstore

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/gather"
)

// UserActivity implements gather.Store.
func (db *DB) UserActivity(ctx context.Context, userID int64, limit int) (gather.Activity, error) {
	var a gather.Activity
	var err error
	if a.Raised, err = db.issues(ctx, `SELECT `+issueCols+issueFrom+` WHERE i.author_id = ? ORDER BY i.id DESC LIMIT ?`, userID, limit); err != nil {
		return a, err
	}
	if a.Supported, err = db.issues(ctx, `SELECT `+issueCols+issueFrom+` JOIN supports s ON s.issue_id = i.id
		WHERE s.user_id = ? ORDER BY s.created_at DESC, i.id DESC LIMIT ?`, userID, limit); err != nil {
		return a, err
	}
	if a.Followed, err = db.issues(ctx, `SELECT `+issueCols+issueFrom+` JOIN follows f ON f.issue_id = i.id
		WHERE f.user_id = ? ORDER BY f.created_at DESC, i.id DESC LIMIT ?`, userID, limit); err != nil {
		return a, err
	}
	q := `SELECT ` + commentCols + commentFrom + ` WHERE c.author_id = ? ORDER BY c.id DESC LIMIT ?`
	rows, err := db.query(ctx, db.R, q, userID, limit)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return a, db.translate(err, q)
		}
		a.Comments = append(a.Comments, c)
	}
	return a, db.translate(rows.Err(), q)
}
