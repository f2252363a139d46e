package quality

import (
	"context"
	"encoding/json"
	"time"
)

// PublishedProof is one proof in quality.json.
type PublishedProof struct {
	Key    string `json:"key"`
	Met    *bool  `json:"met"` // null: not yet applicable
	Detail string `json:"detail"`
	URL    string `json:"url"`
}

// PublishedPrinciple is one principle in quality.json: the organisers'
// rating ("" when not rated), narrative and links, the live proofs and,
// once signed off, the proofs as they stood at sign-off.
type PublishedPrinciple struct {
	Key          string           `json:"key"`
	Title        string           `json:"title"`
	Asks         string           `json:"asks"`
	Rating       string           `json:"rating"`
	Narrative    string           `json:"narrative"`
	NarrativeCy  string           `json:"narrative_cy,omitempty"`
	Links        []string         `json:"links"`
	Proofs       []PublishedProof `json:"proofs"`
	SignedProofs []PublishedProof `json:"signed_proofs,omitempty"`
}

// PublishedAssessor is the sign-off in quality.json.
type PublishedAssessor struct {
	Name      string    `json:"name"`
	Statement string    `json:"statement"`
	SignedAt  time.Time `json:"signed_at"`
}

// PublishedAssessment is quality.json.
type PublishedAssessment struct {
	Cycle      int64                `json:"cycle"`
	Status     string               `json:"status"`
	Principles []PublishedPrinciple `json:"principles"`
	Assessor   *PublishedAssessor   `json:"assessor"`
}

func publishProofs(ps []Proof, principle string) []PublishedProof {
	out := []PublishedProof{}
	for _, p := range ps {
		if p.Principle == principle {
			out = append(out, PublishedProof{Key: p.Key, Met: p.Met, Detail: p.Detail.English(), URL: p.URL})
		}
	}
	return out
}

// Publish returns what quality.json holds: every principle, in English,
// with the live proofs at now.
func Publish(a Assessment, live []Proof) PublishedAssessment {
	out := PublishedAssessment{Cycle: a.CycleID, Status: string(a.Status), Principles: []PublishedPrinciple{}}
	for _, p := range Principles {
		e, _ := a.Entry(p.Key)
		pp := PublishedPrinciple{Key: p.Key, Title: p.Title, Asks: p.Asks, Rating: string(e.Rating), Narrative: e.Narrative,
			NarrativeCy: e.NarrativeCy, Links: e.Links, Proofs: publishProofs(live, p.Key)}
		if pp.Links == nil {
			pp.Links = []string{}
		}
		if a.Status == Signed {
			pp.SignedProofs = publishProofs(a.Snapshot, p.Key)
		}
		out.Principles = append(out.Principles, pp)
	}
	if a.Status == Signed {
		out.Assessor = &PublishedAssessor{Name: a.AssessorName, Statement: a.Statement, SignedAt: a.SignedAt}
	}
	return out
}

// Published returns a round's quality.json content, with the proofs
// checked now.
func (s *Service) Published(ctx context.Context, cycleID int64) (PublishedAssessment, error) {
	a, err := s.Assessment(ctx, cycleID)
	if err != nil {
		return PublishedAssessment{}, err
	}
	live, err := s.Proofs(ctx, cycleID)
	if err != nil {
		return PublishedAssessment{}, err
	}
	return Publish(a, live), nil
}

// MarshalPublished is p as indented JSON.
func MarshalPublished(p PublishedAssessment) []byte {
	b, _ := json.MarshalIndent(p, "", "  ")
	return append(b, '\n')
}

// Differs reports whether the live re-check of a signed-off assessment's
// proofs differs from the snapshot taken at sign-off (a proof's result or
// a proof added or gone).
func Differs(snapshot, live []Proof) bool {
	if len(snapshot) != len(live) {
		return true
	}
	for i := range snapshot {
		if snapshot[i].Key != live[i].Key || snapshot[i].State() != live[i].State() {
			return true
		}
	}
	return false
}
