package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/evidence"
)

// A round's evidence (schema version 16): evidence_docs and
// evidence_versions (Markdown in body, PDFs in data), evidence_witnesses,
// evidence_requests and evidence_submissions. Nominators, askers and
// submitters are user ids, never published.

// evidenceInsert runs an INSERT ... RETURNING id in tx.
func (db *DB) evidenceInsert(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := db.get(ctx, tx, "", query+` RETURNING id`, args, &id)
	return id, err
}

// AddDocument implements evidence.Store.
func (db *DB) AddDocument(ctx context.Context, d evidence.Document, v evidence.Version, ev audit.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.evidenceInsert(ctx, tx, `INSERT INTO evidence_docs(cycle_id, theme_id, title, created_at) VALUES (?, ?, ?, ?)`,
			d.CycleID, d.ThemeID, d.Title, us(d.Created)); err != nil {
			return err
		}
		v.DocID, v.Easy, v.Number = id, false, 1
		if err := db.insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "evidence_doc", id)
	})
	return id, err
}

func (db *DB) insertVersion(ctx context.Context, tx *sql.Tx, v evidence.Version) error {
	var data any
	if v.Format == evidence.PDF {
		data = v.Data
	}
	_, err := db.exec(ctx, tx, `INSERT INTO evidence_versions(doc_id, easy, number, format, body, data, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		v.DocID, b2i(v.Easy), v.Number, string(v.Format), v.Body, data, v.Size, us(v.Created))
	return err
}

// AddVersion implements evidence.Store.
func (db *DB) AddVersion(ctx context.Context, v evidence.Version, ev audit.Event) (evidence.Version, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := db.get(ctx, tx, "", `SELECT COALESCE(MAX(number), 0) FROM evidence_versions WHERE doc_id = ? AND easy = ?`, []any{v.DocID, b2i(v.Easy)}, &n); err != nil {
			return err
		}
		v.Number = n + 1
		if err := db.insertVersion(ctx, tx, v); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "Someone else has just added a version of this document. Look at it again.")
			}
			return err
		}
		if ev.Details == nil {
			ev.Details = map[string]string{}
		}
		ev.Details["version"] = itoa(int64(v.Number))
		return db.appendAudit(ctx, tx, ev, "evidence_doc", v.DocID)
	})
	return v, err
}

// RemoveEasyRead implements evidence.Store.
func (db *DB) RemoveEasyRead(ctx context.Context, docID int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "The document has no easy-read version.", `DELETE FROM evidence_versions WHERE doc_id = ? AND easy = 1`, docID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "evidence_doc", docID)
	})
}

const versionCols = `v.id, v.doc_id, v.easy, v.number, v.format, v.size, v.created_at`

func scanVersion(sc interface{ Scan(...any) error }, extra ...any) (evidence.Version, error) {
	var v evidence.Version
	var easy int
	var format string
	var at int64
	err := sc.Scan(append([]any{&v.ID, &v.DocID, &easy, &v.Number, &format, &v.Size, &at}, extra...)...)
	v.Easy, v.Format, v.Created = easy == 1, evidence.Format(format), tm(at)
	return v, err
}

// versions returns the versions of the documents doc_id IN (query),
// newest first.
func (db *DB) versionsWhere(ctx context.Context, where string, args ...any) (map[int64][]evidence.Version, error) {
	q := `SELECT ` + versionCols + ` FROM evidence_versions v JOIN evidence_docs d ON d.id = v.doc_id WHERE ` + where + ` ORDER BY v.doc_id, v.created_at DESC, v.id DESC`
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]evidence.Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out[v.DocID] = append(out[v.DocID], v)
	}
	return out, db.translate(rows.Err(), q)
}

// fillDoc sets d's Current and Easy from its versions (newest first).
func fillDoc(d *evidence.Document, vs []evidence.Version) {
	for i := range vs {
		v := vs[i]
		if v.Easy && (d.Easy == nil || v.Number > d.Easy.Number) {
			d.Easy = &v
		}
		if !v.Easy && (d.Current == nil || v.Number > d.Current.Number) {
			d.Current = &v
		}
	}
}

const docCols = `id, cycle_id, theme_id, title, created_at`

func scanDoc(sc interface{ Scan(...any) error }) (evidence.Document, error) {
	var d evidence.Document
	var at int64
	err := sc.Scan(&d.ID, &d.CycleID, &d.ThemeID, &d.Title, &at)
	d.Created = tm(at)
	return d, err
}

// Documents implements evidence.Store.
func (db *DB) Documents(ctx context.Context, cycleID int64) ([]evidence.Document, error) {
	q := `SELECT ` + docCols + ` FROM evidence_docs WHERE cycle_id = ? ORDER BY theme_id, id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	var out []evidence.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			rows.Close()
			return nil, db.translate(err, q)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.translate(err, q)
	}
	vs, err := db.versionsWhere(ctx, `d.cycle_id = ?`, cycleID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		fillDoc(&out[i], vs[out[i].ID])
	}
	return out, nil
}

