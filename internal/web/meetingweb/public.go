package meetingweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type sessionRow struct {
	meeting.Session
	When, ModeLabel string
}

type groupRow struct {
	meeting.Group
	Label string
	Mix   []string // one line per category: "age: 16-29 3, 30-44 2"
}

// mixLines groups a group's counts by category, one line each.
func mixLines(mix []meeting.MixCount) []string {
	var out []string
	last := ""
	for _, m := range mix {
		part := m.Value + " " + strconv.Itoa(m.Count)
		if m.Category != last || len(out) == 0 {
			out = append(out, m.Category+": "+part)
			last = m.Category
			continue
		}
		out[len(out)-1] += ", " + part
	}
	return out
}

type choiceRow struct {
	Label string
	Count int
}

type meetingsData struct {
	Cycle       cycle.Cycle
	Sessions    []sessionRow
	Groups      []groupRow
	Allocated   bool
	Method      string
	Proven      bool
	Members     int
	Choices     []choiceRow
	Member      bool
	Mine        *groupRow
	CanRank     bool
	CanOrganise bool
}

func (h *Handler) cycle(r *http.Request) (cycle.Cycle, error) {
	id, err := cycleID(r)
	if err != nil {
		return cycle.Cycle{}, err
	}
	return h.d.Rounds.Cycle(r.Context(), id)
}

// meetingsPage: GET /cycles/{id}/meetings, public. The sessions, the
// groups and the allocation's summary without names; a member sees their
// own group.
func (h *Handler) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := meetingsData{Cycle: c, CanOrganise: u.Has(people.RoleOrganiser)}
	ss, err := h.d.Meetings.Sessions(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, s := range ss {
		d.Sessions = append(d.Sessions, sessionRow{Session: s, When: when(p, s), ModeLabel: modeLabel(p, s.Mode)})
	}
	gs, err := h.d.Meetings.GroupsOf(ctx, c.ID)
	if err != nil {
		return err
	}
	a, ok, err := h.d.Meetings.Allocation(ctx, c.ID)
	if err != nil {
		return err
	}
	for i, g := range gs {
		row := groupRow{Group: g, Label: groupName(p, g)}
		if ok && i < len(a.Summary.Groups) {
			row.Mix = mixLines(a.Summary.Groups[i].Mix)
		}
		d.Groups = append(d.Groups, row)
	}
	if ok {
		d.Allocated, d.Method, d.Proven, d.Members = true, methodLabel(p, a.Method), a.Method == meeting.MethodOptimal, a.Summary.Members
		labels := []string{p.T("Their first choice"), p.T("Their second choice"), p.T("Their third choice"), p.T("A theme they did not rank so high")}
		for i, n := range a.Summary.Choice {
			if i < len(labels) {
				d.Choices = append(d.Choices, choiceRow{Label: labels[i], Count: n})
			}
		}
	}
	if d.Member, err = h.d.Meetings.IsMember(ctx, c.ID, u.ID); err != nil {
		return err
	}
	if d.Member {
		g, has, err := h.d.Meetings.MemberGroup(ctx, c.ID, u.ID)
		if err != nil {
			return err
		}
		if has {
			d.Mine = &groupRow{Group: g, Label: groupName(p, g)}
		}
		d.CanRank = c.Allows(cycle.Meet)
	}
	h.rd.Page(w, r, http.StatusOK, "meetings", &kit.Page{Title: p.T("Meetings of the assembly of %s", c.Title), Data: d, Breadcrumbs: crumbs(p, c)})
	return nil
}

type option struct {
	Value, Label string
	Checked      bool
}

type sessionData struct {
	Cycle       cycle.Cycle
	S           sessionRow
	Form        *kit.Form
	Member      bool
	Open        bool
	Registered  bool
	Reg         meeting.Registration
	RegLabel    string
	Attendances []option
	Expenses    []expenseRow
	CanOrganise bool
	ExpenseForm *kit.Form
	Paragraphs  []string
}

type expenseRow struct {
	meeting.Expense
	Amount string
}

func pounds(pence int64) string { return fmt.Sprintf("£%d.%02d", pence/100, pence%100) }

