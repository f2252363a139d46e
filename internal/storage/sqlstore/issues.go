package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// ---- issues ----

const issueCols = `i.id, i.cycle_id, i.title, i.description, i.tags, i.author_id, COALESCE(u.display_name, ''),
	COALESCE(i.org_id, 0), COALESCE(o.name, ''), i.status, i.hidden_reason, COALESCE(i.theme_id, 0),
	i.supports, i.comments, i.trend, i.created_at, i.updated_at`

const issueFrom = ` FROM issues i LEFT JOIN users u ON u.id = i.author_id LEFT JOIN organisations o ON o.id = i.org_id`

func scanIssue(s scanner) (gather.Issue, error) {
	var i gather.Issue
	var tags, status string
	var c, u int64
	err := s.Scan(&i.ID, &i.CycleID, &i.Title, &i.Description, &tags, &i.AuthorID, &i.AuthorName,
		&i.OrgID, &i.OrgName, &status, &i.HiddenReason, &i.ThemeID, &i.Supports, &i.Comments, &i.Trend, &c, &u)
	i.Tags, i.Status, i.Created, i.Updated = splitTags(tags), gather.Status(status), tm(c), tm(u)
	return i, err
}

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// CreateIssue implements gather.Store.
func (db *DB) CreateIssue(ctx context.Context, iss *gather.Issue, ev audit.Event) error {
	if iss.Created.IsZero() {
		iss.Created = ev.Time
	}
	if iss.Updated.IsZero() {
		iss.Updated = iss.Created
	}
	iss.Status, iss.Supports, iss.Comments = gather.StatusOpen, 0, 0
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO issues(cycle_id, title, description, tags, author_id, org_id, status, theme_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id`,
			[]any{iss.CycleID, iss.Title, iss.Description, strings.Join(iss.Tags, ","), iss.AuthorID, nullID(iss.OrgID), nullID(iss.ThemeID),
				us(iss.Created), us(iss.Updated)}, &iss.ID); err != nil {
			return err
		}
		if err := db.insertTags(ctx, tx, iss.ID, iss.Tags); err != nil {
			return err
		}
		if err := db.bumpCount(ctx, tx, iss.CycleID, gather.StatusOpen, 1); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "issue", iss.ID)
	})
}

func (db *DB) insertTags(ctx context.Context, tx *sql.Tx, id int64, tags []string) error {
	for _, t := range tags {
		if _, err := db.exec(ctx, tx, `INSERT INTO issue_tags(tag, issue_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, t, id); err != nil {
			return err
		}
	}
	return nil
}

// bumpCount adds delta to the maintained count of issues of a cycle with a status.
func (db *DB) bumpCount(ctx context.Context, tx *sql.Tx, cycleID int64, st gather.Status, delta int) error {
	_, err := db.exec(ctx, tx, `INSERT INTO issue_counts(cycle_id, status, n) VALUES (?, ?, ?)
		ON CONFLICT (cycle_id, status) DO UPDATE SET n = issue_counts.n + excluded.n`, cycleID, string(st), delta)
	return err
}

// UpdateIssue implements gather.Store.
func (db *DB) UpdateIssue(ctx context.Context, iss gather.Issue, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such issue.", `UPDATE issues SET title = ?, description = ?, tags = ?, updated_at = ? WHERE id = ?`,
			iss.Title, iss.Description, strings.Join(iss.Tags, ","), us(iss.Updated), iss.ID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM issue_tags WHERE issue_id = ?`, iss.ID); err != nil {
			return err
		}
		if err := db.insertTags(ctx, tx, iss.ID, iss.Tags); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "issue", iss.ID)
	})
}

// SetIssueStatus implements gather.Store.
func (db *DB) SetIssueStatus(ctx context.Context, id int64, st gather.Status, reason string, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.setIssueStatus(ctx, tx, id, st, reason, ev); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "issue", id)
	})
}

func (db *DB) setIssueStatus(ctx context.Context, tx *sql.Tx, id int64, st gather.Status, reason string, ev audit.Event) error {
	var old string
	var cycle int64
	if err := db.get(ctx, tx, "There is no such issue.", `SELECT status, cycle_id FROM issues WHERE id = ?`, []any{id}, &old, &cycle); err != nil {
		return err
	}
	if _, err := db.exec(ctx, tx, `UPDATE issues SET status = ?, hidden_reason = ?, updated_at = ? WHERE id = ?`, string(st), reason, us(ev.Time), id); err != nil {
		return err
	}
	if gather.Status(old) == st {
		return nil
	}
	if err := db.bumpCount(ctx, tx, cycle, gather.Status(old), -1); err != nil {
		return err
	}
	return db.bumpCount(ctx, tx, cycle, st, 1)
}

// Issue implements gather.Store.
func (db *DB) Issue(ctx context.Context, id int64) (gather.Issue, error) {
	q := `SELECT ` + issueCols + issueFrom + ` WHERE i.id = ?`
	i, err := scanIssue(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return i, apperr.New(apperr.NotFound, "There is no such issue.")
	}
	return i, db.translate(err, q)
}

// Issues implements gather.Store.
func (db *DB) Issues(ctx context.Context, ids []int64) ([]gather.Issue, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	got, err := db.issues(ctx, `SELECT `+issueCols+issueFrom+` WHERE i.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]gather.Issue, len(got))
	for _, i := range got {
		byID[i.ID] = i
	}
	out := make([]gather.Issue, 0, len(got))
	seen := map[int64]bool{}
	for _, id := range ids {
		if i, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, i)
		}
	}
	return out, nil
}

