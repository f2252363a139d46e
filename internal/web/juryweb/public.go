package juryweb

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/sheet"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// tallyRow is one answer of the jury's composition.
type tallyRow struct {
	Category, Value              string
	Volunteers, Jurors, Min, Max int
	First                        bool // first row of its category
}

type juryData struct {
	Cycle         cycle.Cycle
	J             jury.Settings
	Method        string
	Composition   []tallyRow
	Jurors, Voted int
	CanVolunteer  bool
	Volunteered   bool
	SignedIn      bool
	Juror         bool
	HasVoted      bool
	CanOrganise   bool
}

func (h *Handler) load(r *http.Request) (cycle.Cycle, jury.Settings, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, jury.Settings{}, err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return c, jury.Settings{}, err
	}
	j, err := h.d.Jury.Settings(r.Context(), id)
	return c, j, err
}

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title)
}

// composition turns a draw's tallies into rows in the reader's language.
func composition(p *i18n.Printer, d *jury.Draw) []tallyRow {
	if d == nil {
		return nil
	}
	var out []tallyRow
	last := ""
	for _, t := range d.Counts {
		row := tallyRow{Category: t.Category, Value: t.Value, Volunteers: t.Volunteers, Jurors: t.Jurors, Min: t.Min, Max: t.Max, First: t.Category != last}
		last = t.Category
		for _, c := range jury.Categories {
			if c.Key != t.Category {
				continue
			}
			row.Category = kit.Msg(p, c.Title)
			for _, v := range c.Values {
				if v.Key == t.Value {
					row.Value = kit.Msg(p, v.Label)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// juryPage: GET /cycles/{id}/jury, public. How the jury is chosen, its
// composition (no names), and the volunteer link.
func (h *Handler) juryPage(w http.ResponseWriter, r *http.Request) error {
	c, j, err := h.load(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := juryData{Cycle: c, J: j, Method: kit.Msg(p, j.Method.Title()), Composition: composition(p, j.Draw), SignedIn: u.SignedIn(),
		CanOrganise:  u.Has(people.RoleOrganiser),
		CanVolunteer: c.Allows(cycle.VolunteerJury) && j.Status == jury.Forming && j.Draw == nil && j.Method == jury.Lottery}
	if d.Jurors, d.Voted, err = h.d.Jury.JurorCount(ctx, c.ID); err != nil {
		return err
	}
	if d.Volunteered, err = h.d.Jury.IsVolunteer(ctx, u, c.ID); err != nil {
		return err
	}
	if d.Juror, d.HasVoted, err = h.d.Jury.IsJuror(ctx, u, c.ID); err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "jury", &kit.Page{Title: p.T("The citizens' jury of %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// themeRow is one shortlisted theme on the agenda page.
type themeRow struct {
	jury.Theme
	Index  int
	Rank   int // order of election, 0 when not chosen
	Reason string
}

// stageRow is one stage of the count, in words.
type stageRow struct {
	Number   int
	Action   string
	Elected  []string
	Excluded []string
}

// candidateRow is one theme's votes at the end of each stage.
type candidateRow struct {
	Name   string
	Totals []string
	Rank   int // order of election, 0 if not elected
}

// trim writes a fixed-point value without trailing zeros ("2.00000" → "2").
func trim(v string) string {
	if strings.Contains(v, ".") {
		v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
	}
	return v
}

type agendaData struct {
	Cycle       cycle.Cycle
	J           jury.Settings
	Themes      []themeRow
	Chosen      []themeRow
	Counted     bool
	Published   bool
	Ballots     int
	Jurors      int
	Voted       int
	Quota       string
	Stages      []stageRow
	Sheet       []candidateRow
	Result      jury.PublishedResult
	Juror       bool
	HasVoted    bool
	Voting      bool
	CanOrganise bool
}

// agendaPage: GET /cycles/{id}/agenda, public. The shortlist with its rule
// and cut-off; once counted, the result, the count sheet and the files;
// once published, the jury's reasons.
func (h *Handler) agendaPage(w http.ResponseWriter, r *http.Request) error {
	c, j, err := h.load(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := agendaData{Cycle: c, J: j, Voting: j.Status == jury.Voting, CanOrganise: u.Has(people.RoleOrganiser),
		Counted: j.Status == jury.Counted || j.Status == jury.Published, Published: j.Status == jury.Published}
	if d.Jurors, d.Voted, err = h.d.Jury.JurorCount(ctx, c.ID); err != nil {
		return err
	}
	if d.Juror, d.HasVoted, err = h.d.Jury.IsJuror(ctx, u, c.ID); err != nil {
		return err
	}
	if j.Shortlist != nil {
		for i, t := range j.Shortlist.Themes {
			row := themeRow{Theme: t, Index: i}
			for n, w := range j.Winners {
				if w == i {
					row.Rank = n + 1
				}
			}
			if d.Published && i < len(j.Reasons) {
				row.Reason = j.Reasons[i]
			}
			d.Themes = append(d.Themes, row)
		}
		for _, w := range j.Winners {
			d.Chosen = append(d.Chosen, d.Themes[w])
		}
	}
	if d.Counted {
		_, bs, err := h.d.Jury.Ballots(ctx, c.ID)
		if err != nil {
			return err
		}
		res, err := jury.Count(bltTitle(c), j, bs)
		if err != nil {
			return apperr.Wrap(apperr.Internal, err, "counting the jury's vote")
		}
		d.Ballots, d.Quota = len(bs), trim(res.Format(res.Quota))
		d.Result = jury.Result(j, d.Jurors, len(bs), h.base(c.ID))
		for ci, name := range res.Candidates {
			row := candidateRow{Name: name}
			for n, w := range res.Winners {
				if w == ci {
					row.Rank = n + 1
				}
			}
			for _, rd := range res.Rounds {
				row.Totals = append(row.Totals, trim(res.Format(rd.Totals[ci])))
			}
			d.Sheet = append(d.Sheet, row)
		}
		for i, rd := range res.Rounds {
			st := stageRow{Number: rd.Number, Action: stageAction(p, res, i)}
			for _, e := range rd.Elected {
				st.Elected = append(st.Elected, res.Candidates[e])
			}
			for _, e := range rd.Excluded {
				st.Excluded = append(st.Excluded, res.Candidates[e])
			}
			d.Stages = append(d.Stages, st)
		}
	}
	h.rd.Page(w, r, http.StatusOK, "agenda", &kit.Page{Title: p.T("The agenda of %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// bltTitle is the title of the ballot file and count.
func bltTitle(c cycle.Cycle) string { return "Citizens' jury: agenda of " + c.Title }

func (h *Handler) base(id int64) string {
	return strings.TrimSuffix(h.d.BaseURL, "/") + kit.RoundPath(id, "/agenda")
}

// counted returns the round, its counted jury and ballots; NotFound until
// the vote is counted.
func (h *Handler) counted(r *http.Request) (cycle.Cycle, jury.Settings, []jury.Ballot, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, jury.Settings{}, nil, err
	}
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return c, jury.Settings{}, nil, err
	}
	j, bs, err := h.d.Jury.Ballots(r.Context(), id)
	return c, j, bs, err
}

func published(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body)
	return nil
}

// bltFile: GET /cycles/{id}/agenda/ballots.blt, public, once counted.
func (h *Handler) bltFile(w http.ResponseWriter, r *http.Request) error {
	c, j, bs, err := h.counted(r)
	if err != nil {
		return err
	}
	return published(w, "text/plain; charset=utf-8", jury.BLT(bltTitle(c), j, bs))
}

// resultFile: GET /cycles/{id}/agenda/result.json, public, once counted.
func (h *Handler) resultFile(w http.ResponseWriter, r *http.Request) error {
	c, j, bs, err := h.counted(r)
	if err != nil {
		return err
	}
	n, _, err := h.d.Jury.JurorCount(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return published(w, "application/json; charset=utf-8", jury.MarshalResult(jury.Result(j, n, len(bs), h.base(c.ID))))
}

func (h *Handler) sheet(w http.ResponseWriter, r *http.Request, format, contentType string) error {
	c, j, bs, err := h.counted(r)
	if err != nil {
		return err
	}
	res, err := jury.Count(bltTitle(c), j, bs)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "counting the jury's vote")
	}
	var b bytes.Buffer
	if err := sheet.Write(&b, format, res); err != nil {
		return apperr.Wrap(apperr.Internal, err, "writing the count sheet")
	}
	return published(w, contentType, b.Bytes())
}

// countFile: GET /cycles/{id}/agenda/count.json, public: the count sheet
// exactly as `folkmoot count --json` prints it.
func (h *Handler) countFile(w http.ResponseWriter, r *http.Request) error {
	return h.sheet(w, r, "json", "application/json; charset=utf-8")
}

// countText: GET /cycles/{id}/agenda/count.txt, public: the count sheet
// as `folkmoot count` prints it.
func (h *Handler) countText(w http.ResponseWriter, r *http.Request) error {
	return h.sheet(w, r, "text", "text/plain; charset=utf-8")
}

// stageAction says in the reader's language what stage i of an STV count
// did: the first preferences, a surplus transferred, or a theme excluded.
// It falls back to the counter's own (English) words.
func stageAction(p *i18n.Printer, res *voting.Result, i int) string {
	rd := res.Rounds[i]
	if i == 0 {
		return p.T("First preferences")
	}
	if len(rd.Excluded) == 1 {
		x := rd.Excluded[0]
		return p.T("“%s” is excluded with the fewest votes (%s), and its votes pass to the next choices", res.Candidates[x], trim(res.Format(res.Rounds[i-1].Totals[x])))
	}
	from, most := -1, int64(0)
	for c, t := range rd.Transfers {
		if t < most {
			from, most = c, t
		}
	}
	if from >= 0 && len(rd.Excluded) == 0 {
		return p.T("The surplus of “%s” (%s votes over the quota) passes to the next choices", res.Candidates[from], trim(res.Format(-most)))
	}
	return rd.Action
}
