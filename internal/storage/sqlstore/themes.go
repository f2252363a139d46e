package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// themeCols computes a theme's counts over its open issues; Supporters
// counts distinct people across the theme's issues.
const themeCols = `t.id, t.cycle_id, t.name, t.description, t.created_at, t.updated_at,
	(SELECT COUNT(*) FROM issues i WHERE i.theme_id = t.id AND i.status = 'open'),
	(SELECT CAST(COALESCE(SUM(i.supports), 0) AS BIGINT) FROM issues i WHERE i.theme_id = t.id AND i.status = 'open'),
	(SELECT COUNT(DISTINCT s.user_id) FROM supports s JOIN issues i ON i.id = s.issue_id WHERE i.theme_id = t.id AND i.status = 'open') AS supporters`

func scanTheme(s scanner) (gather.Theme, error) {
	var t gather.Theme
	var c, u int64
	err := s.Scan(&t.ID, &t.CycleID, &t.Name, &t.Description, &c, &u, &t.Issues, &t.Supports, &t.Supporters)
	t.Created, t.Updated = tm(c), tm(u)
	return t, err
}

// CreateTheme implements gather.Store.
func (db *DB) CreateTheme(ctx context.Context, t *gather.Theme, issueIDs []int64, ev audit.Event) error {
	if t.Created.IsZero() {
		t.Created = ev.Time
	}
	if t.Updated.IsZero() {
		t.Updated = t.Created
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO themes(cycle_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{t.CycleID, t.Name, t.Description, us(t.Created), us(t.Updated)}, &t.ID); err != nil {
			return err
		}
		if err := db.moveIssues(ctx, tx, issueIDs, t.ID, ev.Time); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "theme", t.ID)
	})
}

// moveIssues puts issues in a theme (none for 0) and records when they
// joined it (themed_at, the audit time at: the timeline shows it, and
// notify.ThemeJoinActions find the issues a change moved by it).
func (db *DB) moveIssues(ctx context.Context, tx *sql.Tx, ids []int64, themeID int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var joined any
	if themeID != 0 {
		joined = us(at)
	}
	res, err := db.exec(ctx, tx, `UPDATE issues SET theme_id = ?, themed_at = ? WHERE id IN (`+placeholders(len(ids))+`)`,
		append([]any{nullID(themeID), joined}, int64Args(ids)...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); int(n) != len(uniqIDs(ids)) {
		return apperr.New(apperr.NotFound, "One of the chosen issues does not exist.")
	}
	return nil
}

func uniqIDs(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// UpdateTheme implements gather.Store.
func (db *DB) UpdateTheme(ctx context.Context, t gather.Theme, ev audit.Event) error {
	if t.Updated.IsZero() {
		t.Updated = ev.Time
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such theme.", `UPDATE themes SET name = ?, description = ?, updated_at = ? WHERE id = ?`,
			t.Name, t.Description, us(t.Updated), t.ID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "theme", t.ID)
	})
}

// MoveIssues implements gather.Store.
func (db *DB) MoveIssues(ctx context.Context, issueIDs []int64, themeID int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if themeID != 0 {
			if err := db.touchTheme(ctx, tx, themeID, ev); err != nil {
				return err
			}
		}
		if err := db.moveIssues(ctx, tx, issueIDs, themeID, ev.Time); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "theme", themeID)
	})
}

func (db *DB) touchTheme(ctx context.Context, tx *sql.Tx, id int64, ev audit.Event) error {
	return db.mustAffect(ctx, tx, "There is no such theme.", `UPDATE themes SET updated_at = ? WHERE id = ?`, us(ev.Time), id)
}

// MergeThemes implements gather.Store.
func (db *DB) MergeThemes(ctx context.Context, into int64, from []int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.touchTheme(ctx, tx, into, ev); err != nil {
			return err
		}
		for _, f := range from {
			if f == into {
				continue
			}
			if _, err := db.exec(ctx, tx, `UPDATE issues SET theme_id = ?, themed_at = ? WHERE theme_id = ?`, into, us(ev.Time), f); err != nil {
				return err
			}
			if err := db.mustAffect(ctx, tx, "There is no such theme.", `DELETE FROM themes WHERE id = ?`, f); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "theme", into)
	})
}

// DeleteTheme implements gather.Store.
func (db *DB) DeleteTheme(ctx context.Context, id int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `UPDATE issues SET theme_id = NULL, themed_at = NULL WHERE theme_id = ?`, id); err != nil {
			return err
		}
		if err := db.mustAffect(ctx, tx, "There is no such theme.", `DELETE FROM themes WHERE id = ?`, id); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "theme", id)
	})
}

// Theme implements gather.Store.
func (db *DB) Theme(ctx context.Context, id int64) (gather.Theme, error) {
	q := `SELECT ` + themeCols + ` FROM themes t WHERE t.id = ?`
	t, err := scanTheme(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return t, apperr.New(apperr.NotFound, "There is no such theme.")
	}
	return t, db.translate(err, q)
}

// Themes implements gather.Store.
func (db *DB) Themes(ctx context.Context, cycleID int64) ([]gather.Theme, error) {
	q := `SELECT ` + themeCols + ` FROM themes t WHERE (? = 0 OR t.cycle_id = ?) ORDER BY supporters DESC, t.id`
	rows, err := db.query(ctx, db.R, q, cycleID, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Theme
	for rows.Next() {
		t, err := scanTheme(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, t)
	}
	return out, db.translate(rows.Err(), q)
}
