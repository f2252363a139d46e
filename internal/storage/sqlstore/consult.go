package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// The public consultation on a round's recommendations (schema version
// 22). The free text of a response is sealed for consult_responses.
// comment_sealed, row "<cycle>:<rec>:<user>", until an organiser approves
// it; comment_public then holds it for publication.

func commentPlace(cycleID, recID, userID int64) sealed.Place {
	return sealed.Place{Table: "consult_responses", Column: "comment_sealed",
		Row: strconv.FormatInt(cycleID, 10) + ":" + strconv.FormatInt(recID, 10) + ":" + strconv.FormatInt(userID, 10)}
}

// ConsultRound implements consult.Store.
func (db *DB) ConsultRound(ctx context.Context, cycleID int64) (consult.Round, error) {
	r := consult.Round{CycleID: cycleID}
	var status string
	var opened, closed, upd int64
	err := db.get(ctx, db.R, "The round has no consultation.",
		`SELECT status, opened_at, closed_at, updated_at FROM consult_rounds WHERE cycle_id = ?`,
		[]any{cycleID}, &status, &opened, &closed, &upd)
	r.Status, r.Opened, r.Closed, r.Updated = consult.Status(status), tm(opened), tm(closed), tm(upd)
	return r, err
}

// SaveConsultRound implements consult.Store.
func (db *DB) SaveConsultRound(ctx context.Context, r consult.Round, from consult.Status, ev audit.Event) error {
	args := []any{string(r.Status), us(r.Opened), us(r.Closed), us(r.Updated)}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if from == "" {
			if _, err := db.exec(ctx, tx, `INSERT INTO consult_rounds(status, opened_at, closed_at, updated_at, cycle_id) VALUES (?, ?, ?, ?, ?)`,
				append(args, r.CycleID)...); err != nil {
				if apperr.Is(err, apperr.Conflict) {
					return apperr.New(apperr.Conflict, "Someone else has just changed the consultation. Look at it again.")
				}
				return err
			}
		} else if err := db.mustAffect(ctx, tx, "",
			`UPDATE consult_rounds SET status = ?, opened_at = ?, closed_at = ?, updated_at = ? WHERE cycle_id = ? AND status = ?`,
			append(args, r.CycleID, string(from))...); err != nil {
			return notFoundAsConflict(err, "Someone else has just changed the consultation. Look at it again.")
		}
		return db.appendAudit(ctx, tx, ev, "cycle", r.CycleID)
	})
}

// AddConsultQuestion implements consult.Store.
func (db *DB) AddConsultQuestion(ctx context.Context, q consult.Question, ev audit.Event) (int64, error) {
	opts := q.Options
	if opts == nil {
		opts = []consult.Option{}
	}
	b, err := json.Marshal(opts)
	if err != nil {
		return 0, apperr.Wrap(apperr.Internal, err, "encoding a question")
	}
	var id int64
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO consult_questions(cycle_id, rec_id, kind, text, text_cy, options, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{q.CycleID, q.RecID, string(q.Kind), q.Text, q.TextCy, string(b), us(q.Created)}, &id); err != nil {
			return err
		}
		ev.Details["question"] = strconv.FormatInt(id, 10)
		return db.appendAudit(ctx, tx, ev, "cycle", q.CycleID)
	})
	return id, err
}

// notOpened is the guard of a question change: the round's consultation
// has no row until it is opened.
const notOpened = ` AND NOT EXISTS (SELECT 1 FROM consult_rounds WHERE consult_rounds.cycle_id = consult_questions.cycle_id)`

// SaveConsultQuestion implements consult.Store.
func (db *DB) SaveConsultQuestion(ctx context.Context, q consult.Question, ev audit.Event) error {
	opts := q.Options
	if opts == nil {
		opts = []consult.Option{}
	}
	b, err := json.Marshal(opts)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding a question")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such question.",
			`UPDATE consult_questions SET kind = ?, text = ?, text_cy = ?, options = ? WHERE id = ? AND cycle_id = ?`+notOpened,
			string(q.Kind), q.Text, q.TextCy, string(b), q.ID, q.CycleID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", q.CycleID)
	})
}

