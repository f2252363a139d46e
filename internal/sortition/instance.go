package sortition

import (
	"fmt"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Value is one feature value of a category with its quota: a feasible panel
// has between Min and Max members with this value. MinFlex ≤ Min and
// MaxFlex ≥ Max bound the relaxations suggested when no panel meets the
// quotas.
type Value struct {
	Name             string
	Min, Max         int
	MinFlex, MaxFlex int
	Line             int // line in the quota file, for messages; 0 if unknown
}

// Category is one stratification dimension, such as age or region; every
// person has exactly one of its values.
type Category struct {
	Name   string
	Values []Value
}

// Person is one pool member. Values[c] is the index of the person's value in
// Categories[c]. Household is -1 for none, otherwise people with equal
// Household numbers live together and at most one of them may be selected.
type Person struct {
	ID        string
	Values    []int
	Household int
}

// Instance is a selection problem: pick K people from People meeting the
// quotas of Categories.
type Instance struct {
	Categories []Category
	People     []Person
	K          int
	// QuotaFile names the quota file in messages.
	QuotaFile string
}

// feature numbers the (category, value) pairs 0, 1, ... in file order.
type featureIndex struct {
	offset []int // offset[c] is the feature number of Categories[c].Values[0]
	n      int
}

func (in *Instance) features() featureIndex {
	fi := featureIndex{offset: make([]int, len(in.Categories))}
	for c, cat := range in.Categories {
		fi.offset[c] = fi.n
		fi.n += len(cat.Values)
	}
	return fi
}

// value returns the category and value of feature f.
func (in *Instance) value(f int) (*Category, *Value) {
	for c := range in.Categories {
		if f < len(in.Categories[c].Values) {
			return &in.Categories[c], &in.Categories[c].Values[f]
		}
		f -= len(in.Categories[c].Values)
	}
	panic("sortition: feature out of range")
}

// FeatureName returns "category:value" for feature f (file order).
func (in *Instance) FeatureName(f int) string {
	c, v := in.value(f)
	return c.Name + ":" + v.Name
}

// Validate checks the instance's internal consistency: panel size, quota
// bounds and people's value indices. Infeasible quotas are not an error
// here; see CheckFeasible.
func (in *Instance) Validate() error {
	if in.K <= 0 {
		return apperr.Field("panel-size", "must be positive, got %d", in.K)
	}
	if len(in.Categories) == 0 {
		return apperr.New(apperr.Invalid, "%s: no categories", in.QuotaFile)
	}
	for _, c := range in.Categories {
		if len(c.Values) == 0 {
			return apperr.New(apperr.Invalid, "%s: category %q has no values", in.QuotaFile, c.Name)
		}
		for _, v := range c.Values {
			where := in.QuotaFile
			if v.Line > 0 {
				where = fmt.Sprintf("%s:%d", in.QuotaFile, v.Line)
			}
			if v.Min < 0 || v.Max < 0 {
				return apperr.New(apperr.Invalid, "%s: %s:%s has a negative quota", where, c.Name, v.Name)
			}
			if v.Min > v.Max {
				return apperr.New(apperr.Invalid, "%s: %s:%s has min %d > max %d", where, c.Name, v.Name, v.Min, v.Max)
			}
			if v.MinFlex > v.Min || v.MaxFlex < v.Max {
				return apperr.New(apperr.Invalid, "%s: %s:%s needs min_flex ≤ min and max_flex ≥ max (got %d ≤ %d, %d ≥ %d)",
					where, c.Name, v.Name, v.MinFlex, v.Min, v.MaxFlex, v.Max)
			}
		}
	}
	if len(in.People) < in.K {
		return apperr.New(apperr.Invalid, "the pool has %d people, fewer than the panel size %d", len(in.People), in.K)
	}
	for i, p := range in.People {
		if len(p.Values) != len(in.Categories) {
			return fmt.Errorf("sortition: person %d has %d values for %d categories", i, len(p.Values), len(in.Categories))
		}
		for c, v := range p.Values {
			if v < 0 || v >= len(in.Categories[c].Values) {
				return fmt.Errorf("sortition: person %d has value index %d in category %d", i, v, c)
			}
		}
	}
	return nil
}

// HouseholdsOf groups person indices by household, keeping only households
// with two or more people in the pool.
func (in *Instance) householdsOf() [][]int {
	by := map[int][]int{}
	var order []int
	for i, p := range in.People {
		if p.Household < 0 {
			continue
		}
		if _, ok := by[p.Household]; !ok {
			order = append(order, p.Household)
		}
		by[p.Household] = append(by[p.Household], i)
	}
	var out [][]int
	for _, h := range order {
		if len(by[h]) > 1 {
			out = append(out, by[h])
		}
	}
	return out
}

// CheckPanel reports why the people in panel (indices into People) are not
// a feasible panel: wrong size, a duplicate, a quota missed, or two
// housemates. It returns nil for a feasible panel.
func (in *Instance) CheckPanel(panel []int) error {
	if len(panel) != in.K {
		return fmt.Errorf("panel has %d members, want %d", len(panel), in.K)
	}
	seen := map[int]bool{}
	house := map[int]int{}
	fi := in.features()
	count := make([]int, fi.n)
	for _, i := range panel {
		if i < 0 || i >= len(in.People) || seen[i] {
			return fmt.Errorf("panel member %d is out of range or repeated", i)
		}
		seen[i] = true
		p := in.People[i]
		if p.Household >= 0 {
			if j, ok := house[p.Household]; ok {
				return fmt.Errorf("panel has two members of one household (%s and %s)", in.People[j].ID, p.ID)
			}
			house[p.Household] = i
		}
		for c, v := range p.Values {
			count[fi.offset[c]+v]++
		}
	}
	var bad []string
	for f, n := range count {
		_, v := in.value(f)
		if n < v.Min || n > v.Max {
			bad = append(bad, fmt.Sprintf("%s has %d, quota %d–%d", in.FeatureName(f), n, v.Min, v.Max))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("panel misses quotas: %s", strings.Join(bad, "; "))
	}
	return nil
}
