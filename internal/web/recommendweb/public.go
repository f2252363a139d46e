package recommendweb

import (
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// countRow is one answer of an agreement item's tally.
type countRow struct {
	Label string
	N     int
	Pct   int // of the item's ballots, rounded
}

// itemView is one item as the pages show it.
type itemView struct {
	recommend.Item
	Text, Group string
	Choice      bool
	Counted     bool
	Counts      []countRow
	Ballots     int
	Passed      bool
	YesPct      int
	Winner      string
	BLT         string
}

type pageData struct {
	Cycle        cycle.Cycle
	Round        recommend.Round
	Threshold    int // per cent
	Items        []itemView
	Drafting     bool
	Voting       bool
	Closed       bool
	Voters       int
	Member       bool
	HasVoted     bool
	CanDraft     bool
	CanOrganise  bool
	CanOpen      bool
	DraftAllowed bool
}

func pct(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*100 + of/2) / of
}

func (h *Handler) view(r *http.Request, it recommend.Item) itemView {
	v := itemView{Item: it, Text: it.Text(), Choice: it.Kind == recommend.Choice}
	if it.GroupID != 0 && h.d.Groups != nil {
		if name, err := h.d.Groups.GroupName(r.Context(), it.GroupID); err == nil {
			v.Group = name
		}
	}
	return v
}

func (h *Handler) counted(p *i18n.Printer, v *itemView, res recommend.Result) {
	v.Counted, v.Ballots, v.Passed = true, res.Ballots, res.Passed
	if v.Choice {
		if len(res.Winners) > 0 {
			v.Winner = res.Winners[0]
		}
		v.BLT = kit.RoundPath(v.CycleID, "/recommendations/"+strconv.FormatInt(v.ID, 10)+"/ballots.blt")
		return
	}
	for _, s := range recommend.Scale {
		n := res.Counts.Of(s)
		v.Counts = append(v.Counts, countRow{Label: kit.Msg(p, recommend.ScaleLabel(s)), N: n, Pct: pct(n, res.Ballots)})
	}
	v.YesPct = pct(res.Counts.StronglyAgree+res.Counts.Agree, res.Ballots)
}

