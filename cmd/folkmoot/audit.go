package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

func init() {
	register(&command{
		name:    "audit",
		summary: "verify the audit log's hash chain, or show entries",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userFacing(runAudit(ctx, args, stdout, stderr))
		},
	})
}

const auditHelp = `Usage: folkmoot audit <subcommand> [flags]

Subcommands:
  verify [--db DB]                         seal pending entries, then check the whole hash chain
                                           and that counters equal rows; exit 1 on the first broken link
  show [--db DB] [--object O] [--limit N]  print entries (newest first for --object, else oldest first)
`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, auditHelp, map[string]runFunc{
		"verify": auditVerify,
		"show":   auditShow,
	})
}

// errAuditBroken is returned (exit status 1) when verification fails.
var errAuditBroken = errors.New("audit verification failed")

func auditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("audit verify", "[--db DB]", `
Seals committed entries that are not yet in the chain, then recomputes
every hash from the first entry (SHA-256 over the previous hash and the
entry's canonical encoding) and reports the first entry that does not
match. Also checks that maintained counters equal the rows they count.`, stderr)
	st, err := openForCLI(ctx, fs, db, args, 0, false)
	if err != nil {
		return err
	}
	defer st.Close()
	sealed, err := st.SealAudit(ctx)
	if err != nil {
		return err
	}
	n, err := audit.Verify(ctx, st)
	var brk *audit.Break
	if errors.As(err, &brk) {
		fmt.Fprintf(stdout, "BROKEN: %v\n", brk)
		fmt.Fprintf(stdout, "%d entries before it verified\n", n)
		return errAuditBroken
	}
	if err != nil {
		return err
	}
	problems, err := st.CheckCounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d audit entries verified (%d newly sealed)\n", n, sealed)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(stdout, "COUNTS: %s\n", p)
		}
		return errAuditBroken
	}
	fmt.Fprintln(stdout, "ok: counts equal rows")
	return nil
}

func auditShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("audit show", "[--object KIND:ID] [--after POS] [--limit N]", "Prints audit entries.", stderr)
	object := fs.String("object", "", "only entries about this object, e.g. issue:42 (newest first)")
	after := fs.Int64("after", 0, "start after this chain position")
	limit := fs.Int("limit", 50, "at most this many entries")
	st, err := openForCLI(ctx, fs, db, args, 0, false)
	if err != nil {
		return err
	}
	defer st.Close()
	var es []audit.Entry
	if *object != "" {
		es, err = st.AuditEntriesFor(ctx, *object, *limit)
	} else {
		if _, err := st.SealAudit(ctx); err != nil {
			return err
		}
		es, err = st.AuditEntries(ctx, *after, *limit)
	}
	if err != nil {
		return err
	}
	for _, e := range es {
		pos := "unsealed"
		if e.Sealed() {
			pos = fmt.Sprint(e.Pos)
		}
		keys := make([]string, 0, len(e.Details))
		for k := range e.Details {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var d []string
		for _, k := range keys {
			d = append(d, fmt.Sprintf("%s=%q", k, e.Details[k]))
		}
		hash := e.Hash
		if len(hash) > 12 {
			hash = hash[:12]
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pos, e.Time.Format(time.RFC3339), e.Actor, e.Action, e.Object, strings.Join(d, " "), hash)
	}
	return nil
}
