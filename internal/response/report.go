package response

import (
	"slices"
	"time"
)

// Mean is the mean of progress values rounded to the nearest whole number
// (halves up); false when there are none.
func Mean(xs []int) (int, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return (2*sum + len(xs)) / (2 * len(xs)), true
}

// RecReport is one passed recommendation in the report: its answer, its
// commitments and its progress.
type RecReport struct {
	Rec
	Answer      *Answer // nil until answered
	Overdue     bool    // unanswered and the deadline has passed
	Progress    int     // the mean of its commitments' progress
	HasProgress bool    // it has commitments
	Commitments []Commitment
}

// ThemeReport is one theme's recommendations and progress.
type ThemeReport struct {
	ID          int64
	Title       string
	Progress    int // the mean of its recommendations' progress, over those with commitments
	HasProgress bool
	Recs        []RecReport
	Commitments int
}

// StatusCount is how many commitments have a status.
type StatusCount struct {
	Status
	N int
}

// Report is where a round's response stands: every passed recommendation
// with its answer and commitments, the roll-ups and the counts.
type Report struct {
	CycleID     int64
	Deadline    time.Time // zero: none set
	Statuses    []Status
	Recs        []RecReport // by recommendation id
	Themes      []ThemeReport
	Progress    int // the mean of the themes' progress, over those with any
	HasProgress bool
	Counts      []StatusCount // one per status, in the round's order
	Answered    int
	Overdue     int
	Late        int
	Decisions   map[Decision]int
	Commitments int
}

// Overdue reports whether a recommendation without an answer is overdue
// at now: a deadline is set and has passed.
func Overdue(deadline, now time.Time, answered bool) bool {
	return !answered && !deadline.IsZero() && now.After(deadline)
}

// Late reports whether an answer first published at answeredAt was late.
func Late(deadline, answeredAt time.Time) bool {
	return !deadline.IsZero() && answeredAt.After(deadline)
}

// Build puts a round's passed recommendations, answers and commitments
// together as they stand at now, and rolls progress up: a recommendation's
// is the mean of its commitments', a theme's the mean of its
// recommendations' that have commitments, the round's the mean of its
// themes' that have any. Answers and commitments of recommendations not in
// recs are left out.
func Build(set Settings, recs []Rec, answers []Answer, cs []Commitment, now time.Time) Report {
	r := Report{CycleID: set.CycleID, Deadline: set.Deadline, Statuses: set.Statuses, Decisions: map[Decision]int{}}
	byRec := map[int64]*Answer{}
	for i := range answers {
		a := answers[i]
		a.Late = Late(set.Deadline, a.AnsweredAt)
		byRec[a.RecommendationID] = &a
	}
	commits := map[int64][]Commitment{}
	for _, c := range cs {
		commits[c.RecommendationID] = append(commits[c.RecommendationID], c)
	}
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b Rec) int { return int(a.ID - b.ID) })
	themeAt := map[int64]int{}
	counts := map[string]int{}
	for _, rec := range recs {
		rr := RecReport{Rec: rec, Answer: byRec[rec.ID], Commitments: commits[rec.ID]}
		rr.Overdue = Overdue(set.Deadline, now, rr.Answer != nil)
		var ps []int
		for _, c := range rr.Commitments {
			ps = append(ps, c.Progress)
			counts[c.Status]++
		}
		rr.Progress, rr.HasProgress = Mean(ps)
		if rr.Answer != nil {
			r.Answered++
			r.Decisions[rr.Answer.Decision]++
			if rr.Answer.Late {
				r.Late++
			}
		}
		if rr.Overdue {
			r.Overdue++
		}
		r.Commitments += len(rr.Commitments)
		r.Recs = append(r.Recs, rr)
		i, ok := themeAt[rec.ThemeID]
		if !ok {
			i = len(r.Themes)
			themeAt[rec.ThemeID] = i
			r.Themes = append(r.Themes, ThemeReport{ID: rec.ThemeID, Title: rec.ThemeTitle})
		}
		r.Themes[i].Recs = append(r.Themes[i].Recs, rr)
		r.Themes[i].Commitments += len(rr.Commitments)
	}
	var tps []int
	for i := range r.Themes {
		var ps []int
		for _, rr := range r.Themes[i].Recs {
			if rr.HasProgress {
				ps = append(ps, rr.Progress)
			}
		}
		r.Themes[i].Progress, r.Themes[i].HasProgress = Mean(ps)
		if r.Themes[i].HasProgress {
			tps = append(tps, r.Themes[i].Progress)
		}
	}
	r.Progress, r.HasProgress = Mean(tps)
	for _, st := range set.Statuses {
		r.Counts = append(r.Counts, StatusCount{Status: st, N: counts[st.Key]})
	}
	return r
}

// Rec returns the report of recommendation id, or false.
func (r Report) Rec(id int64) (RecReport, bool) {
	for _, rr := range r.Recs {
		if rr.ID == id {
			return rr, true
		}
	}
	return RecReport{}, false
}