// Document implements evidence.Store.
func (db *DB) Document(ctx context.Context, docID int64) (evidence.Document, error) {
	q := `SELECT ` + docCols + ` FROM evidence_docs WHERE id = ?`
	d, err := scanDoc(db.row(ctx, db.R, q, docID))
	if err == sql.ErrNoRows {
		return d, apperr.New(apperr.NotFound, "There is no such document.")
	}
	if err != nil {
		return d, db.translate(err, q)
	}
	vs, err := db.versionsWhere(ctx, `v.doc_id = ?`, docID)
	if err != nil {
		return d, err
	}
	d.Versions = vs[docID]
	fillDoc(&d, d.Versions)
	return d, nil
}

// Version implements evidence.Store.
func (db *DB) Version(ctx context.Context, docID int64, easy bool, number int) (evidence.Version, error) {
	q := `SELECT ` + versionCols + `, v.body, v.data FROM evidence_versions v WHERE v.doc_id = ? AND v.easy = ? AND v.number = ?`
	var data []byte
	var body string
	v, err := scanVersion(db.row(ctx, db.R, q, docID, b2i(easy), number), &body, &data)
	if err == sql.ErrNoRows {
		return v, apperr.New(apperr.NotFound, "There is no such version.")
	}
	if err != nil {
		return v, db.translate(err, q)
	}
	v.Body, v.Data = body, data
	return v, nil
}

// AddWitness implements evidence.Store.
func (db *DB) AddWitness(ctx context.Context, w evidence.Witness, ev audit.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.evidenceInsert(ctx, tx, `INSERT INTO evidence_witnesses(cycle_id, theme_id, name, organisation, topic, interests, nominator_id, nominator, status, reason, view, created_at, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.CycleID, w.ThemeID, w.Name, w.Organisation, w.Topic, w.Interests, w.NominatorID, string(w.Nominator), string(w.Status), w.Reason, w.View, us(w.Created), us(w.Decided)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "evidence_witness", id)
	})
	return id, err
}

// DecideWitness implements evidence.Store.
func (db *DB) DecideWitness(ctx context.Context, id int64, s evidence.Status, reason, view string, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `UPDATE evidence_witnesses SET status = ?, reason = ?, view = ?, decided_at = ? WHERE id = ? AND status = ?`,
			string(s), reason, view, us(at), id, string(evidence.Proposed))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "This witness has already been decided.")
		}
		return db.appendAudit(ctx, tx, ev, "evidence_witness", id)
	})
}

const witnessCols = `id, cycle_id, theme_id, name, organisation, topic, interests, nominator_id, nominator, status, reason, view, created_at, decided_at`

func scanWitness(sc interface{ Scan(...any) error }) (evidence.Witness, error) {
	var w evidence.Witness
	var by, st string
	var c, d int64
	err := sc.Scan(&w.ID, &w.CycleID, &w.ThemeID, &w.Name, &w.Organisation, &w.Topic, &w.Interests, &w.NominatorID, &by, &st, &w.Reason, &w.View, &c, &d)
	w.Nominator, w.Status, w.Created, w.Decided = evidence.Nominator(by), evidence.Status(st), tm(c), tm(d)
	return w, err
}

// Witnesses implements evidence.Store.
func (db *DB) Witnesses(ctx context.Context, cycleID int64) ([]evidence.Witness, error) {
	return evidenceList(ctx, db, `SELECT `+witnessCols+` FROM evidence_witnesses WHERE cycle_id = ? ORDER BY id`, scanWitness, cycleID)
}

// Witness implements evidence.Store.
func (db *DB) Witness(ctx context.Context, id int64) (evidence.Witness, error) {
	return evidenceOne(ctx, db, `SELECT `+witnessCols+` FROM evidence_witnesses WHERE id = ?`, scanWitness, "There is no such witness.", id)
}

// evidenceList runs q and scans every row with scan.
func evidenceList[T any](ctx context.Context, db *DB, q string, scan func(interface{ Scan(...any) error }) (T, error), args ...any) ([]T, error) {
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, x)
	}
	return out, db.translate(rows.Err(), q)
}

// evidenceOne runs q for one row, NotFound with notFound when there is none.
func evidenceOne[T any](ctx context.Context, db *DB, q string, scan func(interface{ Scan(...any) error }) (T, error), notFound string, args ...any) (T, error) {
	x, err := scan(db.row(ctx, db.R, q, args...))
	if err == sql.ErrNoRows {
		return x, apperr.New(apperr.NotFound, "%s", notFound)
	}
	if err != nil {
		return x, db.translate(err, q)
	}
	return x, nil
}

// AddRequest implements evidence.Store.
func (db *DB) AddRequest(ctx context.Context, q evidence.Request, ev audit.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.evidenceInsert(ctx, tx, `INSERT INTO evidence_requests(cycle_id, theme_id, user_id, kind, text, answer, created_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			q.CycleID, q.ThemeID, q.UserID, string(q.Kind), q.Text, q.Answer, us(q.Created), us(q.Answered)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "evidence_request", id)
	})
	return id, err
}