func (h *Handler) session(r *http.Request) (cycle.Cycle, meeting.Session, error) {
	c, err := h.cycle(r)
	if err != nil {
		return c, meeting.Session{}, err
	}
	sid, err := kit.ParseID(r.PathValue("session"))
	if err != nil {
		return c, meeting.Session{}, err
	}
	s, err := h.d.Meetings.Session(r.Context(), c.ID, sid)
	return c, s, err
}

// sessionPage: GET /cycles/{id}/meetings/{session}, public. The session;
// for a member, the registration and expense forms.
func (h *Handler) sessionPage(w http.ResponseWriter, r *http.Request) error {
	return h.showSession(w, r, http.StatusOK, &kit.Form{}, &kit.Form{})
}

func (h *Handler) showSession(w http.ResponseWriter, r *http.Request, code int, f, ef *kit.Form) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := sessionData{Cycle: c, S: sessionRow{Session: s, When: when(p, s), ModeLabel: modeLabel(p, s.Mode)}, Form: f, ExpenseForm: ef,
		Open: c.Allows(cycle.Meet), CanOrganise: u.Has(people.RoleOrganiser)}
	if d.Member, err = h.d.Meetings.IsMember(ctx, c.ID, u.ID); err != nil {
		return err
	}
	if d.Member {
		if d.Reg, d.Registered, err = h.d.Meetings.MyRegistration(ctx, u, s.ID); err != nil {
			return err
		}
		d.RegLabel = attendanceLabel(p, d.Reg.Attendance)
		cur := f.Get("attendance")
		if cur == "" {
			cur = string(d.Reg.Attendance)
		}
		for _, a := range meeting.Attendances {
			if a == meeting.AttendInPerson && s.Mode == meeting.Online || a == meeting.AttendOnline && s.Mode == meeting.InPerson {
				continue
			}
			d.Attendances = append(d.Attendances, option{Value: string(a), Label: attendanceLabel(p, a), Checked: cur == string(a)})
		}
		es, err := h.d.Meetings.Expenses(ctx, u, c.ID, s.ID)
		if err != nil {
			return err
		}
		for _, e := range es {
			d.Expenses = append(d.Expenses, expenseRow{Expense: e, Amount: pounds(e.Pence)})
		}
	}
	errs := append(f.Errs, ef.Errs...)
	h.rd.Page(w, r, code, "session", &kit.Page{Title: s.Title, Data: d, Errors: errs, Breadcrumbs: meetingCrumbs(p, c)})
	return nil
}

// register: POST /cycles/{id}/meetings/{session}/register, signed in (members).
func (h *Handler) register(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	err = h.d.Meetings.Register(r.Context(), kit.User(r), c.ID, s.ID, meeting.Attendance(r.PostFormValue("attendance")), r.PostFormValue("access"))
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings/"+strconv.FormatInt(s.ID, 10)), kit.Printer(r).T("Thank you. Your answer is saved."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showSession(w, r, http.StatusUnprocessableEntity, f, &kit.Form{})
}

// parsePence reads "12.50", "12.5" or "12" (pounds) as pence.
func parsePence(s string) (int64, error) {
	bad := apperr.Field("amount", "Enter an amount in pounds, like 12.50")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || dot && frac == "" {
		return 0, bad
	}
	for len(frac) < 2 {
		frac += "0"
	}
	pounds, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || pounds < 0 || pounds > 1_000_000 {
		return 0, bad
	}
	pence, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || pence < 0 {
		return 0, bad
	}
	return pounds*100 + pence, nil
}

// claim: POST /cycles/{id}/meetings/{session}/expenses, signed in (members).
func (h *Handler) claim(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	pence, err := parsePence(trimPound(r.PostFormValue("amount")))
	if err == nil {
		_, err = h.d.Meetings.ClaimExpense(r.Context(), kit.User(r), c.ID, s.ID, pence, r.PostFormValue("what"))
	}
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings/"+strconv.FormatInt(s.ID, 10)), kit.Printer(r).T("Your claim is saved. The organisers will tell you when it is paid."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showSession(w, r, http.StatusUnprocessableEntity, &kit.Form{}, f)
}

