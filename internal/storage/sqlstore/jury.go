package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// A round's citizens' jury (schema version 12). Volunteers' answers are
// sealed for their place (sealed.Place: jury_volunteers.answers_sealed, row "<cycle>:<user>").
// The secret ballot lives in two tables with nothing joining them:
// jury_voted (who voted) and jury_ballots (rankings under a random id).

// volunteerPlace is where a volunteer's answers are sealed (the row is
// "<cycle>:<user>").
func volunteerPlace(cycleID, userID int64) sealed.Place {
	return sealed.Place{Table: "jury_volunteers", Column: "answers_sealed", Row: strconv.FormatInt(cycleID, 10) + ":" + strconv.FormatInt(userID, 10)}
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func splitInts(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func jsonOrEmpty(v any, null bool) (string, error) {
	if null {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "encoding the jury")
	}
	return string(b), nil
}

// Jury implements jury.Store.
func (db *DB) Jury(ctx context.Context, cycleID int64) (jury.Settings, error) {
	var j jury.Settings
	var method, status, draw, shortlist, winners, reasons string
	var pub, upd int64
	err := db.get(ctx, db.R, "The round has no jury yet.",
		`SELECT cycle_id, size, method, statement, seats, status, draw, shortlist, winners, reasons, why, published_at, updated_at FROM juries WHERE cycle_id = ?`,
		[]any{cycleID}, &j.CycleID, &j.Size, &method, &j.Statement, &j.Seats, &status, &draw, &shortlist, &winners, &reasons, &j.Why, &pub, &upd)
	if err != nil {
		return j, err
	}
	j.Method, j.Status, j.Published, j.Updated = jury.Method(method), jury.Status(status), tm(pub), tm(upd)
	j.Winners = splitInts(winners)
	for _, x := range []struct {
		s string
		v any
	}{{draw, &j.Draw}, {shortlist, &j.Shortlist}, {reasons, &j.Reasons}} {
		if x.s == "" {
			continue
		}
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return j, apperr.Wrap(apperr.Internal, err, "reading the jury")
		}
	}
	return j, nil
}

