package sortition

import (
	"context"
	"errors"
	"math/rand/v2"
	"sort"
)

// legacyAttempts bounds the restarts of one LEGACY draw.
const legacyAttempts = 100

// legacy estimates the distribution of the pre-2020 greedy rule by running
// it LegacyDraws times. One run (Flanigan et al. 2021, Methods; the 2021
// replication code's unclipped ratio): repeat k times — for every feature
// value f still selectable, ratio_f = (min_f − selected_f)/remaining_f; take
// the largest ratio (first in file order on ties), select a uniformly random
// remaining person with f, remove them and their housemates, and remove
// everyone holding a value that is now full. A run that fails or misses a
// quota restarts.
func legacy(ctx context.Context, in *Instance, ts *typeSet, opt Options) (*Distribution, error) {
	draws := opt.LegacyDraws
	if draws <= 0 {
		draws = 1000
	}
	count := map[string]int{}
	byKey := map[string]profile{}
	for d := 0; d < draws; d++ {
		if d%100 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if opt.Progress != nil {
				opt.Progress(Progress{Phase: "legacy draws", Round: d})
			}
		}
		var panel []int
		for a := 0; a < legacyAttempts && panel == nil; a++ {
			panel = legacyOnce(in, opt.Rand)
		}
		if panel == nil {
			return nil, errors.New("sortition: LEGACY failed 100 times in a row; the quotas are too tight for it")
		}
		perType := map[int]int{}
		for _, i := range panel {
			perType[ts.of[i]]++
		}
		var p profile
		for t := range perType {
			p.types = append(p.types, t)
		}
		sort.Ints(p.types)
		for _, t := range p.types {
			p.counts = append(p.counts, perType[t])
		}
		k := p.key()
		count[k]++
		byKey[k] = p
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var ps []profile
	var ws []float64
	for _, k := range keys {
		ps = append(ps, byKey[k])
		ws = append(ws, float64(count[k])/float64(draws))
	}
	return newDistribution(in, ts, ps, ws), nil
}

// legacyOnce runs the greedy rule once; nil means the run failed.
func legacyOnce(in *Instance, rng *rand.Rand) []int {
	fi := in.features()
	remaining := make([]bool, len(in.People))
	for i := range remaining {
		remaining[i] = true
	}
	selected := make([]int, fi.n)
	feat := func(i, c int) int { return fi.offset[c] + in.People[i].Values[c] }
	var panel []int
	for len(panel) < in.K {
		rem := make([]int, fi.n)
		for i, ok := range remaining {
			if ok {
				for c := range in.Categories {
					rem[feat(i, c)]++
				}
			}
		}
		best, bestF := 0.0, -1
		for f := 0; f < fi.n; f++ {
			_, v := in.value(f)
			if rem[f] == 0 || v.Max == 0 {
				continue
			}
			if rem[f] < v.Min-selected[f] {
				return nil
			}
			r := float64(v.Min-selected[f]) / float64(rem[f])
			if bestF < 0 || r > best {
				best, bestF = r, f
			}
		}
		if bestF < 0 {
			return nil
		}
		pick := rng.IntN(rem[bestF])
		chosen := -1
		for i, ok := range remaining {
			if !ok {
				continue
			}
			has := false
			for c := range in.Categories {
				has = has || feat(i, c) == bestF
			}
			if has {
				if pick == 0 {
					chosen = i
					break
				}
				pick--
			}
		}
		panel = append(panel, chosen)
		remaining[chosen] = false
		if h := in.People[chosen].Household; h >= 0 {
			for i, p := range in.People {
				if p.Household == h {
					remaining[i] = false
				}
			}
		}
		for c := range in.Categories {
			selected[feat(chosen, c)]++
		}
		for i, ok := range remaining {
			if !ok {
				continue
			}
			for c := range in.Categories {
				f := feat(i, c)
				if _, v := in.value(f); selected[f] >= v.Max {
					remaining[i] = false
				}
			}
		}
	}
	if in.CheckPanel(panel) != nil {
		return nil
	}
	sort.Ints(panel)
	return panel
}
