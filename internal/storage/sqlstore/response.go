package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/response"
)

// The Board's answers, commitments, progress updates and the stocktake
// (schema version 20). All of it is published; nothing is sealed.

func day(s string) time.Time {
	t, _ := time.Parse(response.DateLayout, s)
	return t
}

func jsonText(v any, what string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "encoding %s", what)
	}
	if s := string(b); s != "null" {
		return s, nil
	}
	return "[]", nil
}

// RespSettings implements response.Store.
func (db *DB) RespSettings(ctx context.Context, cycleID int64) (response.Settings, error) {
	s := response.Settings{CycleID: cycleID}
	var deadline, upd int64
	var statuses string
	if err := db.get(ctx, db.R, "The round has no response settings yet.",
		`SELECT deadline, statuses, updated_at FROM resp_settings WHERE cycle_id = ?`, []any{cycleID}, &deadline, &statuses, &upd); err != nil {
		return s, err
	}
	s.Deadline, s.Updated = tm(deadline), tm(upd)
	if err := json.Unmarshal([]byte(statuses), &s.Statuses); err != nil {
		return s, apperr.Wrap(apperr.Internal, err, "reading a round's statuses")
	}
	return s, nil
}

// SaveRespSettings implements response.Store.
func (db *DB) SaveRespSettings(ctx context.Context, s response.Settings, ev audit.Event) error {
	sts, err := jsonText(s.Statuses, "statuses")
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO resp_settings(cycle_id, deadline, statuses, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (cycle_id) DO UPDATE SET deadline = excluded.deadline, statuses = excluded.statuses, updated_at = excluded.updated_at`,
			s.CycleID, us(s.Deadline), sts, us(s.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", s.CycleID)
	})
}

// SaveRespAnswer implements response.Store: the first publication time
// of an answer is kept when it is changed.
func (db *DB) SaveRespAnswer(ctx context.Context, cycleID int64, a response.Answer, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO resp_answers(rec_id, cycle_id, theme_id, decision, reasons, reasons_cy, answered_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (rec_id) DO UPDATE SET decision = excluded.decision, reasons = excluded.reasons, reasons_cy = excluded.reasons_cy, updated_at = excluded.updated_at`,
			a.RecommendationID, cycleID, a.ThemeID, string(a.Decision), a.Reasons, a.ReasonsCy, us(a.AnsweredAt), us(a.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "rec", a.RecommendationID)
	})
}

