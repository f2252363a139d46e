package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/meeting"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// The assembly's meetings (schema version 17). Access needs and what an
// expense was for are sealed for their place (sealed.Place):
// meeting_registrations.access_sealed, row "<session>:<user>", and
// meeting_expenses.what_sealed, row "<session>:<user>:<created µs>".

func accessPlace(sessionID, userID int64) sealed.Place {
	return sealed.Place{Table: "meeting_registrations", Column: "access_sealed", Row: strconv.FormatInt(sessionID, 10) + ":" + strconv.FormatInt(userID, 10)}
}

func expensePlace(sessionID, userID, created int64) sealed.Place {
	return sealed.Place{Table: "meeting_expenses", Column: "what_sealed", Row: strconv.FormatInt(sessionID, 10) + ":" + strconv.FormatInt(userID, 10) + ":" + strconv.FormatInt(created, 10)}
}

func meetingCycle(ev audit.Event) int64 {
	id, _ := strconv.ParseInt(strings.TrimPrefix(ev.Object, "cycle:"), 10, 64)
	return id
}

// SaveSession implements meeting.Store.
func (db *DB) SaveSession(ctx context.Context, s meeting.Session, ev audit.Event) (int64, error) {
	id := s.ID
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if id == 0 {
			if err := db.get(ctx, tx, "", `INSERT INTO meeting_sessions(cycle_id, title, mode, starts_at, place, webcast, agenda, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				[]any{s.CycleID, s.Title, string(s.Mode), us(s.Starts), s.Place, s.Webcast, s.Agenda, us(s.Created)}, &id); err != nil {
				return err
			}
			ev.Details["session"] = strconv.FormatInt(id, 10)
		} else if err := db.mustAffect(ctx, tx, "There is no such session.", `UPDATE meeting_sessions SET title = ?, mode = ?, starts_at = ?, place = ?, webcast = ?, agenda = ? WHERE id = ? AND cycle_id = ?`,
			s.Title, string(s.Mode), us(s.Starts), s.Place, s.Webcast, s.Agenda, id, s.CycleID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", s.CycleID)
	})
	return id, err
}

const sessionCols = `id, cycle_id, title, mode, starts_at, place, webcast, agenda, created_at`

func scanSession(sc interface{ Scan(...any) error }) (meeting.Session, error) {
	var s meeting.Session
	var mode string
	var starts, created int64
	err := sc.Scan(&s.ID, &s.CycleID, &s.Title, &mode, &starts, &s.Place, &s.Webcast, &s.Agenda, &created)
	s.Mode, s.Starts, s.Created = meeting.Mode(mode), tm(starts), tm(created)
	return s, err
}

// MeetingSession implements meeting.Store.
func (db *DB) MeetingSession(ctx context.Context, id int64) (meeting.Session, error) {
	q := `SELECT ` + sessionCols + ` FROM meeting_sessions WHERE id = ?`
	s, err := scanSession(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return s, apperr.New(apperr.NotFound, "There is no such session.")
	}
	return s, db.translate(err, q)
}

// MeetingSessions implements meeting.Store.
func (db *DB) MeetingSessions(ctx context.Context, cycleID int64) ([]meeting.Session, error) {
	q := `SELECT ` + sessionCols + ` FROM meeting_sessions WHERE cycle_id = ? ORDER BY starts_at, id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, s)
	}
	return out, db.translate(rows.Err(), q)
}

