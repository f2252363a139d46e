package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// CreateReport implements gather.Store.
func (db *DB) CreateReport(ctx context.Context, r *gather.Report, ev audit.Event) error {
	if r.Created.IsZero() {
		r.Created = ev.Time
	}
	if r.Category == "" {
		r.Category = gather.CategoryOther
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO reports(issue_id, comment_id, reporter_id, reason, created_at, category, other_issue_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{r.IssueID, nullID(r.CommentID), r.ReporterID, r.Reason, us(r.Created), string(r.Category), nullID(r.OtherIssueID)}, &r.ID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "report", r.ID)
	})
}

const reportCols = `r.id, r.issue_id, COALESCE(r.comment_id, 0), r.reporter_id, r.reason, r.created_at, r.resolved_by, r.resolved_at,
	r.category, COALESCE(r.other_issue_id, 0), r.outcome, r.note, i.title, COALESCE(c.body, ''), COALESCE(o.title, '')
	FROM reports r JOIN issues i ON i.id = r.issue_id LEFT JOIN comments c ON c.id = r.comment_id LEFT JOIN issues o ON o.id = r.other_issue_id`

func scanReport(s scanner) (gather.Report, error) {
	var r gather.Report
	var cr, ra int64
	var cat, out string
	err := s.Scan(&r.ID, &r.IssueID, &r.CommentID, &r.ReporterID, &r.Reason, &cr, &r.ResolvedBy, &ra,
		&cat, &r.OtherIssueID, &out, &r.Note, &r.IssueTitle, &r.CommentBody, &r.OtherIssueTitle)
	r.Created, r.ResolvedAt, r.Resolved = tm(cr), tm(ra), ra != 0
	r.Category, r.Outcome = gather.ReportCategory(cat), gather.ReportOutcome(out)
	return r, err
}

// Reports implements gather.Store.
func (db *DB) Reports(ctx context.Context, q gather.ReportQuery) ([]gather.Report, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	conds, args := []string{`r.category <> 'combine'`}, []any{}
	if q.Combine {
		conds[0] = `r.category = 'combine'`
	}
	if q.Open {
		q.Outcome, q.Has = gather.OutcomeOpen, true
	}
	if q.Has {
		conds, args = append(conds, `r.outcome = ?`), append(args, string(q.Outcome))
	}
	if q.Category != "" {
		conds, args = append(conds, `r.category = ?`), append(args, string(q.Category))
	}
	if q.Reporter != 0 {
		conds, args = append(conds, `r.reporter_id = ?`), append(args, q.Reporter)
	}
	switch q.Kind {
	case gather.KindIssue:
		conds = append(conds, `r.comment_id IS NULL`)
	case gather.KindComment:
		conds = append(conds, `r.comment_id IS NOT NULL`)
	}
	sqlq := `SELECT ` + reportCols + ` WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY r.id LIMIT ? OFFSET ?`
	return db.reports(ctx, sqlq, append(args, q.Limit, max(q.Offset, 0))...)
}

// reports runs a query that selects reportCols and scans every row.
func (db *DB) reports(ctx context.Context, q string, args ...any) ([]gather.Report, error) {
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}

// Report implements gather.Store.
func (db *DB) Report(ctx context.Context, id int64) (gather.Report, error) {
	q := `SELECT ` + reportCols + ` WHERE r.id = ?`
	r, err := scanReport(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return r, apperr.New(apperr.NotFound, "There is no such report.")
	}
	return r, db.translate(err, q)
}

// ReportCounts implements gather.Store.
func (db *DB) ReportCounts(ctx context.Context, combine bool) ([]gather.ReportCount, error) {
	cond := `category <> 'combine'`
	if combine {
		cond = `category = 'combine'`
	}
	q := `SELECT outcome, category, CASE WHEN comment_id IS NULL THEN 'issue' ELSE 'comment' END AS kind, COUNT(*)
		FROM reports WHERE ` + cond + ` GROUP BY outcome, category, kind ORDER BY outcome, category, kind`
	rows, err := db.query(ctx, db.R, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.ReportCount
	for rows.Next() {
		var c gather.ReportCount
		var o, cat, k string
		if err := rows.Scan(&o, &cat, &k, &c.N); err != nil {
			return nil, db.translate(err, q)
		}
		c.Outcome, c.Category, c.Kind = gather.ReportOutcome(o), gather.ReportCategory(cat), gather.TargetKind(k)
		out = append(out, c)
	}
	return out, db.translate(rows.Err(), q)
}

// ResolveReport implements gather.Store.
func (db *DB) ResolveReport(ctx context.Context, id, by int64, outcome gather.ReportOutcome, note string, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such open report.", `UPDATE reports SET resolved_by = ?, resolved_at = ?, outcome = ?, note = ? WHERE id = ? AND resolved_at = 0`,
			by, us(ev.Time), string(outcome), note, id); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "report", id)
	})
}

