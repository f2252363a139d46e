package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
)

func init() {
	register(&command{
		name:    "cycle",
		summary: "create rounds (cycles), list them, move them to their next phase",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return userFacing(runCycle(ctx, args, stdout, stderr))
		},
	})
}

const cycleHelp = `Usage: folkmoot cycle <subcommand> [flags] ...

Subcommands:
  create --programme NAME --title TITLE [--plan PHASE=FROM..TO]...
                                  create a round, open for gathering issues at once;
                                  prints its id (the programme is created if new)
  list [--programme NAME]         list rounds with their phase
  show --cycle ID                 a round's plan and timeline
  phase --cycle ID [--note TEXT] PHASE
                                  move a round to PHASE (or "next"): gather, agenda,
                                  selection, learning, meetings, recommendations,
                                  response, followup

Every subcommand takes --db (or FOLKMOOT_DB). Changes are made as the
command-line operator, recorded in the audit log, and reach running servers
within a few seconds.
`

// cycleCLI holds what the cycle subcommands share: the store and the
// service over it, with changes announced to running servers through the
// live broker.
type cycleCLI struct {
	st storage.Store
	b  live.Broker
	cs *cycle.Service
}

func openCycleCLI(ctx context.Context, fs *flag.FlagSet, db *string, args []string, nargs int, stderr io.Writer) (*cycleCLI, error) {
	st, err := openForCLI(ctx, fs, db, args, nargs, false)
	if err != nil {
		return nil, err
	}
	log := newLogger(stderr, "warn")
	b, err := openBroker(ctx, *db, st, true, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &cycleCLI{st: st, b: b, cs: cycle.NewService(st, cycle.Config{Changed: announceCycle(b, log)})}, nil
}

// Close sends what the broker holds, then closes the store.
func (c *cycleCLI) Close() error {
	berr := c.b.Close()
	if err := c.st.Close(); err != nil {
		return err
	}
	return berr
}

func runCycle(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, cycleHelp, map[string]runFunc{
		"create": cycleCreate,
		"list":   cycleList,
		"show":   cycleShow,
		"phase":  cyclePhase,
	})
}

// planList collects repeated --plan PHASE=FROM..TO flags (dates as
// 2027-03-01; either side may be empty).
type planList []cycle.PlannedPhase

func (p *planList) String() string { return fmt.Sprint([]cycle.PlannedPhase(*p)) }
func (p *planList) Set(s string) error {
	name, span, ok := strings.Cut(s, "=")
	phase, known := cycle.ParsePhase(name)
	if !ok || !known {
		return fmt.Errorf("want PHASE=FROM..TO with a phase of %s, got %q", phaseNames(), s)
	}
	from, to, _ := strings.Cut(span, "..")
	pp := cycle.PlannedPhase{Phase: phase}
	var err error
	if pp.Starts, err = parseDay(from); err != nil {
		return err
	}
	if pp.Ends, err = parseDay(to); err != nil {
		return err
	}
	*p = append(*p, pp)
	return nil
}

// parseDay reads a date (2027-03-01) or a time (RFC 3339); "" is zero.
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date like 2027-03-01", s)
	}
	return t, nil
}

func phaseNames() string {
	s := make([]string, len(cycle.Phases))
	for i, p := range cycle.Phases {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

func cycleCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("cycle create", "--programme NAME --title TITLE [--description TEXT] [--plan PHASE=FROM..TO]...",
		"Creates a round of a programme (creating the programme if no programme has that name)\nand opens it for gathering issues at once. Prints the new round's id.", stderr)
	prog := fs.String("programme", "", "the programme's name, e.g. \"NHS Citizen\"")
	title := fs.String("title", "", "the round's title, e.g. \"Spring 2027\"")
	desc := fs.String("description", "", "a short description shown on the round's page")
	var plan planList
	fs.Var(&plan, "plan", "planned dates of a phase, PHASE=FROM..TO, e.g. gather=2027-01-10..2027-03-01 (repeatable)")
	c, err := openCycleCLI(ctx, fs, db, args, 0, stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	if strings.TrimSpace(*prog) == "" || strings.TrimSpace(*title) == "" {
		fs.Usage()
		return fmt.Errorf("give --programme and --title: %w", errUsage)
	}
	p, err := c.cs.ProgrammeNamed(ctx, people.System, *prog)
	if err != nil {
		return err
	}
	r, err := c.cs.CreateCycle(ctx, people.System, cycle.Draft{ProgrammeID: p.ID, Title: *title, Description: *desc, Plan: plan})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, r.ID)
	fmt.Fprintf(stderr, "Created round %d, %q, in the programme %q. It is gathering issues now.\n", r.ID, r.Title, p.Name)
	return nil
}

func cycleList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("cycle list", "[--programme NAME]", "Lists rounds, newest first, with their current phase.", stderr)
	prog := fs.String("programme", "", "only this programme's rounds")
	c, err := openCycleCLI(ctx, fs, db, args, 0, stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	var pid int64
	if *prog != "" {
		p, err := c.st.ProgrammeBySlug(ctx, cycle.Slug(*prog))
		if err != nil {
			return fmt.Errorf("programme %q: %w", *prog, err)
		}
		pid = p.ID
	}
	rounds, err := c.cs.Cycles(ctx, pid)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tPROGRAMME\tPHASE\tSINCE\tPHASE ENDS")
	for _, r := range rounds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Title, r.ProgrammeName, r.Phase, day(r.PhaseSince), day(r.Planned(r.Phase).Ends))
	}
	return tw.Flush()
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