// RegisterForSession implements meeting.Store.
func (db *DB) RegisterForSession(ctx context.Context, r meeting.Registration, ev audit.Event) error {
	if db.keys == nil {
		return errNoKeys
	}
	access, err := db.keys.SealIn(accessPlace(r.SessionID, r.UserID), r.Access)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "sealing access needs")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO meeting_registrations(session_id, user_id, attendance, access_sealed, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (session_id, user_id) DO UPDATE SET attendance = excluded.attendance, access_sealed = excluded.access_sealed, updated_at = excluded.updated_at`,
			r.SessionID, r.UserID, string(r.Attendance), access, us(r.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

// SessionRegistrations implements meeting.Store.
func (db *DB) SessionRegistrations(ctx context.Context, sessionID int64) ([]meeting.Registration, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	q := `SELECT r.user_id, u.display_name, r.attendance, r.access_sealed, r.checked_in_at, r.updated_at FROM meeting_registrations r JOIN users u ON u.id = r.user_id
		WHERE r.session_id = ? ORDER BY u.display_name, r.user_id`
	rows, err := db.query(ctx, db.R, q, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Registration
	for rows.Next() {
		r := meeting.Registration{SessionID: sessionID}
		var att, access string
		var in, upd int64
		if err := rows.Scan(&r.UserID, &r.Name, &att, &access, &in, &upd); err != nil {
			return nil, db.translate(err, q)
		}
		if r.Access, err = db.keys.OpenIn(accessPlace(sessionID, r.UserID), access); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "opening access needs")
		}
		r.Attendance, r.CheckedIn, r.Updated = meeting.Attendance(att), tm(in), tm(upd)
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}

// CheckIn implements meeting.Store.
func (db *DB) CheckIn(ctx context.Context, sessionID, userID int64, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "That person has not registered for the session.", `UPDATE meeting_registrations SET checked_in_at = ? WHERE session_id = ? AND user_id = ?`, us(at), sessionID, userID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

// AddExpense implements meeting.Store.
func (db *DB) AddExpense(ctx context.Context, e meeting.Expense, ev audit.Event) (int64, error) {
	if db.keys == nil {
		return 0, errNoKeys
	}
	what, err := db.keys.SealIn(expensePlace(e.SessionID, e.UserID, us(e.Created)), e.What)
	if err != nil {
		return 0, apperr.Wrap(apperr.Internal, err, "sealing an expense")
	}
	var id int64
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO meeting_expenses(session_id, user_id, pence, what_sealed, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{e.SessionID, e.UserID, e.Pence, what, us(e.Created)}, &id); err != nil {
			return err
		}
		ev.Details["expense"] = strconv.FormatInt(id, 10)
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
	return id, err
}

// Expenses implements meeting.Store.
func (db *DB) Expenses(ctx context.Context, sessionID, userID int64) ([]meeting.Expense, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	q := `SELECT e.id, e.user_id, u.display_name, e.pence, e.what_sealed, e.paid_at, e.created_at FROM meeting_expenses e JOIN users u ON u.id = e.user_id
		WHERE e.session_id = ? AND (? = 0 OR e.user_id = ?) ORDER BY e.created_at, e.id`
	rows, err := db.query(ctx, db.R, q, sessionID, userID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Expense
	for rows.Next() {
		e := meeting.Expense{SessionID: sessionID}
		var what string
		var paid, created int64
		if err := rows.Scan(&e.ID, &e.UserID, &e.Name, &e.Pence, &what, &paid, &created); err != nil {
			return nil, db.translate(err, q)
		}
		if e.What, err = db.keys.OpenIn(expensePlace(sessionID, e.UserID, created), what); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "opening an expense")
		}
		e.Paid, e.Created = tm(paid), tm(created)
		out = append(out, e)
	}
	return out, db.translate(rows.Err(), q)
}

// PayExpense implements meeting.Store.
func (db *DB) PayExpense(ctx context.Context, sessionID, expenseID int64, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "", `UPDATE meeting_expenses SET paid_at = ? WHERE id = ? AND session_id = ? AND paid_at = 0`, us(at), expenseID, sessionID); err != nil {
			return apperr.New(apperr.Conflict, "That claim does not exist or is already paid.")
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

func joinIDs64(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// SaveRanking implements meeting.Store.
func (db *DB) SaveRanking(ctx context.Context, cycleID, userID int64, themes []int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO meeting_rankings(cycle_id, user_id, themes) VALUES (?, ?, ?)
			ON CONFLICT (cycle_id, user_id) DO UPDATE SET themes = excluded.themes`, cycleID, userID, joinIDs64(themes)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// Rankings implements meeting.Store.
func (db *DB) Rankings(ctx context.Context, cycleID int64) (map[int64][]int64, error) {
	q := `SELECT user_id, themes FROM meeting_rankings WHERE cycle_id = ?`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var u int64
		var th string
		if err := rows.Scan(&u, &th); err != nil {
			return nil, db.translate(err, q)
		}
		for _, f := range strings.Split(th, ",") {
			if id, err := strconv.ParseInt(f, 10, 64); err == nil {
				out[u] = append(out[u], id)
			}
		}
	}
	return out, db.translate(rows.Err(), q)
}

