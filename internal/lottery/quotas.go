package lottery

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/selection"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// Tolerance is the default width of a suggested quota around its census
// target: ±20% of the target, and at least ±1 person.
const Tolerance = 0.2

// SuggestQuotas returns quotas for a panel of k from pool: for each value
// its census share × k, widened by tol (a fraction of the target, at
// least one person either way), never above the number of people in the
// pool with that value. A value with no census share gets 0..k.
func SuggestQuotas(pool recruit.Pool, k int, tol float64) []Quota {
	count := map[[2]string]int{}
	for _, m := range pool.Members {
		for c, v := range m.Answers {
			count[[2]string{c, v}]++
		}
	}
	var out []Quota
	for _, c := range pool.Categories {
		for _, v := range c.Values {
			q := Quota{Category: c.Key, Value: v.Key, Census: v.Census, Min: 0, Max: k}
			if v.Census > 0 {
				t := v.Census * float64(k)
				w := math.Max(1, tol*t)
				q.Min = max(0, int(math.Floor(t-w)))
				q.Max = min(k, int(math.Ceil(t+w)))
			}
			q.Min = min(q.Min, count[[2]string{c.Key, v.Key}])
			q.Max = max(q.Max, q.Min)
			out = append(out, q)
		}
	}
	return out
}

// Suggest returns suggested quotas for a panel of k from the round's
// pool, and the pool itself (organisers only).
func (s *Service) Suggest(ctx context.Context, actor people.User, cycleID int64, k int) ([]Quota, recruit.Pool, error) {
	pool, err := s.pool(ctx, actor, cycleID)
	if err != nil {
		return nil, pool, err
	}
	return SuggestQuotas(pool, k, Tolerance), pool, nil
}

// Pool returns the round's pool (organisers only).
func (s *Service) Pool(ctx context.Context, actor people.User, cycleID int64) (recruit.Pool, error) {
	return s.pool(ctx, actor, cycleID)
}

func (s *Service) pool(ctx context.Context, actor people.User, cycleID int64) (recruit.Pool, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return recruit.Pool{}, err
	}
	if s.pools == nil {
		return recruit.Pool{}, apperr.New(apperr.Unavailable, "The recruitment pool cannot be read on this server.")
	}
	return s.pools.Pool(ctx, actor, cycleID)
}

// SetQuotas saves the panel size and the quotas of a round's selection
// (organisers, in the selection phase, before the lottery is announced).
// Quotas must name every value of every category of the pool once. A
// computed lottery is discarded: it must be run again.
func (s *Service) SetQuotas(ctx context.Context, actor people.User, cycleID int64, k int, qs []Quota) (Selection, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Selection{}, err
	}
	pool, err := s.pool(ctx, actor, cycleID)
	if err != nil {
		return Selection{}, err
	}
	if err := CheckQuotas(pool, k, qs); err != nil {
		return Selection{}, err
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return sel, err
	}
	sel.PanelSize, sel.Quotas, sel.State, sel.ListHash, sel.Error = k, qs, Draft, "", ""
	sel.Updated = s.now()
	ev := s.event(actor, "selection.quotas", cycleID, map[string]string{"panel_size": strconv.Itoa(k), "quotas": quotaText(qs)})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Draft, Ready, Failed}, Event: ev}); err != nil {
		return sel, notNow(err)
	}
	s.changed(ctx, cycleID)
	return sel, nil
}

// notNow turns a state conflict into words.
func notNow(err error) error {
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "The selection has moved on since this page was shown: look at it again.")
	}
	return err
}

// quotaText is the quotas in one line, for the audit log.
func quotaText(qs []Quota) string {
	var b strings.Builder
	for i, q := range qs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s=%s %d..%d", q.Category, q.Value, q.Min, q.Max)
	}
	return b.String()
}

// CheckQuotas checks a panel size and quotas against a pool: the panel
// fits the pool, every value of every category has one quota, 0 ≤ min ≤
// max ≤ k. Errors are apperr.Invalid naming the form field
// ("panel_size", or "min-<category>-<value>").
func CheckQuotas(pool recruit.Pool, k int, qs []Quota) error {
	switch {
	case k <= 0:
		return apperr.Field("panel_size", "Enter the number of members as a whole number above 0")
	case k > len(pool.Members):
		return apperr.Field("panel_size", "The panel cannot be larger than the pool of %d people registered", len(pool.Members))
	}
	want := map[[2]string]bool{}
	for _, c := range pool.Categories {
		for _, v := range c.Values {
			want[[2]string{c.Key, v.Key}] = true
		}
	}
	seen := map[[2]string]bool{}
	for _, q := range qs {
		key := [2]string{q.Category, q.Value}
		if !want[key] || seen[key] {
			return apperr.New(apperr.Invalid, "The quotas do not match the pool's categories: reload the page.")
		}
		seen[key] = true
		f := FieldName(q)
		switch {
		case q.Min < 0 || q.Max < 0:
			return apperr.Field(f, "A quota cannot be negative")
		case q.Min > q.Max:
			return apperr.Field(f, "The minimum cannot be above the maximum")
		case q.Max > k:
			return apperr.Field(f, "The maximum cannot be above the panel size")
		}
	}
	if len(seen) != len(want) {
		return apperr.New(apperr.Invalid, "The quotas do not match the pool's categories: reload the page.")
	}
	return nil
}

