package selection

import "github.com/folkmoot/folkmoot/internal/sortition"

// Summary is the outcome as one JSON object: the contract of
// `folkmoot select --json` (see docs/sortition.md, "What you get").
type Summary struct {
	Algorithm      string          `json:"algorithm"`
	Format         string          `json:"format"`
	PanelSize      int             `json:"panel_size"`
	Pool           int             `json:"pool"`
	Types          int             `json:"types"`
	MinProbability float64         `json:"min_probability"`
	Probabilities  []float64       `json:"probabilities"`
	Panels         int             `json:"panels"`
	Selected       []string        `json:"selected"`
	Reserves       []string        `json:"reserves,omitempty"`
	Seed           string          `json:"seed,omitempty"`
	Tickets        int             `json:"lottery_tickets,omitempty"`
	ListHash       string          `json:"lottery_hash,omitempty"`
	Ticket         int             `json:"lottery_ticket,omitempty"`
	Seconds        float64         `json:"seconds"`
	Approximate    bool            `json:"approximate,omitempty"`
	Certified      bool            `json:"certified"`
	LotteryGap     float64         `json:"lottery_gap,omitempty"`
	Gap            float64         `json:"gap,omitempty"`
	Stats          sortition.Stats `json:"stats"`
}

// Summary returns the outcome's summary. Selected is never nil (an empty
// list before a lottery's draw).
func (o *Outcome) Summary() Summary {
	s := Summary{
		Algorithm: string(o.Algorithm), Format: o.Format.String(), PanelSize: o.Instance.K, Pool: len(o.Instance.People),
		Types: o.Stats.Types, MinProbability: o.Min, Probabilities: o.Probabilities, Panels: o.Panels,
		Selected: o.IDs(o.Selected), Reserves: o.IDs(o.Reserves), Seed: o.Seed, Seconds: o.Elapsed.Seconds(),
		Stats: o.Stats, ListHash: o.ListHash, Ticket: o.Ticket, Approximate: o.Stats.Approximate, Gap: o.Stats.Gap,
		Certified: o.Stats.Certified, LotteryGap: o.LotteryGap,
	}
	if o.Lottery != nil {
		s.Tickets = len(o.Lottery.Tickets)
	}
	return s
}
