package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
)

// importChunk is the number of rows per multi-row INSERT.
const importChunk = 400

// ImportIssues loads many open issues and their supports in one
// transaction with multi-row INSERTs: for demo seeding and benchmarks
// (100,000 issues in seconds rather than minutes). Each issue's ID is set
// on return. supports[i].IssueID is an index into issues, not an id;
// duplicate (issue, user) pairs count once. Counters, trend scores, tags,
// the search index and issue totals come out exactly as if every issue and
// support had been made one by one, and each gets the audit entry the
// normal path writes ("issue.submit" by its author, "support.add" by its
// supporter, at their Created times).
//
// Issue ids are assigned by the import itself, so it must not run while
// other writers are creating issues.
func (db *DB) ImportIssues(ctx context.Context, issues []gather.Issue, supports []gather.Support) error {
	if len(issues) == 0 {
		return nil
	}
	type key struct{ issue, user int64 }
	seen := map[key]bool{}
	var sups []gather.Support
	for _, s := range supports {
		if s.IssueID < 0 || int(s.IssueID) >= len(issues) {
			return apperr.New(apperr.Invalid, "import: support for issue index %d out of range", s.IssueID)
		}
		k := key{s.IssueID, s.UserID}
		if seen[k] {
			continue
		}
		seen[k] = true
		if s.Created.IsZero() {
			s.Created = issues[s.IssueID].Created
		}
		sups = append(sups, s)
		issues[s.IssueID].Supports++
	}
	trend := make([]float64, len(issues))
	for _, s := range sups {
		trend[s.IssueID] += gather.TrendWeight(s.Created)
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var maxID int64
		if err := db.get(ctx, tx, "", `SELECT COALESCE(MAX(id), 0) FROM issues`, nil, &maxID); err != nil {
			return err
		}
		counts := map[int64]int{}
		for i := range issues {
			iss := &issues[i]
			iss.ID = maxID + int64(i) + 1
			iss.Status, iss.Comments = gather.StatusOpen, 0
			if iss.Created.IsZero() {
				iss.Created = time.Now().UTC().Truncate(time.Microsecond)
			}
			if iss.Updated.IsZero() {
				iss.Updated = iss.Created
			}
			counts[iss.CycleID]++
		}
		err := chunked(len(issues), func(lo, hi int) error {
			args := make([]any, 0, 12*(hi-lo))
			for i := lo; i < hi; i++ {
				iss := issues[i]
				args = append(args, iss.ID, iss.CycleID, iss.Title, iss.Description, strings.Join(iss.Tags, ","), iss.AuthorID,
					nullID(iss.OrgID), iss.Supports, trend[i], us(iss.Created), us(iss.Updated), nullID(iss.ThemeID))
			}
			return db.execMany(ctx, tx, `INSERT INTO issues(id, cycle_id, title, description, tags, author_id, org_id, supports, trend, created_at, updated_at, theme_id, status) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open'), ", hi-lo), ", "), args)
		})
		if err != nil {
			return err
		}
		if db.d.AfterExplicitIDs != "" {
			if _, err := tx.ExecContext(ctx, db.d.AfterExplicitIDs); err != nil {
				return db.translate(err, "import: sequence")
			}
		}
		var tags []any
		for _, iss := range issues {
			for _, t := range iss.Tags {
				tags = append(tags, t, iss.ID)
			}
		}
		if err := chunked(len(tags)/2, func(lo, hi int) error {
			return db.execMany(ctx, tx, `INSERT INTO issue_tags(tag, issue_id) VALUES `+tuples(hi-lo, 2)+` ON CONFLICT DO NOTHING`, tags[2*lo:2*hi])
		}); err != nil {
			return err
		}
		if err := chunked(len(sups), func(lo, hi int) error {
			args := make([]any, 0, 3*(hi-lo))
			for _, s := range sups[lo:hi] {
				args = append(args, issues[s.IssueID].ID, s.UserID, us(s.Created))
			}
			return db.execMany(ctx, tx, `INSERT INTO supports(issue_id, user_id, created_at) VALUES `+tuples(hi-lo, 3), args)
		}); err != nil {
			return err
		}
		for cycle, n := range counts {
			if err := db.bumpCount(ctx, tx, cycle, gather.StatusOpen, n); err != nil {
				return err
			}
		}
		// Audit entries, in time order per kind as the normal path would write them.
		evs := make([][]any, 0, len(issues)+len(sups))
		for _, iss := range issues {
			d, _ := encodeDetails(map[string]string{"title": iss.Title, "cycle": itoa(iss.CycleID), "org": itoa(iss.OrgID)})
			evs = append(evs, []any{us(iss.Created), audit.UserActor(iss.AuthorID), "issue.submit", audit.ObjectRef("issue", iss.ID), d})
		}
		for _, s := range sups {
			evs = append(evs, []any{us(s.Created), audit.UserActor(s.UserID), "support.add", audit.ObjectRef("issue", issues[s.IssueID].ID), "{}"})
		}
		return chunked(len(evs), func(lo, hi int) error {
			var args []any
			for _, e := range evs[lo:hi] {
				args = append(args, e...)
			}
			return db.execMany(ctx, tx, `INSERT INTO audit_log(at, actor, action, object, details) VALUES `+tuples(hi-lo, 5), args)
		})
	})
	if err != nil || db.d.AfterImport == "" {
		return err
	}
	if _, err := db.W.ExecContext(ctx, db.d.AfterImport); err != nil {
		return db.translate(err, "after import")
	}
	return nil
}

func chunked(n int, fn func(lo, hi int) error) error {
	for lo := 0; lo < n; lo += importChunk {
		if err := fn(lo, min(lo+importChunk, n)); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) execMany(ctx context.Context, tx *sql.Tx, query string, args []any) error {
	if db.d.Numbered {
		query = Rebind(query)
	}
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return db.translate(err, query)
	}
	return nil
}

func itoa(n int64) string { return audit.ObjectRef("", n)[1:] }