// FieldName is the form field of a quota's minimum ("min-age-16-29"); its
// maximum is the same with "max-".
func FieldName(q Quota) string { return "min-" + q.Category + "-" + q.Value }

// Files of the pool snapshot: the Sortition Foundation's format.
const (
	FeaturesFile = "features.csv"
	PeopleFile   = "people.csv"
)

// Snapshot writes the pool and the quotas as features.csv
// (feature,value,min,max) and people.csv (id and one column per
// category, nothing else), the files `folkmoot select` reads.
func Snapshot(pool recruit.Pool, qs []Quota) (features, ppl []byte, err error) {
	var fb, pb bytes.Buffer
	fw := csv.NewWriter(&fb)
	fw.Write([]string{"feature", "value", "min", "max"})
	for _, q := range qs {
		fw.Write([]string{q.Category, q.Value, strconv.Itoa(q.Min), strconv.Itoa(q.Max)})
	}
	fw.Flush()
	pw := csv.NewWriter(&pb)
	head := []string{"id"}
	for _, c := range pool.Categories {
		head = append(head, c.Key)
	}
	pw.Write(head)
	for _, m := range pool.Members {
		row := []string{m.ID}
		for _, c := range pool.Categories {
			row = append(row, m.Answers[c.Key])
		}
		pw.Write(row)
	}
	pw.Flush()
	if err := errors.Join(fw.Error(), pw.Error()); err != nil {
		return nil, nil, apperr.Wrap(apperr.Internal, err, "writing the pool snapshot")
	}
	return fb.Bytes(), pb.Bytes(), nil
}

// Feasibility is the answer to "can a panel meet these quotas?".
type Feasibility struct {
	OK bool
	// Conflicts are the engine's reasons, in English.
	Conflicts []string
	// Suggestions are the smallest changes of quotas that make a panel
	// possible (none when even those cannot).
	Suggestions []Relaxation
}

// Relaxation is a suggested change of one quota.
type Relaxation struct {
	Category, Value string
	Bound           string // "min" or "max"
	From, To        int
}

// CheckFeasibility checks whether a panel of the saved size from the
// round's pool can meet the saved quotas (organisers), with the engine's
// explanation and the smallest relaxations when it cannot.
func (s *Service) CheckFeasibility(ctx context.Context, actor people.User, cycleID int64) (Feasibility, error) {
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return Feasibility{}, err
	}
	if len(sel.Quotas) == 0 {
		return Feasibility{}, apperr.New(apperr.Conflict, "Save the quotas first.")
	}
	pool, err := s.pool(ctx, actor, cycleID)
	if err != nil {
		return Feasibility{}, err
	}
	return Feasible(ctx, pool, sel.PanelSize, sel.Quotas)
}

// Feasible checks the quotas qs for a panel of k from pool.
func Feasible(ctx context.Context, pool recruit.Pool, k int, qs []Quota) (Feasibility, error) {
	if err := CheckQuotas(pool, k, qs); err != nil {
		return Feasibility{}, err
	}
	fb, pb, err := Snapshot(pool, qs)
	if err != nil {
		return Feasibility{}, err
	}
	in, err := input(fb, pb)
	if err != nil {
		return Feasibility{}, err
	}
	for c := range in.Categories {
		for v := range in.Categories[c].Values {
			in.Categories[c].Values[v].MinFlex, in.Categories[c].Values[v].MaxFlex = 0, k
		}
	}
	err = sortition.CheckFeasible(ctx, &sortition.Instance{Categories: in.Categories, People: in.People, K: k, QuotaFile: FeaturesFile})
	var inf *sortition.InfeasibleError
	switch {
	case err == nil:
		return Feasibility{OK: true}, nil
	case errors.As(err, &inf):
		f := Feasibility{Conflicts: inf.Conflicts}
		for _, r := range inf.Suggestions {
			cat, val, _ := strings.Cut(r.Feature, ":")
			f.Suggestions = append(f.Suggestions, Relaxation{Category: cat, Value: val, Bound: r.Bound, From: r.From, To: r.To})
		}
		return f, nil
	}
	return Feasibility{}, err
}

// input reads a snapshot as the CLI does.
func input(features, ppl []byte) (*selection.Input, error) {
	return selection.ReadInput(bytes.NewReader(features), bytes.NewReader(ppl), selection.ReadOptions{QuotaFile: FeaturesFile, PoolFile: PeopleFile})
}
