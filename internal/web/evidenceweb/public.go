package evidenceweb

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// docRow is one document as the lists show it.
type docRow struct {
	ID       int64
	Title    string
	Page     string // the document's page
	URL      string // the current version (page or PDF)
	EasyURL  string // the current easy-read version, "" when none
	Version  int
	Updated  time.Time
	PDF      bool
	EasyPDF  bool
	Versions []versionRow // the document page only
}

// versionRow is one version in a document's list of versions.
type versionRow struct {
	Number  int
	Easy    bool
	PDF     bool
	URL     string
	Created time.Time
	Size    string
	Current bool // the version shown
}

type witnessRow struct {
	evidence.Witness
	Approved bool
}

type requestRow struct {
	evidence.Request
	Kind string
}

type packView struct {
	evidence.Pack
	Docs      []docRow
	Witness   []witnessRow
	Asked     []requestRow
	Approved  int
	Declined  int
	Published []evidence.Submission
}

func docRowOf(cycleID int64, d evidence.Document) docRow {
	row := docRow{ID: d.ID, Title: d.Title, Page: evidence.DocumentURL(cycleID, d.ID)}
	if d.Current != nil {
		row.URL, row.Version, row.Updated, row.PDF = evidence.VersionURL(cycleID, *d.Current), d.Current.Number, d.Current.Created, d.Current.Format == evidence.PDF
	}
	if d.Easy != nil {
		row.EasyURL, row.EasyPDF = evidence.VersionURL(cycleID, *d.Easy), d.Easy.Format == evidence.PDF
		if d.Easy.Created.After(row.Updated) {
			row.Updated = d.Easy.Created
		}
	}
	return row
}

func packViews(p *i18n.Printer, cycleID int64, ps []evidence.Pack) []packView {
	out := make([]packView, len(ps))
	for i, pk := range ps {
		v := packView{Pack: pk}
		for _, d := range pk.Documents {
			v.Docs = append(v.Docs, docRowOf(cycleID, d))
		}
		for _, w := range pk.Witnesses {
			v.Witness = append(v.Witness, witnessRow{Witness: w, Approved: w.Status == evidence.Approved})
			switch w.Status {
			case evidence.Approved:
				v.Approved++
			case evidence.Declined:
				v.Declined++
			}
		}
		for _, q := range pk.Requests {
			v.Asked = append(v.Asked, requestRow{Request: q, Kind: kit.Msg(p, q.Kind.Title())})
		}
		for _, s := range pk.Submissions {
			if s.Status == evidence.Published {
				v.Published = append(v.Published, s)
			}
		}
		out[i] = v
	}
	return out
}

type evidenceData struct {
	Cycle    cycle.Cycle
	Packs    []packView
	Can      evidence.Abilities
	SignedIn bool
}

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title)
}

func (h *Handler) round(r *http.Request) (cycle.Cycle, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}