// Moderate implements gather.Store.
func (db *DB) Moderate(ctx context.Context, m *gather.Moderation, ev audit.Event) error {
	if m.Created.IsZero() {
		m.Created = ev.Time
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		switch {
		case m.Action == gather.ActionCorrect && m.CommentID == 0:
			err = db.mustAffect(ctx, tx, "This issue is not hidden.", `UPDATE issues SET hidden_reason = ? WHERE id = ? AND status = 'hidden'`, m.Reason, m.IssueID)
		case m.Action == gather.ActionCorrect:
			err = db.mustAffect(ctx, tx, "This comment is not hidden.", `UPDATE comments SET hidden_reason = ? WHERE id = ? AND issue_id = ? AND status = 'hidden'`, m.Reason, m.CommentID, m.IssueID)
		default:
			err = db.setModerated(ctx, tx, m, ev)
		}
		if err != nil {
			return err
		}
		if err := db.get(ctx, tx, "", `INSERT INTO moderations(issue_id, comment_id, action, reason, moderator_id, created_at, title) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{m.IssueID, nullID(m.CommentID), string(m.Action), m.Reason, m.ModeratorID, us(m.Created), m.IssueTitle}, &m.ID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "moderation", m.ID)
	})
}

// setModerated hides or shows again the target of m and, for hide,
// resolves the open reports on it.
func (db *DB) setModerated(ctx context.Context, tx *sql.Tx, m *gather.Moderation, ev audit.Event) error {
	hide := m.Action == gather.ActionHide
	reason := ""
	if hide {
		reason = m.Reason
	}
	if m.CommentID == 0 {
		st := gather.StatusOpen
		if hide {
			st = gather.StatusHidden
		}
		if err := db.setIssueStatus(ctx, tx, m.IssueID, st, reason, ev); err != nil {
			return err
		}
	} else {
		st, delta := gather.StatusVisible, 1
		if hide {
			st, delta = gather.StatusHidden, -1
		}
		res, err := db.exec(ctx, tx, `UPDATE comments SET status = ?, hidden_reason = ? WHERE id = ? AND issue_id = ? AND status <> ?`,
			string(st), reason, m.CommentID, m.IssueID, string(st))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if _, err := db.exec(ctx, tx, `UPDATE issues SET comments = comments + ? WHERE id = ?`, delta, m.IssueID); err != nil {
				return err
			}
		}
	}
	if hide {
		if _, err := db.exec(ctx, tx, `UPDATE reports SET resolved_by = ?, resolved_at = ?, outcome = 'hidden' WHERE issue_id = ? AND COALESCE(comment_id, 0) = ? AND resolved_at = 0 AND category <> 'combine'`,
			m.ModeratorID, us(m.Created), m.IssueID, m.CommentID); err != nil {
			return err
		}
	}
	return nil
}

// ModerationLog implements gather.Store. An entry shows the title kept
// when it was logged; older entries (before titles were kept) show the
// issue's title unless the issue is hidden now.
func (db *DB) ModerationLog(ctx context.Context, limit, offset int) ([]gather.Moderation, error) {
	q := `SELECT m.id, m.issue_id, COALESCE(m.comment_id, 0), m.action, m.reason, m.moderator_id, COALESCE(u.display_name, ''),
		CASE WHEN m.title <> '' THEN m.title WHEN i.status = 'hidden' THEN '' ELSE i.title END, m.created_at
		FROM moderations m JOIN issues i ON i.id = m.issue_id LEFT JOIN users u ON u.id = m.moderator_id
		ORDER BY m.id DESC LIMIT ? OFFSET ?`
	rows, err := db.query(ctx, db.R, q, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Moderation
	for rows.Next() {
		var m gather.Moderation
		var a string
		var cr int64
		if err := rows.Scan(&m.ID, &m.IssueID, &m.CommentID, &a, &m.Reason, &m.ModeratorID, &m.ModeratorName, &m.IssueTitle, &cr); err != nil {
			return nil, db.translate(err, q)
		}
		m.Action, m.Created = gather.ModerationAction(a), tm(cr)
		out = append(out, m)
	}
	return out, db.translate(rows.Err(), q)
}

// RejectSuggestion implements gather.Store.
func (db *DB) RejectSuggestion(ctx context.Context, cycleID int64, issueIDs []int64, reason string, by int64, ev audit.Event) error {
	ids := append([]int64(nil), issueIDs...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := db.get(ctx, tx, "", `INSERT INTO rejected_suggestions(cycle_id, issue_ids, reason, rejected_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{cycleID, gather.JoinIDs(ids), reason, by, us(ev.Time)}, &id); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "suggestion", id)
	})
}

// RejectedSuggestions implements gather.Store.
func (db *DB) RejectedSuggestions(ctx context.Context, cycleID int64) ([][]int64, error) {
	q := `SELECT issue_ids FROM rejected_suggestions WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]int64
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, db.translate(err, q)
		}
		ids := gather.SplitIDs(s)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		out = append(out, ids)
	}
	return out, db.translate(rows.Err(), q)
}
