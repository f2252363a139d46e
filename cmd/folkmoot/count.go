package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
	"github.com/folkmoot/folkmoot/internal/voting/sheet"
)

func init() {
	register(&command{
		name:    "count",
		summary: "count a vote from a ballot file (BLT, ranked CSV or JSON) and print the count sheet",
		run:     runCount,
	})
}

const countHelp = `Usage: folkmoot count --method M [--seats N] [--seed S] [--json] [flags] FILE
       folkmoot count --check [--json] FILE

Counts the ballots in FILE (BLT, ranked CSV "count,rank1,rank2,...", or
Folkmoot JSON; by extension, or by content; "-" reads standard input) and
prints the count sheet: the winners in order of election and every round.

Methods: scottish-stv, meek, irv, minneapolis-stv, approval, borda, schulze, agreement.
Seats default to the file's own (BLT header, JSON "seats") or 1.
Ties the method's own rule does not settle are broken by lot, drawn from --seed
(math/rand/v2 PCG seeded with (S, 0); a Fisher-Yates shuffle of the candidates
in file order). The sheet reports the seed, the lot order and every tie.
--check reads FILE and says what it understood (candidates, seats, ballots,
withdrawn candidates, the BLT dialect) without counting.

Flags:
`

func runCount(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("count", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, countHelp)
		fs.PrintDefaults()
	}
	method := fs.String("method", "", "counting method (required): "+strings.Join(voting.Methods, ", "))
	seats := fs.Int("seats", 0, "number of seats (default: the file's, else 1)")
	seed := fs.Uint64("seed", 0, "published seed for the lot that breaks remaining ties")
	asJSON := fs.Bool("json", false, "print the sheet as JSON (same as --format json)")
	format := fs.String("format", "text", "sheet format: "+strings.Join(sheet.Formats, ", "))
	input := fs.String("input", "", "ballot file format: blt, csv or json (default: from the file name or content)")
	precision := fs.Int("precision", 0, "decimal places for meek (default 9, at most 9) and minneapolis-stv (default 4)")
	batch := fs.Bool("batch-elimination", false, "irv: eliminate at once all candidates whose combined votes are below the next candidate (Minneapolis)")
	overvote := fs.String("overvote", "exhaust", "irv: an overvoted rank 'exhaust's the ballot or is 'skip'ped")
	maxSkipped := fs.Int("max-skipped", -1, "irv: consecutive empty ranks a ballot may skip before it is exhausted (-1: no limit)")
	writeIn := fs.String("write-in", "", "irv: name of the undeclared write-in candidate, eliminated alone after round 1 (Minneapolis: UWI)")
	check := fs.Bool("check", false, "read FILE and say what was understood (candidates, seats, ballots, withdrawn) without counting")
	threshold := fs.String("threshold", "2/3", "agreement: share of answers that must agree (e.g. 2/3, 0.5)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if *asJSON {
		*format = "json"
	}
	if *check {
		if fs.NArg() != 1 {
			return fmt.Errorf("want exactly one ballot FILE, got %d arguments: %w", fs.NArg(), errUsage)
		}
		return runCountCheck(fs.Arg(0), *input, *asJSON, stdout)
	}
	switch {
	case *method == "":
		return fmt.Errorf("--method is required (one of %s): %w", strings.Join(voting.Methods, ", "), errUsage)
	case !contains(voting.Methods, *method):
		return fmt.Errorf("unknown method %q (want one of %s): %w", *method, strings.Join(voting.Methods, ", "), errUsage)
	case !contains(sheet.Formats, *format):
		return fmt.Errorf("unknown format %q (want one of %s): %w", *format, strings.Join(sheet.Formats, ", "), errUsage)
	case fs.NArg() != 1:
		return fmt.Errorf("want exactly one ballot FILE, got %d arguments: %w", fs.NArg(), errUsage)
	case *seats < 0:
		return fmt.Errorf("--seats %d: %w", *seats, errUsage)
	case *precision < 0 || *precision > voting.MaxPrecision:
		return fmt.Errorf("--precision %d: want 0..%d: %w", *precision, voting.MaxPrecision, errUsage)
	case *overvote != "exhaust" && *overvote != "skip":
		return fmt.Errorf("--overvote %q: want exhaust or skip: %w", *overvote, errUsage)
	}
	num, den, err := parseFraction(*threshold)
	if err != nil {
		return fmt.Errorf("--threshold: %v: %w", err, errUsage)
	}
	e, err := readBallots(fs.Arg(0), *input)
	if err != nil {
		return err
	}
	o := voting.Options{
		Seats: *seats, Seed: *seed, Rand: rand.New(rand.NewPCG(*seed, 0)),
		Precision: *precision, BatchElimination: *batch, OvervoteRule: *overvote,
		MaxSkipped: *maxSkipped, SkipLimitSet: *maxSkipped >= 0,
		ThresholdNum: num, ThresholdDen: den, WriteIn: *writeIn,
	}
	res, err := voting.Count(*method, e, o)
	if err != nil {
		return err
	}
	return sheet.Write(stdout, *format, res)
}

func readBallots(path, format string) (*voting.Election, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var e *voting.Election
	var err error
	if format != "" {
		e, err = ballotfile.ReadFormat(format, r)
	} else {
		e, err = ballotfile.Read(path, r)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return e, nil
}

// parseFraction reads "2/3" or "0.5" as an exact fraction in [0, 1].
func parseFraction(s string) (num, den int64, err error) {
	if a, b, ok := strings.Cut(s, "/"); ok {
		num, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		den, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if err1 != nil || err2 != nil || den <= 0 || num < 0 || num > den {
			return 0, 0, fmt.Errorf("%q is not a fraction between 0 and 1", s)
		}
		return num, den, nil
	}
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	if len(frac) > 9 || (whole != "0" && whole != "1" && whole != "") {
		return 0, 0, fmt.Errorf("%q is not a decimal between 0 and 1 (at most 9 places)", s)
	}
	den = 1
	for range len(frac) {
		den *= 10
	}
	num, err = strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || num > den {
		return 0, 0, fmt.Errorf("%q is not a decimal between 0 and 1", s)
	}
	return num, den, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
