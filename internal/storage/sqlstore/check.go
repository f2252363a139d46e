package sqlstore

import (
	"context"
	"fmt"
)

// consistencyChecks are queries that must each return 0: maintained
// counters against the rows they count.
var consistencyChecks = []struct{ what, query string }{
	{"issues whose support count differs from their support rows",
		`SELECT COUNT(*) FROM issues i WHERE i.supports <> (SELECT COUNT(*) FROM supports s WHERE s.issue_id = i.id)`},
	{"issues whose comment count differs from their visible comments",
		`SELECT COUNT(*) FROM issues i WHERE i.comments <> (SELECT COUNT(*) FROM comments c WHERE c.issue_id = i.id AND c.status = 'visible')`},
	{"(cycle, status) issue totals that differ from the issues",
		`SELECT COUNT(*) FROM (SELECT cycle_id, status, COUNT(*) AS n FROM issues GROUP BY cycle_id, status) g
		 LEFT JOIN issue_counts c ON c.cycle_id = g.cycle_id AND c.status = g.status WHERE COALESCE(c.n, -1) <> g.n`},
}

// CheckCounts compares every maintained counter with the rows it counts
// (support counts, comment counts, issue totals) and returns one line per
// kind of mismatch; none means consistent. It scans whole tables: for
// operators and tests (after a crash), not for request paths.
func (db *DB) CheckCounts(ctx context.Context) ([]string, error) {
	var problems []string
	for _, c := range consistencyChecks {
		var n int
		if err := db.get(ctx, db.R, "", c.query, nil, &n); err != nil {
			return nil, err
		}
		if n != 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	return problems, nil
}
