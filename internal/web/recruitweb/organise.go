package recruitweb

import (
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// formAll is kit.FormFromError listing every problem (several may be about
// one field, such as the questions' text). ok is false when err is not
// made of field errors.
func formAll(r *http.Request, v url.Values, err error) (*kit.Form, bool) {
	errs := kit.FieldErrors(err)
	if len(errs) == 0 {
		return nil, false
	}
	f := &kit.Form{Values: v}
	p := kit.Printer(r)
	for _, e := range errs {
		f.Errs = append(f.Errs, kit.FieldError{Field: e.Field, Message: p.Err(e)})
	}
	return f, true
}

type publicData struct {
	Cycle       cycle.Cycle
	Counts      recruit.Counts
	Draws       []recruit.Draw
	Categories  []categoryView
	CanOrganise bool
	Recruiting  bool
}

// categoryView is a category's counts as a page shows them.
type categoryView struct {
	Question string
	Values   []valueView
}

type valueView struct {
	Label   string
	Count   int
	Few     bool
	Percent string // of those registered
	Census  string // the census share, "" when unknown
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) }

func categoryViews(l string, cs []recruit.CategoryCount) []categoryView {
	out := make([]categoryView, len(cs))
	for i, c := range cs {
		out[i].Question = c.Label(l)
		for _, v := range c.Values {
			vv := valueView{Label: v.Text(l), Count: v.Count, Few: v.Few, Percent: percent(v.Share)}
			if v.Census > 0 {
				vv.Census = percent(v.Census)
			}
			out[i].Values = append(out[i].Values, vv)
		}
	}
	return out
}

// public: GET /cycles/{id}/recruitment, anyone. Counts, the draws and
// their seeds, and the answers of those registered as aggregates (small
// counts hidden); for organisers, the links to run recruitment.
func (h *Handler) public(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	d := publicData{Cycle: c, CanOrganise: u.Has(people.RoleOrganiser), Recruiting: c.Allows(cycle.Recruit)}
	if d.Counts, err = h.d.Recruit.Counts(ctx, id); err != nil {
		return err
	}
	if d.Draws, err = h.d.Recruit.Draws(ctx, id); err != nil {
		return err
	}
	cats, err := h.d.Recruit.ByCategory(ctx, u, id, false)
	if err != nil {
		return err
	}
	d.Categories = categoryViews(lang(r), cats)
	h.rd.Page(w, r, http.StatusOK, "recruit_public", &kit.Page{Title: p.T("Recruitment of the assembly"), Data: d,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: c.Title, URL: "/cycles/" + strconv.FormatInt(id, 10)}}})
	return nil
}

type questionsData struct {
	Cycle cycle.Cycle
	Form  *kit.Form
}

// questions: GET /cycles/{id}/recruitment/questions, organisers.
func (h *Handler) questions(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	st, err := h.d.Recruit.Settings(r.Context(), id)
	if err != nil {
		return err
	}
	v := url.Values{"categories": {recruit.FormatCategories(st.Categories)}, "consent": {st.Consent}, "consent_cy": {st.ConsentCy}}
	return h.questionsPage(w, r, id, http.StatusOK, &kit.Form{Values: v})
}

func (h *Handler) questionsPage(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form) error {
	c, err := h.d.Rounds.Cycle(r.Context(), id)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	h.rd.Page(w, r, code, "recruit_questions", &kit.Page{Title: p.T("Questions for people who register"), Data: questionsData{Cycle: c, Form: f},
		Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// saveQuestions: POST /cycles/{id}/recruitment/questions, organisers.
func (h *Handler) saveQuestions(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	cats, err := recruit.ParseCategories(r.PostFormValue("categories"))
	if err == nil {
		_, err = h.d.Recruit.SaveSettings(r.Context(), kit.User(r), recruit.Settings{CycleID: id, Categories: cats,
			Consent: strings.TrimSpace(r.PostFormValue("consent")), ConsentCy: strings.TrimSpace(r.PostFormValue("consent_cy"))})
	}
	if err == nil {
		return h.rd.SeeOther(w, r, recruitPath(id)+"/questions", kit.Printer(r).T("The questions are saved."))
	}
	f, ok := formAll(r, r.PostForm, err)
	if !ok {
		return err
	}
	return h.questionsPage(w, r, id, http.StatusUnprocessableEntity, f)
}

type addressesData struct {
	Cycle  cycle.Cycle
	Counts recruit.Counts
	Form   *kit.Form
	Result *importView
}

type importView struct {
	Read, Added int
	Duplicates  []problemView
	Errors      []problemView
}

type problemView struct {
	Line    int
	Column  string
	Message string
}

// addresses: GET /cycles/{id}/recruitment/addresses, organisers.
func (h *Handler) addresses(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	return h.addressesPage(w, r, id, http.StatusOK, &kit.Form{}, nil)
}

func (h *Handler) addressesPage(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form, res *importView) error {
	ctx, p := r.Context(), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	n, err := h.d.Recruit.Counts(ctx, id)
	if err != nil {
		return err
	}
	h.rd.Page(w, r, code, "recruit_addresses", &kit.Page{Title: p.T("Import addresses"), Data: addressesData{Cycle: c, Counts: n, Form: f, Result: res},
		Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// importAddresses: POST /cycles/{id}/recruitment/addresses, organisers; a
// file upload. The result (added, duplicates, problems by line and
// column) is shown on the page.
func (h *Handler) importAddresses(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	noFile := apperr.Field("file", "Choose a CSV file of addresses")
	mr, err := r.MultipartReader()
	if err != nil {
		return h.addressesPage(w, r, id, http.StatusUnprocessableEntity, &kit.Form{Errs: []kit.FieldError{{Field: "file", Message: p.Err(noFile)}}}, nil)
	}
	var res recruit.ImportResult
	found := false
	for {
		part, perr := mr.NextPart()
		if perr == io.EOF {
			break
		}
		if perr != nil {
			var mbe *http.MaxBytesError
			if errors.As(perr, &mbe) {
				return perr
			}
			err = noFile
			break
		}
		if part.FormName() != "file" {
			continue
		}
		if part.FileName() == "" {
			break
		}
		found = true
		res, err = h.d.Recruit.ImportAddresses(r.Context(), kit.User(r), id, part)
		break
	}
	if !found && err == nil {
		err = noFile
	}
	view := &importView{Read: res.Read, Added: res.Added}
	for _, d := range res.Duplicates {
		view.Duplicates = append(view.Duplicates, problemView{d.Line, d.Column, p.T(d.Format, d.Args...)})
	}
	for _, e := range res.Errors {
		view.Errors = append(view.Errors, problemView{e.Line, e.Column, p.T(e.Format, e.Args...)})
	}
	if err != nil {
		f, ok := formAll(r, nil, err)
		if !ok {
			return err
		}
		if len(view.Errors) == 0 {
			view = nil
		}
		return h.addressesPage(w, r, id, http.StatusUnprocessableEntity, f, view)
	}
	return h.addressesPage(w, r, id, http.StatusOK, &kit.Form{}, view)
}

type invitationsData struct {
	Cycle     cycle.Cycle
	Counts    recruit.Counts
	Uninvited int
	Draws     []drawRow
	Form      *kit.Form
}

// drawRow is a draw with whether it repeats from the list.
type drawRow struct {
	recruit.Draw
	Repeats bool
}

// invitations: GET /cycles/{id}/recruitment/invitations, organisers.
func (h *Handler) invitations(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	return h.invitationsPage(w, r, id, http.StatusOK, &kit.Form{})
}

func (h *Handler) invitationsPage(w http.ResponseWriter, r *http.Request, id int64, code int, f *kit.Form) error {
	ctx, p := r.Context(), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	d := invitationsData{Cycle: c, Form: f}
	if d.Counts, err = h.d.Recruit.Counts(ctx, id); err != nil {
		return err
	}
	draws, same, err := h.d.Recruit.RepeatDraws(ctx, kit.User(r), id)
	if err != nil {
		return err
	}
	for _, dr := range draws {
		d.Draws = append(d.Draws, drawRow{Draw: dr, Repeats: same[dr.ID]})
	}
	d.Uninvited = d.Counts.Addresses - d.Counts.Invited
	h.rd.Page(w, r, code, "recruit_invitations", &kit.Page{Title: p.T("Invitations"), Data: d, Errors: f.Errs, Breadcrumbs: crumbs(p, c)})
	return nil
}

// draw: POST /cycles/{id}/recruitment/invitations, organisers. Draws the
// addresses to invite with the seed given (or a random one).
func (h *Handler) draw(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	n, cerr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("count")))
	if cerr != nil {
		err = apperr.Field("count", "Enter a number of invitations between 1 and %d", recruit.MaxInvitations)
	} else {
		var d recruit.Draw
		if d, err = h.d.Recruit.DrawInvitations(r.Context(), kit.User(r), id, n, strings.TrimSpace(r.PostFormValue("seed"))); err == nil {
			return h.rd.SeeOther(w, r, recruitPath(id)+"/invitations",
				p.N(d.Drawn, "%d invitation was drawn with the seed %s.", "%d invitations were drawn with the seed %s.", d.Seed))
		}
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.invitationsPage(w, r, id, http.StatusUnprocessableEntity, f)
}

type letterView struct {
	Lines []string
	Code  string
}

type lettersData struct {
	Cycle      cycle.Cycle
	Letters    []letterView
	URL        string // the registration page's address
	DrawID     int64
	Org        string
	Page       int // 1-based
	Pages      int
	First      int // 1-based number of the page's first letter
	Total      int
	Prev, Next string // links to the other pages, "" when none
}

// LettersPerPage is how many letters one page of letters holds: print a
// large draw page by page, or use the mail-merge file.
const LettersPerPage = 200

// drawParam reads ?draw= (0: every draw).
func drawParam(r *http.Request) (int64, error) {
	return kit.ParseOptionalID("draw", r.URL.Query().Get("draw"))
}

// letters: GET /cycles/{id}/recruitment/letters?draw=, organisers. The
// invitation letters of a draw, one per printed page, in the page's
// language.
func (h *Handler) letters(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	drawID, err := drawParam(r)
	if err != nil {
		return kit.ErrNotFound
	}
	ctx, p := r.Context(), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	invs, err := h.d.Recruit.Letters(ctx, kit.User(r), id, drawID)
	if err != nil {
		return err
	}
	d := lettersData{Cycle: c, URL: h.d.BaseURL + "/register", DrawID: drawID, Org: h.rd.Site().OrgName, Page: 1}
	var all []letterView
	for _, in := range invs {
		if in.Address == "" { // erased after a withdrawal
			continue
		}
		all = append(all, letterView{Lines: strings.Split(in.Address, "\n"), Code: in.Code})
	}
	d.Total = len(all)
	d.Pages = max(1, (len(all)+LettersPerPage-1)/LettersPerPage)
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 && n <= d.Pages {
		d.Page = n
	}
	from := (d.Page - 1) * LettersPerPage
	d.Letters, d.First = all[from:min(from+LettersPerPage, len(all))], from+1
	link := func(n int) string {
		return recruitPath(id) + "/letters?draw=" + strconv.FormatInt(drawID, 10) + "&page=" + strconv.Itoa(n)
	}
	if d.Page > 1 {
		d.Prev = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.Next = link(d.Page + 1)
	}
	w.Header().Set("Cache-Control", "no-store")
	h.rd.Page(w, r, http.StatusOK, "recruit_letters", &kit.Page{Title: p.T("Invitation letters"), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// MaxAddressLines is the number of address columns of the mail-merge CSV.
const MaxAddressLines = 6

// lettersCSV: GET /cycles/{id}/recruitment/letters.csv?draw=, organisers.
// The mail-merge file: one row per letter, addressed to the householder
// (no names), with its code and the registration address.
func (h *Handler) lettersCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	drawID, err := drawParam(r)
	if err != nil {
		return kit.ErrNotFound
	}
	invs, err := h.d.Recruit.Letters(r.Context(), kit.User(r), id, drawID)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="invitations-`+strconv.FormatInt(id, 10)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	head := []string{"addressee"}
	for i := 1; i <= MaxAddressLines; i++ {
		head = append(head, "address_"+strconv.Itoa(i))
	}
	head = append(head, "postcode", "code", "register_url", "register_url_with_code")
	cw.Write(head)
	for _, in := range invs {
		if in.Address == "" {
			continue
		}
		lines := strings.Split(in.Address, "\n")
		postcode := ""
		if pc, ok := recruit.NormalisePostcode(lines[len(lines)-1]); ok && len(lines) > 1 {
			postcode, lines = pc, lines[:len(lines)-1]
		}
		if len(lines) > MaxAddressLines {
			lines = append(lines[:MaxAddressLines-1], strings.Join(lines[MaxAddressLines-1:], ", "))
		}
		row := []string{p.T("The householder")}
		for i := 0; i < MaxAddressLines; i++ {
			v := ""
			if i < len(lines) {
				v = csvSafe(lines[i])
			}
			row = append(row, v)
		}
		row = append(row, postcode, in.Code, h.d.BaseURL+"/register", h.d.BaseURL+"/register?code="+url.QueryEscape(in.Code))
		cw.Write(row)
	}
	cw.Flush()
	return nil
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type registrationRow struct {
	recruit.Registration
	Withdrawn bool
	Erased    bool
}

type registrationsData struct {
	Cycle      cycle.Cycle
	Counts     recruit.Counts
	Categories []categoryView
	Rows       []registrationRow
	Page       int
	Pages      int
	Prev, Next string
}

// RegistrationsPerPage is how many registrations a page lists.
const RegistrationsPerPage = 100

// registrations: GET /cycles/{id}/recruitment/registrations, organisers.
// Counts by category beside the census, and everyone who registered.
func (h *Handler) registrations(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	regs, err := h.d.Recruit.Registrations(ctx, u, id)
	if err != nil {
		return err
	}
	cats, err := h.d.Recruit.ByCategory(ctx, u, id, true)
	if err != nil {
		return err
	}
	d := registrationsData{Cycle: c, Categories: categoryViews(lang(r), cats)}
	if d.Counts, err = h.d.Recruit.Counts(ctx, id); err != nil {
		return err
	}
	var rows []registrationRow
	for i := len(regs) - 1; i >= 0; i-- { // newest first
		rows = append(rows, registrationRow{Registration: regs[i], Withdrawn: !regs[i].Withdrawn.IsZero(), Erased: !regs[i].Erased.IsZero()})
	}
	d.Page, d.Pages = 1, max(1, (len(rows)+RegistrationsPerPage-1)/RegistrationsPerPage)
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 && n <= d.Pages {
		d.Page = n
	}
	from := (d.Page - 1) * RegistrationsPerPage
	d.Rows = rows[from:min(from+RegistrationsPerPage, len(rows))]
	if d.Page > 1 {
		d.Prev = recruitPath(id) + "/registrations?page=" + strconv.Itoa(d.Page-1)
	}
	if d.Page < d.Pages {
		d.Next = recruitPath(id) + "/registrations?page=" + strconv.Itoa(d.Page+1)
	}
	w.Header().Set("Cache-Control", "no-store")
	h.rd.Page(w, r, http.StatusOK, "recruit_registrations", &kit.Page{Title: p.T("Registrations"), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// withdrawMember: POST /cycles/{id}/recruitment/registrations/{member}/withdraw,
// organisers: on a person's behalf (they asked by letter or phone).
func (h *Handler) withdrawMember(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	m := r.PathValue("member")
	if err := h.d.Recruit.Withdraw(r.Context(), kit.User(r), id, m); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, recruitPath(id)+"/registrations", kit.Printer(r).T("%s has been withdrawn and their details erased.", m))
}

// erase: POST /cycles/{id}/recruitment/erase, organisers: everyone's
// details, once the assembly has made its recommendations.
func (h *Handler) erase(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	n, err := h.d.Recruit.EraseDetails(r.Context(), kit.User(r), id)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	return h.rd.SeeOther(w, r, recruitPath(id)+"/registrations",
		p.N(n, "The details of %d person and the list of addresses have been erased.", "The details of %d people and the list of addresses have been erased."))
}
