package meeting

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Audit actions.
//
//	meeting.session   object cycle:N, details session
//	meeting.register  object cycle:N, details session, attendance (never the access needs)
//	meeting.checkin   object cycle:N, details session, user
//	meeting.expense   object cycle:N, details session, expense, pence
//	meeting.paid      object cycle:N, details session, expense
//	meeting.rank      object cycle:N (the actor ranked the themes)
//	meeting.allocate  object cycle:N, details method, groups, members
//	meeting.seat      object cycle:N, details group, user, seat, removed
//	meeting.note      object cycle:N, details group, session
//	meeting.publish   object cycle:N, details group, session
const (
	ActionSession  = "meeting.session"
	ActionRegister = "meeting.register"
	ActionCheckIn  = "meeting.checkin"
	ActionExpense  = "meeting.expense"
	ActionPaid     = "meeting.paid"
	ActionRank     = "meeting.rank"
	ActionAllocate = "meeting.allocate"
	ActionSeat     = "meeting.seat"
	ActionNote     = "meeting.note"
	ActionPublish  = "meeting.publish"
)

// Limits on what people type.
const (
	MaxTitle  = 200
	MaxText   = 10000
	MaxAccess = 2000
	MaxPence  = 100000_00
)

// Rounds reads rounds (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
}

// Agendas reads a round's published agenda (*jury.Service).
type Agendas interface {
	Agenda(ctx context.Context, cycleID int64) (jury.Agenda, error)
}

// Assembly says who takes part in a round's assembly (*assembly.Service).
type Assembly interface {
	RolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error)
	People(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error)
}

// Profiles gives the demographic answers (category → value) of the
// round's members asked for, by user id, in one read; a member whose
// answers are unknown is left out.
type Profiles interface {
	Profiles(ctx context.Context, cycleID int64, userIDs []int64) (map[int64]map[string]string, error)
}

// Service holds the rules of meetings.
type Service struct {
	store    Store
	rounds   Rounds
	agendas  Agendas
	asm      Assembly
	profiles Profiles
	now      func() time.Time
}

// NewService returns a Service; profiles may be nil (no mix balancing),
// now nil for time.Now.
func NewService(s Store, rounds Rounds, agendas Agendas, asm Assembly, profiles Profiles, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, rounds: rounds, agendas: agendas, asm: asm, profiles: profiles, now: now}
}

func (s *Service) at() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor people.User, action string, cycleID int64, details map[string]string) audit.Event {
	return audit.Event{Time: s.at(), Actor: people.ActorOf(actor), Action: action, Object: audit.ObjectRef("cycle", cycleID), Details: details}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// gate checks the round exists and its phase allows meetings' changes.
func (s *Service) gate(ctx context.Context, cycleID int64) error {
	c, err := s.rounds.Cycle(ctx, cycleID)
	if err != nil {
		return err
	}
	return cycle.Check(c, cycle.Meet)
}

// organiser checks the actor organises and the phase allows changes.
func (s *Service) organiser(ctx context.Context, actor people.User, cycleID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	return s.gate(ctx, cycleID)
}

// IsMember reports whether userID is a member of the round's assembly.
func (s *Service) IsMember(ctx context.Context, cycleID, userID int64) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	rs, err := s.asm.RolesOf(ctx, cycleID, userID)
	return slices.Contains(rs, assembly.Member), err
}

func (s *Service) member(ctx context.Context, actor people.User, cycleID int64) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	ok, err := s.IsMember(ctx, cycleID, actor.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "Only members of the assembly can do this.")
	}
	return s.gate(ctx, cycleID)
}

func checkText(field, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return apperr.Field(field, "Enter this")
	}
	if utf8.RuneCountInString(v) > max {
		return apperr.Field(field, "Enter at most %d characters", max)
	}
	return nil
}

