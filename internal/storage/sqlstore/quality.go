package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/quality"
)

// A round's quality self-assessment (schema version 22): one row per
// round in quality_assessments, one per principle in quality_entries.
// Nothing here is personal: the assessor is a user id and the name they
// chose to publish.

var qualityChanged = i18n.Mark("Someone else has just changed the assessment. Look at it again.")

// QualityAssessment implements quality.Store.
func (db *DB) QualityAssessment(ctx context.Context, cycleID int64) (quality.Assessment, error) {
	a := quality.Assessment{CycleID: cycleID}
	var status, snapshot string
	var signed, upd int64
	if err := db.get(ctx, db.R, "The round has no quality self-assessment yet.",
		`SELECT status, assessor_id, assessor_name, statement, comments, signed_at, snapshot, updated_at FROM quality_assessments WHERE cycle_id = ?`,
		[]any{cycleID}, &status, &a.AssessorID, &a.AssessorName, &a.Statement, &a.Comments, &signed, &snapshot, &upd); err != nil {
		return a, err
	}
	a.Status, a.SignedAt, a.Updated = quality.Status(status), tm(signed), tm(upd)
	if err := json.Unmarshal([]byte(snapshot), &a.Snapshot); err != nil {
		return a, apperr.Wrap(apperr.Internal, err, "reading a quality assessment")
	}
	q := `SELECT principle, rating, narrative, narrative_cy, links, author_id, updated_at FROM quality_entries WHERE cycle_id = ?`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var e quality.Entry
		var rating, links string
		var at int64
		if err := rows.Scan(&e.Principle, &rating, &e.Narrative, &e.NarrativeCy, &links, &e.AuthorID, &at); err != nil {
			return a, db.translate(err, q)
		}
		e.Rating, e.Updated = quality.Rating(rating), tm(at)
		if err := json.Unmarshal([]byte(links), &e.Links); err != nil {
			return a, apperr.Wrap(apperr.Internal, err, "reading a quality assessment")
		}
		a.Entries = append(a.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return a, db.translate(err, q)
	}
	order := func(key string) int {
		return slices.IndexFunc(quality.Principles, func(p quality.Principle) bool { return p.Key == key })
	}
	slices.SortFunc(a.Entries, func(x, y quality.Entry) int { return order(x.Principle) - order(y.Principle) })
	return a, nil
}

// SaveQualityEntry implements quality.Store.
func (db *DB) SaveQualityEntry(ctx context.Context, cycleID int64, e quality.Entry, ev audit.Event) error {
	links, err := jsonText(e.Links, "evidence links")
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO quality_assessments(cycle_id, status, updated_at) VALUES (?, ?, ?) ON CONFLICT (cycle_id) DO NOTHING`,
			cycleID, string(quality.Draft), us(e.Updated)); err != nil {
			return err
		}
		if err := db.mustAffect(ctx, tx, "", `UPDATE quality_assessments SET updated_at = ? WHERE cycle_id = ? AND status <> ?`,
			us(e.Updated), cycleID, string(quality.Signed)); err != nil {
			return notFoundAsConflict(err, i18n.Mark("The assessment has been signed off and can no longer change."))
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO quality_entries(cycle_id, principle, rating, narrative, narrative_cy, links, author_id, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id, principle) DO UPDATE SET rating = excluded.rating, narrative = excluded.narrative,
				narrative_cy = excluded.narrative_cy, links = excluded.links, author_id = excluded.author_id, updated_at = excluded.updated_at`,
			cycleID, e.Principle, string(e.Rating), e.Narrative, e.NarrativeCy, links, e.AuthorID, us(e.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// SaveQualityAssessment implements quality.Store.
func (db *DB) SaveQualityAssessment(ctx context.Context, a quality.Assessment, from []quality.Status, ev audit.Event) error {
	snapshot, err := jsonText(a.Snapshot, "the proofs at sign-off")
	if err != nil {
		return err
	}
	if len(from) == 0 {
		return apperr.New(apperr.Conflict, "%s", qualityChanged)
	}
	args := []any{string(a.Status), a.AssessorID, a.AssessorName, a.Statement, a.Comments, us(a.SignedAt), snapshot, us(a.Updated)}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := db.get(ctx, tx, "", `SELECT COUNT(*) FROM quality_assessments WHERE cycle_id = ?`, []any{a.CycleID}, &n); err != nil {
			return err
		}
		if n == 0 {
			if !slices.Contains(from, quality.Draft) {
				return apperr.New(apperr.Conflict, "%s", qualityChanged)
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO quality_assessments(status, assessor_id, assessor_name, statement, comments, signed_at, snapshot, updated_at, cycle_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, a.CycleID)...); err != nil {
				return notFoundAsConflict(err, qualityChanged)
			}
			return db.appendAudit(ctx, tx, ev, "cycle", a.CycleID)
		}
		in := make([]any, len(from))
		for i, s := range from {
			in[i] = string(s)
		}
		if err := db.mustAffect(ctx, tx, "", `UPDATE quality_assessments SET status = ?, assessor_id = ?, assessor_name = ?, statement = ?, comments = ?,
			signed_at = ?, snapshot = ?, updated_at = ? WHERE cycle_id = ? AND status IN (`+placeholders(len(from))+`)`,
			append(append(args, a.CycleID), in...)...); err != nil {
			return notFoundAsConflict(err, qualityChanged)
		}
		return db.appendAudit(ctx, tx, ev, "cycle", a.CycleID)
	})
}
