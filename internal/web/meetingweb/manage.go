package meetingweb

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type checkinRow struct {
	meeting.Registration
	AttendanceLabel string
	Present         bool
}

type checkinData struct {
	Cycle    cycle.Cycle
	S        sessionRow
	People   []checkinRow
	Expenses []expenseRow
	Open     bool
}

// checkinPage: GET /cycles/{id}/meetings/{session}/checkin, organisers.
// Who registered (with access needs), a check-in button per person, and
// the expense claims with a button to mark each paid.
func (h *Handler) checkinPage(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	regs, err := h.d.Meetings.Registrations(ctx, u, c.ID, s.ID)
	if err != nil {
		return err
	}
	d := checkinData{Cycle: c, S: sessionRow{Session: s, When: when(p, s), ModeLabel: modeLabel(p, s.Mode)}, Open: c.Allows(cycle.Meet)}
	for _, rg := range regs {
		d.People = append(d.People, checkinRow{Registration: rg, AttendanceLabel: attendanceLabel(p, rg.Attendance), Present: !rg.CheckedIn.IsZero()})
	}
	es, err := h.d.Meetings.Expenses(ctx, u, c.ID, s.ID)
	if err != nil {
		return err
	}
	for _, e := range es {
		d.Expenses = append(d.Expenses, expenseRow{Expense: e, Amount: pounds(e.Pence)})
	}
	h.rd.Page(w, r, http.StatusOK, "checkin", &kit.Page{Title: p.T("Check-in and expenses: %s", s.Title), Data: d, Breadcrumbs: meetingCrumbs(p, c)})
	return nil
}

func (h *Handler) backToCheckin(w http.ResponseWriter, r *http.Request, c cycle.Cycle, s meeting.Session, msg string) error {
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings/"+strconv.FormatInt(s.ID, 10)+"/checkin"), msg)
}

// checkin: POST /cycles/{id}/meetings/{session}/checkin, organisers.
func (h *Handler) checkin(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	uid, err := kit.ParseID(r.PostFormValue("user"))
	if err != nil {
		return err
	}
	if err := h.d.Meetings.CheckIn(r.Context(), kit.User(r), c.ID, s.ID, uid); err != nil {
		return err
	}
	return h.backToCheckin(w, r, c, s, kit.Printer(r).T("Checked in."))
}

// paid: POST /cycles/{id}/meetings/{session}/paid, organisers.
func (h *Handler) paid(w http.ResponseWriter, r *http.Request) error {
	c, s, err := h.session(r)
	if err != nil {
		return err
	}
	eid, err := kit.ParseID(r.PostFormValue("expense"))
	if err != nil {
		return err
	}
	if err := h.d.Meetings.PayExpense(r.Context(), kit.User(r), c.ID, s.ID, eid); err != nil {
		return err
	}
	return h.backToCheckin(w, r, c, s, kit.Printer(r).T("Marked as paid."))
}

type rankRow struct {
	jury.Theme
	Options []option
}

type rankData struct {
	Cycle  cycle.Cycle
	Themes []rankRow
	Open   bool
	Member bool
	Err    string
}

// rankForm: GET /cycles/{id}/meetings/rank, signed in. A member gives
// each theme a place (a select per theme: works without JavaScript).
func (h *Handler) rankForm(w http.ResponseWriter, r *http.Request) error {
	return h.showRank(w, r, http.StatusOK, nil, "")
}