func trimPound(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	if len(s) >= 2 && s[:2] == "£" {
		s = s[2:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

type noteRow struct {
	meeting.Note
	Session   string
	Published bool
	Form      *kit.Form
}

type groupData struct {
	Cycle        cycle.Cycle
	G            groupRow
	Facilitators []meeting.GroupPerson
	Board        []meeting.GroupPerson
	Notes        []noteRow
	CanWrite     bool
	Drafts       []noteRow // a form per session for writers
	CanOrganise  bool
	Seats        []option // facilitators and Board members who could be seated
}

func (h *Handler) group(r *http.Request) (cycle.Cycle, meeting.Group, error) {
	c, err := h.cycle(r)
	if err != nil {
		return c, meeting.Group{}, err
	}
	gid, err := kit.ParseID(r.PathValue("group"))
	if err != nil {
		return c, meeting.Group{}, err
	}
	g, err := h.d.Meetings.Group(r.Context(), gid)
	if err == nil && g.CycleID != c.ID {
		err = apperr.New(apperr.NotFound, "There is no such group.")
	}
	return c, g, err
}

// groupPage: GET /cycles/{id}/groups/{group}, public. The group's theme,
// facilitators, Board members and published notes; note forms for those
// who write them.
func (h *Handler) groupPage(w http.ResponseWriter, r *http.Request) error {
	return h.showGroup(w, r, http.StatusOK, nil)
}

func (h *Handler) showGroup(w http.ResponseWriter, r *http.Request, code int, bad *kit.Form) error {
	c, g, err := h.group(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := groupData{Cycle: c, G: groupRow{Group: g, Label: groupName(p, g)}, CanOrganise: u.Has(people.RoleOrganiser) && c.Allows(cycle.Meet)}
	if d.Facilitators, d.Board, err = h.d.Meetings.Staff(ctx, g.ID); err != nil {
		return err
	}
	ss, err := h.d.Meetings.Sessions(ctx, c.ID)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, s := range ss {
		titles[s.ID] = s.Title
	}
	ns, err := h.d.Meetings.Notes(ctx, u, g.ID)
	if err != nil {
		return err
	}
	byS := map[int64]meeting.Note{}
	for _, n := range ns {
		byS[n.SessionID] = n
		if !n.Published.IsZero() {
			d.Notes = append(d.Notes, noteRow{Note: n, Session: titles[n.SessionID], Published: true})
		}
	}
	d.CanWrite = h.d.Meetings.CanWriteNotes(ctx, u, g)
	if d.CanWrite {
		for _, s := range ss {
			n, has := byS[s.ID]
			f := &kit.Form{Values: url.Values{"text": {n.Text}}}
			if bad != nil && bad.Get("session") == strconv.FormatInt(s.ID, 10) {
				f = bad
			}
			row := noteRow{Note: n, Session: s.Title, Published: has && !n.Published.IsZero(), Form: f}
			row.SessionID = s.ID
			d.Drafts = append(d.Drafts, row)
		}
	}
	if d.CanOrganise {
		seated := map[int64]bool{}
		for _, x := range append(slices.Clone(d.Facilitators), d.Board...) {
			seated[x.UserID] = true
		}
		for _, role := range []struct {
			r    assembly.Role
			seat meeting.Seat
		}{{assembly.Facilitator, meeting.SeatFacilitator}, {assembly.Board, meeting.SeatBoard}} {
			ps, err := h.d.People.People(ctx, c.ID, role.r)
			if err != nil {
				return err
			}
			for _, x := range ps {
				if seated[x.UserID] {
					continue
				}
				name := x.DisplayName
				if name == "" {
					name = p.T("Person %d", x.UserID)
				}
				label := p.T("%s (facilitator)", name)
				if role.seat == meeting.SeatBoard {
					label = p.T("%s (Board member)", name)
				}
				d.Seats = append(d.Seats, option{Value: string(role.seat) + ":" + strconv.FormatInt(x.UserID, 10), Label: label})
			}
		}
	}
	var errs []kit.FieldError
	if bad != nil {
		errs = bad.Errs
	}
	h.rd.Page(w, r, code, "group", &kit.Page{Title: d.G.Label, Data: d, Errors: errs, Breadcrumbs: meetingCrumbs(p, c)})
	return nil
}