// page: GET /cycles/{id}/recommendations, public. The recommendations,
// and after the vote their tallies.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	rd, err := h.d.Recommend.Round(ctx, c.ID)
	if err != nil {
		return err
	}
	d := pageData{Cycle: c, Round: rd, Threshold: int(rd.Threshold*100 + 0.5), Drafting: rd.Status == recommend.Drafting,
		Voting: rd.Status == recommend.Voting, Closed: rd.Status == recommend.Closed, CanOrganise: u.Has(people.RoleOrganiser),
		DraftAllowed: c.Allows(cycle.DraftRecs), CanOpen: c.Allows(cycle.RecommendVote)}
	if d.Member, err = h.d.Recommend.IsMember(ctx, u, c.ID); err != nil {
		return err
	}
	if d.CanDraft, err = h.d.Recommend.CanDraft(ctx, u, c.ID); err != nil {
		return err
	}
	if d.HasVoted, err = h.d.Recommend.HasVoted(ctx, u, c.ID); err != nil {
		return err
	}
	if d.Voters, err = h.d.Recommend.Voters(ctx, c.ID); err != nil {
		return err
	}
	if d.Closed {
		_, res, _, err := h.d.Recommend.Results(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, x := range res {
			v := h.view(r, x.Item)
			h.counted(p, &v, x)
			d.Items = append(d.Items, v)
		}
	} else {
		its, err := h.d.Recommend.Items(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, it := range its {
			d.Items = append(d.Items, h.view(r, it))
		}
	}
	h.rd.Page(w, r, http.StatusOK, "recommendations", &kit.Page{Title: p.T("Recommendations of %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)[:3]})
	return nil
}

func published(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body)
	return nil
}

// jsonFile: GET /cycles/{id}/recommendations.json, public, once the vote
// is closed (404 before).
func (h *Handler) jsonFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	rd, res, _, err := h.d.Recommend.Results(r.Context(), id)
	if err != nil {
		return err
	}
	return published(w, "application/json; charset=utf-8", recommend.MarshalPublished(recommend.Publish(rd.Threshold, res, kit.RoundPath(id, "/recommendations"))))
}

// csvFile: GET /cycles/{id}/recommendations/ballots.csv, public, once the
// vote is closed: receipt,recommendation,choice, sorted by receipt.
func (h *Handler) csvFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, _, bs, err := h.d.Recommend.Results(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="ballots.csv"`)
	return published(w, "text/csv; charset=utf-8", recommend.CSV(bs))
}

// bltFile: GET /cycles/{id}/recommendations/{rec}/ballots.blt, public, a
// ranked question's ballots once the vote is closed.
func (h *Handler) bltFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	rec, err := itemID(r)
	if err != nil {
		return err
	}
	_, res, bs, err := h.d.Recommend.Results(r.Context(), id)
	if err != nil {
		return err
	}
	for _, x := range res {
		if x.Item.ID == rec && x.Item.Kind == recommend.Choice {
			return published(w, "text/plain; charset=utf-8", recommend.BLT(x.Item, bs))
		}
	}
	return apperr.New(apperr.NotFound, "There is no such ranked question in this round.")
}

type receiptRow struct {
	Receipt, Text, Choice string
	ItemID                int64
}

type receiptData struct {
	Cycle  cycle.Cycle
	Code   string
	Rows   []receiptRow
	Err    string
	Closed bool
	Just   bool // shown right after voting
}

// receiptRows puts each ballot next to its item, in the reader's words.
func (h *Handler) receiptRows(r *http.Request, cycleID int64, bs []recommend.Ballot) ([]receiptRow, error) {
	p := kit.Printer(r)
	its, err := h.d.Recommend.Items(r.Context(), cycleID)
	if err != nil {
		return nil, err
	}
	var out []receiptRow
	for _, b := range bs {
		row := receiptRow{Receipt: b.Receipt, ItemID: b.ItemID, Choice: b.Choice}
		for _, it := range its {
			if it.ID != b.ItemID {
				continue
			}
			row.Text = it.Text()
			if it.Kind == recommend.Choice {
				var names []string
				for _, o := range recommend.ParseRanking(b.Choice) {
					if o < len(it.Options) {
						names = append(names, it.Options[o])
					}
				}
				row.Choice = p.T("Ranked: %s", joinRanks(names))
			} else {
				row.Choice = kit.Msg(p, recommend.ScaleLabel(b.Choice))
			}
		}
		out = append(out, row)
	}
	return out, nil
}

func joinRanks(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += " > "
		}
		s += strconv.Itoa(i+1) + ". " + n
	}
	return s
}

// receipt: GET /cycles/{id}/recommendations/receipt?code=…, public. What
// was recorded under a receipt code.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := receiptData{Cycle: c, Code: r.URL.Query().Get("code")}
	rd, err := h.d.Recommend.Round(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d.Closed = rd.Status == recommend.Closed
	code := http.StatusOK
	if d.Code != "" {
		bs, err := h.d.Recommend.Receipt(r.Context(), c.ID, d.Code)
		switch {
		case apperr.Is(err, apperr.NotFound):
			d.Err, code = p.T("No ballots were recorded under that receipt code. Check you typed it as it was shown."), http.StatusNotFound
		case err != nil:
			return err
		default:
			if d.Rows, err = h.receiptRows(r, c.ID, bs); err != nil {
				return err
			}
		}
	}
	var errs []kit.FieldError
	if d.Err != "" {
		errs = []kit.FieldError{{Field: "code", Message: d.Err}}
	}
	h.rd.Page(w, r, code, "rec_receipt", &kit.Page{Title: p.T("Check your receipt"), Data: d, Errors: errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

type itemData struct {
	Cycle      cycle.Cycle
	Item       itemView
	Drafting   bool
	CanDraft   bool
	CanDecide  bool
	Member     bool
	Form       *kit.Form
	Amendments []amendView
}

type amendView struct {
	recommend.Amendment
	Proposed, Accepted, Declined bool
}

// itemPage: GET /recommendations/{rec}, public. One item with its
// versions, amendments and minority views, and the drafting forms.
func (h *Handler) itemPage(w http.ResponseWriter, r *http.Request) error {
	return h.showItem(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showItem(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	id, err := itemID(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	it, err := h.d.Recommend.Item(ctx, id)
	if err != nil {
		return err
	}
	c, err := h.d.Rounds.Cycle(ctx, it.CycleID)
	if err != nil {
		return err
	}
	rd, err := h.d.Recommend.Round(ctx, c.ID)
	if err != nil {
		return err
	}
	d := itemData{Cycle: c, Item: h.view(r, it), Drafting: rd.Status == recommend.Drafting && c.Allows(cycle.DraftRecs), Form: f}
	if d.CanDraft, err = h.d.Recommend.CanDraft(ctx, u, c.ID); err != nil {
		return err
	}
	if d.CanDecide, err = h.d.Recommend.CanDecide(ctx, u, c.ID); err != nil {
		return err
	}
	if d.Member, err = h.d.Recommend.IsMember(ctx, u, c.ID); err != nil {
		return err
	}
	for _, a := range it.Amendments {
		d.Amendments = append(d.Amendments, amendView{Amendment: a, Proposed: a.Status == recommend.Proposed, Accepted: a.Status == recommend.Accepted, Declined: a.Status == recommend.Declined})
	}
	title := p.T("Recommendation %d", it.ID)
	if it.Kind == recommend.Choice {
		title = p.T("Question %d", it.ID)
	}
	h.rd.Page(w, r, code, "rec_item", &kit.Page{Title: title, Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}