// RespAnswers implements response.Store.
func (db *DB) RespAnswers(ctx context.Context, cycleID int64) ([]response.Answer, error) {
	q := `SELECT rec_id, theme_id, decision, reasons, reasons_cy, answered_at, updated_at FROM resp_answers WHERE cycle_id = ? ORDER BY rec_id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []response.Answer
	for rows.Next() {
		var a response.Answer
		var decision string
		var at, upd int64
		if err := rows.Scan(&a.RecommendationID, &a.ThemeID, &decision, &a.Reasons, &a.ReasonsCy, &at, &upd); err != nil {
			return nil, db.translate(err, q)
		}
		a.Decision, a.AnsweredAt, a.Updated = response.Decision(decision), tm(at), tm(upd)
		out = append(out, a)
	}
	return out, db.translate(rows.Err(), q)
}

// AddRespCommitment implements response.Store.
func (db *DB) AddRespCommitment(ctx context.Context, c response.Commitment, ev audit.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO resp_commitments(cycle_id, rec_id, theme_id, title, owner, measure, due, status, progress, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{c.CycleID, c.RecommendationID, c.ThemeID, c.Title, c.Owner, c.Measure, c.Due.Format(response.DateLayout), c.Status, c.Progress,
				us(c.Created), us(c.Updated)}, &id); err != nil {
			return err
		}
		ev.Object = audit.ObjectRef("commitment", id)
		if ev.Details != nil {
			ev.Details = maps.Clone(ev.Details)
			ev.Details["commitment"] = strconv.FormatInt(id, 10)
		}
		return db.appendAudit(ctx, tx, ev, "commitment", id)
	})
	return id, err
}

// SaveRespCommitment implements response.Store.
func (db *DB) SaveRespCommitment(ctx context.Context, c response.Commitment, prev time.Time, u *response.Update, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "", `UPDATE resp_commitments SET title = ?, owner = ?, measure = ?, due = ?, status = ?, progress = ?, updated_at = ?
			WHERE id = ? AND updated_at = ?`,
			c.Title, c.Owner, c.Measure, c.Due.Format(response.DateLayout), c.Status, c.Progress, us(c.Updated), c.ID, us(prev)); err != nil {
			return notFoundAsConflict(err, "Someone else has just changed the commitment. Look at it again.")
		}
		if u != nil {
			links, err := jsonText(u.Links, "evidence links")
			if err != nil {
				return err
			}
			var n int
			if err := db.get(ctx, tx, "", `SELECT COALESCE(MAX(number), 0) + 1 FROM resp_updates WHERE commitment_id = ?`, []any{c.ID}, &n); err != nil {
				return err
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO resp_updates(commitment_id, number, on_date, status, progress, body, links, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				c.ID, n, u.At.Format(response.DateLayout), u.Status, u.Progress, u.Text, links, us(u.Created)); err != nil {
				return err
			}
			if ev.Details != nil {
				ev.Details["update"] = itoa(int64(n))
			}
		}
		return db.appendAudit(ctx, tx, ev, "commitment", c.ID)
	})
}

const respCommitmentCols = `id, cycle_id, rec_id, theme_id, title, owner, measure, due, status, progress, created_at, updated_at`

// RespCommitment implements response.Store.
func (db *DB) RespCommitment(ctx context.Context, id int64) (response.Commitment, error) {
	cs, err := db.respCommitments(ctx, `SELECT `+respCommitmentCols+` FROM resp_commitments WHERE id = ?`,
		`SELECT u.commitment_id, u.number, u.on_date, u.status, u.progress, u.body, u.links, u.created_at FROM resp_updates u WHERE u.commitment_id = ?`, id)
	if err != nil {
		return response.Commitment{}, err
	}
	if len(cs) == 0 {
		return response.Commitment{}, apperr.New(apperr.NotFound, "There is no such commitment.")
	}
	return cs[0], nil
}

// RespCommitments implements response.Store.
func (db *DB) RespCommitments(ctx context.Context, cycleID int64) ([]response.Commitment, error) {
	return db.respCommitments(ctx, `SELECT `+respCommitmentCols+` FROM resp_commitments WHERE cycle_id = ? ORDER BY id`,
		`SELECT u.commitment_id, u.number, u.on_date, u.status, u.progress, u.body, u.links, u.created_at FROM resp_updates u
			JOIN resp_commitments c ON c.id = u.commitment_id WHERE c.cycle_id = ?`, cycleID)
}

// respCommitments reads commitments (q) and their updates (uq), both
// taking arg, and puts each commitment's updates on it, newest first.
func (db *DB) respCommitments(ctx context.Context, q, uq string, arg int64) ([]response.Commitment, error) {
	rows, err := db.query(ctx, db.R, q, arg)
	if err != nil {
		return nil, err
	}
	var out []response.Commitment
	at := map[int64]int{}
	for rows.Next() {
		var c response.Commitment
		var due string
		var created, upd int64
		if err := rows.Scan(&c.ID, &c.CycleID, &c.RecommendationID, &c.ThemeID, &c.Title, &c.Owner, &c.Measure, &due, &c.Status, &c.Progress, &created, &upd); err != nil {
			rows.Close()
			return nil, db.translate(err, q)
		}
		c.Due, c.Created, c.Updated = day(due), tm(created), tm(upd)
		at[c.ID] = len(out)
		out = append(out, c)
	}
	err = db.translate(rows.Err(), q)
	rows.Close()
	if err != nil || len(out) == 0 {
		return out, err
	}
	urows, err := db.query(ctx, db.R, uq, arg)
	if err != nil {
		return nil, err
	}
	defer urows.Close()
	for urows.Next() {
		var u response.Update
		var cid, created int64
		var on, links string
		if err := urows.Scan(&cid, &u.Number, &on, &u.Status, &u.Progress, &u.Text, &links, &created); err != nil {
			return nil, db.translate(err, uq)
		}
		if err := json.Unmarshal([]byte(links), &u.Links); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "reading an update's links")
		}
		u.At, u.Created = day(on), tm(created)
		if i, ok := at[cid]; ok {
			out[i].Updates = append(out[i].Updates, u)
		}
	}
	if err := db.translate(urows.Err(), uq); err != nil {
		return nil, err
	}
	for i := range out {
		// Newest first: by date, then by the order they were recorded.
		slices.SortFunc(out[i].Updates, func(a, b response.Update) int {
			if c := b.At.Compare(a.At); c != 0 {
				return c
			}
			return b.Number - a.Number
		})
	}
	return out, nil
}

// RespStocktake implements response.Store.
func (db *DB) RespStocktake(ctx context.Context, cycleID int64) (response.Stocktake, error) {
	s := response.Stocktake{CycleID: cycleID}
	var held string
	var pub, upd int64
	err := db.get(ctx, db.R, "No stocktake meeting has been recorded for this round.",
		`SELECT held_on, place, notes, published_at, updated_at FROM resp_stocktakes WHERE cycle_id = ?`, []any{cycleID}, &held, &s.Place, &s.Notes, &pub, &upd)
	s.Held, s.Published, s.Updated = day(held), tm(pub), tm(upd)
	return s, err
}

// SaveRespStocktake implements response.Store.
func (db *DB) SaveRespStocktake(ctx context.Context, s response.Stocktake, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO resp_stocktakes(cycle_id, held_on, place, notes, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id) DO UPDATE SET held_on = excluded.held_on, place = excluded.place, notes = excluded.notes,
			published_at = excluded.published_at, updated_at = excluded.updated_at`,
			s.CycleID, s.Held.Format(response.DateLayout), s.Place, s.Notes, us(s.Published), us(s.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", s.CycleID)
	})
}