func (h *Handler) showRank(w http.ResponseWriter, r *http.Request, code int, places map[int64]int, msg string) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, u, p := r.Context(), kit.User(r), kit.Printer(r)
	d := rankData{Cycle: c, Open: c.Allows(cycle.Meet), Err: msg}
	if d.Member, err = h.d.Meetings.IsMember(ctx, c.ID, u.ID); err != nil {
		return err
	}
	themes, err := h.d.Meetings.Themes(ctx, c.ID)
	if err != nil && !apperr.Is(err, apperr.NotFound) && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	if places == nil {
		places = map[int64]int{}
		mine, err := h.d.Meetings.MyRanking(ctx, u, c.ID)
		if err != nil {
			return err
		}
		for i, id := range mine {
			places[id] = i + 1
		}
	}
	for _, t := range themes {
		row := rankRow{Theme: t, Options: []option{{Value: "", Label: p.T("Not ranked"), Checked: places[t.ThemeID] == 0}}}
		for k := 1; k <= len(themes); k++ {
			row.Options = append(row.Options, option{Value: strconv.Itoa(k), Label: strconv.Itoa(k), Checked: places[t.ThemeID] == k})
		}
		d.Themes = append(d.Themes, row)
	}
	var errs []kit.FieldError
	if msg != "" {
		errs = []kit.FieldError{{Field: "ranking", Message: msg}}
	}
	h.rd.Page(w, r, code, "rank", &kit.Page{Title: p.T("Which themes do you want to discuss?"), Data: d, Errors: errs, Breadcrumbs: meetingCrumbs(p, c)})
	return nil
}

// rank: POST /cycles/{id}/meetings/rank, signed in (members).
func (h *Handler) rank(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	themes, err := h.d.Meetings.Themes(r.Context(), c.ID)
	if err != nil {
		return err
	}
	places := map[int64]int{}
	type placed struct {
		id    int64
		place int
	}
	var list []placed
	for _, t := range themes {
		v := r.PostFormValue("theme-" + strconv.FormatInt(t.ThemeID, 10))
		if v == "" {
			continue
		}
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 || k > len(themes) {
			continue
		}
		places[t.ThemeID] = k
		list = append(list, placed{t.ThemeID, k})
	}
	slices.SortStableFunc(list, func(a, b placed) int { return a.place - b.place })
	var ranking []int64
	for i, x := range list {
		if i > 0 && list[i-1].place == x.place {
			return h.showRank(w, r, http.StatusUnprocessableEntity, places, kit.Printer(r).T("Give each theme a different place"))
		}
		ranking = append(ranking, x.id)
	}
	err = h.d.Meetings.Rank(r.Context(), kit.User(r), c.ID, ranking)
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings"), kit.Printer(r).T("Thank you. Your choices are saved."))
	}
	if fe := kit.FieldErrors(err); len(fe) > 0 {
		return h.showRank(w, r, http.StatusUnprocessableEntity, places, kit.FieldMessage(r, err, ""))
	}
	return err
}

type manageData struct {
	Cycle     cycle.Cycle
	Open      bool
	Sessions  []sessionRow
	Groups    []groupRow
	Modes     []option
	Form      *kit.Form
	AllocForm *kit.Form
	Allocated bool
	Method    string
	Solver    bool
}

// manage: GET /cycles/{id}/meetings/manage, organisers.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) error {
	return h.showManage(w, r, http.StatusOK, &kit.Form{}, &kit.Form{Values: map[string][]string{"per_theme": {"1"}, "min": {"6"}, "max": {"10"}, "slack": {"0"}}})
}

func (h *Handler) showManage(w http.ResponseWriter, r *http.Request, code int, f, af *kit.Form) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	d := manageData{Cycle: c, Open: c.Allows(cycle.Meet), Form: f, AllocForm: af}
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
	for _, g := range gs {
		d.Groups = append(d.Groups, groupRow{Group: g, Label: groupName(p, g)})
	}
	a, ok, err := h.d.Meetings.Allocation(ctx, c.ID)
	if err != nil {
		return err
	}
	if ok {
		d.Allocated, d.Method = true, methodLabel(p, a.Method)
	}
	for _, m := range meeting.Modes {
		d.Modes = append(d.Modes, option{Value: string(m), Label: modeLabel(p, m), Checked: f.Get("mode") == string(m)})
	}
	h.rd.Page(w, r, code, "meetings_manage", &kit.Page{Title: p.T("Organise the meetings of %s", c.Title), Data: d, Errors: append(f.Errs, af.Errs...), Breadcrumbs: meetingCrumbs(p, c)})
	return nil
}

