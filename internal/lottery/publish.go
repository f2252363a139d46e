package lottery

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PublicFiles are the files published under /cycles/{id}/selection/, in
// the order the public page lists them.
var PublicFiles = []string{"result.json", FeaturesFile, PeopleFile, "lottery.csv", "lottery.sha256", "distribution.csv", "certificate.json", "probabilities.csv", "chart.svg"}

// Announced reports whether sel's lottery has been announced (its list,
// pool and quotas are public).
func (sel Selection) Announced() bool {
	return sel.State == Announced || sel.State == Drawing || sel.State == Drawn
}

// Published reports whether the file called name is public for sel:
// the pool, the quotas and the lottery once announced; result.json once
// drawn.
func Published(sel Selection, name string) bool {
	if name == "result.json" {
		return sel.State == Drawn
	}
	for _, f := range PublicFiles {
		if f == name {
			return sel.Announced()
		}
	}
	return false
}

// Links returns the selection's published page and files by name
// ("selection", "selection/result.json", ...) with their paths: for
// /cycles.json. Nothing before the announcement.
func (s *Service) Links(ctx context.Context, cycleID int64) (map[string]string, error) {
	sel, err := s.Get(ctx, cycleID)
	if err != nil || !sel.Announced() {
		return nil, err
	}
	base := "/cycles/" + strconv.FormatInt(cycleID, 10) + "/selection"
	out := map[string]string{"selection": base}
	for _, f := range PublicFiles {
		if Published(sel, f) {
			out["selection/"+f] = base + "/" + f
		}
	}
	return out, nil
}

// Result is result.json: what anyone needs, with the published files, to
// repeat the draw with the CLI (Command), and the assembly's membership
// since (replacements and members, published apart from the draw, which
// never changes).
type Result struct {
	Cycle        int64         `json:"cycle"`
	PanelSize    int           `json:"panel_size"`
	Algorithm    string        `json:"algorithm"`
	Seed         string        `json:"seed"`
	Tickets      int           `json:"tickets"`
	LotteryHash  string        `json:"lottery_hash"`
	Source       string        `json:"public_source"`
	AnnouncedAt  time.Time     `json:"announced_at"`
	PublicSeed   string        `json:"public_seed"`
	Ticket       int           `json:"ticket"`
	DrawnAt      time.Time     `json:"drawn_at"`
	Selected     []string      `json:"selected"`
	Reserves     []string      `json:"reserves"`
	Replacements []Replacement `json:"replacements"`
	Members      []string      `json:"members"`
	Command      string        `json:"command"`
}

// ResultOf returns result.json's content for a drawn selection with its
// current members.
func ResultOf(sel Selection, members []Member) Result {
	r := Result{Cycle: sel.CycleID, PanelSize: sel.PanelSize, Algorithm: sel.Algorithm, Seed: sel.Seed, Tickets: sel.Tickets,
		LotteryHash: sel.ListHash, Source: sel.Source, AnnouncedAt: sel.AnnouncedAt, PublicSeed: sel.PublicSeed, Ticket: sel.Ticket,
		DrawnAt: sel.DrawnAt, Selected: sel.Selected, Reserves: sel.Reserves, Replacements: sel.Replacements, Members: []string{},
		Command: Command(sel)}
	if r.Replacements == nil {
		r.Replacements = []Replacement{}
	}
	for _, m := range members {
		if m.Current() {
			r.Members = append(r.Members, m.ID)
		}
	}
	return r
}

func (s *Service) resultJSON(ctx context.Context, sel Selection) ([]byte, error) {
	ms, err := s.store.SelectionMembers(ctx, sel.CycleID)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(ResultOf(sel, ms), "", "  ")
	return append(b, '\n'), err
}

// Command is the one command that repeats the draw from the published
// files (in a folder holding features.csv and people.csv).
func Command(sel Selection) string {
	ps := sel.PublicSeed
	if ps == "" {
		ps = "PUBLIC-SEED"
	}
	return fmt.Sprintf("folkmoot select --categories features.csv --respondents people.csv --panel-size %d --algorithm %s --lottery %d --seed %s --public-seed %s --reserves %d",
		sel.PanelSize, sel.Algorithm, sel.Tickets, sel.Seed, shellQuote(ps), ReservesPer*sel.PanelSize)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:/+=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
