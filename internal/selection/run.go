package selection

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
	"github.com/folkmoot/folkmoot/internal/sortition/csvin"
)

// Progress reports a running selection: the engine's state and the time
// since Run began.
type Progress struct {
	sortition.Progress
	Elapsed time.Duration
}

// Outcome is the result of a selection. Person indices are into
// Instance.People (the whole pool, in input order).
type Outcome struct {
	// Instance is the whole pool with its quotas; its K is the panel size.
	Instance  *sortition.Instance
	Format    csvin.Format
	Algorithm sortition.Algorithm
	// Probabilities holds every person's selection probability, in pool
	// order: the distribution's or, in lottery mode, the lottery's (each
	// person's share of the tickets). Already-selected people have 1.
	Probabilities []float64
	Min           float64 // the smallest probability
	Panels        int     // panel profiles with positive probability
	// Selected is the panel (already-selected people first); nil in
	// lottery mode without a public seed.
	Selected []int
	Reserves []int // ordered; nil when no panel was drawn
	// Lottery, in lottery mode, is the ticket list; ListHash its SHA-256
	// (of Lottery.Text()); Ticket the ticket drawn (1-based), 0 when no
	// public seed was given.
	Lottery    *sortition.Lottery
	ListHash   string
	Ticket     int
	Seed       string
	PublicSeed string
	Stats      sortition.Stats
	Elapsed    time.Duration
	// DistPanels and DistWeights are the distribution over panels of
	// people (ids; weights in units of 1/sortition.WeightScale), for
	// distribution.csv; Certificate, when not nil, proves it LEXIMIN
	// (certificate.json). Both describe the round's pool.
	DistPanels  [][]string
	DistWeights []int64
	Certificate *sortition.Certificate
	// LotteryGap, in lottery mode, is the largest distance between a
	// person's share of the tickets and their exact probability.
	LotteryGap float64
}

// Drawn reports whether a panel was drawn (always, except in lottery mode
// without a public seed).
func (o *Outcome) Drawn() bool { return o.Selected != nil }

// IDs returns the ids of the people at the given indices.
func (o *Outcome) IDs(idx []int) []string {
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = o.Instance.People[i].ID
	}
	return out
}

// Run selects a panel from in with opt. progress, if not nil, is called
// from Run's goroutine during the computation (often: a caller showing it
// should throttle). A cancelled ctx stops the engine and returns its error.
func Run(ctx context.Context, in *Input, opt Options, progress func(Progress)) (*Outcome, error) {
	start := time.Now()
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	full := &sortition.Instance{Categories: in.Categories, People: in.People, K: opt.PanelSize, QuotaFile: in.QuotaFile}
	r, err := replacement(full, opt.AlreadySelected)
	if err != nil {
		return nil, err
	}
	rng := newRand(opt.Seed)
	res, err := solve(ctx, r.in, opt, rng, start, progress)
	if err != nil {
		return nil, err
	}
	d, err := draw(res, r.in, opt, rng)
	if err != nil {
		return nil, err
	}
	o := &Outcome{
		Instance: full, Format: in.Format, Algorithm: res.Algorithm, Panels: res.Dist.Len(),
		Lottery: d.lottery, ListHash: d.listHash, Ticket: d.ticket,
		Seed: opt.Seed, PublicSeed: opt.PublicSeed, Stats: res.Stats,
		DistWeights: res.Weights, Certificate: res.Certificate,
	}
	for _, p := range res.Panels {
		ids := make([]string, len(p))
		for j, i := range p {
			ids[j] = r.in.People[i].ID
		}
		o.DistPanels = append(o.DistPanels, ids)
	}
	if d.lottery != nil {
		for i, q := range d.lottery.Probabilities() {
			o.LotteryGap = max(o.LotteryGap, abs(q-res.Probabilities[i]))
		}
	}
	o.Probabilities, o.Selected, o.Reserves = r.mapBack(len(full.People), d.probs, d.panel, d.reserves)
	o.Min = o.Probabilities[0]
	for _, p := range o.Probabilities {
		o.Min = min(o.Min, p)
	}
	o.Elapsed = time.Since(start)
	return o, nil
}

