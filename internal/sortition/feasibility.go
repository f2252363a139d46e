package sortition

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/solver"
)

// Relaxation is one suggested quota change.
type Relaxation struct {
	Feature  string // "category:value"
	Bound    string // "min" or "max"
	From, To int
}

func (r Relaxation) String() string {
	return fmt.Sprintf("%s %s → change from %d to %d", r.Feature, map[string]string{"min": "minimum", "max": "maximum"}[r.Bound], r.From, r.To)
}

// InfeasibleError says that no panel meets the quotas, why, and which
// smallest changes within the flex bounds would make one exist.
type InfeasibleError struct {
	// Conflicts are the reasons found by simple counting (quotas of a
	// category that cannot add up to the panel size, values with too few
	// people in the pool). It may be empty when the conflict only shows in
	// combination.
	Conflicts []string
	// Suggestions is the cheapest set of relaxations within min_flex and
	// max_flex; nil if even the flex bounds admit no panel.
	Suggestions []Relaxation
	// FlexInfeasible is true when no relaxation within the flex bounds helps.
	FlexInfeasible bool
}

func (e *InfeasibleError) Error() string {
	var b strings.Builder
	b.WriteString("no panel meets the quotas")
	for _, c := range e.Conflicts {
		b.WriteString("\n  conflict: " + c)
	}
	switch {
	case e.FlexInfeasible:
		b.WriteString("\n  no relaxation within min_flex/max_flex makes a panel possible")
	case len(e.Suggestions) > 0:
		b.WriteString("\n  smallest relaxation within the flex bounds:")
		for _, s := range e.Suggestions {
			b.WriteString("\n    " + s.String())
		}
	}
	return b.String()
}

// Unwrap classifies the error as invalid input.
func (e *InfeasibleError) Unwrap() error {
	return apperr.New(apperr.Invalid, "no panel meets the quotas")
}

// Explain analyses an instance on which no panel meets the quotas. It
// returns an *InfeasibleError (or another error if the solver fails).
func Explain(ctx context.Context, in *Instance) error {
	e := &InfeasibleError{Conflicts: conflicts(in)}
	sugg, err := relax(ctx, in)
	if err != nil {
		return err
	}
	if sugg == nil {
		e.FlexInfeasible = true
	}
	e.Suggestions = sugg
	return e
}

// conflicts finds the quota conflicts visible by counting.
func conflicts(in *Instance) []string {
	var out []string
	fi := in.features()
	pool := make([]int, fi.n)
	for _, p := range in.People {
		for c, v := range p.Values {
			pool[fi.offset[c]+v]++
		}
	}
	for c, cat := range in.Categories {
		lo, hi := 0, 0
		for j, v := range cat.Values {
			lo += v.Min
			hi += min(v.Max, pool[fi.offset[c]+j])
		}
		if lo > in.K {
			out = append(out, fmt.Sprintf("%s: %s minimums add up to %d, more than the panel size %d", in.QuotaFile, cat.Name, lo, in.K))
		}
		if hi < in.K {
			out = append(out, fmt.Sprintf("%s: %s maximums (capped by the people in the pool) add up to %d, less than the panel size %d", in.QuotaFile, cat.Name, hi, in.K))
		}
		for j, v := range cat.Values {
			if n := pool[fi.offset[c]+j]; n < v.Min {
				out = append(out, fmt.Sprintf("%s:%d: %s:%s needs at least %d but the pool has only %d", in.QuotaFile, v.Line, cat.Name, v.Name, v.Min, n))
			}
		}
	}
	return out
}

// relax solves the quota-relaxation integer program: quotas become
// [min_f − a_f, max_f + b_f] with a_f ≤ min_f − min_flex_f and
// b_f ≤ max_flex_f − max_f, minimising Σ (1 + 2/min_f)·a_f + Σ b_f, so that
// lowering small minimums is dearest (as in the Sortition Foundation's
// tools). It returns nil when even the flex bounds admit no panel.
func relax(ctx context.Context, in *Instance) ([]Relaxation, error) {
	ts := newTypeSet(in)
	p := panelProblem(in, ts)
	T := ts.n()
	fi := in.features()
	for f := 0; f < fi.n; f++ {
		_, v := in.value(f)
		row := &p.Rows[1+f]
		row.Lo, row.Hi = math.Inf(-1), math.Inf(1)
		lower := solver.Row{Lo: float64(v.Min), Hi: math.Inf(1), Ind: append([]int(nil), row.Ind...), Val: append([]float64(nil), row.Val...)}
		upper := solver.Row{Lo: math.Inf(-1), Hi: float64(v.Max), Ind: append([]int(nil), row.Ind...), Val: append([]float64(nil), row.Val...)}
		a, b := len(p.Obj), len(p.Obj)+1
		wa := 0.0
		if v.Min > 0 {
			wa = 1 + 2/float64(v.Min)
		}
		p.Obj = append(p.Obj, wa, 1)
		p.ColLo = append(p.ColLo, 0, 0)
		p.ColHi = append(p.ColHi, float64(v.Min-v.MinFlex), float64(v.MaxFlex-v.Max))
		p.Integer = append(p.Integer, true, true)
		lower.Ind, lower.Val = append(lower.Ind, a), append(lower.Val, 1)
		upper.Ind, upper.Val = append(upper.Ind, b), append(upper.Val, -1)
		p.Rows = append(p.Rows, lower, upper)
	}
	p.Maximize = false
	for t := 0; t < T; t++ {
		p.Obj[t] = 0
	}
	sol, err := solver.SolveMIP(ctx, &p, solver.MIPOptions{Seconds: 60})
	if err != nil {
		return nil, err
	}
	if sol.Status == solver.Infeasible || sol.X == nil {
		return nil, nil
	}
	var out []Relaxation
	for f := 0; f < fi.n; f++ {
		_, v := in.value(f)
		a := int(math.Round(sol.X[T+2*f]))
		b := int(math.Round(sol.X[T+2*f+1]))
		if a > 0 {
			out = append(out, Relaxation{Feature: in.FeatureName(f), Bound: "min", From: v.Min, To: v.Min - a})
		}
		if b > 0 {
			out = append(out, Relaxation{Feature: in.FeatureName(f), Bound: "max", From: v.Max, To: v.Max + b})
		}
	}
	return out, nil
}
