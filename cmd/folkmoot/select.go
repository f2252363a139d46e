package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/selection"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

func init() {
	register(&command{
		name:    "select",
		summary: "select assembly members by stratified sortition (LEXIMIN by default)",
		run:     runSelect,
	})
}

type selectFlags struct {
	categories, respondents string
	k                       int
	algorithm               string
	address                 string
	idColumn                string
	seed                    string
	lottery                 int
	publicSeed              string
	json                    bool
	out                     string
	quiet                   bool
	alreadySelected         string
	reserves                int
	timeLimit               time.Duration
}

func parseSelectFlags(args []string, stderr io.Writer) (*selectFlags, error) {
	f := &selectFlags{}
	fs := flag.NewFlagSet("select", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.categories, "categories", "", "quota `file`: category,feature,min,max (paper) or feature,value,min,max[,min_flex,max_flex] (Sortition Foundation)")
	fs.StringVar(&f.respondents, "respondents", "", "pool `file`: one row per person, one column per category")
	fs.IntVar(&f.k, "panel-size", 0, "number of people to select")
	fs.StringVar(&f.algorithm, "algorithm", "leximin", "leximin, maximin, nash or legacy")
	fs.StringVar(&f.address, "address-columns", "", "comma-separated address `columns`; at most one person per address is selected")
	fs.StringVar(&f.idColumn, "id-column", "", "id `column` of the pool file (default: id or nationbuilder_id, else the 0-based row number)")
	fs.StringVar(&f.seed, "seed", "", "random seed (an integer) for a repeatable draw; default: cryptographically random")
	fs.IntVar(&f.lottery, "lottery", 0, "verifiable mode: round the distribution to a uniform lottery over `M` numbered panels")
	fs.StringVar(&f.publicSeed, "public-seed", "", "with --lottery: the public random value (e.g. announced lottery numbers) that picks the panel")
	fs.BoolVar(&f.json, "json", false, "write one JSON object to stdout")
	fs.StringVar(&f.out, "out", "", "write CSV files, report.html and chart.svg to `dir`")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&f.alreadySelected, "already-selected", "", "replacement round: `file` of ids (one per line, or a CSV with an id column) already on the panel")
	fs.IntVar(&f.reserves, "reserves", 0, "length of the ordered reserve list (default: panel size)")
	fs.DurationVar(&f.timeLimit, "time-limit", 0, "LEXIMIN/MAXIMIN: stop searching for panels after this `duration` (e.g. 30m) and use the best distribution found, marked approximate; default: no limit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: folkmoot select --categories FILE --respondents FILE --panel-size K [flags]")
		fmt.Fprintln(stderr, "\nComputes a fair distribution over panels that meet the quotas and draws one.")
		fmt.Fprintln(stderr, "See docs/sortition.md for the formats, algorithms and the verifiable lottery.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	switch {
	case f.categories == "":
		return nil, fmt.Errorf("--categories is required: %w", errUsage)
	case f.respondents == "":
		return nil, fmt.Errorf("--respondents is required: %w", errUsage)
	case f.k <= 0:
		return nil, fmt.Errorf("--panel-size must be positive: %w", errUsage)
	case f.lottery < 0:
		return nil, fmt.Errorf("--lottery must be positive: %w", errUsage)
	case f.timeLimit < 0:
		return nil, fmt.Errorf("--time-limit must be positive: %w", errUsage)
	case f.reserves < 0:
		return nil, fmt.Errorf("--reserves must not be negative: %w", errUsage)
	case f.publicSeed != "" && f.lottery == 0:
		return nil, fmt.Errorf("--public-seed needs --lottery: %w", errUsage)
	}
	if _, err := sortition.ParseAlgorithm(f.algorithm); err != nil {
		return nil, fmt.Errorf("%v: %w", err, errUsage)
	}
	if f.seed != "" {
		if _, err := strconv.ParseUint(f.seed, 10, 64); err != nil {
			return nil, fmt.Errorf("--seed must be a non-negative integer: %w", errUsage)
		}
	}
	return f, nil
}

// readInput opens and reads the quota and pool files named by the flags.
func readInput(f *selectFlags) (*selection.Input, error) {
	qf, err := os.Open(f.categories)
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	pf, err := os.Open(f.respondents)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	return selection.ReadInput(qf, pf, selection.ReadOptions{
		QuotaFile: f.categories, PoolFile: f.respondents,
		IDColumn: f.idColumn, AddressColumns: selection.ParseColumns(f.address),
	})
}

