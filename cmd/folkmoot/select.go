package main

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/sortition"
	"github.com/folkmoot/folkmoot/internal/sortition/csvin"
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

// newRand returns the random source: seeded (ChaCha8 from the seed) or,
// by default, seeded from the operating system's cryptographic generator.
func newRand(seed string) *rand.Rand {
	var key [32]byte
	if seed == "" {
		if _, err := crand.Read(key[:]); err != nil {
			panic(err) // crypto/rand.Read does not fail on supported systems
		}
	} else {
		n, _ := strconv.ParseUint(seed, 10, 64)
		binary.LittleEndian.PutUint64(key[:], n)
		copy(key[8:], "folkmoot select seed")
	}
	return rand.New(rand.NewChaCha8(key))
}

func loadInstance(f *selectFlags) (*sortition.Instance, csvin.Format, error) {
	qf, err := os.Open(f.categories)
	if err != nil {
		return nil, 0, err
	}
	defer qf.Close()
	cats, format, err := csvin.ReadQuotas(qf, f.categories)
	if err != nil {
		return nil, 0, err
	}
	pf, err := os.Open(f.respondents)
	if err != nil {
		return nil, 0, err
	}
	defer pf.Close()
	opt := csvin.PeopleOptions{File: f.respondents, IDColumn: f.idColumn}
	if f.address != "" {
		for _, a := range strings.Split(f.address, ",") {
			opt.AddressColumns = append(opt.AddressColumns, strings.TrimSpace(a))
		}
	}
	people, err := csvin.ReadPeople(pf, cats, opt)
	if err != nil {
		return nil, 0, err
	}
	return &sortition.Instance{Categories: cats, People: people, K: f.k, QuotaFile: f.categories}, format, nil
}

type selectJSON struct {
	Algorithm      string    `json:"algorithm"`
	Format         string    `json:"format"`
	PanelSize      int       `json:"panel_size"`
	Pool           int       `json:"pool"`
	Types          int       `json:"types"`
	MinProbability float64   `json:"min_probability"`
	Probabilities  []float64 `json:"probabilities"`
	Panels         int       `json:"panels"`
	Selected       []string  `json:"selected"`
	Reserves       []string  `json:"reserves,omitempty"`
	Seed           string    `json:"seed,omitempty"`
	Tickets        int       `json:"lottery_tickets,omitempty"`
	ListHash       string    `json:"lottery_hash,omitempty"`
	Ticket         int       `json:"lottery_ticket,omitempty"`
	Seconds        float64   `json:"seconds"`
	Approximate    bool      `json:"approximate,omitempty"`
	Gap            float64   `json:"gap,omitempty"`
	Stats          any       `json:"stats"`
}