// SaveJury implements jury.Store. Closing the vote (from Voting to
// Counted) also rewrites the ballots in key order, so that their physical
// order says nothing of the order the votes came in.
func (db *DB) SaveJury(ctx context.Context, j jury.Settings, from jury.Status, ev audit.Event) error {
	draw, err := jsonOrEmpty(j.Draw, j.Draw == nil)
	if err != nil {
		return err
	}
	sl, err := jsonOrEmpty(j.Shortlist, j.Shortlist == nil)
	if err != nil {
		return err
	}
	reasons, err := jsonOrEmpty(j.Reasons, j.Reasons == nil)
	if err != nil {
		return err
	}
	args := []any{j.Size, string(j.Method), j.Statement, j.Seats, string(j.Status), draw, sl, joinInts(j.Winners), reasons, j.Why, us(j.Published), us(j.Updated)}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if from == "" {
			if _, err := db.exec(ctx, tx, `INSERT INTO juries(size, method, statement, seats, status, draw, shortlist, winners, reasons, why, published_at, updated_at, cycle_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, j.CycleID)...); err != nil {
				if apperr.Is(err, apperr.Conflict) {
					return apperr.New(apperr.Conflict, "Someone else has just changed the jury. Look at it again.")
				}
				return err
			}
		} else {
			res, err := db.exec(ctx, tx, `UPDATE juries SET size = ?, method = ?, statement = ?, seats = ?, status = ?, draw = ?, shortlist = ?, winners = ?, reasons = ?, why = ?, published_at = ?, updated_at = ?
				WHERE cycle_id = ? AND status = ?`, append(args, j.CycleID, string(from))...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.New(apperr.Conflict, "Someone else has just changed the jury. Look at it again.")
			}
		}
		if from == jury.Voting && j.Status == jury.Counted {
			if err := db.rewriteBallots(ctx, tx, j.CycleID); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "cycle", j.CycleID)
	})
}

func (db *DB) rewriteBallots(ctx context.Context, tx *sql.Tx, cycleID int64) error {
	bs, err := db.ballots(ctx, tx, cycleID)
	if err != nil {
		return err
	}
	if _, err := db.exec(ctx, tx, `DELETE FROM jury_ballots WHERE cycle_id = ?`, cycleID); err != nil {
		return err
	}
	for _, b := range bs {
		if _, err := db.exec(ctx, tx, `INSERT INTO jury_ballots(cycle_id, ballot_id, ranking) VALUES (?, ?, ?)`, cycleID, b.ID, joinInts(b.Ranking)); err != nil {
			return err
		}
	}
	return nil
}

// AddVolunteer implements jury.Store.
func (db *DB) AddVolunteer(ctx context.Context, v jury.Volunteer, ev audit.Event) (bool, error) {
	if db.keys == nil {
		return false, errNoKeys
	}
	plain, err := json.Marshal(v.Answers)
	if err != nil {
		return false, apperr.Wrap(apperr.Internal, err, "encoding answers")
	}
	sealedAnswers, err := db.keys.SealIn(volunteerPlace(v.CycleID, v.UserID), string(plain))
	if err != nil {
		return false, apperr.Wrap(apperr.Internal, err, "sealing answers")
	}
	added := false
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `UPDATE jury_volunteers SET answers_sealed = ? WHERE cycle_id = ? AND user_id = ?`, sealedAnswers, v.CycleID, v.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if ev.Details == nil {
				ev.Details = map[string]string{}
			}
			ev.Details["changed"] = "answers"
			return db.appendAudit(ctx, tx, ev, "cycle", v.CycleID)
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO jury_volunteers(cycle_id, user_id, answers_sealed, created_at) VALUES (?, ?, ?, ?)`,
			v.CycleID, v.UserID, sealedAnswers, us(v.Created)); err != nil {
			return err
		}
		added = true
		return db.appendAudit(ctx, tx, ev, "cycle", v.CycleID)
	})
	return added, err
}

// RemoveVolunteer implements jury.Store.
func (db *DB) RemoveVolunteer(ctx context.Context, cycleID, userID int64, ev audit.Event) (bool, error) {
	removed := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `DELETE FROM jury_volunteers WHERE cycle_id = ? AND user_id = ?`, cycleID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		removed = true
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
	return removed, err
}

// Volunteers implements jury.Store.
func (db *DB) Volunteers(ctx context.Context, cycleID int64) ([]jury.Volunteer, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	q := `SELECT v.user_id, u.display_name, v.answers_sealed, v.created_at FROM jury_volunteers v JOIN users u ON u.id = v.user_id
		WHERE v.cycle_id = ? ORDER BY v.created_at, v.user_id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jury.Volunteer
	for rows.Next() {
		v := jury.Volunteer{CycleID: cycleID}
		var sealedAnswers string
		var created int64
		if err := rows.Scan(&v.UserID, &v.Name, &sealedAnswers, &created); err != nil {
			return nil, db.translate(err, q)
		}
		plain, err := db.keys.OpenIn(volunteerPlace(cycleID, v.UserID), sealedAnswers)
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "opening a volunteer's answers")
		}
		if err := json.Unmarshal([]byte(plain), &v.Answers); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "reading a volunteer's answers")
		}
		v.Created = tm(created)
		out = append(out, v)
	}
	return out, db.translate(rows.Err(), q)
}

// IsVolunteer implements jury.Store.
func (db *DB) IsVolunteer(ctx context.Context, cycleID, userID int64) (bool, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM jury_volunteers WHERE cycle_id = ? AND user_id = ?`, []any{cycleID, userID}, &n)
	return n > 0, err
}