// IssueCounts implements gather.Store. The statement is built for the
// number of ids, so it is not kept in the prepared-statement cache.
func (db *DB) IssueCounts(ctx context.Context, ids []int64) ([]gather.Counts, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := `SELECT id, supports, comments FROM issues WHERE id IN (` + placeholders(len(ids)) + `)`
	rows, err := db.R.QueryContext(ctx, db.q(q), int64Args(ids)...)
	if err != nil {
		return nil, db.translate(err, q)
	}
	defer rows.Close()
	out := make([]gather.Counts, 0, len(ids))
	for rows.Next() {
		var c gather.Counts
		if err := rows.Scan(&c.IssueID, &c.Supports, &c.Comments); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, c)
	}
	return out, db.translate(rows.Err(), q)
}

func (db *DB) issues(ctx context.Context, q string, args ...any) ([]gather.Issue, error) {
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Issue
	for rows.Next() {
		i, err := scanIssue(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, i)
	}
	return out, db.translate(rows.Err(), q)
}

// countCap bounds how far filtered lists are counted.
const countCap = 1000

// ListIssues implements gather.Store.
func (db *DB) ListIssues(ctx context.Context, q gather.IssueQuery) (gather.IssuePage, error) {
	page := gather.IssuePage{Page: q.Page, PerPage: q.PerPage}
	var join string
	where := []string{`i.status IN (` + placeholders(len(q.Statuses)) + `)`}
	var args []any
	for _, st := range q.Statuses {
		args = append(args, string(st))
	}
	if q.CycleID != 0 {
		where, args = append(where, `i.cycle_id = ?`), append(args, q.CycleID)
	}
	if q.ThemeID != 0 {
		where, args = append(where, `i.theme_id = ?`), append(args, q.ThemeID)
	}
	if q.AuthorID != 0 {
		where, args = append(where, `i.author_id = ?`), append(args, q.AuthorID)
	}
	if q.Tag != "" {
		where, args = append(where, `EXISTS (SELECT 1 FROM issue_tags t WHERE t.tag = ? AND t.issue_id = i.id)`), append(args, q.Tag)
	}
	var rank string
	var rankArgs []any
	if q.Search != "" {
		j, w, wa, r, ra, ok := db.d.Search(q.Search)
		if !ok {
			page.Total = 0
			return page, nil
		}
		join, rank, rankArgs = j, r, ra
		where, args = append(where, w), append(args, wa...)
	}
	if q.After != "" {
		c, err := gather.DecodeCursor(q.After)
		if err != nil {
			return page, err
		}
		// Row-value comparisons: an index range scan from the cursor on.
		switch c.Sort {
		case gather.SortSupported:
			where, args = append(where, `(i.supports, i.id) < (?, ?)`), append(args, c.Key, c.ID)
		case gather.SortNewest:
			where, args = append(where, `(i.created_at, i.id) < (?, ?)`), append(args, c.Key, c.ID)
		case gather.SortTrending:
			where, args = append(where, `(i.trend, i.id) < (?, ?)`), append(args, math.Float64frombits(uint64(c.Key)), c.ID)
		}
	}
	var order string
	switch q.Sort {
	case gather.SortNewest:
		order = `i.created_at DESC, i.id DESC`
	case gather.SortTrending:
		order = `i.trend DESC, i.id DESC`
	case gather.SortRelevance:
		order = rank + `, i.id DESC`
	default:
		order = `i.supports DESC, i.id DESC`
	}
	cond := strings.Join(where, " AND ")
	sqlq := `SELECT ` + issueCols + issueFrom + join + ` WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	all := append(append([]any{}, args...), db.orderArgs(q.Sort, rankArgs)...)
	offset := (q.Page - 1) * q.PerPage
	if q.After != "" {
		offset = 0
	}
	all = append(all, q.PerPage+1, offset)
	is, err := db.issues(ctx, sqlq, all...)
	if err != nil {
		return page, err
	}
	if len(is) > q.PerPage {
		page.HasMore, is = true, is[:q.PerPage]
	}
	page.Issues = is
	if page.HasMore {
		page.Next = gather.EncodeCursor(q.Sort, is[len(is)-1])
	}
	if q.After != "" {
		// Totals describe the whole list, not what is left after the cursor.
		q.After = ""
		return page, db.fillTotal(ctx, &page, q)
	}
	page.Total, err = db.countIssues(ctx, q, join, cond, args)
	return page, err
}

// fillTotal sets page.Total for q without its cursor condition.
func (db *DB) fillTotal(ctx context.Context, page *gather.IssuePage, q gather.IssueQuery) error {
	q.PerPage, q.Page = 1, 1
	p, err := db.ListIssues(ctx, q)
	page.Total = p.Total
	return err
}

func (db *DB) orderArgs(s gather.Sort, rankArgs []any) []any {
	if s == gather.SortRelevance {
		return rankArgs
	}
	return nil
}

// countIssues returns the total for a list: from the maintained counters
// when only cycle and status filter it, else counted up to countCap (-1
// beyond).
func (db *DB) countIssues(ctx context.Context, q gather.IssueQuery, join, cond string, args []any) (int, error) {
	if q.Search == "" && q.Tag == "" && q.ThemeID == 0 && q.AuthorID == 0 {
		sargs := make([]any, 0, len(q.Statuses)+1)
		for _, st := range q.Statuses {
			sargs = append(sargs, string(st))
		}
		sqlq := `SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM issue_counts WHERE status IN (` + placeholders(len(q.Statuses)) + `)`
		if q.CycleID != 0 {
			sqlq += ` AND cycle_id = ?`
			sargs = append(sargs, q.CycleID)
		}
		var n int
		err := db.get(ctx, db.R, "", sqlq, sargs, &n)
		return n, err
	}
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM (SELECT 1 FROM issues i`+join+` WHERE `+cond+` LIMIT ?) c`,
		append(append([]any{}, args...), countCap+1), &n)
	if n > countCap {
		n = -1
	}
	return n, err
}