// SaveAllocation implements meeting.Store.
func (db *DB) SaveAllocation(ctx context.Context, a meeting.Allocation, groups []meeting.Group, members map[int64]int, ev audit.Event) error {
	set, err := json.Marshal(a.Settings)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding the allocation")
	}
	sum, err := json.Marshal(a.Summary)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding the allocation")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var notes int
		if err := db.get(ctx, tx, "", `SELECT COUNT(*) FROM meeting_notes n JOIN meeting_groups g ON g.id = n.group_id WHERE g.cycle_id = ?`, []any{a.CycleID}, &notes); err != nil {
			return err
		}
		if notes > 0 {
			return apperr.New(apperr.Conflict, "The groups already have notes, so they cannot be allocated again.")
		}
		for _, q := range []string{
			`DELETE FROM meeting_group_people WHERE group_id IN (SELECT id FROM meeting_groups WHERE cycle_id = ?)`,
			`DELETE FROM meeting_groups WHERE cycle_id = ?`,
			`DELETE FROM meeting_allocations WHERE cycle_id = ?`,
		} {
			if _, err := db.exec(ctx, tx, q, a.CycleID); err != nil {
				return err
			}
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO meeting_allocations(cycle_id, settings, method, objective, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a.CycleID, string(set), a.Method, a.Objective, string(sum), us(a.Created)); err != nil {
			return err
		}
		ids := make([]int64, len(groups))
		for i, g := range groups {
			if err := db.get(ctx, tx, "", `INSERT INTO meeting_groups(cycle_id, position, theme_id, theme_title, number) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				[]any{a.CycleID, i, g.ThemeID, g.ThemeTitle, g.Number}, &ids[i]); err != nil {
				return err
			}
		}
		for u, g := range members {
			if g < 0 || g >= len(ids) {
				return apperr.New(apperr.Internal, "storage: a member placed in no group")
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO meeting_group_people(group_id, user_id, seat) VALUES (?, ?, ?)`, ids[g], u, string(meeting.SeatMember)); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "cycle", a.CycleID)
	})
}

// Allocation implements meeting.Store.
func (db *DB) Allocation(ctx context.Context, cycleID int64) (meeting.Allocation, error) {
	a := meeting.Allocation{CycleID: cycleID}
	var set, sum string
	var created int64
	if err := db.get(ctx, db.R, "The members have not been allocated to groups yet.", `SELECT settings, method, objective, summary, created_at FROM meeting_allocations WHERE cycle_id = ?`,
		[]any{cycleID}, &set, &a.Method, &a.Objective, &sum, &created); err != nil {
		return a, err
	}
	a.Created = tm(created)
	if err := json.Unmarshal([]byte(set), &a.Settings); err != nil {
		return a, apperr.Wrap(apperr.Internal, err, "reading the allocation")
	}
	if err := json.Unmarshal([]byte(sum), &a.Summary); err != nil {
		return a, apperr.Wrap(apperr.Internal, err, "reading the allocation")
	}
	return a, nil
}

const groupSelect = `SELECT g.id, g.cycle_id, g.theme_id, g.theme_title, g.number,
	(SELECT COUNT(*) FROM meeting_group_people p WHERE p.group_id = g.id AND p.seat = 'member') FROM meeting_groups g `

func (db *DB) groups(ctx context.Context, where string, args ...any) ([]meeting.Group, error) {
	q := groupSelect + where + ` ORDER BY g.position`
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Group
	for rows.Next() {
		var g meeting.Group
		if err := rows.Scan(&g.ID, &g.CycleID, &g.ThemeID, &g.ThemeTitle, &g.Number, &g.Size); err != nil {
			return nil, db.translate(err, q)
		}
		g.Name = meeting.GroupName(g.ThemeTitle, g.Number)
		out = append(out, g)
	}
	return out, db.translate(rows.Err(), q)
}

// MeetingGroups implements meeting.Store.
func (db *DB) MeetingGroups(ctx context.Context, cycleID int64) ([]meeting.Group, error) {
	return db.groups(ctx, `WHERE g.cycle_id = ?`, cycleID)
}

