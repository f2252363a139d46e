package gather

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
)

// DefaultShortlistSize is how many themes go forward to the jury when the
// configuration does not say.
const DefaultShortlistSize = 6

// ShortlistRule says which themes go forward to the jury and where the
// cut-off fell.
//
// The rule: the Size themes with the most distinct supporters go forward;
// a theme tied with the last of them (same number of distinct supporters)
// goes forward too, so no theme is left out by the order of a tie; a theme
// nobody supports never goes forward.
type ShortlistRule struct {
	Size int // N, the number the rule asks for
	// Count is how many themes go forward: at most Size, or more when
	// themes tie at the cut-off.
	Count int
	// Tied is how many of them went forward only because they tied with
	// the Size-th theme (Count - Size when positive).
	Tied int
	// Threshold is the number of distinct supporters of the last theme
	// going forward (0 when none does).
	Threshold int
}

// Text is the rule in English, for exports.
func (r ShortlistRule) Text() string {
	s := fmt.Sprintf("The %d themes with the most distinct supporters go forward to the jury. A theme tied with the last of them goes forward too; a theme with no supporters does not.", r.Size)
	if r.Tied > 0 {
		s += fmt.Sprintf(" This time %d more went forward because of a tie at %d supporters.", r.Tied, r.Threshold)
	}
	return s
}

// Shortlist marks the themes that go forward by the rule of ShortlistRule
// (n is its Size) and returns them ordered by distinct supporters, most
// first (ties: more supports in all, then older theme first), with the
// rule as applied. The themes going forward come first; every theme after
// the Count-th is below the cut-off.
func Shortlist(ts []Theme, n int) ([]Theme, ShortlistRule) {
	if n <= 0 {
		n = DefaultShortlistSize
	}
	out := slices.Clone(ts)
	slices.SortStableFunc(out, func(a, b Theme) int {
		if a.Supporters != b.Supporters {
			return b.Supporters - a.Supporters
		}
		if a.Supports != b.Supports {
			return b.Supports - a.Supports
		}
		return int(a.ID - b.ID)
	})
	rule := ShortlistRule{Size: n}
	for i := range out {
		t := &out[i]
		t.Shortlisted = t.Supporters > 0 && (i < n || t.Supporters == rule.Threshold)
		if !t.Shortlisted {
			break
		}
		rule.Count, rule.Threshold = i+1, t.Supporters
	}
	rule.Tied = max(0, rule.Count-n)
	return out, rule
}

// Shortlist returns a round's themes marked and ordered by Shortlist with
// the configured size.
func (s *Service) Shortlist(ctx context.Context, cycleID int64) ([]Theme, ShortlistRule, error) {
	ts, err := s.store.Themes(ctx, cycleID)
	if err != nil {
		return nil, ShortlistRule{}, err
	}
	out, rule := Shortlist(ts, s.cfg.ShortlistSize)
	return out, rule, nil
}

// ShortlistSize is the configured N of the shortlist rule.
func (s *Service) ShortlistSize() int { return s.cfg.ShortlistSize }

// RejectSuggestion records that the suggested theme grouping issueIDs is
// not a theme, so it is not suggested again (nor any grouping of only
// these issues). Organisers only.
func (s *Service) RejectSuggestion(ctx context.Context, actor people.User, cycleID int64, issueIDs []int64, reason string) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	ids := uniq(issueIDs)
	if len(ids) < 2 {
		return apperr.Field("issues", "A suggestion groups at least two issues")
	}
	reason = strings.TrimSpace(normaliseNewlines(reason))
	if reason != "" {
		if err := ValidateReason(reason); err != nil {
			return err
		}
	}
	if err := s.gate.Gate(ctx, cycleID, cycle.ShapeThemes); err != nil {
		return err
	}
	if err := s.sameCycle(ctx, cycleID, ids); err != nil {
		return err
	}
	ev := s.event(actor, "suggestion.reject", "", map[string]string{"issues": joinIDs(ids), "reason": reason, "cycle": id(cycleID)})
	return s.store.RejectSuggestion(ctx, cycleID, ids, reason, actor.ID, ev)
}

// RejectedSuggestions returns the groupings organisers rejected in a round
// (each sorted). Organisers only.
func (s *Service) RejectedSuggestions(ctx context.Context, actor people.User, cycleID int64) ([][]int64, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return nil, err
	}
	return s.store.RejectedSuggestions(ctx, cycleID)
}

// Rejected reports whether a suggested grouping is covered by a rejected
// one: every issue of ids is in one rejected grouping.
func Rejected(rejected [][]int64, ids []int64) bool {
	for _, rj := range rejected {
		all := true
		for _, i := range ids {
			if _, ok := slices.BinarySearch(rj, i); !ok {
				all = false
				break
			}
		}
		if all && len(ids) > 0 {
			return true
		}
	}
	return false
}

// JoinIDs renders sorted ids as "1,2,3" (the stored form of a rejection).
func JoinIDs(ids []int64) string { return joinIDs(ids) }

// SplitIDs parses "1,2,3", skipping anything that is not a positive id.
func SplitIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// Audit actions of the theme tools. They are stable: notifications ("your
// issue joined a theme") are made from them.
//
//	theme.create  object theme:N, details issues=1,2,3 (also for split)
//	theme.add     object theme:N, details issues=1,2
//	theme.remove  object issues:1,2 (taken out of any theme), details theme=N when they were all in theme N
//	theme.merge   object theme:N (kept), details from=4,5 (deleted; their issues moved into N)
//	theme.delete  object theme:N, details issues=1,2 (now in no theme)
//	theme.rename  object theme:N, details name
const (
	ActionThemeCreate = "theme.create"
	ActionThemeAdd    = "theme.add"
	ActionThemeRemove = "theme.remove"
	ActionThemeMerge  = "theme.merge"
	ActionThemeDelete = "theme.delete"
	ActionThemeRename = "theme.rename"
)