// AddJurors implements jury.Store.
func (db *DB) AddJurors(ctx context.Context, cycleID int64, userIDs []int64, draw *jury.Draw, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range userIDs {
			if _, err := db.exec(ctx, tx, `INSERT INTO jurors(cycle_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, cycleID, id, us(at)); err != nil {
				return err
			}
		}
		if draw != nil {
			d, err := jsonOrEmpty(draw, false)
			if err != nil {
				return err
			}
			if err := db.mustAffect(ctx, tx, "The round has no jury yet.", `UPDATE juries SET draw = ?, updated_at = ? WHERE cycle_id = ? AND draw = ''`, d, us(at), cycleID); err != nil {
				return apperr.New(apperr.Conflict, "The jury has already been drawn.")
			}
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// RemoveJuror implements jury.Store.
func (db *DB) RemoveJuror(ctx context.Context, cycleID, userID int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "That person is not on the jury.", `DELETE FROM jurors WHERE cycle_id = ? AND user_id = ?
			AND NOT EXISTS (SELECT 1 FROM jury_voted WHERE cycle_id = ? AND user_id = ?)`, cycleID, userID, cycleID, userID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// Jurors implements jury.Store.
func (db *DB) Jurors(ctx context.Context, cycleID int64) ([]jury.Juror, error) {
	q := `SELECT j.user_id, u.display_name, u.email_lookup, u.email_sealed, j.added_at, CASE WHEN v.user_id IS NULL THEN 0 ELSE 1 END
		FROM jurors j JOIN users u ON u.id = j.user_id LEFT JOIN jury_voted v ON v.cycle_id = j.cycle_id AND v.user_id = j.user_id
		WHERE j.cycle_id = ? ORDER BY u.display_name, j.user_id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jury.Juror
	for rows.Next() {
		j := jury.Juror{CycleID: cycleID}
		var added int64
		var voted int
		var lookup, sealedEmail string
		if err := rows.Scan(&j.UserID, &j.Name, &lookup, &sealedEmail, &added, &voted); err != nil {
			return nil, db.translate(err, q)
		}
		var err error
		if j.Email, err = db.openUserEmail(j.UserID, lookup, sealedEmail); err != nil {
			return nil, err
		}
		j.Added, j.Voted = tm(added), voted == 1
		out = append(out, j)
	}
	return out, db.translate(rows.Err(), q)
}

// CastBallot implements jury.Store: the voter is recorded in jury_voted
// and the ballot in jury_ballots, in one transaction that also checks the
// vote is open and the voter a juror.
func (db *DB) CastBallot(ctx context.Context, cycleID, userID int64, b jury.Ballot, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var ok int
		if err := db.get(ctx, tx, "The jury's vote is not open.", `SELECT COUNT(*) FROM juries j JOIN jurors m ON m.cycle_id = j.cycle_id
			WHERE j.cycle_id = ? AND j.status = ? AND m.user_id = ?`, []any{cycleID, string(jury.Voting), userID}, &ok); err != nil {
			return err
		}
		if ok == 0 {
			return apperr.New(apperr.Conflict, "The jury's vote is not open.")
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO jury_voted(cycle_id, user_id) VALUES (?, ?)`, cycleID, userID); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "You have already voted. Each juror votes once.")
			}
			return err
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO jury_ballots(cycle_id, ballot_id, ranking) VALUES (?, ?, ?)`, cycleID, b.ID, joinInts(b.Ranking)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// Ballots implements jury.Store.
func (db *DB) Ballots(ctx context.Context, cycleID int64) ([]jury.Ballot, error) {
	return db.ballots(ctx, db.R, cycleID)
}

func (db *DB) ballots(ctx context.Context, x queryer, cycleID int64) ([]jury.Ballot, error) {
	q := `SELECT ballot_id, ranking FROM jury_ballots WHERE cycle_id = ? ORDER BY ballot_id`
	rows, err := db.query(ctx, x, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jury.Ballot
	for rows.Next() {
		var b jury.Ballot
		var ranking string
		if err := rows.Scan(&b.ID, &ranking); err != nil {
			return nil, db.translate(err, q)
		}
		b.Ranking = splitInts(ranking)
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b jury.Ballot) int { return strings.Compare(a.ID, b.ID) })
	return out, db.translate(rows.Err(), q)
}