// MeetingGroup implements meeting.Store.
func (db *DB) MeetingGroup(ctx context.Context, groupID int64) (meeting.Group, error) {
	gs, err := db.groups(ctx, `WHERE g.id = ?`, groupID)
	if err == nil && len(gs) == 0 {
		err = apperr.New(apperr.NotFound, "There is no such group.")
	}
	if err != nil {
		return meeting.Group{}, err
	}
	return gs[0], nil
}

// GroupPeople implements meeting.Store.
func (db *DB) GroupPeople(ctx context.Context, groupID int64, seat meeting.Seat) ([]meeting.GroupPerson, error) {
	q := `SELECT p.user_id, p.seat, u.display_name FROM meeting_group_people p JOIN users u ON u.id = p.user_id
		WHERE p.group_id = ? AND (? = '' OR p.seat = ?) ORDER BY p.seat, u.display_name, p.user_id`
	rows, err := db.query(ctx, db.R, q, groupID, string(seat), string(seat))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.GroupPerson
	for rows.Next() {
		p := meeting.GroupPerson{GroupID: groupID}
		var s string
		if err := rows.Scan(&p.UserID, &s, &p.Name); err != nil {
			return nil, db.translate(err, q)
		}
		p.Seat = meeting.Seat(s)
		out = append(out, p)
	}
	return out, db.translate(rows.Err(), q)
}

// SeatPerson implements meeting.Store.
func (db *DB) SeatPerson(ctx context.Context, groupID, userID int64, seat meeting.Seat, remove bool, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if remove {
			if err := db.mustAffect(ctx, tx, "That person does not sit with the group.", `DELETE FROM meeting_group_people WHERE group_id = ? AND user_id = ? AND seat = ?`, groupID, userID, string(seat)); err != nil {
				return err
			}
		} else if _, err := db.exec(ctx, tx, `INSERT INTO meeting_group_people(group_id, user_id, seat) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, groupID, userID, string(seat)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

// MemberGroup implements meeting.Store.
func (db *DB) MemberGroup(ctx context.Context, cycleID, userID int64) (meeting.Group, bool, error) {
	gs, err := db.groups(ctx, `WHERE g.cycle_id = ? AND EXISTS (SELECT 1 FROM meeting_group_people p WHERE p.group_id = g.id AND p.user_id = ? AND p.seat = 'member')`, cycleID, userID)
	if err != nil || len(gs) == 0 {
		return meeting.Group{}, false, err
	}
	return gs[0], true, nil
}

// SaveNote implements meeting.Store.
func (db *DB) SaveNote(ctx context.Context, n meeting.Note, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO meeting_notes(group_id, session_id, body, author_id, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (group_id, session_id) DO UPDATE SET body = excluded.body, author_id = excluded.author_id, updated_at = excluded.updated_at`,
			n.GroupID, n.SessionID, n.Text, n.Author, us(n.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

// PublishNote implements meeting.Store.
func (db *DB) PublishNote(ctx context.Context, groupID, sessionID int64, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "Write the notes before publishing them.", `UPDATE meeting_notes SET published_at = ? WHERE group_id = ? AND session_id = ? AND published_at = 0`, us(at), groupID, sessionID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", meetingCycle(ev))
	})
}

// Notes implements meeting.Store.
func (db *DB) Notes(ctx context.Context, groupID int64, publishedOnly bool) ([]meeting.Note, error) {
	q := `SELECT n.session_id, n.body, n.author_id, n.updated_at, n.published_at FROM meeting_notes n JOIN meeting_sessions s ON s.id = n.session_id
		WHERE n.group_id = ? AND (? = 0 OR n.published_at > 0) ORDER BY s.starts_at, s.id`
	only := 0
	if publishedOnly {
		only = 1
	}
	rows, err := db.query(ctx, db.R, q, groupID, only)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Note
	for rows.Next() {
		n := meeting.Note{GroupID: groupID}
		var upd, pub int64
		if err := rows.Scan(&n.SessionID, &n.Text, &n.Author, &upd, &pub); err != nil {
			return nil, db.translate(err, q)
		}
		n.Updated, n.Published = tm(upd), tm(pub)
		out = append(out, n)
	}
	return out, db.translate(rows.Err(), q)
}
