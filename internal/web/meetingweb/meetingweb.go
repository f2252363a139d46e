package meetingweb

import (
	"context"
	"embed"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Meetings is what the pages need of the meetings service (*meeting.Service).
type Meetings interface {
	Sessions(ctx context.Context, cycleID int64) ([]meeting.Session, error)
	Session(ctx context.Context, cycleID, sessionID int64) (meeting.Session, error)
	SaveSession(ctx context.Context, actor people.User, s meeting.Session) (int64, error)
	IsMember(ctx context.Context, cycleID, userID int64) (bool, error)
	Register(ctx context.Context, actor people.User, cycleID, sessionID int64, a meeting.Attendance, access string) error
	MyRegistration(ctx context.Context, actor people.User, sessionID int64) (meeting.Registration, bool, error)
	Registrations(ctx context.Context, actor people.User, cycleID, sessionID int64) ([]meeting.Registration, error)
	CheckIn(ctx context.Context, actor people.User, cycleID, sessionID, userID int64) error
	ClaimExpense(ctx context.Context, actor people.User, cycleID, sessionID, pence int64, what string) (int64, error)
	Expenses(ctx context.Context, actor people.User, cycleID, sessionID int64) ([]meeting.Expense, error)
	PayExpense(ctx context.Context, actor people.User, cycleID, sessionID, expenseID int64) error
	Themes(ctx context.Context, cycleID int64) ([]jury.Theme, error)
	Rank(ctx context.Context, actor people.User, cycleID int64, ranking []int64) error
	MyRanking(ctx context.Context, actor people.User, cycleID int64) ([]int64, error)
	Allocate(ctx context.Context, actor people.User, cycleID int64, set meeting.Settings) (meeting.Allocation, error)
	Allocation(ctx context.Context, cycleID int64) (meeting.Allocation, bool, error)
	GroupsOf(ctx context.Context, cycleID int64) ([]meeting.Group, error)
	Group(ctx context.Context, groupID int64) (meeting.Group, error)
	MemberGroup(ctx context.Context, cycleID, userID int64) (meeting.Group, bool, error)
	Staff(ctx context.Context, groupID int64) (facilitators, board []meeting.GroupPerson, err error)
	Seat(ctx context.Context, actor people.User, groupID, userID int64, seat meeting.Seat, remove bool) error
	CanWriteNotes(ctx context.Context, actor people.User, g meeting.Group) bool
	SaveNote(ctx context.Context, actor people.User, groupID, sessionID int64, text string) error
	PublishNote(ctx context.Context, actor people.User, groupID, sessionID int64) error
	Notes(ctx context.Context, actor people.User, groupID int64) ([]meeting.Note, error)
}

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// People lists who takes a part in the round's assembly
// (*assembly.Service), for the organisers' seat forms.
type People interface {
	People(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error)
}

// Deps are what the meetings pages use. Meetings nil leaves the area out.
type Deps struct {
	Meetings Meetings
	Rounds   Rounds
	People   People
}

// Handler serves the meetings pages.
type Handler struct {
	env kit.Env
	rd  *kit.Renderer
	d   Deps
}

// New returns the meetings area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Meetings == nil || d.Rounds == nil || d.People == nil {
		return nil, errors.New("meetingweb: Meetings, Rounds and People are required")
	}
	if env.Render == nil || env.Log == nil || env.Now == nil {
		return nil, errors.New("meetingweb: the shell's Env is incomplete")
	}
	return &Handler{env: env, rd: env.Render, d: d}, nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages for the kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// Routes lists the meetings routes and who may use them.
func (h *Handler) Routes() []kit.Route {
	org := kit.Role(people.RoleOrganiser)
	return []kit.Route{
		{Method: "GET", Pattern: "/cycles/{id}/meetings", Access: kit.Public, Handler: h.meetingsPage},
		{Method: "GET", Pattern: "/cycles/{id}/meetings/{session}", Access: kit.Public, Handler: h.sessionPage},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/{session}/register", Access: kit.SignedIn, Handler: h.register},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/{session}/expenses", Access: kit.SignedIn, Handler: h.claim},
		{Method: "GET", Pattern: "/cycles/{id}/meetings/{session}/checkin", Access: org, Handler: h.checkinPage},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/{session}/checkin", Access: org, Handler: h.checkin},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/{session}/paid", Access: org, Handler: h.paid},
		{Method: "GET", Pattern: "/cycles/{id}/meetings/rank", Access: kit.SignedIn, Handler: h.rankForm},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/rank", Access: kit.SignedIn, Handler: h.rank},
		{Method: "GET", Pattern: "/cycles/{id}/meetings/manage", Access: org, Handler: h.manage},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/sessions", Access: org, Handler: h.addSession},
		{Method: "POST", Pattern: "/cycles/{id}/meetings/allocate", Access: org, Handler: h.allocate},
		{Method: "GET", Pattern: "/cycles/{id}/groups/{group}", Access: kit.Public, Handler: h.groupPage},
		{Method: "POST", Pattern: "/cycles/{id}/groups/{group}/seat", Access: org, Handler: h.seat},
		{Method: "POST", Pattern: "/cycles/{id}/groups/{group}/notes", Access: kit.SignedIn, Handler: h.saveNote},
		{Method: "POST", Pattern: "/cycles/{id}/groups/{group}/publish", Access: kit.SignedIn, Handler: h.publish},
	}
}

func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

func crumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return kit.RoundCrumbs(p, c.ID, c.Title)
}

func meetingCrumbs(p *i18n.Printer, c cycle.Cycle) []kit.Crumb {
	return append(crumbs(p, c), kit.Crumb{Label: p.T("Meetings"), URL: kit.RoundPath(c.ID, "/meetings")})
}

// groupName is a group's name in the reader's language.
func groupName(p *i18n.Printer, g meeting.Group) string {
	return p.T("%s — group %d", g.ThemeTitle, g.Number)
}

// modeLabel and attendanceLabel name the choices.
func modeLabel(p *i18n.Printer, m meeting.Mode) string {
	switch m {
	case meeting.InPerson:
		return p.T("In person")
	case meeting.Online:
		return p.T("Online")
	}
	return p.T("In person and online")
}

func attendanceLabel(p *i18n.Printer, a meeting.Attendance) string {
	switch a {
	case meeting.AttendInPerson:
		return p.T("Attending in person")
	case meeting.AttendOnline:
		return p.T("Attending online")
	}
	return p.T("Not attending")
}

func methodLabel(p *i18n.Printer, m string) string {
	switch m {
	case meeting.MethodOptimal:
		return p.T("The solver proved this allocation is the best possible.")
	case meeting.MethodBest:
		return p.T("The solver stopped at its limit; this is the best allocation it found, not proven the best possible.")
	}
	return p.T("The solver found no allocation within its limit, so members were allocated by a simple rule: each in turn to the most wanted theme with room.")
}

// when formats a session's start for the reader.
func when(p *i18n.Printer, s meeting.Session) string {
	return s.Starts.Format("2006-01-02 15:04") + " UTC"
}
