package evidenceweb

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// choice is one radio or option of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

type formData struct {
	Cycle  cycle.Cycle
	Form   *kit.Form
	Kind   string // nominate | ask | submit
	Themes []choice
	Kinds  []choice
	Can    evidence.Abilities
}

func (h *Handler) themeChoices(r *http.Request, cycleID int64, selected string) ([]choice, error) {
	ts, err := h.d.Evidence.Themes(r.Context(), cycleID)
	if err != nil {
		return nil, err
	}
	var out []choice
	for _, t := range ts {
		v := strconv.FormatInt(t.ThemeID, 10)
		out = append(out, choice{Value: v, Label: t.Title, Checked: v == selected})
	}
	return out, nil
}

func (h *Handler) showForm(w http.ResponseWriter, r *http.Request, kind string, code int, f *kit.Form) error {
	c, err := h.round(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	d := formData{Cycle: c, Form: f, Kind: kind}
	if d.Can, err = h.d.Evidence.Can(r.Context(), kit.User(r), c.ID); err != nil {
		return err
	}
	if d.Themes, err = h.themeChoices(r, c.ID, f.Get("theme")); err != nil {
		return err
	}
	title := p.T("Nominate a witness")
	switch kind {
	case "ask":
		title = p.T("Ask for evidence")
		k := f.Get("kind")
		d.Kinds = []choice{{Value: string(evidence.AskSource), Label: p.T("A source: a report, figures or a document"), Checked: k != string(evidence.AskWitness)},
			{Value: string(evidence.AskWitness), Label: p.T("A witness: someone to speak to the assembly"), Checked: k == string(evidence.AskWitness)}}
	case "submit":
		title = p.T("Send a written submission")
	}
	h.rd.Page(w, r, code, "evidence_form", &kit.Page{Title: title, Data: d, Errors: f.Errs,
		Breadcrumbs: append(crumbs(p, c), kit.Crumb{Label: p.T("Evidence"), URL: kit.RoundPath(c.ID, "/evidence")})})
	return nil
}

// retry shows the form again with the error's fields, or returns err.
func (h *Handler) retry(w http.ResponseWriter, r *http.Request, kind string, err error) error {
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showForm(w, r, kind, http.StatusUnprocessableEntity, f)
}

func themeOf(r *http.Request) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("theme")), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// nominateForm: GET /cycles/{id}/evidence/nominate, signed in.
func (h *Handler) nominateForm(w http.ResponseWriter, r *http.Request) error {
	return h.showForm(w, r, "nominate", http.StatusOK, &kit.Form{})
}

// nominate: POST /cycles/{id}/evidence/nominate, signed in.
func (h *Handler) nominate(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Evidence.Nominate(r.Context(), kit.User(r), evidence.Witness{CycleID: id, ThemeID: themeOf(r), Name: r.PostFormValue("name"),
		Organisation: r.PostFormValue("organisation"), Topic: r.PostFormValue("topic"), Interests: r.PostFormValue("interests")})
	if err != nil {
		return h.retry(w, r, "nominate", err)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/evidence"), kit.Printer(r).T("Thank you. The advisory committee will decide on the witness and publish its reason."))
}

// askForm: GET /cycles/{id}/evidence/ask, signed in (members).
func (h *Handler) askForm(w http.ResponseWriter, r *http.Request) error {
	return h.showForm(w, r, "ask", http.StatusOK, &kit.Form{})
}

// ask: POST /cycles/{id}/evidence/ask, signed in (members).
func (h *Handler) ask(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	_, err = h.d.Evidence.Ask(r.Context(), kit.User(r), id, themeOf(r), evidence.Kind(r.PostFormValue("kind")), r.PostFormValue("text"))
	if err != nil {
		return h.retry(w, r, "ask", err)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/evidence"), kit.Printer(r).T("Your request has been sent. The advisory committee will answer it on this page, without your name."))
}

// submitForm: GET /cycles/{id}/evidence/submit, signed in.
func (h *Handler) submitForm(w http.ResponseWriter, r *http.Request) error {
	return h.showForm(w, r, "submit", http.StatusOK, &kit.Form{})
}

// upload parses a multipart form and returns the PDF in field "file" (nil
// when none was chosen).
func upload(r *http.Request) ([]byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apperr.Field("file", "The file must be 10 MB or smaller")
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			return nil, apperr.Wrap(apperr.Invalid, err, "The form could not be read. Go back and try again.")
		}
		if err := r.ParseForm(); err != nil {
			return nil, apperr.Wrap(apperr.Invalid, err, "The form could not be read. Go back and try again.")
		}
		return nil, nil
	}
	f, fh, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Field("file", "The file could not be read. Choose it again")
	}
	defer f.Close()
	if fh.Size == 0 {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(f, evidence.MaxPDF+1))
	if err != nil {
		return nil, apperr.Field("file", "The file could not be read. Choose it again")
	}
	return data, nil
}

// submit: POST /cycles/{id}/evidence/submit, signed in, with an optional PDF.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	data, err := upload(r)
	if err == nil {
		_, err = h.d.Evidence.Submit(r.Context(), kit.User(r), evidence.Submission{CycleID: id, ThemeID: themeOf(r), Organisation: r.PostFormValue("organisation"),
			Interests: r.PostFormValue("interests"), Body: r.PostFormValue("body"), PDF: data})
	}
	if err != nil {
		return h.retry(w, r, "submit", err)
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(id, "/evidence"), kit.Printer(r).T("Thank you. Your submission will be published once a moderator has read it."))
}