// SaveSession creates (ID 0) or changes a session. Organisers, cycle.Meet.
func (s *Service) SaveSession(ctx context.Context, actor people.User, in Session) (int64, error) {
	if err := s.organiser(ctx, actor, in.CycleID); err != nil {
		return 0, err
	}
	in.Title, in.Place, in.Webcast, in.Agenda = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place), strings.TrimSpace(in.Webcast), strings.TrimSpace(in.Agenda)
	if err := checkText("title", in.Title, MaxTitle, true); err != nil {
		return 0, err
	}
	if !slices.Contains(Modes, in.Mode) {
		return 0, apperr.Field("mode", "Choose how the session is held")
	}
	if in.Starts.IsZero() {
		return 0, apperr.Field("starts", "Enter the date and time the session starts")
	}
	if in.Mode != Online {
		if err := checkText("place", in.Place, MaxTitle, true); err != nil {
			return 0, err
		}
	}
	if in.Webcast != "" {
		u, err := url.Parse(in.Webcast)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return 0, apperr.Field("webcast", "Enter a webcast link starting https://")
		}
	} else if in.Mode != InPerson {
		return 0, apperr.Field("webcast", "Enter the link people join the session by")
	}
	if err := checkText("agenda", in.Agenda, MaxText, false); err != nil {
		return 0, err
	}
	if in.ID != 0 {
		old, err := s.store.MeetingSession(ctx, in.ID)
		if err != nil {
			return 0, err
		}
		if old.CycleID != in.CycleID {
			return 0, apperr.New(apperr.NotFound, "There is no such session.")
		}
		in.Created = old.Created
	} else {
		in.Created = s.at()
	}
	in.Starts = in.Starts.UTC().Truncate(time.Minute)
	return s.store.SaveSession(ctx, in, s.event(actor, ActionSession, in.CycleID, map[string]string{"session": itoa(in.ID)}))
}

// Sessions returns a round's sessions (public).
func (s *Service) Sessions(ctx context.Context, cycleID int64) ([]Session, error) {
	if _, err := s.rounds.Cycle(ctx, cycleID); err != nil {
		return nil, err
	}
	return s.store.MeetingSessions(ctx, cycleID)
}

// Session returns one session of the round (public).
func (s *Service) Session(ctx context.Context, cycleID, sessionID int64) (Session, error) {
	se, err := s.store.MeetingSession(ctx, sessionID)
	if err == nil && se.CycleID != cycleID {
		err = apperr.New(apperr.NotFound, "There is no such session.")
	}
	return se, err
}

// Register records how the actor (a member) will attend a session and
// their access needs. Members, cycle.Meet.
func (s *Service) Register(ctx context.Context, actor people.User, cycleID, sessionID int64, a Attendance, access string) error {
	if err := s.member(ctx, actor, cycleID); err != nil {
		return err
	}
	se, err := s.Session(ctx, cycleID, sessionID)
	if err != nil {
		return err
	}
	if !slices.Contains(Attendances, a) {
		return apperr.Field("attendance", "Choose whether you will attend")
	}
	if a == AttendInPerson && se.Mode == Online || a == AttendOnline && se.Mode == InPerson {
		return apperr.Field("attendance", "This session cannot be attended that way")
	}
	access = strings.TrimSpace(access)
	if err := checkText("access", access, MaxAccess, false); err != nil {
		return err
	}
	return s.store.RegisterForSession(ctx, Registration{SessionID: sessionID, UserID: actor.ID, Attendance: a, Access: access, Updated: s.at()},
		s.event(actor, ActionRegister, cycleID, map[string]string{"session": itoa(sessionID), "attendance": string(a)}))
}

// MyRegistration returns the actor's registration for a session.
func (s *Service) MyRegistration(ctx context.Context, actor people.User, sessionID int64) (Registration, bool, error) {
	if !actor.SignedIn() {
		return Registration{}, false, nil
	}
	rs, err := s.store.SessionRegistrations(ctx, sessionID)
	if err != nil {
		return Registration{}, false, err
	}
	for _, r := range rs {
		if r.UserID == actor.ID {
			return r, true, nil
		}
	}
	return Registration{}, false, nil
}

// Registrations returns a session's registrations with access needs.
// Organisers only.
func (s *Service) Registrations(ctx context.Context, actor people.User, cycleID, sessionID int64) ([]Registration, error) {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return nil, err
	}
	if _, err := s.Session(ctx, cycleID, sessionID); err != nil {
		return nil, err
	}
	return s.store.SessionRegistrations(ctx, sessionID)
}

// CheckIn marks a registered member present. Organisers, cycle.Meet.
func (s *Service) CheckIn(ctx context.Context, actor people.User, cycleID, sessionID, userID int64) error {
	if err := s.organiser(ctx, actor, cycleID); err != nil {
		return err
	}
	if _, err := s.Session(ctx, cycleID, sessionID); err != nil {
		return err
	}
	return s.store.CheckIn(ctx, sessionID, userID, s.at(), s.event(actor, ActionCheckIn, cycleID, map[string]string{"session": itoa(sessionID), "user": itoa(userID)}))
}

