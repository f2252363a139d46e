package sortition

import (
	"fmt"
	"strings"
)

// typeSet groups interchangeable people. Two people are interchangeable
// when they have the same value in every category and neither has a
// housemate in the pool; anyone with a housemate is a type of their own, so
// that the one-per-household rule can be stated on types.
type typeSet struct {
	feats      [][]int // feats[t]: the feature numbers of type t, one per category
	members    [][]int // members[t]: person indices, in pool order
	of         []int   // of[person] = type
	households [][]int // each: the types (all singletons) of one household
}

func newTypeSet(in *Instance) *typeSet {
	fi := in.features()
	ts := &typeSet{of: make([]int, len(in.People))}
	inHouse := map[int]bool{}
	hh := in.householdsOf()
	for _, h := range hh {
		for _, i := range h {
			inHouse[i] = true
		}
	}
	byKey := map[string]int{}
	var key strings.Builder
	for i, p := range in.People {
		feats := make([]int, len(p.Values))
		for c, v := range p.Values {
			feats[c] = fi.offset[c] + v
		}
		if !inHouse[i] {
			key.Reset()
			for _, f := range feats {
				fmt.Fprintf(&key, "%d,", f)
			}
			if t, ok := byKey[key.String()]; ok {
				ts.members[t] = append(ts.members[t], i)
				ts.of[i] = t
				continue
			}
			byKey[key.String()] = len(ts.feats)
		}
		ts.of[i] = len(ts.feats)
		ts.feats = append(ts.feats, feats)
		ts.members = append(ts.members, []int{i})
	}
	for _, h := range hh {
		var types []int
		for _, i := range h {
			types = append(types, ts.of[i])
		}
		ts.households = append(ts.households, types)
	}
	return ts
}

func (ts *typeSet) n() int { return len(ts.feats) }

func (ts *typeSet) count(t int) int { return len(ts.members[t]) }

// profile is a panel described by how many people of each type it has:
// parallel slices of types (ascending) and counts (positive).
type profile struct {
	types  []int
	counts []int
}

func (p profile) key() string {
	var b strings.Builder
	for i, t := range p.types {
		fmt.Fprintf(&b, "%d:%d,", t, p.counts[i])
	}
	return b.String()
}

// check verifies that p is a feasible panel profile for in: size K, within
// type counts, quotas and households.
func (ts *typeSet) check(in *Instance, p profile) error {
	fi := in.features()
	feat := make([]int, fi.n)
	size := 0
	perType := map[int]int{}
	for i, t := range p.types {
		c := p.counts[i]
		if c <= 0 || c > ts.count(t) {
			return fmt.Errorf("type %d taken %d times, has %d people", t, c, ts.count(t))
		}
		perType[t] = c
		size += c
		for _, f := range ts.feats[t] {
			feat[f] += c
		}
	}
	if size != in.K {
		return fmt.Errorf("panel has %d members, want %d", size, in.K)
	}
	for f, n := range feat {
		_, v := in.value(f)
		if n < v.Min || n > v.Max {
			return fmt.Errorf("%s has %d members, quota %d–%d", in.FeatureName(f), n, v.Min, v.Max)
		}
	}
	for _, h := range ts.households {
		s := 0
		for _, t := range h {
			s += perType[t]
		}
		if s > 1 {
			return fmt.Errorf("panel has %d members of one household", s)
		}
	}
	return nil
}
