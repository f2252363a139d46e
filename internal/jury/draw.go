package jury

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// drawPanel draws size jurors from vols with the sortition engine: quotas
// per category within one of each answer's share of the panel (its share
// of the volunteers times size, rounded down less one, up plus one), the
// LEXIMIN distribution over panels meeting them, and one panel drawn from
// it with the PCG generator seeded (seed, 0). It returns the jurors' user
// ids (sorted) and the public record.
func drawPanel(ctx context.Context, vols []Volunteer, size int, seed uint64) ([]int64, Draw, error) {
	d := Draw{Seed: seed, Volunteers: len(vols), Size: size, Algorithm: string(sortition.Leximin)}
	if len(vols) < size {
		return nil, d, apperr.New(apperr.Conflict, "Only %d people have volunteered, and the jury needs %d. Wait for more volunteers, or make the jury smaller.", len(vols), size)
	}
	in := &sortition.Instance{K: size, QuotaFile: "jury"}
	for _, c := range Categories {
		cat := sortition.Category{Name: c.Key}
		for _, v := range c.Values {
			n := 0
			for _, p := range vols {
				if p.Answers.get(c.Key) == v.Key {
					n++
				}
			}
			exp := float64(n) * float64(size) / float64(len(vols))
			lo, hi := max(0, int(math.Floor(exp))-1), min(n, int(math.Ceil(exp))+1)
			cat.Values = append(cat.Values, sortition.Value{Name: v.Key, Min: lo, Max: hi, MinFlex: 0, MaxFlex: max(hi, n)})
			d.Counts = append(d.Counts, Tally{Category: c.Key, Value: v.Key, Volunteers: n, Min: lo, Max: hi})
		}
		in.Categories = append(in.Categories, cat)
	}
	for _, p := range vols {
		per := sortition.Person{ID: itoa(p.UserID), Household: -1}
		for _, c := range Categories {
			per.Values = append(per.Values, slices.IndexFunc(c.Values, func(v Value) bool { return v.Key == p.Answers.get(c.Key) }))
		}
		in.People = append(in.People, per)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := sortition.Select(ctx, in, sortition.Options{Algorithm: sortition.Leximin, TimeLimit: 20 * time.Second})
	if apperr.Is(err, apperr.Unavailable) {
		// Built without the COIN-OR solvers: a uniform draw, seeded, with
		// no quotas (the record says so).
		d.Algorithm = "uniform"
		perm := rand.New(rand.NewPCG(seed, 0)).Perm(len(vols))[:size]
		res, err = &sortition.Result{Panels: [][]int{perm}, Weights: []int64{1}}, nil
		for i := range d.Counts {
			d.Counts[i].Min, d.Counts[i].Max = 0, size
		}
	}
	if err != nil {
		var inf *sortition.InfeasibleError
		if errors.As(err, &inf) {
			return nil, d, apperr.New(apperr.Conflict, "No jury of this size can reflect the volunteers' answers. Make the jury smaller or wait for more volunteers.")
		}
		return nil, d, apperr.Wrap(apperr.Internal, err, "drawing the jury")
	}
	if len(res.Panels) == 0 {
		return nil, d, apperr.New(apperr.Internal, "drawing the jury: no panel")
	}
	var total int64
	for _, w := range res.Weights {
		total += w
	}
	r := rand.New(rand.NewPCG(seed, 0))
	pick, at := 0, r.Int64N(max(total, 1))
	for i, w := range res.Weights {
		if at < w {
			pick = i
			break
		}
		at -= w
	}
	var ids []int64
	for _, pi := range res.Panels[pick] {
		ids = append(ids, vols[pi].UserID)
		for k, c := range Categories {
			v := c.Values[in.People[pi].Values[k]].Key
			for x := range d.Counts {
				if d.Counts[x].Category == c.Key && d.Counts[x].Value == v {
					d.Counts[x].Jurors++
				}
			}
		}
	}
	slices.Sort(ids)
	return ids, d, nil
}
