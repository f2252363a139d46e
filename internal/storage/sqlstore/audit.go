package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
)

// sealBatch is the most entries sealed per transaction.
const sealBatch = 2000

// SealAudit implements audit.Store. It locks the chain head (the single
// row of audit_head: FOR UPDATE on PostgreSQL, the write lock on SQLite),
// seals unsealed entries in insertion-id order, and moves the head, in one
// transaction; concurrent sealers queue on the head row, so the chain never
// forks. It loops until nothing is left to seal.
func (db *DB) SealAudit(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := db.sealOnce(ctx)
		total += n
		if err != nil || n < sealBatch {
			return total, err
		}
	}
}

func (db *DB) sealOnce(ctx context.Context) (int, error) {
	var sealed int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var pos int64
		var hash string
		if err := db.get(ctx, tx, "audit chain head missing", `SELECT pos, hash FROM audit_head WHERE one = 1`+db.d.LockHead, nil, &pos, &hash); err != nil {
			return err
		}
		es, err := db.scanEntries(ctx, tx, `SELECT id, at, actor, action, object, details, COALESCE(pos, 0), prev_hash, hash
			FROM audit_log WHERE pos IS NULL ORDER BY id LIMIT ?`, sealBatch)
		if err != nil || len(es) == 0 {
			return err
		}
		head, err := audit.Seal(pos, hash, es)
		if err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing audit entries")
		}
		// One statement per 500 entries (4 parameters each).
		for start := 0; start < len(es); start += 500 {
			part := es[start:min(start+500, len(es))]
			args := make([]any, 0, 4*len(part))
			for _, e := range part {
				args = append(args, e.ID, e.Pos, e.PrevHash, e.Hash)
			}
			rows, err := db.execRaw(ctx, tx, `UPDATE audit_log SET pos = v.column2, prev_hash = v.column3, hash = v.column4
				FROM (VALUES `+castTuples(len(part), "BIGINT", "BIGINT", "TEXT", "TEXT")+`) AS v WHERE audit_log.id = v.column1`, args...)
			if err != nil {
				return err
			}
			rows.Close()
		}
		if _, err := db.exec(ctx, tx, `UPDATE audit_head SET pos = ?, hash = ? WHERE one = 1`, es[len(es)-1].Pos, head); err != nil {
			return err
		}
		sealed = len(es)
		return nil
	})
	return sealed, err
}

func (db *DB) scanEntries(ctx context.Context, x queryer, q string, args ...any) ([]audit.Entry, error) {
	rows, err := db.query(ctx, x, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		var details string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Object, &details, &e.Pos, &e.PrevHash, &e.Hash); err != nil {
			return nil, db.translate(err, q)
		}
		e.Time = tm(at)
		if details != "" && details != "{}" {
			if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
				return nil, apperr.Wrap(apperr.Internal, err, "audit entry %d has unreadable details", e.ID)
			}
		}
		out = append(out, e)
	}
	return out, db.translate(rows.Err(), q)
}

// AuditEntries implements audit.Store.
func (db *DB) AuditEntries(ctx context.Context, afterPos int64, limit int) ([]audit.Entry, error) {
	return db.scanEntries(ctx, db.R, `SELECT id, at, actor, action, object, details, pos, prev_hash, hash
		FROM audit_log WHERE pos > ? ORDER BY pos LIMIT ?`, afterPos, limit)
}

// AuditEntriesFor implements audit.Store.
func (db *DB) AuditEntriesFor(ctx context.Context, object string, limit int) ([]audit.Entry, error) {
	return db.scanEntries(ctx, db.R, `SELECT id, at, actor, action, object, details, COALESCE(pos, 0), prev_hash, hash
		FROM audit_log WHERE object = ? ORDER BY id DESC LIMIT ?`, object, limit)
}

// UnsealedAudit implements audit.Store.
func (db *DB) UnsealedAudit(ctx context.Context) (int, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM audit_log WHERE pos IS NULL`, nil, &n)
	return n, err
}

// AuditHead returns the chain position of the last sealed entry (0 for an
// empty chain): where a reader of the log that wants only what comes next
// starts (the notification scan, on its first run).
func (db *DB) AuditHead(ctx context.Context) (int64, error) {
	var pos int64
	err := db.get(ctx, db.R, "audit chain head missing", `SELECT pos FROM audit_head WHERE one = 1`, nil, &pos)
	return pos, err
}
