package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// A round's recommendations (schema version 19). The secret ballot lives
// in two tables with nothing joining them: rec_voted (who voted) and
// rec_ballots (choices under a random id and a receipt).

// RecRound implements recommend.Store.
func (db *DB) RecRound(ctx context.Context, cycleID int64) (recommend.Round, error) {
	r := recommend.Round{CycleID: cycleID}
	var status string
	var opened, closed, upd int64
	err := db.get(ctx, db.R, "The round has no recommendations yet.",
		`SELECT threshold, status, opened_at, closed_at, updated_at FROM rec_rounds WHERE cycle_id = ?`,
		[]any{cycleID}, &r.Threshold, &status, &opened, &closed, &upd)
	r.Status, r.Opened, r.Closed, r.Updated = recommend.Status(status), tm(opened), tm(closed), tm(upd)
	return r, err
}

// SaveRecRound implements recommend.Store.
func (db *DB) SaveRecRound(ctx context.Context, r recommend.Round, from recommend.Status, ev audit.Event) error {
	args := []any{r.Threshold, string(r.Status), us(r.Opened), us(r.Closed), us(r.Updated)}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if from == "" {
			if _, err := db.exec(ctx, tx, `INSERT INTO rec_rounds(threshold, status, opened_at, closed_at, updated_at, cycle_id) VALUES (?, ?, ?, ?, ?, ?)`,
				append(args, r.CycleID)...); err != nil {
				if apperr.Is(err, apperr.Conflict) {
					return apperr.New(apperr.Conflict, "Someone else has just changed the recommendations. Look at them again.")
				}
				return err
			}
		} else if err := db.mustAffect(ctx, tx, "Someone else has just changed the recommendations. Look at them again.",
			`UPDATE rec_rounds SET threshold = ?, status = ?, opened_at = ?, closed_at = ?, updated_at = ? WHERE cycle_id = ? AND status = ?`,
			append(args, r.CycleID, string(from))...); err != nil {
			return notFoundAsConflict(err, "Someone else has just changed the recommendations. Look at them again.")
		}
		if from == recommend.Voting && r.Status == recommend.Closed {
			if err := db.rewriteRecBallots(ctx, tx, r.CycleID); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "cycle", r.CycleID)
	})
}

// rewriteRecBallots deletes a round's ballots and writes them again in
// the order of their random id, so that their physical order says nothing
// of the order the votes came in.
func (db *DB) rewriteRecBallots(ctx context.Context, tx *sql.Tx, cycleID int64) error {
	bs, err := db.recBallots(ctx, tx, cycleID)
	if err != nil {
		return err
	}
	if _, err := db.exec(ctx, tx, `DELETE FROM rec_ballots WHERE cycle_id = ?`, cycleID); err != nil {
		return err
	}
	return db.insertRecBallots(ctx, tx, cycleID, bs)
}

func (db *DB) insertRecBallots(ctx context.Context, tx *sql.Tx, cycleID int64, bs []recommend.Ballot) error {
	bs = slices.Clone(bs)
	slices.SortFunc(bs, func(a, b recommend.Ballot) int { return strings.Compare(a.ID, b.ID) })
	for _, b := range bs {
		if _, err := db.exec(ctx, tx, `INSERT INTO rec_ballots(cycle_id, ballot_id, receipt, item_id, choice) VALUES (?, ?, ?, ?, ?)`,
			cycleID, b.ID, b.Receipt, b.ItemID, b.Choice); err != nil {
			return err
		}
	}
	return nil
}

func recItemArgs(it recommend.Item) ([]any, error) {
	var out []any
	for _, v := range []any{it.Options, it.Versions, it.Amendments, it.Minority} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "encoding a recommendation")
		}
		s := string(b)
		if s == "null" {
			s = "[]"
		}
		out = append(out, s)
	}
	return out, nil
}

// AddRecItem implements recommend.Store.
func (db *DB) AddRecItem(ctx context.Context, it recommend.Item, ev audit.Event) (int64, error) {
	js, err := recItemArgs(it)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO rec_items(cycle_id, theme_id, theme_title, group_id, kind, method, options, versions, amendments, minority, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			append([]any{it.CycleID, it.ThemeID, it.ThemeTitle, it.GroupID, string(it.Kind), it.Method}, append(js, us(it.Updated))...), &id); err != nil {
			return err
		}
		ev.Object = audit.ObjectRef("rec", id)
		return db.appendAudit(ctx, tx, ev, "rec", id)
	})
	return id, err
}

// SaveRecItem implements recommend.Store.
func (db *DB) SaveRecItem(ctx context.Context, it recommend.Item, prev time.Time, ev audit.Event) error {
	js, err := recItemArgs(it)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "", `UPDATE rec_items SET options = ?, versions = ?, amendments = ?, minority = ?, updated_at = ?
			WHERE id = ? AND updated_at = ? AND NOT EXISTS (SELECT 1 FROM rec_rounds r WHERE r.cycle_id = rec_items.cycle_id AND r.status <> ?)`,
			append(js, us(it.Updated), it.ID, us(prev), string(recommend.Drafting))...); err != nil {
			return notFoundAsConflict(err, "Someone else has just changed the recommendation, or the vote has opened. Look at it again.")
		}
		return db.appendAudit(ctx, tx, ev, "rec", it.ID)
	})
}