// round is the instance the engine solves: the whole pool, or for a
// replacement round the rest of the panel from the rest of the pool.
type round struct {
	in    *sortition.Instance
	index []int // index[j]: the pool index of in.People[j]; nil when in is the whole pool
	kept  []int // pool indices of the people already selected
}

// replacement returns the round to solve: the whole pool when no one is
// already selected, otherwise the instance of sortition's Replacement.
func replacement(full *sortition.Instance, already []string) (*round, error) {
	if len(already) == 0 {
		return &round{in: full}, nil
	}
	pos := make(map[string]int, len(full.People))
	for i, p := range full.People {
		pos[p.ID] = i
	}
	var kept []int
	for _, id := range already {
		i, ok := pos[id]
		if !ok {
			return nil, apperr.Field("already_selected", "The already-selected id %q is not in the pool.", id)
		}
		kept = append(kept, i)
	}
	in, index, err := full.Replacement(kept)
	if err != nil {
		return nil, err
	}
	return &round{in: in, index: index, kept: kept}, nil
}

// mapBack turns the round's probabilities and panels into the whole
// pool's: already-selected people have probability 1 and head the panel.
func (r *round) mapBack(n int, probs []float64, panel, reserves []int) (allProbs []float64, selected, allReserves []int) {
	if r.index == nil {
		return probs, panel, reserves
	}
	allProbs = make([]float64, n)
	for _, i := range r.kept {
		allProbs[i] = 1
	}
	for j, i := range r.index {
		allProbs[i] = probs[j]
	}
	if panel != nil {
		selected = append([]int(nil), r.kept...)
		for _, j := range panel {
			selected = append(selected, r.index[j])
		}
	}
	for _, j := range reserves {
		allReserves = append(allReserves, r.index[j])
	}
	return allProbs, selected, allReserves
}

// solve computes the selection distribution of in.
func solve(ctx context.Context, in *sortition.Instance, opt Options, rng *rand.Rand, start time.Time, progress func(Progress)) (*sortition.Result, error) {
	so := sortition.Options{Algorithm: opt.algorithm(), Rand: rng, TimeLimit: opt.TimeLimit}
	if progress != nil {
		so.Progress = func(p sortition.Progress) {
			progress(Progress{Progress: p, Elapsed: time.Since(start)})
		}
	}
	return sortition.Select(ctx, in, so)
}

// drawn is the draw from a distribution, over the round's people.
type drawn struct {
	probs    []float64 // the distribution's, or the lottery's
	panel    []int     // nil: no panel drawn (lottery without public seed)
	reserves []int
	lottery  *sortition.Lottery
	listHash string
	ticket   int
}

// draw draws the panel from res (directly, or through the lottery and
// the public seed), re-checks it, and orders the reserves. The order in
// which rng is used is part of what makes a seeded run repeatable.
func draw(res *sortition.Result, in *sortition.Instance, opt Options, rng *rand.Rand) (*drawn, error) {
	d := &drawn{probs: res.Probabilities}
	if opt.Lottery > 0 {
		d.lottery = res.Dist.Lottery(opt.Lottery, rng)
		d.listHash = d.lottery.Hash()
		d.probs = d.lottery.Probabilities()
		if opt.PublicSeed != "" {
			d.ticket = sortition.DrawTicket(d.listHash, opt.PublicSeed, opt.Lottery)
			d.panel = d.lottery.Tickets[d.ticket-1]
		}
	} else {
		d.panel = res.Dist.Draw(rng)
	}
	if d.panel == nil {
		return d, nil
	}
	if err := in.CheckPanel(d.panel); err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "the drawn panel fails its re-check")
	}
	n := opt.Reserves
	if n == 0 {
		n = in.K
	}
	d.reserves = res.Dist.Reserves(d.panel, n, rng)
	return d, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