// evidencePage: GET /cycles/{id}/evidence, public.
func (h *Handler) evidencePage(w http.ResponseWriter, r *http.Request) error {
	c, err := h.round(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	ps, err := h.d.Evidence.Packs(ctx, c.ID)
	if err != nil {
		return err
	}
	d := evidenceData{Cycle: c, Packs: packViews(p, c.ID, ps), SignedIn: u.SignedIn()}
	if d.Can, err = h.d.Evidence.Can(ctx, u, c.ID); err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "evidence", &kit.Page{Title: p.T("Evidence for %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

// The open data file's entries.
type jsonDoc struct {
	Title       string `json:"title"`
	URL         string `json:"url"`
	EasyReadURL string `json:"easy_read_url"`
	Version     int    `json:"version"`
	Updated     string `json:"updated"`
}

type jsonWitness struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Topic        string `json:"topic"`
	Interests    string `json:"declared_interests"`
	Status       string `json:"status"`
	Reason       string `json:"reason"`
	View         string `json:"view"`
}

type jsonView struct {
	View  string `json:"view"`
	Count int    `json:"count"`
}

type jsonRequest struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	Answer string `json:"answer"`
}

type jsonSubmission struct {
	Organisation string `json:"organisation"`
	Interests    string `json:"declared_interests"`
	Text         string `json:"text"`
	File         string `json:"file"`
}

type jsonPack struct {
	Theme       string           `json:"theme"`
	ThemeID     int64            `json:"theme_id"`
	Documents   []jsonDoc        `json:"documents"`
	Witnesses   []jsonWitness    `json:"witnesses"`
	Balance     []jsonView       `json:"balance"`
	Requests    []jsonRequest    `json:"requests"`
	Submissions []jsonSubmission `json:"submissions"`
}

// evidenceJSON: GET /cycles/{id}/evidence.json, public: every pack, with
// no personal data (no nominator, asker or submitter).
func (h *Handler) evidenceJSON(w http.ResponseWriter, r *http.Request) error {
	c, err := h.round(r)
	if err != nil {
		return err
	}
	ps, err := h.d.Evidence.Packs(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := make([]jsonPack, 0, len(ps))
	for _, pk := range ps {
		jp := jsonPack{Theme: pk.Title, ThemeID: pk.ThemeID, Documents: []jsonDoc{}, Witnesses: []jsonWitness{}, Balance: []jsonView{}, Requests: []jsonRequest{}, Submissions: []jsonSubmission{}}
		for _, d := range pk.Documents {
			row := docRowOf(c.ID, d)
			jp.Documents = append(jp.Documents, jsonDoc{Title: row.Title, URL: row.URL, EasyReadURL: row.EasyURL, Version: row.Version, Updated: row.Updated.UTC().Format(time.RFC3339)})
		}
		for _, x := range pk.Witnesses {
			jp.Witnesses = append(jp.Witnesses, jsonWitness{Name: x.Name, Organisation: x.Organisation, Topic: x.Topic, Interests: x.Interests, Status: string(x.Status), Reason: x.Reason, View: x.View})
		}
		for _, b := range pk.Balance {
			jp.Balance = append(jp.Balance, jsonView{View: b.View, Count: b.Count})
		}
		for _, q := range pk.Requests {
			jp.Requests = append(jp.Requests, jsonRequest{Kind: string(q.Kind), Text: q.Text, Answer: q.Answer})
		}
		for _, s := range pk.Submissions {
			js := jsonSubmission{Organisation: s.Organisation, Interests: s.Interests, Text: s.Body}
			if s.HasPDF {
				js.File = kit.RoundPath(c.ID, "/evidence/submissions/"+strconv.FormatInt(s.ID, 10)+"/file.pdf")
			}
			jp.Submissions = append(jp.Submissions, js)
		}
		out = append(out, jp)
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-cache")
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}

type documentData struct {
	Cycle   cycle.Cycle
	Doc     docRow
	Theme   string
	Shown   versionRow
	Body    template.HTML
	Latest  bool // the version shown is the newest of its kind
	Current versionRow
	Easy    *versionRow
	Can     evidence.Abilities
}

func (h *Handler) docAndVersion(r *http.Request, easy bool, number int) (cycle.Cycle, evidence.Document, evidence.Version, error) {
	c, err := h.round(r)
	if err != nil {
		return c, evidence.Document{}, evidence.Version{}, err
	}
	docID, err := kit.ParseID(r.PathValue("doc"))
	if err != nil {
		return c, evidence.Document{}, evidence.Version{}, err
	}
	if number == 0 {
		d, err := h.d.Evidence.Document(r.Context(), c.ID, docID)
		if err != nil || d.Current == nil {
			return c, d, evidence.Version{}, err
		}
		number = d.Current.Number
	}
	d, v, err := h.d.Evidence.Version(r.Context(), c.ID, docID, easy, number)
	if err == nil {
		// Version reads the document without its list; read it whole.
		d, err = h.d.Evidence.Document(r.Context(), c.ID, docID)
	}
	return c, d, v, err
}

func sizeOf(p *i18n.Printer, v evidence.Version) string {
	if v.Format != evidence.PDF {
		return ""
	}
	kb := (v.Size + 1023) / 1024
	if kb >= 1024 {
		return p.T("PDF, %s MB", strconv.FormatFloat(float64(v.Size)/(1<<20), 'f', 1, 64))
	}
	return p.T("PDF, %d KB", kb)
}

func (h *Handler) showDocument(w http.ResponseWriter, r *http.Request, easy bool, number int) error {
	c, d, v, err := h.docAndVersion(r, easy, number)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	row := func(x evidence.Version) versionRow {
		return versionRow{Number: x.Number, Easy: x.Easy, PDF: x.Format == evidence.PDF, URL: evidence.VersionURL(c.ID, x), Created: x.Created, Size: sizeOf(p, x),
			Current: x.Easy == v.Easy && x.Number == v.Number}
	}
	dd := documentData{Cycle: c, Doc: docRowOf(c.ID, d), Shown: row(v)}
	for _, x := range d.Versions {
		dd.Doc.Versions = append(dd.Doc.Versions, row(x))
	}
	if d.Current != nil {
		dd.Current = row(*d.Current)
	}
	if d.Easy != nil {
		e := row(*d.Easy)
		dd.Easy = &e
	}
	dd.Latest = (v.Easy && d.Easy != nil && d.Easy.Number == v.Number) || (!v.Easy && d.Current != nil && d.Current.Number == v.Number)
	if v.Format == evidence.Markdown {
		dd.Body = template.HTML(evidence.RenderMarkdown(v.Body)) // safe: RenderMarkdown escapes all text and passes no HTML through
	}
	ts, err := h.d.Evidence.Themes(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ThemeID == d.ThemeID {
			dd.Theme = t.Title
		}
	}
	if dd.Can, err = h.d.Evidence.Can(ctx, kit.User(r), c.ID); err != nil {
		return err
	}
	title := d.Title
	if v.Easy {
		title = p.T("%s (easy read)", d.Title)
	}
	h.rd.Page(w, r, http.StatusOK, "evidence_document", &kit.Page{Title: title, Data: dd,
		Breadcrumbs: append(crumbs(p, c), kit.Crumb{Label: p.T("Evidence"), URL: kit.RoundPath(c.ID, "/evidence")})})
	return nil
}

// documentPage: GET /cycles/{id}/evidence/documents/{doc}, public: the
// current version.
func (h *Handler) documentPage(w http.ResponseWriter, r *http.Request) error {
	return h.showDocument(w, r, false, 0)
}

func versionOf(r *http.Request) (easy bool, n int, err error) {
	n, err = strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return false, 0, apperr.New(apperr.NotFound, "There is no such version.")
	}
	return strings.Contains(r.URL.Path, "/easy-read/"), n, nil
}

// versionPage: GET .../versions/{n} and .../easy-read/{n}, public.
func (h *Handler) versionPage(w http.ResponseWriter, r *http.Request) error {
	easy, n, err := versionOf(r)
	if err != nil {
		return err
	}
	return h.showDocument(w, r, easy, n)
}

// versionFile: GET .../versions/{n}/file.pdf and .../easy-read/{n}/file.pdf,
// public: an uploaded PDF.
func (h *Handler) versionFile(w http.ResponseWriter, r *http.Request) error {
	easy, n, err := versionOf(r)
	if err != nil {
		return err
	}
	_, d, v, err := h.docAndVersion(r, easy, n)
	if err != nil {
		return err
	}
	if v.Format != evidence.PDF {
		return apperr.New(apperr.NotFound, "This version is not a PDF.")
	}
	name := "document-" + strconv.FormatInt(d.ID, 10) + "-v" + strconv.Itoa(v.Number)
	if easy {
		name = "document-" + strconv.FormatInt(d.ID, 10) + "-easy-read-v" + strconv.Itoa(v.Number)
	}
	return pdf(w, name, v.Data, "public, max-age=3600") // a version never changes
}

func pdf(w http.ResponseWriter, name string, data []byte, cache string) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.pdf"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("Cache-Control", cache)
	w.Write(data)
	return nil
}

// submissionFile: GET /cycles/{id}/evidence/submissions/{sub}/file.pdf,
// public once the submission is published.
func (h *Handler) submissionFile(w http.ResponseWriter, r *http.Request) error {
	c, err := h.round(r)
	if err != nil {
		return err
	}
	id, err := kit.ParseID(r.PathValue("sub"))
	if err != nil {
		return err
	}
	s, err := h.d.Evidence.SubmissionFile(r.Context(), kit.User(r), c.ID, id)
	if err != nil {
		return err
	}
	return pdf(w, "submission-"+strconv.FormatInt(s.ID, 10), s.PDF, "private, no-cache")
}