const recItemCols = `id, cycle_id, theme_id, theme_title, group_id, kind, method, options, versions, amendments, minority, updated_at`

func scanRecItem(sc interface{ Scan(...any) error }) (recommend.Item, error) {
	var it recommend.Item
	var kind, options, versions, amendments, minority string
	var upd int64
	if err := sc.Scan(&it.ID, &it.CycleID, &it.ThemeID, &it.ThemeTitle, &it.GroupID, &kind, &it.Method, &options, &versions, &amendments, &minority, &upd); err != nil {
		return it, err
	}
	it.Kind, it.Updated = recommend.Kind(kind), tm(upd)
	for _, x := range []struct {
		s string
		v any
	}{{options, &it.Options}, {versions, &it.Versions}, {amendments, &it.Amendments}, {minority, &it.Minority}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return it, apperr.Wrap(apperr.Internal, err, "reading a recommendation")
		}
	}
	return it, nil
}

// RecItem implements recommend.Store.
func (db *DB) RecItem(ctx context.Context, itemID int64) (recommend.Item, error) {
	q := `SELECT ` + recItemCols + ` FROM rec_items WHERE id = ?`
	rows, err := db.query(ctx, db.R, q, itemID)
	if err != nil {
		return recommend.Item{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return recommend.Item{}, db.translate(err, q)
		}
		return recommend.Item{}, apperr.New(apperr.NotFound, "There is no such recommendation.")
	}
	it, err := scanRecItem(rows)
	if err != nil {
		return it, db.translate(err, q)
	}
	return it, nil
}

// RecItems implements recommend.Store.
func (db *DB) RecItems(ctx context.Context, cycleID int64) ([]recommend.Item, error) {
	q := `SELECT ` + recItemCols + ` FROM rec_items WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recommend.Item
	for rows.Next() {
		it, err := scanRecItem(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, it)
	}
	return out, db.translate(rows.Err(), q)
}

// CastRecBallots implements recommend.Store: the voter is recorded in
// rec_voted and the ballots in rec_ballots, in one transaction that also
// checks the vote is open. On PostgreSQL, whose heap keeps rows in the
// order they were written, the round's ballots are then rewritten in key
// order (SQLite's WITHOUT ROWID table is always in key order).
func (db *DB) CastRecBallots(ctx context.Context, cycleID, userID int64, bs []recommend.Ballot, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		// On PostgreSQL the round's row is locked, so that votes (which
		// rewrite the round's ballots) and the close run one at a time.
		lock := ""
		if db.Dialect() == "postgres" {
			lock = " FOR UPDATE"
		}
		var status string
		err := db.get(ctx, tx, "The vote on the recommendations is not open.", `SELECT status FROM rec_rounds WHERE cycle_id = ?`+lock, []any{cycleID}, &status)
		if apperr.Is(err, apperr.NotFound) || (err == nil && status != string(recommend.Voting)) {
			return apperr.New(apperr.Conflict, "The vote on the recommendations is not open.")
		}
		if err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO rec_voted(cycle_id, user_id) VALUES (?, ?)`, cycleID, userID); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "You have already voted. Each member votes once.")
			}
			return err
		}
		if db.Dialect() == "postgres" {
			old, err := db.recBallots(ctx, tx, cycleID)
			if err != nil {
				return err
			}
			if _, err := db.exec(ctx, tx, `DELETE FROM rec_ballots WHERE cycle_id = ?`, cycleID); err != nil {
				return err
			}
			bs = append(old, bs...)
		}
		if err := db.insertRecBallots(ctx, tx, cycleID, bs); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// HasVotedRec implements recommend.Store.
func (db *DB) HasVotedRec(ctx context.Context, cycleID, userID int64) (bool, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM rec_voted WHERE cycle_id = ? AND user_id = ?`, []any{cycleID, userID}, &n)
	return n > 0, err
}

// RecVoters implements recommend.Store.
func (db *DB) RecVoters(ctx context.Context, cycleID int64) (int, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM rec_voted WHERE cycle_id = ?`, []any{cycleID}, &n)
	return n, err
}

// RecBallots implements recommend.Store.
func (db *DB) RecBallots(ctx context.Context, cycleID int64) ([]recommend.Ballot, error) {
	return db.recBallots(ctx, db.R, cycleID)
}

func (db *DB) recBallots(ctx context.Context, x queryer, cycleID int64) ([]recommend.Ballot, error) {
	q := `SELECT ballot_id, receipt, item_id, choice FROM rec_ballots WHERE cycle_id = ? ORDER BY ballot_id`
	rows, err := db.query(ctx, x, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recommend.Ballot
	for rows.Next() {
		var b recommend.Ballot
		if err := rows.Scan(&b.ID, &b.Receipt, &b.ItemID, &b.Choice); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b recommend.Ballot) int { return strings.Compare(a.ID, b.ID) })
	return out, db.translate(rows.Err(), q)
}

// notFoundAsConflict turns a guarded update that changed no row into a
// Conflict; other errors pass.
func notFoundAsConflict(err error, msg string) error {
	if apperr.Is(err, apperr.NotFound) {
		return apperr.New(apperr.Conflict, "%s", msg)
	}
	return err
}
