package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/folkmoot/folkmoot/internal/selection"
)

// errNotProved: `select verify` found something it could not prove.
var errNotProved = errors.New("select verify: the published selection is not proved")

// runSelectVerify checks an output folder of `select --out`: its
// distribution.csv against the quotas and its certificate.json, exactly
// and without an LP solver (docs/sortition.md, "Certificates").
func runSelectVerify(_ context.Context, args []string, stdout, stderr io.Writer) error {
	f := &selectFlags{}
	fs := flag.NewFlagSet("select verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.categories, "categories", "", "quota `file`, as given to select")
	fs.StringVar(&f.respondents, "respondents", "", "pool `file`, as given to select")
	fs.IntVar(&f.k, "panel-size", 0, "number of people selected")
	fs.StringVar(&f.address, "address-columns", "", "comma-separated address `columns`, as given to select")
	fs.StringVar(&f.idColumn, "id-column", "", "id `column` of the pool file, as given to select")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: folkmoot select verify --categories FILE --respondents FILE --panel-size K [flags] DIR")
		fmt.Fprintln(stderr, "\nChecks DIR/distribution.csv and DIR/certificate.json, written by select --out, in exact arithmetic.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	switch {
	case fs.NArg() != 1:
		return fmt.Errorf("select verify needs one output folder: %w", errUsage)
	case f.categories == "" || f.respondents == "":
		return fmt.Errorf("--categories and --respondents are required: %w", errUsage)
	case f.k <= 0:
		return fmt.Errorf("--panel-size must be positive: %w", errUsage)
	}
	in, err := readInput(f)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := selection.Verify(in, f.k, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "panels %d, stages %d; largest excess of a stage's bound over its level %.3g (tolerance ≤ 1e-9); largest distance of a probability from its level %.3g (tolerance ≤ 1e-7); %.1f s\n",
		rep.Panels, rep.Stages, rep.LevelExcess, rep.ProfileGap, time.Since(start).Seconds())
	if !rep.OK() {
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, "not proved:", p)
		}
		return errNotProved
	}
	fmt.Fprintln(stdout, "verified: every panel meets size, quotas and households; the weights sum to exactly 1; the certificate proves the LEXIMIN profile of the LP relaxation, which every panel mixture is bounded by")
	return nil
}