// options turns the flags into selection options, reading the
// already-selected file if one is given.
func (f *selectFlags) options() (selection.Options, error) {
	opt := selection.Options{
		Algorithm: sortition.Algorithm(f.algorithm), PanelSize: f.k, Seed: f.seed,
		Lottery: f.lottery, PublicSeed: f.publicSeed, TimeLimit: f.timeLimit, Reserves: f.reserves,
	}
	if f.alreadySelected != "" {
		r, err := os.Open(f.alreadySelected)
		if err != nil {
			return opt, err
		}
		defer r.Close()
		if opt.AlreadySelected, err = selection.ReadIDs(r, f.alreadySelected); err != nil {
			return opt, err
		}
	}
	return opt, nil
}

// progressPrinter prints the engine's progress on w, at most twice a
// second.
func progressPrinter(w io.Writer) func(selection.Progress) {
	var last time.Time
	return func(p selection.Progress) {
		if time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(w, "select: %6.1fs %-18s round %4d  panels %5d  objective %.6g bound %.6g fixed %d/%d\n",
			p.Elapsed.Seconds(), p.Phase, p.Round, p.Columns, p.Objective, p.Bound, p.Fixed, p.Types)
	}
}

func runSelect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return runSelectVerify(ctx, args[1:], stdout, stderr)
	}
	f, err := parseSelectFlags(args, stderr)
	if err != nil {
		return err
	}
	in, err := readInput(f)
	if err != nil {
		return err
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	var progress func(selection.Progress)
	if !f.quiet {
		progress = progressPrinter(stderr)
	}
	o, err := selection.Run(ctx, in, opt, progress)
	if err != nil {
		return err
	}
	if !f.quiet {
		warnSelect(stderr, o)
	}
	if f.out != "" {
		if err := o.WriteDir(f.out); err != nil {
			return err
		}
	}
	if f.json {
		return json.NewEncoder(stdout).Encode(o.Summary())
	}
	printSelect(stdout, o)
	return nil
}

// warnSelect prints what a person must know about the outcome: an
// approximate distribution, a lottery that cannot be recomputed.
func warnSelect(w io.Writer, o *selection.Outcome) {
	if o.Stats.Approximate {
		if o.Stats.Gap > 0 {
			fmt.Fprintf(w, "select: warning: time limit reached; the distribution is valid but not proven LEXIMIN: everyone's probability is within %.2g of an upper bound on the LEXIMIN profile\n", o.Stats.Gap)
		} else {
			fmt.Fprintln(w, "select: warning: time limit reached; the distribution is valid but not proven LEXIMIN")
		}
	}
	if o.Algorithm == sortition.Leximin && !o.Stats.Certified {
		fmt.Fprintf(w, "select: warning: the result is not certified LEXIMIN: approximate, within %.2g of the proven bounds\n", o.Stats.Gap)
	}
	if o.Lottery != nil {
		fmt.Fprintf(w, "select: the lottery's largest gap between a person's share of the tickets and their exact probability is %.3g (%.2f/M)\n", o.LotteryGap, o.LotteryGap*float64(len(o.Lottery.Tickets)))
		if o.Seed == "" {
			fmt.Fprintln(w, "select: warning: --lottery without --seed: this ticket list cannot be recomputed later; publish lottery.csv itself")
		}
		fmt.Fprintf(w, "select: lottery of %d tickets, list hash %s\n", len(o.Lottery.Tickets), o.ListHash)
	}
}

// printSelect prints the outcome for a person.
func printSelect(w io.Writer, o *selection.Outcome) {
	in := o.Instance
	fmt.Fprintf(w, "algorithm %s: %d panel profiles, smallest probability %.6f (k/n %.6f)\n", o.Algorithm, o.Panels, o.Min, float64(in.K)/float64(len(in.People)))
	if o.Lottery != nil {
		fmt.Fprintf(w, "lottery: %d tickets, list hash %s\n", len(o.Lottery.Tickets), o.ListHash)
		if o.Ticket == 0 {
			fmt.Fprintln(w, "no --public-seed: publish the list and its hash, then run again with the same --seed and --public-seed")
			return
		}
		fmt.Fprintf(w, "public seed %q draws ticket %d\n", o.PublicSeed, o.Ticket)
	}
	fmt.Fprintf(w, "selected: %s\n", strings.Join(o.IDs(o.Selected), " "))
	fmt.Fprintf(w, "reserves: %s\n", strings.Join(o.IDs(o.Reserves), " "))
}