func runSelect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseSelectFlags(args, stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	full, format, err := loadInstance(f)
	if err != nil {
		return err
	}
	// A replacement round solves a smaller instance: the rest of the panel.
	in, index, kept := full, []int(nil), []int(nil)
	if f.alreadySelected != "" {
		ids, err := readIDs(f.alreadySelected)
		if err != nil {
			return err
		}
		pos := map[string]int{}
		for i, p := range full.People {
			pos[p.ID] = i
		}
		for _, id := range ids {
			i, ok := pos[id]
			if !ok {
				return fmt.Errorf("%s: id %q is not in %s", f.alreadySelected, id, f.respondents)
			}
			kept = append(kept, i)
		}
		if in, index, err = full.Replacement(kept); err != nil {
			return err
		}
	}
	alg, _ := sortition.ParseAlgorithm(f.algorithm)
	rng := newRand(f.seed)
	opt := sortition.Options{Algorithm: alg, Rand: rng, TimeLimit: f.timeLimit}
	if !f.quiet {
		last := time.Time{}
		opt.Progress = func(p sortition.Progress) {
			if time.Since(last) < 500*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(stderr, "select: %6.1fs %-18s round %4d  panels %5d  objective %.6g bound %.6g fixed %d/%d\n",
				time.Since(start).Seconds(), p.Phase, p.Round, p.Columns, p.Objective, p.Bound, p.Fixed, p.Types)
		}
	}
	res, err := sortition.Select(ctx, in, opt)
	if err != nil {
		return err
	}
	if res.Stats.Approximate && !f.quiet {
		if res.Stats.Gap > 0 {
			fmt.Fprintf(stderr, "select: warning: time limit reached; the distribution is valid but not proven LEXIMIN: everyone's probability is within %.2g of an upper bound on the LEXIMIN profile\n", res.Stats.Gap)
		} else {
			fmt.Fprintln(stderr, "select: warning: time limit reached; the distribution is valid but not proven LEXIMIN")
		}
	}
	o := &outputs{in: full, alg: alg, panels: res.Dist.Len()}
	var panel []int
	probs := res.Probabilities
	if f.lottery > 0 {
		if f.seed == "" && !f.quiet {
			fmt.Fprintln(stderr, "select: warning: --lottery without --seed: this ticket list cannot be recomputed later; publish lottery.csv itself")
		}
		o.lottery = res.Dist.Lottery(f.lottery, rng)
		o.listHash = o.lottery.Hash()
		probs = o.lottery.Probabilities()
		if f.publicSeed != "" {
			o.ticket = sortition.DrawTicket(o.listHash, f.publicSeed, f.lottery)
			panel = o.lottery.Tickets[o.ticket-1]
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "select: lottery of %d tickets, list hash %s\n", f.lottery, o.listHash)
		}
	} else {
		panel = res.Dist.Draw(rng)
	}
	if panel != nil {
		if err := in.CheckPanel(panel); err != nil {
			return fmt.Errorf("the drawn panel fails its re-check: %w", err)
		}
	}
	nRes := f.reserves
	if nRes == 0 {
		nRes = in.K
	}
	var reserves []int
	if panel != nil {
		reserves = res.Dist.Reserves(panel, nRes, rng)
	}
	// Map back to the full pool.
	o.probs = probs
	o.selected, o.reserves = panel, reserves
	if index != nil {
		o.probs = make([]float64, len(full.People))
		for _, i := range kept {
			o.probs[i] = 1
		}
		for j, i := range index {
			o.probs[i] = probs[j]
		}
		o.selected = append([]int(nil), kept...)
		for _, j := range panel {
			o.selected = append(o.selected, index[j])
		}
		o.reserves = nil
		for _, j := range reserves {
			o.reserves = append(o.reserves, index[j])
		}
	}
	o.min = o.probs[0]
	for _, p := range o.probs {
		o.min = min(o.min, p)
	}
	o.seconds = time.Since(start).Seconds()
	ids := func(idx []int) []string {
		out := make([]string, len(idx))
		for j, i := range idx {
			out[j] = full.People[i].ID
		}
		return out
	}
	if f.out != "" {
		if err := writeFiles(f.out, o); err != nil {
			return err
		}
	}
	if f.json {
		out := selectJSON{
			Algorithm: string(alg), Format: format.String(), PanelSize: full.K, Pool: len(full.People), Types: res.Stats.Types,
			MinProbability: o.min, Probabilities: o.probs, Panels: o.panels, Selected: ids(o.selected), Reserves: ids(o.reserves),
			Seed: f.seed, Seconds: o.seconds, Stats: res.Stats, ListHash: o.listHash, Ticket: o.ticket,
			Approximate: res.Stats.Approximate, Gap: res.Stats.Gap,
		}
		if out.Selected == nil {
			out.Selected = []string{}
		}
		if o.lottery != nil {
			out.Tickets = len(o.lottery.Tickets)
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	fmt.Fprintf(stdout, "algorithm %s: %d panel profiles, smallest probability %.6f (k/n %.6f)\n", alg, o.panels, o.min, float64(full.K)/float64(len(full.People)))
	if o.lottery != nil {
		fmt.Fprintf(stdout, "lottery: %d tickets, list hash %s\n", len(o.lottery.Tickets), o.listHash)
		if o.ticket == 0 {
			fmt.Fprintln(stdout, "no --public-seed: publish the list and its hash, then run again with the same --seed and --public-seed")
			return nil
		}
		fmt.Fprintf(stdout, "public seed %q draws ticket %d\n", f.publicSeed, o.ticket)
	}
	fmt.Fprintf(stdout, "selected: %s\n", strings.Join(ids(o.selected), " "))
	fmt.Fprintf(stdout, "reserves: %s\n", strings.Join(ids(o.reserves), " "))
	return nil
}