// AnswerRequest implements evidence.Store.
func (db *DB) AnswerRequest(ctx context.Context, id int64, answer string, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `UPDATE evidence_requests SET answer = ?, answered_at = ? WHERE id = ?`, answer, us(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "There is no such request.")
		}
		return db.appendAudit(ctx, tx, ev, "evidence_request", id)
	})
}

const requestCols = `id, cycle_id, theme_id, user_id, kind, text, answer, created_at, answered_at`

func scanRequest(sc interface{ Scan(...any) error }) (evidence.Request, error) {
	var q evidence.Request
	var kind string
	var c, a int64
	err := sc.Scan(&q.ID, &q.CycleID, &q.ThemeID, &q.UserID, &kind, &q.Text, &q.Answer, &c, &a)
	q.Kind, q.Created, q.Answered = evidence.Kind(kind), tm(c), tm(a)
	return q, err
}

// Requests implements evidence.Store.
func (db *DB) Requests(ctx context.Context, cycleID int64) ([]evidence.Request, error) {
	return evidenceList(ctx, db, `SELECT `+requestCols+` FROM evidence_requests WHERE cycle_id = ? ORDER BY id`, scanRequest, cycleID)
}

// Request implements evidence.Store.
func (db *DB) Request(ctx context.Context, id int64) (evidence.Request, error) {
	return evidenceOne(ctx, db, `SELECT `+requestCols+` FROM evidence_requests WHERE id = ?`, scanRequest, "There is no such request.", id)
}

// AddSubmission implements evidence.Store.
func (db *DB) AddSubmission(ctx context.Context, s evidence.Submission, ev audit.Event) (int64, error) {
	var id int64
	var pdf any
	if len(s.PDF) > 0 {
		pdf = s.PDF
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.evidenceInsert(ctx, tx, `INSERT INTO evidence_submissions(cycle_id, theme_id, user_id, organisation, interests, body, pdf, status, reason, created_at, decided_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.CycleID, s.ThemeID, s.UserID, s.Organisation, s.Interests, s.Body, pdf, string(s.Status), s.Reason, us(s.Created), us(s.Decided)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "evidence_submission", id)
	})
	return id, err
}

// DecideSubmission implements evidence.Store.
func (db *DB) DecideSubmission(ctx context.Context, id int64, s evidence.Status, reason string, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `UPDATE evidence_submissions SET status = ?, reason = ?, decided_at = ? WHERE id = ? AND status = ?`,
			string(s), reason, us(at), id, string(evidence.Proposed))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "This submission has already been decided.")
		}
		return db.appendAudit(ctx, tx, ev, "evidence_submission", id)
	})
}

const submissionCols = `id, cycle_id, theme_id, user_id, organisation, interests, body, pdf IS NOT NULL, status, reason, created_at, decided_at`

func scanSubmission(sc interface{ Scan(...any) error }, extra ...any) (evidence.Submission, error) {
	var s evidence.Submission
	var st string
	var c, d int64
	err := sc.Scan(append([]any{&s.ID, &s.CycleID, &s.ThemeID, &s.UserID, &s.Organisation, &s.Interests, &s.Body, &s.HasPDF, &st, &s.Reason, &c, &d}, extra...)...)
	s.Status, s.Created, s.Decided = evidence.Status(st), tm(c), tm(d)
	return s, err
}

// Submissions implements evidence.Store.
func (db *DB) Submissions(ctx context.Context, cycleID int64) ([]evidence.Submission, error) {
	return evidenceList(ctx, db, `SELECT `+submissionCols+` FROM evidence_submissions WHERE cycle_id = ? ORDER BY id`,
		func(sc interface{ Scan(...any) error }) (evidence.Submission, error) { return scanSubmission(sc) }, cycleID)
}

// SubmissionFile implements evidence.Store.
func (db *DB) SubmissionFile(ctx context.Context, id int64) (evidence.Submission, error) {
	var pdf []byte
	s, err := evidenceOne(ctx, db, `SELECT `+submissionCols+`, pdf FROM evidence_submissions WHERE id = ?`,
		func(sc interface{ Scan(...any) error }) (evidence.Submission, error) { return scanSubmission(sc, &pdf) }, "There is no such submission.", id)
	s.PDF = pdf
	return s, err
}
