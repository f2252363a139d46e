package responseweb

import (
	"context"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/consult"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Public is what the public consultation said of one recommendation.
type Public struct {
	Responses, Agree, Disagree, Unsure int
}

// Consultation reads the public consultation's figures per
// recommendation (*consult.Service through FromConsult); nil leaves them
// out of the pages.
type Consultation interface {
	Public(ctx context.Context, cycleID int64) (map[int64]Public, error)
}

// FromConsult reads the consultation's summaries.
func FromConsult(c *consult.Service) Consultation { return fromConsult{c} }

type fromConsult struct{ c *consult.Service }

func (f fromConsult) Public(ctx context.Context, cycleID int64) (map[int64]Public, error) {
	ss, err := f.c.Summaries(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Public, len(ss))
	for id, s := range ss {
		out[id] = Public{Responses: s.Responses, Agree: s.Agree, Disagree: s.Disagree, Unsure: s.Unsure}
	}
	return out, nil
}

// public returns the round's consultation figures, none when the area is
// not wired or the round had no consultation.
func (h *Handler) public(r *http.Request, cycleID int64) (map[int64]Public, error) {
	if h.d.Consultation == nil {
		return nil, nil
	}
	return h.d.Consultation.Public(r.Context(), cycleID)
}

// publicSentence says what the consultation said of a recommendation, in
// the request's language; "" when nobody answered on it.
func publicSentence(r *http.Request, p Public) string {
	if p.Responses == 0 {
		return ""
	}
	pr := kit.Printer(r)
	pct := func(n int) int { return (200*n + p.Responses) / (2 * p.Responses) } // rounded half up
	return pr.N(p.Responses, "In the public consultation %d person answered:", "In the public consultation %d people answered:") + " " +
		pr.T("%d%% agree, %d%% disagree and %d%% are not sure.", pct(p.Agree), pct(p.Disagree), pct(p.Unsure))
}