// DeleteConsultQuestion implements consult.Store.
func (db *DB) DeleteConsultQuestion(ctx context.Context, cycleID, id int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such question.",
			`DELETE FROM consult_questions WHERE id = ? AND cycle_id = ?`+notOpened, id, cycleID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// ConsultQuestions implements consult.Store.
func (db *DB) ConsultQuestions(ctx context.Context, cycleID int64) ([]consult.Question, error) {
	q := `SELECT id, rec_id, kind, text, text_cy, options, created_at FROM consult_questions WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []consult.Question
	for rows.Next() {
		x := consult.Question{CycleID: cycleID}
		var kind, opts string
		var created int64
		if err := rows.Scan(&x.ID, &x.RecID, &kind, &x.Text, &x.TextCy, &opts, &created); err != nil {
			return nil, db.translate(err, q)
		}
		x.Kind, x.Created = consult.Kind(kind), tm(created)
		if err := json.Unmarshal([]byte(opts), &x.Options); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "reading a question")
		}
		if len(x.Options) == 0 {
			x.Options = nil
		}
		out = append(out, x)
	}
	return out, db.translate(rows.Err(), q)
}

// SaveConsultResponse implements consult.Store.
func (db *DB) SaveConsultResponse(ctx context.Context, r consult.Response, commentChanged bool, ev audit.Event) error {
	answers := r.Answers
	if answers == nil {
		answers = map[int64]string{}
	}
	ab, err := json.Marshal(answers)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding answers")
	}
	comment := ""
	if commentChanged && r.Comment != "" {
		if db.keys == nil {
			return errNoKeys
		}
		if comment, err = db.keys.SealIn(commentPlace(r.CycleID, r.RecID, r.UserID), r.Comment); err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing a comment")
		}
	}
	commentAt := us(r.Updated)
	if r.Comment == "" {
		commentAt = 0
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := db.get(ctx, tx, "", `SELECT status FROM consult_rounds WHERE cycle_id = ?`, []any{r.CycleID}, &status)
		if apperr.Is(err, apperr.NotFound) || (err == nil && status != string(consult.Open)) {
			return apperr.New(apperr.Conflict, "The consultation is not open.")
		}
		if err != nil {
			return err
		}
		respondent := r.Respondent
		var had string
		err = db.get(ctx, tx, "", `SELECT respondent FROM consult_responses WHERE cycle_id = ? AND user_id = ? ORDER BY id LIMIT 1`, []any{r.CycleID, r.UserID}, &had)
		switch {
		case err == nil:
			respondent = had
		case !apperr.Is(err, apperr.NotFound):
			return err
		}
		set := `agree = excluded.agree, answers = excluded.answers, updated_at = excluded.updated_at`
		if commentChanged {
			set += `, comment_sealed = excluded.comment_sealed, comment_status = excluded.comment_status, comment_public = '', comment_at = excluded.comment_at, decided_at = 0`
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO consult_responses(cycle_id, rec_id, user_id, respondent, agree, answers, comment_sealed, comment_status, comment_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cycle_id, rec_id, user_id) DO UPDATE SET `+set,
			r.CycleID, r.RecID, r.UserID, respondent, r.Agree, string(ab), comment, string(r.Status), commentAt, us(r.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", r.CycleID)
	})
}

const consultResponseCols = `id, rec_id, user_id, respondent, agree, answers, comment_status, comment_at, updated_at`

func scanConsultResponse(sc interface{ Scan(...any) error }, cycleID int64, extra ...any) (consult.Response, error) {
	r := consult.Response{CycleID: cycleID}
	var answers, status string
	var commentAt, upd int64
	if err := sc.Scan(append([]any{&r.ID, &r.RecID, &r.UserID, &r.Respondent, &r.Agree, &answers, &status, &commentAt, &upd}, extra...)...); err != nil {
		return r, err
	}
	r.Status, r.Updated = consult.CommentStatus(status), tm(upd)
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return r, apperr.Wrap(apperr.Internal, err, "reading answers")
	}
	return r, nil
}

// ConsultResponse implements consult.Store.
func (db *DB) ConsultResponse(ctx context.Context, cycleID, recID, userID int64) (consult.Response, error) {
	q := `SELECT ` + consultResponseCols + `, comment_sealed, comment_public FROM consult_responses WHERE cycle_id = ? AND rec_id = ? AND user_id = ?`
	var sealedText, public string
	r, err := scanConsultResponse(db.row(ctx, db.R, q, cycleID, recID, userID), cycleID, &sealedText, &public)
	if err == sql.ErrNoRows {
		return r, apperr.New(apperr.NotFound, "You have not responded on this recommendation.")
	}
	if err != nil {
		return r, db.translate(err, q)
	}
	r.Comment = public
	if sealedText != "" {
		if db.keys == nil {
			return r, errNoKeys
		}
		if r.Comment, err = db.keys.OpenIn(commentPlace(cycleID, recID, userID), sealedText); err != nil {
			return r, apperr.Wrap(apperr.Internal, err, "opening a comment")
		}
	}
	return r, nil
}