// ClaimExpense records the actor's claim for a session. Members, cycle.Meet.
func (s *Service) ClaimExpense(ctx context.Context, actor people.User, cycleID, sessionID, pence int64, what string) (int64, error) {
	if err := s.member(ctx, actor, cycleID); err != nil {
		return 0, err
	}
	if _, err := s.Session(ctx, cycleID, sessionID); err != nil {
		return 0, err
	}
	if pence <= 0 || pence > MaxPence {
		return 0, apperr.Field("amount", "Enter an amount between £0.01 and £%d", MaxPence/100)
	}
	what = strings.TrimSpace(what)
	if err := checkText("what", what, MaxAccess, true); err != nil {
		return 0, err
	}
	ev := s.event(actor, ActionExpense, cycleID, map[string]string{"session": itoa(sessionID), "pence": itoa(pence)})
	return s.store.AddExpense(ctx, Expense{SessionID: sessionID, UserID: actor.ID, Pence: pence, What: what, Created: s.at()}, ev)
}

// Expenses returns a session's claims: every claim for an organiser, the
// actor's own otherwise.
func (s *Service) Expenses(ctx context.Context, actor people.User, cycleID, sessionID int64) ([]Expense, error) {
	if !actor.SignedIn() {
		return nil, nil
	}
	if _, err := s.Session(ctx, cycleID, sessionID); err != nil {
		return nil, err
	}
	if actor.Has(people.RoleOrganiser) {
		return s.store.Expenses(ctx, sessionID, 0)
	}
	return s.store.Expenses(ctx, sessionID, actor.ID)
}

// PayExpense marks a claim paid. Organisers (any phase: claims are paid
// after the meetings end).
func (s *Service) PayExpense(ctx context.Context, actor people.User, cycleID, sessionID, expenseID int64) error {
	if err := people.MustRole(actor, people.RoleOrganiser); err != nil {
		return err
	}
	if _, err := s.Session(ctx, cycleID, sessionID); err != nil {
		return err
	}
	return s.store.PayExpense(ctx, sessionID, expenseID, s.at(), s.event(actor, ActionPaid, cycleID, map[string]string{"session": itoa(sessionID), "expense": itoa(expenseID)}))
}

