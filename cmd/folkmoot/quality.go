package main

import (
	"context"
	"github.com/folkmoot/folkmoot/internal/response"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/quality"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// qualityFrom are the real services the quality self-assessment's proofs
// read. Any but Rounds may be nil: its proofs are then not yet
// applicable.
type qualityFrom struct {
	Rounds    *cycle.Service
	Selection *lottery.Service
	Evidence  *evidence.Service
	Jury      *jury.Service
	Recommend *recommend.Service
	Meetings  *meeting.Service
	Recruit   *recruit.Service
	// Responses is the Board's answers (qualityResponses over
	// internal/response); nil: the accountability proof is not applicable.
	Responses quality.Responses
}

// newQuality returns the quality service over st, its proofs adapted from
// the services in f.
func newQuality(st storage.Store, users quality.Users, f qualityFrom, now func() time.Time) *quality.Service {
	return quality.NewService(st, qualitySources(f), users, st, quality.Config{Now: now})
}

// qualitySources adapts the services to the proofs' small interfaces.
func qualitySources(f qualityFrom) quality.Sources {
	src := quality.Sources{Rounds: f.Rounds, Responses: f.Responses}
	if f.Selection != nil { // a nil *lottery.Service would be a non-nil interface
		src.Selections = lotteryDraw{f.Selection}
	}
	if f.Evidence != nil {
		src.Evidence = evidenceDocs{f.Evidence}
	}
	if f.Jury != nil {
		src.Jury = f.Jury
	}
	if f.Recommend != nil {
		src.Recommendations = recPassed{f.Recommend}
	}
	if f.Meetings != nil {
		src.Meetings = meetingsHeld{f.Meetings}
	}
	if f.Recruit != nil {
		src.Pool = poolErasure{f.Recruit}
	}
	return src
}

// lotteryDraw reads the selection for the representativeness and
// transparency proofs.
type lotteryDraw struct{ s *lottery.Service }

func (l lotteryDraw) Draw(ctx context.Context, cycleID int64) (quality.Draw, error) {
	sel, err := l.s.Get(ctx, cycleID)
	if err != nil {
		return quality.Draw{}, err
	}
	d := quality.Draw{Drawn: sel.State == lottery.Drawn, PublicSeed: sel.PublicSeed}
	for _, f := range lottery.PublicFiles {
		if lottery.Published(sel, f) {
			d.Published = append(d.Published, f)
		}
	}
	if d.Drawn {
		d.QuotasMet, err = l.s.QuotasMet(ctx, cycleID)
	}
	return d, err
}

// evidenceDocs lists the evidence documents for the information proof.
type evidenceDocs struct{ s *evidence.Service }

func (e evidenceDocs) Documents(ctx context.Context, cycleID int64) ([]quality.Document, error) {
	ds, err := e.s.Documents(ctx, cycleID)
	out := make([]quality.Document, 0, len(ds))
	for _, d := range ds {
		out = append(out, quality.Document{ID: d.ID, Title: d.Title, EasyRead: d.HasEasyRead()})
	}
	return out, err
}

// recPassed reads the recommendations' published files and which passed.
type recPassed struct{ s *recommend.Service }

func (r recPassed) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	return r.s.Links(ctx, cycleID)
}

func (r recPassed) Passed(ctx context.Context, cycleID int64) ([]int64, bool, error) {
	_, res, _, err := r.s.Results(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var ids []int64
	for _, x := range res {
		if x.Passed && x.Item.Kind == recommend.Agreement {
			ids = append(ids, x.Item.ID)
		}
	}
	return ids, true, nil
}

// meetingsHeld reads sessions and groups for the inclusiveness and group
// deliberation proofs.
type meetingsHeld struct{ s *meeting.Service }

func (m meetingsHeld) Sessions(ctx context.Context, cycleID int64) (total, online int, err error) {
	ss, err := m.s.Sessions(ctx, cycleID)
	for _, s := range ss {
		total++
		if s.Mode == meeting.Online || s.Mode == meeting.Hybrid || s.Webcast != "" {
			online++
		}
	}
	return total, online, err
}

func (m meetingsHeld) Groups(ctx context.Context, cycleID int64) ([]quality.Group, error) {
	gs, err := m.s.GroupsOf(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make([]quality.Group, 0, len(gs))
	for _, g := range gs {
		fs, err := m.s.FacilitatorsOf(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		ns, err := m.s.Notes(ctx, people.Anonymous, g.ID) // the published ones
		if err != nil {
			return nil, err
		}
		published := 0
		for _, n := range ns {
			if !n.Published.IsZero() {
				published++
			}
		}
		out = append(out, quality.Group{ID: g.ID, Name: g.Name, Facilitators: len(fs), Notes: published})
	}
	return out, nil
}

// poolErasure counts the registrations kept and erased, for the privacy
// proof (read as the system: nothing personal leaves this adapter).
type poolErasure struct{ s *recruit.Service }

func (p poolErasure) Erasure(ctx context.Context, cycleID int64) (registered, erased int, err error) {
	rs, err := p.s.Registrations(ctx, people.System, cycleID)
	for _, r := range rs {
		if !r.Withdrawn.IsZero() {
			continue
		}
		registered++
		if !r.Erased.IsZero() {
			erased++
		}
	}
	return registered, erased, err
}

// qualityResponses adapts the Board's answers (internal/response) to the
// accountability proof.
type qualityResponses struct{ r *response.Service }

func (a qualityResponses) Deadline(ctx context.Context, cycleID int64) (time.Time, bool, error) {
	return a.r.Deadline(ctx, cycleID)
}

func (a qualityResponses) Answers(ctx context.Context, cycleID int64) ([]quality.Answer, error) {
	as, err := a.r.Answers(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make([]quality.Answer, 0, len(as))
	for _, x := range as {
		out = append(out, quality.Answer{RecommendationID: x.RecommendationID, AnsweredAt: x.AnsweredAt, Late: x.Late})
	}
	return out, nil
}