// Digests implements gather.Store.
func (db *DB) Digests(ctx context.Context, cycleID int64) ([]gather.Digest, error) {
	q := `SELECT id, cycle_id, title, description, tags, supports, COALESCE(theme_id, 0) FROM issues
		WHERE status = 'open' AND (? = 0 OR cycle_id = ?) ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.Digest
	for rows.Next() {
		var d gather.Digest
		var tags string
		if err := rows.Scan(&d.ID, &d.CycleID, &d.Title, &d.Description, &tags, &d.Supports, &d.ThemeID); err != nil {
			return nil, db.translate(err, q)
		}
		d.Tags = splitTags(tags)
		out = append(out, d)
	}
	return out, db.translate(rows.Err(), q)
}

// Tags implements gather.Store.
func (db *DB) Tags(ctx context.Context, cycleID int64, limit int) ([]gather.TagCount, error) {
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT t.tag, COUNT(*) FROM issue_tags t JOIN issues i ON i.id = t.issue_id
		WHERE i.status = 'open' AND (? = 0 OR i.cycle_id = ?) GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT ?`
	rows, err := db.query(ctx, db.R, q, cycleID, cycleID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gather.TagCount
	for rows.Next() {
		var t gather.TagCount
		if err := rows.Scan(&t.Tag, &t.Issues); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, t)
	}
	return out, db.translate(rows.Err(), q)
}
