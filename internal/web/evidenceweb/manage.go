package evidenceweb

import (
	"net/http"
	"strings"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type manageData struct {
	Cycle    cycle.Cycle
	Form     *kit.Form
	Packs    []manageView
	Can      evidence.Abilities
	Themes   []choice
	Markdown bool // the new document form's format
}

type manageView struct {
	packView
	Proposed []evidence.Witness
	Waiting  []evidence.Submission
	Decided  []evidence.Submission
}

// manage: GET /cycles/{id}/evidence/manage, the committee, organisers and
// moderators.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	return h.showManage(w, r, http.StatusOK, &kit.Form{})
}

func (h *Handler) showManage(w http.ResponseWriter, r *http.Request, code int, f *kit.Form) error {
	c, err := h.round(r)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	ps, can, err := h.d.Evidence.Review(r.Context(), kit.User(r), c.ID)
	if err != nil {
		return err
	}
	d := manageData{Cycle: c, Form: f, Can: can, Markdown: f.Get("format") != string(evidence.PDF)}
	if d.Themes, err = h.themeChoices(r, c.ID, f.Get("theme")); err != nil {
		return err
	}
	for i, v := range packViews(p, c.ID, ps) {
		mv := manageView{packView: v}
		v.Witness = v.Witness[:0]
		for _, x := range ps[i].Witnesses {
			if x.Status == evidence.Proposed {
				mv.Proposed = append(mv.Proposed, x)
			} else {
				v.Witness = append(v.Witness, witnessRow{Witness: x, Approved: x.Status == evidence.Approved})
			}
		}
		mv.packView.Witness = v.Witness
		for _, s := range ps[i].Submissions {
			if s.Status == evidence.Proposed {
				mv.Waiting = append(mv.Waiting, s)
			} else {
				mv.Decided = append(mv.Decided, s)
			}
		}
		d.Packs = append(d.Packs, mv)
	}
	h.rd.Page(w, r, code, "evidence_manage", &kit.Page{Title: p.T("Run the evidence for %s", c.Title), Data: d, Errors: f.Errs,
		Breadcrumbs: append(crumbs(p, c), kit.Crumb{Label: p.T("Evidence"), URL: kit.RoundPath(c.ID, "/evidence")})})
	return nil
}

// done redirects to the manage page with a message, or shows it again
// with the form's errors.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) error {
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(id, "/evidence/manage"), flash)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, f)
}

// doneFor is done for one of the many forms of a kind on the page: the
// fields in error are named with prefix, as that form's fields are.
func (h *Handler) doneFor(w http.ResponseWriter, r *http.Request, id int64, prefix string, err error, flash string) error {
	if err == nil {
		return h.done(w, r, id, nil, flash)
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	for i := range f.Errs {
		if f.Errs[i].Field != "" {
			f.Errs[i].Field = prefix + f.Errs[i].Field
		}
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, f)
}

// content reads a version's content from an upload form: Markdown in
// "body", or the PDF in "file" (format pdf).
func content(r *http.Request) (evidence.Content, error) {
	data, err := upload(r)
	if err != nil {
		return evidence.Content{}, err
	}
	if r.PostFormValue("format") == string(evidence.PDF) || (len(data) > 0 && strings.TrimSpace(r.PostFormValue("body")) == "") {
		return evidence.Content{Format: evidence.PDF, Data: data}, nil
	}
	return evidence.Content{Format: evidence.Markdown, Body: r.PostFormValue("body")}, nil
}

// addDocument: POST /cycles/{id}/evidence/documents, the committee.
func (h *Handler) addDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	c, err := content(r)
	if err == nil {
		_, err = h.d.Evidence.AddDocument(r.Context(), kit.User(r), id, themeOf(r), r.PostFormValue("title"), c)
	}
	return h.done(w, r, id, err, kit.Printer(r).T("The document has been added to the pack."))
}

// addVersion: POST /cycles/{id}/evidence/documents/{doc}/versions, the
// committee: a new version of the document, or of its easy-read version
// (easy=1).
func (h *Handler) addVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	docID, err := kit.ParseID(r.PathValue("doc"))
	if err != nil {
		return err
	}
	c, err := content(r)
	if err == nil {
		_, err = h.d.Evidence.AddVersion(r.Context(), kit.User(r), id, docID, r.PostFormValue("easy") == "1", c)
	}
	return h.doneFor(w, r, id, "doc"+r.PathValue("doc")+"-", err, kit.Printer(r).T("The new version has been added. The earlier versions stay readable."))
}

// removeEasyRead: POST /cycles/{id}/evidence/documents/{doc}/easy-read/remove,
// organisers: an easy-read version found not to be easy read is taken
// down (every version of it), so the pack shows it is missing again.
func (h *Handler) removeEasyRead(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	docID, err := kit.ParseID(r.PathValue("doc"))
	if err != nil {
		return err
	}
	err = h.d.Evidence.RemoveEasyRead(r.Context(), kit.User(r), id, docID)
	return h.doneFor(w, r, id, "doc"+r.PathValue("doc")+"-", err,
		kit.Printer(r).T("The easy-read version has been removed. The document shows that it has none until a new one is added."))
}

// decide: POST /cycles/{id}/evidence/witnesses/{wit}/decision, the
// committee.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	wid, err := kit.ParseID(r.PathValue("wit"))
	if err != nil {
		return err
	}
	err = h.d.Evidence.DecideWitness(r.Context(), kit.User(r), id, wid, r.PostFormValue("decision") == "approve", r.PostFormValue("reason"), r.PostFormValue("view"))
	return h.doneFor(w, r, id, "wit"+r.PathValue("wit")+"-", err, kit.Printer(r).T("The decision on the witness is published."))
}

// answer: POST /cycles/{id}/evidence/requests/{req}/answer, the committee.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	qid, err := kit.ParseID(r.PathValue("req"))
	if err != nil {
		return err
	}
	err = h.d.Evidence.Answer(r.Context(), kit.User(r), id, qid, r.PostFormValue("answer"))
	return h.doneFor(w, r, id, "req"+r.PathValue("req")+"-", err, kit.Printer(r).T("The answer is published."))
}

// moderate: POST /cycles/{id}/evidence/submissions/{sub}/decision,
// moderators and the committee.
func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	sid, err := kit.ParseID(r.PathValue("sub"))
	if err != nil {
		return err
	}
	publish := r.PostFormValue("decision") == "publish"
	err = h.d.Evidence.Moderate(r.Context(), kit.User(r), id, sid, publish, r.PostFormValue("reason"))
	msg := kit.Printer(r).T("The submission is not published.")
	if publish {
		msg = kit.Printer(r).T("The submission is published.")
	}
	return h.doneFor(w, r, id, "sub"+r.PathValue("sub")+"-", err, msg)
}
