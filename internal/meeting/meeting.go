package meeting

import (
	"context"
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
)

// Mode is how a session is held.
type Mode string

// The ways a session is held.
const (
	InPerson Mode = "in_person"
	Online   Mode = "online"
	Hybrid   Mode = "hybrid"
)

// Modes lists every Mode in the order forms show them.
var Modes = []Mode{InPerson, Online, Hybrid}

// Attendance is how a member says they will attend a session.
type Attendance string

// The ways of attending.
const (
	AttendInPerson Attendance = "in_person"
	AttendOnline   Attendance = "online"
	NotAttending   Attendance = "not_attending"
)

// Attendances lists every Attendance in form order.
var Attendances = []Attendance{AttendInPerson, AttendOnline, NotAttending}

// Session is one meeting of the assembly.
type Session struct {
	ID      int64
	CycleID int64
	Title   string
	Mode    Mode
	Starts  time.Time
	Place   string // address; "" for online
	Webcast string // https link; "" when none
	Agenda  string
	Created time.Time
}

// Registration is a member's answer for one session. Access is sealed at
// rest and read only by organisers.
type Registration struct {
	SessionID  int64
	UserID     int64
	Name       string // display name (read only)
	Attendance Attendance
	Access     string
	CheckedIn  time.Time // zero until checked in
	Updated    time.Time
}

// Expense is a member's claim for a session. What is sealed at rest.
type Expense struct {
	ID        int64
	SessionID int64
	UserID    int64
	Name      string // display name (read only)
	Pence     int64
	What      string
	Paid      time.Time // zero until paid
	Created   time.Time
}

// Group is a discussion group on one theme of the agenda.
type Group struct {
	ID         int64
	CycleID    int64
	ThemeID    int64
	ThemeTitle string
	Number     int    // 1.. within its theme
	Name       string // "<theme> — group <n>"
	Size       int    // members allocated (read only)
}

// GroupName is the English name of a group; pages compose it through the
// catalogue.
func GroupName(theme string, n int) string { return fmt.Sprintf("%s — group %d", theme, n) }

// Seat is someone's part in a group.
type Seat string

// The parts people take in a group.
const (
	SeatMember      Seat = "member"
	SeatFacilitator Seat = "facilitator"
	SeatBoard       Seat = "board"
)

// GroupPerson is someone sitting in a group.
type GroupPerson struct {
	GroupID int64
	UserID  int64
	Seat    Seat
	Name    string
}

// Settings are the organisers' choices for the groups.
type Settings struct {
	PerTheme int // groups per theme
	Min, Max int // group size range
	Slack    int // allowed stray beyond ⌊share⌋/⌈share⌉
}

// Allocation is the record of how members were allocated to groups.
type Allocation struct {
	CycleID   int64
	Settings  Settings
	Method    string // MethodOptimal | MethodBest | MethodGreedy
	Objective float64
	Summary   Summary
	Created   time.Time
}

// Summary is what is published of an allocation: no names.
type Summary struct {
	Members int
	// Choice[r] is how many got the theme they ranked r+1 (0: 1st); the
	// last entry counts those placed on a theme they did not rank.
	Choice []int
	Groups []GroupMix
}

// GroupMix is one group's size and its demographic mix.
type GroupMix struct {
	Index int // position in the round's groups (by theme order, number)
	Size  int
	Mix   []MixCount
}

// MixCount is how many of a group's members have a value of a category.
type MixCount struct {
	Category, Value string
	Count           int
}

// Note is the key points of one group at one session, written by its
// facilitator (or an organiser) and published after the session.
type Note struct {
	GroupID   int64
	SessionID int64
	Text      string
	Author    int64
	Updated   time.Time
	Published time.Time // zero while a draft
}

// Store is persistent storage for meetings. Every method that changes
// state records its audit.Event in the same transaction. Errors are
// *apperr.Error: NotFound when a row asked for does not exist.
type Store interface {
	// SaveSession inserts s (ID 0) or updates it, returning its id.
	SaveSession(ctx context.Context, s Session, ev audit.Event) (int64, error)
	MeetingSession(ctx context.Context, id int64) (Session, error)
	// MeetingSessions returns a round's sessions by start time.
	MeetingSessions(ctx context.Context, cycleID int64) ([]Session, error)

	// RegisterForSession stores r (replacing an earlier answer), Access sealed.
	RegisterForSession(ctx context.Context, r Registration, ev audit.Event) error
	// SessionRegistrations returns a session's registrations by name, opened.
	SessionRegistrations(ctx context.Context, sessionID int64) ([]Registration, error)
	// CheckIn marks userID present at the session (NotFound if not registered).
	CheckIn(ctx context.Context, sessionID, userID int64, at time.Time, ev audit.Event) error

	// AddExpense stores e (What sealed) and returns its id.
	AddExpense(ctx context.Context, e Expense, ev audit.Event) (int64, error)
	// Expenses returns a session's claims oldest first, opened; userID 0
	// for everyone's.
	Expenses(ctx context.Context, sessionID, userID int64) ([]Expense, error)
	// PayExpense marks a claim paid (Conflict if it already is).
	PayExpense(ctx context.Context, sessionID, expenseID int64, at time.Time, ev audit.Event) error

	// SaveRanking stores a member's ranking of themes (ids, most wanted first).
	SaveRanking(ctx context.Context, cycleID, userID int64, themes []int64, ev audit.Event) error
	// Rankings returns the round's rankings by user id.
	Rankings(ctx context.Context, cycleID int64) (map[int64][]int64, error)

	// SaveAllocation replaces the round's groups and their members with
	// groups (in order) and members (user id → index in groups); Conflict
	// if any group already has a note.
	SaveAllocation(ctx context.Context, a Allocation, groups []Group, members map[int64]int, ev audit.Event) error
	// Allocation returns the round's allocation record, NotFound if none.
	Allocation(ctx context.Context, cycleID int64) (Allocation, error)
	// MeetingGroups returns the round's groups by theme order then number, with Size.
	MeetingGroups(ctx context.Context, cycleID int64) ([]Group, error)
	MeetingGroup(ctx context.Context, groupID int64) (Group, error)
	// GroupPeople returns who sits in a group (seat "" for all), by seat then name.
	GroupPeople(ctx context.Context, groupID int64, seat Seat) ([]GroupPerson, error)
	// SeatPerson adds or (remove) takes away userID's seat in a group.
	SeatPerson(ctx context.Context, groupID, userID int64, seat Seat, remove bool, ev audit.Event) error
	// MemberGroup returns the group userID is a member of in the round.
	MemberGroup(ctx context.Context, cycleID, userID int64) (Group, bool, error)

	// SaveNote stores a note (a published note stays published).
	SaveNote(ctx context.Context, n Note, ev audit.Event) error
	// PublishNote publishes a group's note for a session.
	PublishNote(ctx context.Context, groupID, sessionID int64, at time.Time, ev audit.Event) error
	// Notes returns a group's notes by session; published only when
	// publishedOnly.
	Notes(ctx context.Context, groupID int64, publishedOnly bool) ([]Note, error)
}
