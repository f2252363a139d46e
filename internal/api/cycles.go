package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// PublicCycle is a round as exported by /cycles.json: everything about it
// is public.
type PublicCycle struct {
	ID          int64         `json:"id"`
	URL         string        `json:"url"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Programme   string        `json:"programme"`
	ProgrammeID int64         `json:"programme_id"`
	Phase       cycle.Phase   `json:"phase"` // the current phase: gather, agenda, … followup
	PhaseSince  time.Time     `json:"phase_since"`
	Phases      []PublicPhase `json:"phases"`   // all eight, in order
	Timeline    []PublicMove  `json:"timeline"` // every move, oldest first
	Issues      string        `json:"issues_url"`
	Feed        string        `json:"feed_url"`
	// Links are what the round has published (the selection's files…),
	// by name, as absolute URLs.
	Links   map[string]string `json:"links"`
	Created time.Time         `json:"created"`
}

// PublicPhase is one phase of a round: its planned dates, when the round
// last entered and left it, and whether it is past, current or upcoming.
// Dates that are not set are null.
type PublicPhase struct {
	Phase        cycle.Phase  `json:"phase"`
	Status       cycle.Status `json:"status"`
	PlannedStart *time.Time   `json:"planned_start"`
	PlannedEnd   *time.Time   `json:"planned_end"`
	Started      *time.Time   `json:"started"`
	Ended        *time.Time   `json:"ended"`
}

// PublicMove is one entry of a round's timeline. From is "" for the round's
// opening; By is the organiser's public name, "" for the command line.
type PublicMove struct {
	From cycle.Phase `json:"from"`
	To   cycle.Phase `json:"to"`
	At   time.Time   `json:"at"`
	By   string      `json:"by"`
	Note string      `json:"note"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func (h *Handler) cycleURL(id int64) string {
	return h.d.BaseURL + "/cycles/" + strconv.FormatInt(id, 10)
}

// publicCycle turns a round and its timeline into its export.
func (h *Handler) publicCycle(c cycle.Cycle, moves []cycle.Move) PublicCycle {
	url := h.cycleURL(c.ID)
	pc := PublicCycle{ID: c.ID, URL: url, Title: c.Title, Description: c.Description, Programme: c.ProgrammeName,
		ProgrammeID: c.ProgrammeID, Phase: c.Phase, PhaseSince: c.PhaseSince.UTC(), Created: c.Created.UTC(),
		Issues: h.d.BaseURL + "/issues?cycle=" + strconv.FormatInt(c.ID, 10), Feed: url + "/feed.atom",
		Phases: []PublicPhase{}, Timeline: []PublicMove{}}
	for _, s := range c.States(moves) {
		pc.Phases = append(pc.Phases, PublicPhase{Phase: s.Phase, Status: s.Status,
			PlannedStart: optTime(s.Planned.Starts), PlannedEnd: optTime(s.Planned.Ends),
			Started: optTime(s.Started), Ended: optTime(s.Ended)})
	}
	for _, m := range moves {
		pc.Timeline = append(pc.Timeline, PublicMove{From: m.From, To: m.To, At: m.At.UTC(), By: m.ActorName, Note: m.Note})
	}
	return pc
}

// cyclesJSON: GET /cycles.json, public. Every round, newest first, with its
// phases and timeline.
func (h *Handler) cyclesJSON(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cs, err := h.d.Rounds.Cycles(ctx, 0)
	if err != nil {
		return err
	}
	out := make([]PublicCycle, 0, len(cs))
	for _, c := range cs {
		moves, err := h.d.Rounds.Timeline(ctx, c.ID)
		if err != nil {
			return err
		}
		pc := h.publicCycle(c, moves)
		pc.Links = map[string]string{}
		for _, src := range h.d.Links {
			ls, err := src(ctx, c.ID)
			if err != nil {
				return err
			}
			for name, path := range ls {
				pc.Links[name] = h.d.BaseURL + path
			}
		}
		out = append(out, pc)
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}

// cycleFeed: GET /cycles/{id}/feed.atom, public. The round's moves, newest
// first: what someone following it wants to know.
func (h *Handler) cycleFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return err
	}
	moves, err := h.d.Rounds.Timeline(r.Context(), id)
	if err != nil {
		return err
	}
	p, url := kit.Printer(r), h.cycleURL(id)
	f := atomFeed{Lang: p.Lang().Tag(), Title: p.T("News of the round “%s”", c.Title), ID: url + "/feed.atom",
		Links: []atomLink{{Rel: "self", Href: url + "/feed.atom"}, {Href: url}}, Author: atomPerson{h.d.OrgName},
		Updated: atomTime(c.Created)}
	if len(moves) > 0 {
		f.Updated = atomTime(moves[len(moves)-1].At)
	}
	for i := len(moves) - 1; i >= 0; i-- {
		m := moves[i]
		to := kit.Msg(p, m.To.Title())
		title := p.T("The round is now in its %s phase", to)
		if m.From == "" {
			title = p.T("The round opened in its %s phase", to)
		}
		body := kit.Msg(p, m.To.Summary())
		if m.Note != "" {
			body += "\n\n" + p.T("The organisers say: %s", m.Note)
		}
		eid := url + "#move-" + strconv.FormatInt(m.ID, 10)
		by := m.ActorName
		if by == "" {
			by = h.d.OrgName
		}
		f.Entries = append(f.Entries, atomEntry{Title: title, ID: eid, Updated: atomTime(m.At), Link: atomLink{Href: url + "#timeline"},
			Author: atomPerson{by}, Content: atomText{"text", body}})
	}
	if err := h.agendaEntry(r, c, &f); err != nil {
		return err
	}
	if err := h.roundTraceEntries(r, c.ID, &f); err != nil {
		return err
	}
	return writeAtom(w, f)
}

// agendaEntry adds the published agenda to a round's feed, first.
func (h *Handler) agendaEntry(r *http.Request, c cycle.Cycle, f *atomFeed) error {
	if h.d.Jury == nil {
		return nil
	}
	j, err := h.d.Jury.Settings(r.Context(), c.ID)
	if err != nil || j.Status != jury.Published {
		return err
	}
	p, url := kit.Printer(r), h.cycleURL(c.ID)
	a := jury.AgendaOf(j)
	var b strings.Builder
	b.WriteString(p.T("The citizens' jury chose the assembly's agenda:") + "\n")
	for _, it := range a.Chosen {
		b.WriteString(fmt.Sprintf("%d. %s", it.Rank, it.Theme.Title))
		if it.Reason != "" {
			b.WriteString(" — " + it.Reason)
		}
		b.WriteString("\n")
	}
	if len(a.NotChosen) > 0 {
		names := make([]string, len(a.NotChosen))
		for i, it := range a.NotChosen {
			names[i] = it.Theme.Title
		}
		b.WriteString("\n" + p.T("Not chosen: %s.", strings.Join(names, "; ")))
		if a.Why != "" {
			b.WriteString(" " + a.Why)
		}
	}
	e := atomEntry{Title: p.T("The jury has chosen the agenda"), ID: url + "/agenda", Updated: atomTime(j.Published),
		Link: atomLink{Href: url + "/agenda"}, Author: atomPerson{h.d.OrgName}, Content: atomText{"text", b.String()}}
	insertEntry(f, e)
	return nil
}