// openRound opens the store like openCycleCLI and reads the round whose id
// idFlag holds (--cycle).
func openRound(ctx context.Context, fs *flag.FlagSet, db, idFlag *string, args []string, nargs int, stderr io.Writer) (*cycleCLI, cycle.Cycle, error) {
	c, err := openCycleCLI(ctx, fs, db, args, nargs, stderr)
	if err != nil {
		return nil, cycle.Cycle{}, err
	}
	id, err := strconv.ParseInt(strings.TrimSpace(*idFlag), 10, 64)
	if err != nil || id <= 0 {
		c.Close()
		return nil, cycle.Cycle{}, fmt.Errorf("--cycle must be a round's id (see folkmoot cycle list): %w", errUsage)
	}
	r, err := c.cs.Cycle(ctx, id)
	if err != nil {
		c.Close()
		return nil, cycle.Cycle{}, err
	}
	return c, r, nil
}

func cycleShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("cycle show", "--cycle ID", "Shows a round's plan and its timeline.", stderr)
	idFlag := fs.String("cycle", "", "the round's id")
	c, r, err := openRound(ctx, fs, db, idFlag, args, 0, stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	moves, err := c.cs.Timeline(ctx, r.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Round %d: %s (%s), now in %s since %s\n\nPlan:\n", r.ID, r.Title, r.ProgrammeName, r.Phase, day(r.PhaseSince))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, pp := range r.Plan {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", pp.Phase, day(pp.Starts), day(pp.Ends))
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nTimeline:")
	for _, m := range moves {
		by := m.ActorName
		if by == "" {
			by = "an operator"
		}
		what := "opened in " + string(m.To)
		if m.From != "" {
			what = fmt.Sprintf("moved from %s to %s", m.From, m.To)
		}
		fmt.Fprintf(stdout, "  %s  %s by %s", m.At.UTC().Format("2006-01-02 15:04"), what, by)
		if m.Note != "" {
			fmt.Fprintf(stdout, ": %s", m.Note)
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

func cyclePhase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newStoreFlags("cycle phase", "--cycle ID [--note TEXT] PHASE",
		"Moves a round to PHASE ("+phaseNames()+", or next). Moving back is allowed,\nto correct a mistake; the timeline shows it.", stderr)
	idFlag := fs.String("cycle", "", "the round's id")
	note := fs.String("note", "", "a public note shown on the round's timeline")
	c, r, err := openRound(ctx, fs, db, idFlag, args, 1, stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	id := r.ID
	to, ok := cycle.ParsePhase(fs.Arg(0))
	if strings.EqualFold(strings.TrimSpace(fs.Arg(0)), "next") {
		if to, ok = r.Phase.Next(); !ok {
			return fmt.Errorf("round %d is in its last phase, %s", id, r.Phase)
		}
	}
	if !ok {
		return fmt.Errorf("unknown phase %q; choose one of %s, or next: %w", fs.Arg(0), phaseNames(), errUsage)
	}
	moved, err := c.cs.MovePhase(ctx, people.System, id, to, *note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Round %d, %q, moved from %s to %s.\n", moved.ID, moved.Title, r.Phase, moved.Phase)
	return nil
}
