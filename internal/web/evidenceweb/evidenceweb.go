package evidenceweb

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Evidence is what the pages need of the evidence service
// (*evidence.Service).
type Evidence interface {
	Can(ctx context.Context, actor people.User, cycleID int64) (evidence.Abilities, error)
	Themes(ctx context.Context, cycleID int64) ([]jury.Theme, error)
	Packs(ctx context.Context, cycleID int64) ([]evidence.Pack, error)
	Review(ctx context.Context, actor people.User, cycleID int64) ([]evidence.Pack, evidence.Abilities, error)
	Document(ctx context.Context, cycleID, docID int64) (evidence.Document, error)
	Version(ctx context.Context, cycleID, docID int64, easy bool, number int) (evidence.Document, evidence.Version, error)
	AddDocument(ctx context.Context, actor people.User, cycleID, themeID int64, title string, c evidence.Content) (int64, error)
	AddVersion(ctx context.Context, actor people.User, cycleID, docID int64, easy bool, c evidence.Content) (evidence.Version, error)
	RemoveEasyRead(ctx context.Context, actor people.User, cycleID, docID int64) error
	Nominate(ctx context.Context, actor people.User, w evidence.Witness) (int64, error)
	DecideWitness(ctx context.Context, actor people.User, cycleID, id int64, approve bool, reason, view string) error
	Ask(ctx context.Context, actor people.User, cycleID, themeID int64, k evidence.Kind, text string) (int64, error)
	Answer(ctx context.Context, actor people.User, cycleID, id int64, answer string) error
	Submit(ctx context.Context, actor people.User, s evidence.Submission) (int64, error)
	Moderate(ctx context.Context, actor people.User, cycleID, id int64, publish bool, reason string) error
	SubmissionFile(ctx context.Context, actor people.User, cycleID, id int64) (evidence.Submission, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Deps are what the evidence pages use. Evidence nil leaves the area out.
type Deps struct {
	Evidence Evidence
	Rounds   Rounds
}

// Handler serves the evidence pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the evidence area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Evidence == nil || d.Rounds == nil {
		return nil, errors.New("evidenceweb: Evidence and Rounds are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("evidenceweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates {
	return kit.EmbeddedTemplates(templateFS, template.FuncMap{"dict": dict})
}

// dict makes a map of key, value pairs, to pass several values to a
// template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// MaxUpload bounds a form that carries a PDF: the file and the form's
// text.
const MaxUpload = evidence.MaxPDF + 1<<20

// Routes lists the evidence routes and who may use them. The committee is
// a part in one round's assembly, not a site role: its routes are open to
// everyone signed in and the service checks the part.
func (h *Handler) Routes() []kit.Route {
	in := kit.SignedIn
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/evidence", Access: kit.Public, Handler: h.evidencePage},
		{Method: "GET", Pattern: "/cycles/{id}/evidence.json", Access: kit.Public, Handler: h.evidenceJSON},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/documents/{doc}", Access: kit.Public, Handler: h.documentPage},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/documents/{doc}/versions/{n}", Access: kit.Public, Handler: h.versionPage},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/documents/{doc}/versions/{n}/file.pdf", Access: kit.Public, Handler: h.versionFile},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/documents/{doc}/easy-read/{n}", Access: kit.Public, Handler: h.versionPage},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/documents/{doc}/easy-read/{n}/file.pdf", Access: kit.Public, Handler: h.versionFile},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/submissions/{sub}/file.pdf", Access: kit.Public, Handler: h.submissionFile},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/nominate", Access: in, Handler: h.nominateForm},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/nominate", Access: in, Handler: h.nominate},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/ask", Access: in, Handler: h.askForm},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/ask", Access: in, Handler: h.ask},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/submit", Access: in, Handler: h.submitForm},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/submit", Access: in, Handler: h.submit, MaxBody: MaxUpload},
		{Method: "GET", Pattern: "/cycles/{id}/evidence/manage", Access: in, Handler: h.manage},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/documents", Access: in, Handler: h.addDocument, MaxBody: MaxUpload},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/documents/{doc}/versions", Access: in, Handler: h.addVersion, MaxBody: MaxUpload},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/documents/{doc}/easy-read/remove", Access: kit.Role(people.RoleOrganiser), Handler: h.removeEasyRead},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/witnesses/{wit}/decision", Access: in, Handler: h.decide},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/requests/{req}/answer", Access: in, Handler: h.answer},
		{Method: "POST", Pattern: "/cycles/{id}/evidence/submissions/{sub}/decision", Access: in, Handler: h.moderate},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }
