package sqlstore

import (
	"context"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// dayMicros is a day in the microseconds times are stored in: integer
// division by it gives the day number (UTC) on both dialects.
const dayMicros = int64(24 * time.Hour / time.Microsecond)

// DailyActivity implements gather.StatsStore.
func (db *DB) DailyActivity(ctx context.Context, cycleID int64) ([]gather.DayCount, error) {
	q := `SELECT d, SUM(CASE WHEN k = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN k = 2 THEN 1 ELSE 0 END), COUNT(DISTINCT u) FROM (
			SELECT created_at / ? AS d, 1 AS k, author_id AS u FROM issues WHERE cycle_id = ?
			UNION ALL
			SELECT s.created_at / ?, 2, s.user_id FROM supports s JOIN issues i ON i.id = s.issue_id WHERE i.cycle_id = ?
			UNION ALL
			SELECT c.created_at / ?, 3, c.author_id FROM comments c JOIN issues i ON i.id = c.issue_id WHERE i.cycle_id = ?
		) a GROUP BY d ORDER BY d`
	rows, err := db.query(ctx, db.R, q, dayMicros, cycleID, dayMicros, cycleID, dayMicros, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.DayCount
	for rows.Next() {
		var d int64
		var c gather.DayCount
		if err := rows.Scan(&d, &c.Issues, &c.Supports, &c.People); err != nil {
			return nil, db.translate(err, q)
		}
		c.Day = time.UnixMicro(d * dayMicros).UTC()
		out = append(out, c)
	}
	return out, db.translate(rows.Err(), q)
}

// Participation implements gather.StatsStore.
func (db *DB) Participation(ctx context.Context, cycleID int64, limit int) ([]gather.OrgShare, []gather.TagShare, error) {
	q := `SELECT o.id, o.name,
			(SELECT COUNT(*) FROM representatives r WHERE r.org_id = o.id AND r.verified = 1),
			(SELECT COUNT(*) FROM issues i WHERE i.org_id = o.id AND i.cycle_id = ?),
			(SELECT COALESCE(SUM(i.supports), 0) FROM issues i WHERE i.org_id = o.id AND i.cycle_id = ?)
		FROM organisations o ORDER BY 4 DESC, 3 DESC, o.name`
	rows, err := db.query(ctx, db.R, q, cycleID, cycleID)
	if err != nil {
		return nil, nil, err
	}
	var orgs []gather.OrgShare
	for rows.Next() {
		var o gather.OrgShare
		if err := rows.Scan(&o.ID, &o.Name, &o.Representatives, &o.Issues, &o.Supports); err != nil {
			rows.Close()
			return nil, nil, db.translate(err, q)
		}
		if o.Representatives > 0 || o.Issues > 0 {
			orgs = append(orgs, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, db.translate(err, q)
	}
	tq := `SELECT t.tag, COUNT(DISTINCT t.issue_id), COUNT(DISTINCT p.u) FROM issue_tags t
			JOIN issues i ON i.id = t.issue_id
			JOIN (SELECT id AS issue_id, author_id AS u FROM issues WHERE cycle_id = ?
				UNION ALL SELECT s.issue_id, s.user_id FROM supports s JOIN issues j ON j.id = s.issue_id WHERE j.cycle_id = ?) p
				ON p.issue_id = t.issue_id
		WHERE i.cycle_id = ? AND i.status <> 'hidden'
		GROUP BY t.tag ORDER BY 3 DESC, 2 DESC, t.tag LIMIT ?`
	rows, err = db.query(ctx, db.R, tq, cycleID, cycleID, cycleID, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var tags []gather.TagShare
	for rows.Next() {
		var t gather.TagShare
		if err := rows.Scan(&t.Tag, &t.Issues, &t.People); err != nil {
			return nil, nil, db.translate(err, tq)
		}
		tags = append(tags, t)
	}
	return orgs, tags, db.translate(rows.Err(), tq)
}

// AuditLog returns up to limit audit entries (sealed or not) with id below
// beforeID (0: from the newest), newest first, only those with the given
// action when action is not "".
func (db *DB) AuditLog(ctx context.Context, action string, beforeID int64, limit int) ([]audit.Entry, error) {
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	return db.scanEntries(ctx, db.R, `SELECT id, at, actor, action, object, details, COALESCE(pos, 0), prev_hash, hash
		FROM audit_log WHERE id < ? AND (? = '' OR action = ?) ORDER BY id DESC LIMIT ?`, beforeID, action, action, limit)
}

// LastAuditID returns the id of the newest audit entry (0 when none).
// Every change writes one in its own transaction, so it moves whenever the
// data does: the exports rebuild their snapshot only then.
func (db *DB) LastAuditID(ctx context.Context) (int64, error) {
	var id int64
	err := db.get(ctx, db.R, "", `SELECT COALESCE(MAX(id), 0) FROM audit_log`, nil, &id)
	return id, err
}

// AuditActions returns the distinct actions in the audit log, sorted.
func (db *DB) AuditActions(ctx context.Context) ([]string, error) {
	q := `SELECT DISTINCT action FROM audit_log ORDER BY action`
	rows, err := db.query(ctx, db.R, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, a)
	}
	return out, db.translate(rows.Err(), q)
}
