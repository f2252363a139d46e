package sortition

import (
	"fmt"
	"math/rand/v2"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Reserves returns an ordered reserve list of up to n people not on panel
// and not sharing a household with anyone on it. The order comes from
// further draws of the distribution: people appear in the order in which
// they first turn up on a freshly drawn panel, so the list follows the
// selection probabilities and the quotas' balance; people never drawn in
// 10·n draws follow in random order.
func (d *Distribution) Reserves(panel []int, n int, rng *rand.Rand) []int {
	excluded := map[int]bool{}
	houses := map[int]bool{}
	for _, i := range panel {
		excluded[i] = true
		if h := d.in.People[i].Household; h >= 0 {
			houses[h] = true
		}
	}
	for i, p := range d.in.People {
		if p.Household >= 0 && houses[p.Household] {
			excluded[i] = true
		}
	}
	var out []int
	for draw := 0; draw < 10*n && len(out) < n; draw++ {
		next := d.Draw(rng)
		rng.Shuffle(len(next), func(a, b int) { next[a], next[b] = next[b], next[a] })
		for _, i := range next {
			if !excluded[i] && len(out) < n {
				excluded[i] = true
				out = append(out, i)
			}
		}
	}
	rest := rng.Perm(len(d.in.People))
	for _, i := range rest {
		if len(out) >= n {
			break
		}
		if !excluded[i] {
			excluded[i] = true
			out = append(out, i)
		}
	}
	return out
}

// Replacement returns the instance for a replacement round: the people
// already selected (indices into in.People) stay on the panel, so the new
// instance asks for K − len(kept) people from the rest of the pool (minus
// the kept people's housemates), with every quota reduced by what the kept
// people already fill. index[j] is the original index of the new instance's
// person j.
func (in *Instance) Replacement(kept []int) (out *Instance, index []int, err error) {
	if len(kept) >= in.K {
		return nil, nil, apperr.New(apperr.Invalid, "%d people already selected; the panel size is %d", len(kept), in.K)
	}
	fi := in.features()
	filled := make([]int, fi.n)
	isKept := map[int]bool{}
	houses := map[int]bool{}
	for _, i := range kept {
		if isKept[i] {
			return nil, nil, apperr.New(apperr.Invalid, "%s is listed twice as already selected", in.People[i].ID)
		}
		isKept[i] = true
		p := in.People[i]
		if p.Household >= 0 {
			if houses[p.Household] {
				return nil, nil, apperr.New(apperr.Invalid, "two already-selected people share a household (%s)", p.ID)
			}
			houses[p.Household] = true
		}
		for c, v := range p.Values {
			filled[fi.offset[c]+v]++
		}
	}
	out = &Instance{K: in.K - len(kept), QuotaFile: in.QuotaFile}
	for c, cat := range in.Categories {
		nc := Category{Name: cat.Name}
		for j, v := range cat.Values {
			f := filled[fi.offset[c]+j]
			if f > v.Max {
				return nil, nil, apperr.New(apperr.Invalid, "the already-selected people exceed the maximum of %s:%s (%d > %d)", cat.Name, v.Name, f, v.Max)
			}
			nv := v
			nv.Min, nv.Max = max(0, v.Min-f), v.Max-f
			nv.MinFlex, nv.MaxFlex = max(0, v.MinFlex-f), max(nv.Max, v.MaxFlex-f)
			nv.MinFlex = min(nv.MinFlex, nv.Min)
			nc.Values = append(nc.Values, nv)
		}
		out.Categories = append(out.Categories, nc)
	}
	for i, p := range in.People {
		if isKept[i] || (p.Household >= 0 && houses[p.Household]) {
			continue
		}
		out.People = append(out.People, p)
		index = append(index, i)
	}
	if len(out.People) < out.K {
		return nil, nil, apperr.New(apperr.Invalid, "only %d people remain for %d places", len(out.People), out.K)
	}
	return out, index, nil
}

// String describes a Lottery briefly.
func (l *Lottery) String() string { return fmt.Sprintf("lottery of %d tickets", len(l.Tickets)) }