// ConsultResponses implements consult.Store.
func (db *DB) ConsultResponses(ctx context.Context, cycleID int64) ([]consult.Response, error) {
	q := `SELECT ` + consultResponseCols + ` FROM consult_responses WHERE cycle_id = ? ORDER BY respondent, rec_id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []consult.Response
	for rows.Next() {
		r, err := scanConsultResponse(rows, cycleID)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}

// ConsultComments implements consult.Store.
func (db *DB) ConsultComments(ctx context.Context, cycleID int64, st consult.CommentStatus) ([]consult.Comment, error) {
	q := `SELECT id, rec_id, user_id, comment_sealed, comment_public, comment_at FROM consult_responses WHERE cycle_id = ? AND comment_status = ? ORDER BY comment_at, id`
	rows, err := db.query(ctx, db.R, q, cycleID, string(st))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []consult.Comment
	for rows.Next() {
		c := consult.Comment{Status: st}
		var userID, at int64
		var sealedText string
		if err := rows.Scan(&c.ResponseID, &c.RecID, &userID, &sealedText, &c.Text, &at); err != nil {
			return nil, db.translate(err, q)
		}
		c.Updated = tm(at)
		if st != consult.Approved && sealedText != "" {
			if db.keys == nil {
				return nil, errNoKeys
			}
			if c.Text, err = db.keys.OpenIn(commentPlace(cycleID, c.RecID, userID), sealedText); err != nil {
				return nil, apperr.Wrap(apperr.Internal, err, "opening a comment")
			}
		}
		out = append(out, c)
	}
	return out, db.translate(rows.Err(), q)
}

// DecideConsultComment implements consult.Store. Approving opens the
// sealed text into comment_public and clears the seal; rejecting keeps it
// sealed.
func (db *DB) DecideConsultComment(ctx context.Context, cycleID, responseID int64, updated time.Time, to consult.CommentStatus, at time.Time, ev audit.Event) error {
	const changed = "The comment has changed or has been decided since you read it. Look at it again."
	return db.tx(ctx, func(tx *sql.Tx) error {
		var recID, userID, commentAt int64
		var sealedText, status string
		if err := db.get(ctx, tx, "There is no such comment.", `SELECT rec_id, user_id, comment_sealed, comment_status, comment_at FROM consult_responses WHERE id = ? AND cycle_id = ?`,
			[]any{responseID, cycleID}, &recID, &userID, &sealedText, &status, &commentAt); err != nil {
			return err
		}
		if status != string(consult.Pending) || commentAt != us(updated) {
			return apperr.New(apperr.Conflict, "The comment has changed or has been decided since you read it. Look at it again.")
		}
		public, keep := "", sealedText
		if to == consult.Approved {
			if db.keys == nil {
				return errNoKeys
			}
			text, err := db.keys.OpenIn(commentPlace(cycleID, recID, userID), sealedText)
			if err != nil {
				return apperr.Wrap(apperr.Internal, err, "opening a comment")
			}
			public, keep = text, ""
		}
		if err := db.mustAffect(ctx, tx, changed, `UPDATE consult_responses SET comment_status = ?, comment_public = ?, comment_sealed = ?, decided_at = ?
			WHERE id = ? AND comment_status = ? AND comment_at = ?`, string(to), public, keep, us(at), responseID, string(consult.Pending), commentAt); err != nil {
			return notFoundAsConflict(err, changed)
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// ConsultStamp implements consult.Store: the consultation's last change,
// its questions' count and newest id, and its responses' count, newest
// change and newest decision. A question's edit changes none of these, and
// need not: questions change only before the consultation opens, and
// until then there is no summary to keep (Overview is NotFound); opening
// changes updated_at.
func (db *DB) ConsultStamp(ctx context.Context, cycleID int64) (string, error) {
	var upd, nq, maxq, nr, maxr, maxd int64
	err := db.get(ctx, db.R, "", `SELECT
		COALESCE((SELECT updated_at FROM consult_rounds WHERE cycle_id = ?), 0),
		(SELECT COUNT(*) FROM consult_questions WHERE cycle_id = ?),
		COALESCE((SELECT MAX(id) FROM consult_questions WHERE cycle_id = ?), 0),
		(SELECT COUNT(*) FROM consult_responses WHERE cycle_id = ?),
		COALESCE((SELECT MAX(updated_at) FROM consult_responses WHERE cycle_id = ?), 0),
		COALESCE((SELECT MAX(decided_at) FROM consult_responses WHERE cycle_id = ?), 0)`,
		[]any{cycleID, cycleID, cycleID, cycleID, cycleID, cycleID}, &upd, &nq, &maxq, &nr, &maxr, &maxd)
	return fmt.Sprintf("%d/%d/%d/%d/%d/%d", upd, nq, maxq, nr, maxr, maxd), err
}