// addSession: POST /cycles/{id}/meetings/sessions, organisers.
func (h *Handler) addSession(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	s := meeting.Session{CycleID: c.ID, Title: r.PostFormValue("title"), Mode: meeting.Mode(r.PostFormValue("mode")),
		Place: r.PostFormValue("place"), Webcast: r.PostFormValue("webcast"), Agenda: r.PostFormValue("agenda")}
	day, clock := strings.TrimSpace(r.PostFormValue("date")), strings.TrimSpace(r.PostFormValue("time"))
	if t, perr := time.Parse("2006-01-02 15:04", day+" "+clock); perr == nil {
		s.Starts = t
	}
	if s.Starts.IsZero() && (day != "" || clock != "") {
		err = apperr.Field("date", "Enter the date as 2027-05-14 and the time as 10:00")
	} else {
		_, err = h.d.Meetings.SaveSession(r.Context(), kit.User(r), s)
		if apperr.Is(err, apperr.Invalid) && s.Starts.IsZero() {
			err = apperr.Field("date", "Enter the date as 2027-05-14 and the time as 10:00")
		}
	}
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings/manage"), kit.Printer(r).T("The session is added."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, f, &kit.Form{})
}

// allocate: POST /cycles/{id}/meetings/allocate, organisers.
func (h *Handler) allocate(w http.ResponseWriter, r *http.Request) error {
	c, err := h.cycle(r)
	if err != nil {
		return err
	}
	num := func(k string) int {
		n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(k)))
		return n
	}
	set := meeting.Settings{PerTheme: num("per_theme"), Min: num("min"), Max: num("max"), Slack: num("slack")}
	a, err := h.d.Meetings.Allocate(r.Context(), kit.User(r), c.ID, set)
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/meetings"), methodLabel(kit.Printer(r), a.Method))
	}
	if apperr.Is(err, apperr.Unavailable) || apperr.Is(err, apperr.Conflict) {
		err = apperr.Field("per_theme", "%s", kit.Printer(r).Err(err))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, nil)
	if !ok {
		return err
	}
	return h.showManage(w, r, http.StatusUnprocessableEntity, &kit.Form{}, f)
}

// seat: POST /cycles/{id}/groups/{group}/seat, organisers. "who" is
// "facilitator:<user>" or "board:<user>"; remove=1 takes the seat away.
func (h *Handler) seat(w http.ResponseWriter, r *http.Request) error {
	c, g, err := h.group(r)
	if err != nil {
		return err
	}
	seat, uid, _ := strings.Cut(r.PostFormValue("who"), ":")
	id, err := kit.ParseID(uid)
	if err != nil {
		return apperr.Field("who", "Choose someone")
	}
	if err := h.d.Meetings.Seat(r.Context(), kit.User(r), g.ID, id, meeting.Seat(seat), r.PostFormValue("remove") == "1"); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/groups/"+strconv.FormatInt(g.ID, 10)), kit.Printer(r).T("Saved."))
}

// saveNote: POST /cycles/{id}/groups/{group}/notes, signed in (the
// group's facilitators and organisers).
func (h *Handler) saveNote(w http.ResponseWriter, r *http.Request) error {
	c, g, err := h.group(r)
	if err != nil {
		return err
	}
	sid, err := kit.ParseID(r.PostFormValue("session"))
	if err != nil {
		return err
	}
	err = h.d.Meetings.SaveNote(r.Context(), kit.User(r), g.ID, sid, r.PostFormValue("text"))
	if err == nil {
		return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/groups/"+strconv.FormatInt(g.ID, 10)), kit.Printer(r).T("The notes are saved. They are published only when you press Publish."))
	}
	f, ok := kit.FormFromError(r, r.PostForm, err, map[string]string{"text": "text-" + strconv.FormatInt(sid, 10)})
	if !ok {
		return err
	}
	return h.showGroup(w, r, http.StatusUnprocessableEntity, f)
}

// publish: POST /cycles/{id}/groups/{group}/publish, signed in (the
// group's facilitators and organisers).
func (h *Handler) publish(w http.ResponseWriter, r *http.Request) error {
	c, g, err := h.group(r)
	if err != nil {
		return err
	}
	sid, err := kit.ParseID(r.PostFormValue("session"))
	if err != nil {
		return err
	}
	if err := h.d.Meetings.PublishNote(r.Context(), kit.User(r), g.ID, sid); err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, kit.RoundPath(c.ID, "/groups/"+strconv.FormatInt(g.ID, 10)), kit.Printer(r).T("The notes are published."))
}
