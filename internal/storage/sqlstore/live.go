package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
)

// The live_events table carries internal/live's events between processes
// on one database (see live.Table). Its rows are notifications, not state:
// they are not audited, and they are pruned after a few minutes.

var _ live.Store = (*DB)(nil)

// AppendLiveEvents appends events from origin in one write transaction,
// in order.
func (db *DB) AppendLiveEvents(ctx context.Context, origin string, at time.Time, events []live.Event) error {
	if len(events) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, ev := range events {
			data := ev.Data
			if data == nil {
				data = []byte{}
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO live_events(at, origin, topic, data) VALUES (?, ?, ?, ?)`,
				us(at), origin, ev.Topic, data); err != nil {
				return err
			}
		}
		return nil
	})
}

// LiveEventsSince returns up to limit events with an id above after, in
// id order.
func (db *DB) LiveEventsSince(ctx context.Context, after int64, limit int) ([]live.Row, error) {
	rows, err := db.query(ctx, db.R, `SELECT id, at, origin, topic, data FROM live_events WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []live.Row
	for rows.Next() {
		var r live.Row
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Origin, &r.Topic, &r.Data); err != nil {
			return nil, db.translate(err, "scanning live_events")
		}
		r.At = tm(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.translate(err, "reading live_events")
	}
	return out, nil
}

// LiveEventsHead returns the largest id in live_events, 0 when empty. (A
// new reader starting at 0 on an empty table misses nothing: ids never go
// back, on SQLite thanks to AUTOINCREMENT.)
func (db *DB) LiveEventsHead(ctx context.Context) (int64, error) {
	var head int64
	if err := db.get(ctx, db.R, "", `SELECT COALESCE(MAX(id), 0) FROM live_events`, nil, &head); err != nil {
		return 0, err
	}
	return head, nil
}

// PruneLiveEvents deletes events stamped before before.
func (db *DB) PruneLiveEvents(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `DELETE FROM live_events WHERE at < ?`, us(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