// Themes returns the agenda's chosen themes, in order of election.
func (s *Service) Themes(ctx context.Context, cycleID int64) ([]jury.Theme, error) {
	a, err := s.agendas.Agenda(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	out := make([]jury.Theme, len(a.Chosen))
	for i, it := range a.Chosen {
		out[i] = it.Theme
	}
	return out, nil
}

// Rank records the actor's ranking of the agenda's themes (ids, most
// wanted first; at least one). Members, cycle.Meet.
func (s *Service) Rank(ctx context.Context, actor people.User, cycleID int64, ranking []int64) error {
	if err := s.member(ctx, actor, cycleID); err != nil {
		return err
	}
	themes, err := s.Themes(ctx, cycleID)
	if err != nil {
		return err
	}
	if len(ranking) == 0 {
		return apperr.Field("ranking", "Rank at least one theme")
	}
	seen := map[int64]bool{}
	for _, id := range ranking {
		if seen[id] || !slices.ContainsFunc(themes, func(t jury.Theme) bool { return t.ThemeID == id }) {
			return apperr.Field("ranking", "Give each theme a different place")
		}
		seen[id] = true
	}
	return s.store.SaveRanking(ctx, cycleID, actor.ID, ranking, s.event(actor, ActionRank, cycleID, nil))
}

// MyRanking returns the actor's ranking (nil when none).
func (s *Service) MyRanking(ctx context.Context, actor people.User, cycleID int64) ([]int64, error) {
	if !actor.SignedIn() {
		return nil, nil
	}
	all, err := s.store.Rankings(ctx, cycleID)
	return all[actor.ID], err
}

// Problem builds the allocation problem from the round's members, their
// rankings and profiles, and the settings; groups lists the groups to
// make (without ids).
func (s *Service) Problem(ctx context.Context, cycleID int64, set Settings) (*Problem, []Group, error) {
	if set.PerTheme < 1 || set.PerTheme > 20 {
		return nil, nil, apperr.Field("per_theme", "Enter between 1 and 20 groups per theme")
	}
	if set.Slack < 0 || set.Slack > 10 {
		return nil, nil, apperr.Field("slack", "Enter a slack between 0 and 10")
	}
	themes, err := s.Themes(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	if len(themes) == 0 {
		return nil, nil, apperr.New(apperr.Conflict, "The round has no agenda to make groups from.")
	}
	members, err := s.asm.People(ctx, cycleID, assembly.Member)
	if err != nil {
		return nil, nil, err
	}
	rankings, err := s.store.Rankings(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	p := &Problem{Min: set.Min, Max: set.Max, Slack: set.Slack}
	var groups []Group
	for _, t := range themes {
		for n := 1; n <= set.PerTheme; n++ {
			p.Groups = append(p.Groups, t.ThemeID)
			groups = append(groups, Group{CycleID: cycleID, ThemeID: t.ThemeID, ThemeTitle: t.Title, Number: n, Name: GroupName(t.Title, n)})
		}
	}
	ids := make([]int64, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var profiles map[int64]map[string]string
	if s.profiles != nil {
		if profiles, err = s.profiles.Profiles(ctx, cycleID, ids); err != nil {
			return nil, nil, err
		}
	}
	for _, id := range ids {
		p.Candidates = append(p.Candidates, Candidate{UserID: id, Ranking: rankings[id], Profile: profiles[id]})
	}
	return p, groups, p.Feasible()
}

// Allocate allocates the round's members to groups and stores the
// result, replacing an earlier allocation while no group has notes.
// Organisers, cycle.Meet.
func (s *Service) Allocate(ctx context.Context, actor people.User, cycleID int64, set Settings) (Allocation, error) {
	if err := s.organiser(ctx, actor, cycleID); err != nil {
		return Allocation{}, err
	}
	p, groups, err := s.Problem(ctx, cycleID, set)
	if err != nil {
		return Allocation{}, err
	}
	res, err := Allocate(ctx, p)
	if err != nil {
		return Allocation{}, err
	}
	a := Allocation{CycleID: cycleID, Settings: set, Method: res.Method, Objective: res.Objective, Summary: Summarise(p, res.Group), Created: s.at()}
	members := map[int64]int{}
	for i, c := range p.Candidates {
		members[c.UserID] = res.Group[i]
	}
	ev := s.event(actor, ActionAllocate, cycleID, map[string]string{"method": res.Method, "groups": strconv.Itoa(len(groups)), "members": strconv.Itoa(len(members))})
	return a, s.store.SaveAllocation(ctx, a, groups, members, ev)
}

// Summarise counts how many got each choice and each group's mix.
func Summarise(p *Problem, group []int) Summary {
	sum := Summary{Members: len(p.Candidates), Choice: make([]int, 4)}
	for i, c := range p.Candidates {
		r := slices.Index(c.Ranking, p.Groups[group[i]])
		if r < 0 || r > 2 {
			r = 3
		}
		sum.Choice[r]++
	}
	for g := range p.Groups {
		gm := GroupMix{Index: g}
		count := map[[2]string]int{}
		for i, c := range p.Candidates {
			if group[i] != g {
				continue
			}
			gm.Size++
			for k, v := range c.Profile {
				if v != "" {
					count[[2]string{k, v}]++
				}
			}
		}
		for k, n := range count {
			gm.Mix = append(gm.Mix, MixCount{Category: k[0], Value: k[1], Count: n})
		}
		sort.Slice(gm.Mix, func(a, b int) bool {
			if gm.Mix[a].Category != gm.Mix[b].Category {
				return gm.Mix[a].Category < gm.Mix[b].Category
			}
			return gm.Mix[a].Value < gm.Mix[b].Value
		})
		sum.Groups = append(sum.Groups, gm)
	}
	return sum
}

// Allocation returns the round's allocation record (public: no names).
func (s *Service) Allocation(ctx context.Context, cycleID int64) (Allocation, bool, error) {
	a, err := s.store.Allocation(ctx, cycleID)
	if apperr.Is(err, apperr.NotFound) {
		return a, false, nil
	}
	return a, err == nil, err
}

// GroupsOf returns the round's groups.
func (s *Service) GroupsOf(ctx context.Context, cycleID int64) ([]Group, error) {
	return s.store.MeetingGroups(ctx, cycleID)
}

// Group returns one group.
func (s *Service) Group(ctx context.Context, groupID int64) (Group, error) {
	return s.store.MeetingGroup(ctx, groupID)
}

// FacilitatorsOf returns the user ids of a group's facilitators.
func (s *Service) FacilitatorsOf(ctx context.Context, groupID int64) ([]int64, error) {
	ps, err := s.store.GroupPeople(ctx, groupID, SeatFacilitator)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.UserID
	}
	return out, nil
}

// MemberGroup returns the group userID is a member of in the round.
func (s *Service) MemberGroup(ctx context.Context, cycleID, userID int64) (Group, bool, error) {
	if userID == 0 {
		return Group{}, false, nil
	}
	return s.store.MemberGroup(ctx, cycleID, userID)
}

// Staff returns a group's facilitators and Board members (public: their
// names are published); members are never listed.
func (s *Service) Staff(ctx context.Context, groupID int64) (facilitators, board []GroupPerson, err error) {
	if facilitators, err = s.store.GroupPeople(ctx, groupID, SeatFacilitator); err != nil {
		return nil, nil, err
	}
	board, err = s.store.GroupPeople(ctx, groupID, SeatBoard)
	return facilitators, board, err
}

// Seat gives (or with remove takes away) a facilitator's or Board
// member's seat in a group; the person must hold that part in the
// round's assembly. Organisers, cycle.Meet.
func (s *Service) Seat(ctx context.Context, actor people.User, groupID, userID int64, seat Seat, remove bool) error {
	g, err := s.store.MeetingGroup(ctx, groupID)
	if err != nil {
		return err
	}
	if err := s.organiser(ctx, actor, g.CycleID); err != nil {
		return err
	}
	role := assembly.Facilitator
	switch seat {
	case SeatFacilitator:
	case SeatBoard:
		role = assembly.Board
	default:
		return apperr.Field("seat", "Choose facilitator or Board member")
	}
	if !remove {
		rs, err := s.asm.RolesOf(ctx, g.CycleID, userID)
		if err != nil {
			return err
		}
		if !slices.Contains(rs, role) && role == assembly.Board {
			return apperr.Field("user", "That person is not a Board member of this round's assembly")
		}
		if !slices.Contains(rs, role) {
			return apperr.Field("user", "That person is not a facilitator of this round's assembly")
		}
	}
	details := map[string]string{"group": itoa(groupID), "user": itoa(userID), "seat": string(seat)}
	if remove {
		details["removed"] = "true"
	}
	return s.store.SeatPerson(ctx, groupID, userID, seat, remove, s.event(actor, ActionSeat, g.CycleID, details))
}

// mayWriteNotes checks the actor is an organiser or a facilitator of the
// group, and the phase allows it.
func (s *Service) mayWriteNotes(ctx context.Context, actor people.User, g Group) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	if !actor.Has(people.RoleOrganiser) {
		fs, err := s.FacilitatorsOf(ctx, g.ID)
		if err != nil {
			return err
		}
		if !slices.Contains(fs, actor.ID) {
			return apperr.New(apperr.Forbidden, "Only the group's facilitators and organisers can write its notes.")
		}
	}
	return s.gate(ctx, g.CycleID)
}

// CanWriteNotes reports whether the actor may write the group's notes.
func (s *Service) CanWriteNotes(ctx context.Context, actor people.User, g Group) bool {
	return s.mayWriteNotes(ctx, actor, g) == nil
}

// SaveNote writes the key points of a group at a session. The group's
// facilitators or organisers, cycle.Meet.
func (s *Service) SaveNote(ctx context.Context, actor people.User, groupID, sessionID int64, text string) error {
	g, err := s.store.MeetingGroup(ctx, groupID)
	if err != nil {
		return err
	}
	if err := s.mayWriteNotes(ctx, actor, g); err != nil {
		return err
	}
	if _, err := s.Session(ctx, g.CycleID, sessionID); err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if err := checkText("text", text, MaxText, true); err != nil {
		return err
	}
	return s.store.SaveNote(ctx, Note{GroupID: groupID, SessionID: sessionID, Text: text, Author: actor.ID, Updated: s.at()},
		s.event(actor, ActionNote, g.CycleID, map[string]string{"group": itoa(groupID), "session": itoa(sessionID)}))
}

// PublishNote publishes a group's note for a session, once the session
// has started. The group's facilitators or organisers, cycle.Meet.
func (s *Service) PublishNote(ctx context.Context, actor people.User, groupID, sessionID int64) error {
	g, err := s.store.MeetingGroup(ctx, groupID)
	if err != nil {
		return err
	}
	if err := s.mayWriteNotes(ctx, actor, g); err != nil {
		return err
	}
	se, err := s.Session(ctx, g.CycleID, sessionID)
	if err != nil {
		return err
	}
	if s.at().Before(se.Starts) {
		return apperr.New(apperr.Conflict, "Notes are published after the session.")
	}
	return s.store.PublishNote(ctx, groupID, sessionID, s.at(), s.event(actor, ActionPublish, g.CycleID, map[string]string{"group": itoa(groupID), "session": itoa(sessionID)}))
}

// Notes returns a group's notes: drafts too for those who may write them.
func (s *Service) Notes(ctx context.Context, actor people.User, groupID int64) ([]Note, error) {
	g, err := s.store.MeetingGroup(ctx, groupID)
	if err != nil {
		return nil, err
	}
	all := actor.SignedIn() && (actor.Has(people.RoleOrganiser) || s.mayWriteNotes(ctx, actor, g) == nil)
	return s.store.Notes(ctx, groupID, !all)
}
