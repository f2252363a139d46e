package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func init() {
	register(&command{
		name:    "jobs",
		summary: "list background jobs (email, notifications), retry failed ones, cancel",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userFacing(runJobs(ctx, args, stdout, stderr))
		},
	})
}

const jobsHelp = `Usage: folkmoot jobs <subcommand> [flags] ...

Subcommands:
  list [--status S[,S]] [--kind K] [--limit N]
                 list jobs, newest first: id, kind, status, attempts, when it
                 runs (next), progress and the last error (cut short)
  show ID        one job in full (its last error whole)
  retry ID       run a failed or cancelled job again from its first attempt,
                 or a queued one now rather than at the end of its back-off
  cancel ID      cancel a queued or running job (a running one stops at its
                 worker's next heartbeat)

Statuses: queued, running, done, failed, cancelled. Every subcommand takes
--db (or FOLKMOOT_DB). Payloads are never shown (they hold email addresses
and sign-in links), and email addresses in error texts are hidden. Running
servers and workers see a retried job within a second or so.
`

func runJobs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, jobsHelp, map[string]runFunc{
		"list":   jobsList,
		"show":   jobsShow,
		"retry":  jobsRetry,
		"cancel": jobsCancel,
	})
}

// statusList collects --status values, comma-separated or repeated.
type statusList []jobs.Status

func (s *statusList) String() string { return fmt.Sprint([]jobs.Status(*s)) }
func (s *statusList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		st := jobs.Status(strings.ToLower(strings.TrimSpace(part)))
		switch st {
		case jobs.Queued, jobs.Running, jobs.Done, jobs.Failed, jobs.Cancelled:
			*s = append(*s, st)
		default:
			return fmt.Errorf("unknown status %q (queued, running, done, failed, cancelled)", part)
		}
	}
	return nil
}

// listedError is how much of a job's last error the list shows: its
// start and its end, where a wrapped error keeps its cause.
const listedError = 72

func jobsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("jobs list", "[--status S[,S]] [--kind K] [--limit N]",
		"Lists background jobs, newest first. RUN AT is when a queued job runs next (after its\nback-off); LAST ERROR is cut short (see folkmoot jobs show ID).", stderr)
	var statuses statusList
	fs.Var(&statuses, "status", "only jobs with this status (queued, running, done, failed, cancelled; comma-separated or repeated)")
	kind := fs.String("kind", "", "only jobs of this kind, e.g. mail.send")
	limit := fs.Int("limit", 100, "at most this many jobs")
	st, err := openForCLI(ctx, fs, db, args, 0, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if *limit <= 0 {
		return fmt.Errorf("--limit must be positive: %w", errUsage)
	}
	js, err := st.Jobs(ctx, jobs.Query{Kind: strings.TrimSpace(*kind), Statuses: statuses, Limit: *limit})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tATTEMPTS\tRUN AT\tPROGRESS\tLAST ERROR")
	for _, j := range js {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", j.ID, j.Kind, j.Status, j.Attempts, clock(j.RunAt),
			progressText(j.Progress), cut(operatorText(j.LastError), listedError))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(js) == 0 {
		fmt.Fprintln(stderr, "No jobs match.")
	}
	return nil
}

func jobsShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	st, id, err := openJobArg(ctx, "show", "Shows one background job in full, without its payload.", args, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	j, err := st.Job(ctx, id)
	if err != nil {
		return err
	}
	maxAttempts := "the handler's default"
	if j.MaxAttempts > 0 {
		maxAttempts = strconv.Itoa(j.MaxAttempts)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("id", strconv.FormatInt(j.ID, 10))
	row("kind", j.Kind)
	row("status", string(j.Status))
	row("attempts", fmt.Sprintf("%d (at most %s)", j.Attempts, maxAttempts))
	row("run at", clock(j.RunAt))
	if j.Status == jobs.Running {
		row("worker", j.LeaseOwner)
		row("lease until", clock(j.LeaseUntil))
	}
	row("progress", progressText(j.Progress))
	row("created", clock(j.Created))
	row("updated", clock(j.Updated))
	row("finished", clock(j.Finished))
	row("last error", orDash(operatorText(j.LastError)))
	return tw.Flush()
}

func jobsRetry(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	st, id, err := openJobArg(ctx, "retry",
		"Runs a failed or cancelled job again, from its first attempt, or a queued job now\nrather than at the end of its back-off.", args, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	ok, err := st.RequeueJob(ctx, id, now, now)
	if err != nil {
		return err
	}
	j, err := st.Job(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		if j.Status == jobs.Running {
			return fmt.Errorf("job %d (%s) is running now; cancel it first to run it again from the start", id, j.Kind)
		}
		return fmt.Errorf("job %d (%s) is done: it cannot run again", id, j.Kind)
	}
	fmt.Fprintf(stdout, "Job %d (%s) is queued to run now, attempt %d.\n", id, j.Kind, j.Attempts+1)
	return nil
}

func jobsCancel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	st, id, err := openJobArg(ctx, "cancel",
		"Cancels a queued or running job. A running job's worker stops it at its next heartbeat\n(within a third of the job lease); what it did already stays done.", args, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	j, err := st.Job(ctx, id)
	if err != nil {
		return err
	}
	if j.Status != jobs.Queued && j.Status != jobs.Running {
		return fmt.Errorf("job %d (%s) is %s already: only queued and running jobs can be cancelled", id, j.Kind, j.Status)
	}
	if err := st.CancelJob(ctx, id, time.Now()); err != nil {
		return err
	}
	if j.Status == jobs.Running {
		fmt.Fprintf(stdout, "Job %d (%s) is cancelled; its worker stops it at its next heartbeat.\n", id, j.Kind)
	} else {
		fmt.Fprintf(stdout, "Job %d (%s) is cancelled.\n", id, j.Kind)
	}
	return nil
}

// openJobArg parses the flags of "jobs <sub> ID", opens the store and
// returns it with the job id.
func openJobArg(ctx context.Context, sub, about string, args []string, stderr io.Writer) (storage.Store, int64, error) {
	fs, db := newStoreFlags("jobs "+sub, "ID", about, stderr)
	st, err := openForCLI(ctx, fs, db, args, 1, false)
	if err != nil {
		return nil, 0, err
	}
	s := fs.Arg(0)
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		st.Close()
		return nil, 0, fmt.Errorf("%q is not a job id (see folkmoot jobs list): %w", s, errUsage)
	}
	return st, id, nil
}

// clock shows a time in UTC to the second, or "-" for none.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func progressText(p jobs.Progress) string {
	var s string
	switch {
	case p.Total > 0:
		s = fmt.Sprintf("%d/%d", p.Done, p.Total)
	case p.Done > 0:
		s = strconv.FormatInt(p.Done, 10)
	}
	if p.Note != "" {
		s = strings.TrimSpace(s + " " + operatorText(p.Note))
	}
	return orDash(s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// emailRE finds what looks like an email address.
var emailRE = regexp.MustCompile(`<?[^\s<>"'(),;:\[\]]+@[^\s<>"'(),;:\[\]]+>?`)

// operatorText makes a job's text fit one line of a terminal: whitespace
// runs become one space, and email addresses (a mail server's refusal
// may quote one) become "<address>": an operator needs the reason, not
// the person.
func operatorText(s string) string {
	s = emailRE.ReplaceAllString(s, "<address>")
	return strings.Join(strings.Fields(s), " ")
}

// cut shortens s to n characters by putting "…" in place of its middle:
// an error says what was being done at its start and why it failed at its
// end ("mail: connecting to …: connection refused").
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return orDash(s)
	}
	r := []rune(s)
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}
