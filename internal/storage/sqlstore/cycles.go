package sqlstore

import (
	"context"
	"database/sql"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
)

// ---- programmes ----

// CreateProgramme implements cycle.Store.
func (db *DB) CreateProgramme(ctx context.Context, p *cycle.Programme, ev audit.Event) error {
	if p.Created.IsZero() {
		p.Created = ev.Time
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO programmes(slug, name, description, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			[]any{p.Slug, p.Name, p.Description, us(p.Created)}, &p.ID); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "There is already a programme with the short name %q.", p.Slug)
			}
			return err
		}
		return db.appendAudit(ctx, tx, ev, "programme", p.ID)
	})
}

const progCols = `id, slug, name, description, created_at`

func scanProg(s scanner) (cycle.Programme, error) {
	var p cycle.Programme
	var c int64
	err := s.Scan(&p.ID, &p.Slug, &p.Name, &p.Description, &c)
	p.Created = tm(c)
	return p, err
}

// Programme implements cycle.Store.
func (db *DB) Programme(ctx context.Context, id int64) (cycle.Programme, error) {
	return db.oneProg(ctx, `SELECT `+progCols+` FROM programmes WHERE id = ?`, id)
}

// ProgrammeBySlug implements cycle.Store.
func (db *DB) ProgrammeBySlug(ctx context.Context, slug string) (cycle.Programme, error) {
	return db.oneProg(ctx, `SELECT `+progCols+` FROM programmes WHERE slug = ?`, slug)
}

func (db *DB) oneProg(ctx context.Context, q string, arg any) (cycle.Programme, error) {
	p, err := scanProg(db.row(ctx, db.R, q, arg))
	if err == sql.ErrNoRows {
		return p, apperr.New(apperr.NotFound, "There is no such programme.")
	}
	return p, db.translate(err, q)
}

// Programmes implements cycle.Store.
func (db *DB) Programmes(ctx context.Context) ([]cycle.Programme, error) {
	q := `SELECT ` + progCols + ` FROM programmes ORDER BY id`
	rows, err := db.query(ctx, db.R, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cycle.Programme
	for rows.Next() {
		p, err := scanProg(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, p)
	}
	return out, db.translate(rows.Err(), q)
}

// ---- rounds ----

// CreateCycle implements cycle.Store.
func (db *DB) CreateCycle(ctx context.Context, c *cycle.Cycle, first *cycle.Move, ev audit.Event) error {
	if c.Created.IsZero() {
		c.Created = ev.Time
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO cycles(programme_id, title, description, phase, phase_since, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{c.ProgrammeID, c.Title, c.Description, string(c.Phase), us(c.PhaseSince), us(c.Created)}, &c.ID); err != nil {
			return err
		}
		if err := db.writePlan(ctx, tx, c.ID, c.Plan); err != nil {
			return err
		}
		first.CycleID = c.ID
		if err := db.insertMove(ctx, tx, first); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", c.ID)
	})
}

// writePlan replaces a round's planned phases (rows only for phases with a
// date).
func (db *DB) writePlan(ctx context.Context, tx *sql.Tx, cycleID int64, plan []cycle.PlannedPhase) error {
	if _, err := db.exec(ctx, tx, `DELETE FROM cycle_plan WHERE cycle_id = ?`, cycleID); err != nil {
		return err
	}
	for _, pp := range plan {
		if pp.Starts.IsZero() && pp.Ends.IsZero() {
			continue
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO cycle_plan(cycle_id, phase, starts, ends) VALUES (?, ?, ?, ?)`,
			cycleID, string(pp.Phase), us(pp.Starts), us(pp.Ends)); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) insertMove(ctx context.Context, tx *sql.Tx, m *cycle.Move) error {
	return db.get(ctx, tx, "", `INSERT INTO cycle_moves(cycle_id, from_phase, to_phase, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{m.CycleID, string(m.From), string(m.To), nullID(m.ActorID), m.Note, us(m.At)}, &m.ID)
}

// UpdateCycle implements cycle.Store.
func (db *DB) UpdateCycle(ctx context.Context, c cycle.Cycle, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such round.", `UPDATE cycles SET title = ?, description = ? WHERE id = ?`,
			c.Title, c.Description, c.ID); err != nil {
			return err
		}
		if err := db.writePlan(ctx, tx, c.ID, c.Plan); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", c.ID)
	})
}

// MovePhase implements cycle.Store. The update is conditional on the
// round still being in m.From, so two organisers moving at once cannot
// both succeed from the same phase.
func (db *DB) MovePhase(ctx context.Context, m *cycle.Move, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `UPDATE cycles SET phase = ?, phase_since = ? WHERE id = ? AND phase = ?`,
			string(m.To), us(m.At), m.CycleID, string(m.From))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return db.translate(err, "move phase")
		} else if n == 0 {
			var one int
			if err := db.get(ctx, tx, "There is no such round.", `SELECT 1 FROM cycles WHERE id = ?`, []any{m.CycleID}, &one); err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "The round has just been moved to another phase by someone else. Look at it again before moving it.")
		}
		if err := db.insertMove(ctx, tx, m); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", m.CycleID)
	})
}

const cycleCols = `c.id, c.programme_id, COALESCE(p.name, ''), c.title, c.description, c.phase, c.phase_since, c.created_at`

const cycleFrom = ` FROM cycles c LEFT JOIN programmes p ON p.id = c.programme_id`

func scanCycle(s scanner) (cycle.Cycle, error) {
	var c cycle.Cycle
	var phase string
	var since, cr int64
	err := s.Scan(&c.ID, &c.ProgrammeID, &c.ProgrammeName, &c.Title, &c.Description, &phase, &since, &cr)
	c.Phase, c.PhaseSince, c.Created = cycle.Phase(phase), tm(since), tm(cr)
	return c, err
}

// Cycle implements cycle.Store.
func (db *DB) Cycle(ctx context.Context, id int64) (cycle.Cycle, error) {
	q := `SELECT ` + cycleCols + cycleFrom + ` WHERE c.id = ?`
	c, err := scanCycle(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return c, apperr.New(apperr.NotFound, "There is no such round.")
	}
	if err != nil {
		return c, db.translate(err, q)
	}
	plans, err := db.plans(ctx, id)
	c.Plan = cycle.FullPlan(plans[id])
	return c, err
}

// plans reads the planned phases of one round (cycleID) or of all
// (cycleID 0), by round.
func (db *DB) plans(ctx context.Context, cycleID int64) (map[int64][]cycle.PlannedPhase, error) {
	q := `SELECT cycle_id, phase, starts, ends FROM cycle_plan WHERE (? = 0 OR cycle_id = ?)`
	rows, err := db.query(ctx, db.R, q, cycleID, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]cycle.PlannedPhase{}
	for rows.Next() {
		var id, s, e int64
		var phase string
		if err := rows.Scan(&id, &phase, &s, &e); err != nil {
			return nil, db.translate(err, q)
		}
		out[id] = append(out[id], cycle.PlannedPhase{Phase: cycle.Phase(phase), Starts: tm(s), Ends: tm(e)})
	}
	return out, db.translate(rows.Err(), q)
}

// Cycles implements cycle.Store.
func (db *DB) Cycles(ctx context.Context, programmeID int64) ([]cycle.Cycle, error) {
	q := `SELECT ` + cycleCols + cycleFrom + ` WHERE (? = 0 OR c.programme_id = ?) ORDER BY c.created_at DESC, c.id DESC`
	rows, err := db.query(ctx, db.R, q, programmeID, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cycle.Cycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, db.translate(err, q)
	}
	plans, err := db.plans(ctx, 0)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Plan = cycle.FullPlan(plans[out[i].ID])
	}
	return out, nil
}

// Moves implements cycle.Store.
func (db *DB) Moves(ctx context.Context, cycleID int64) ([]cycle.Move, error) {
	q := `SELECT m.id, m.cycle_id, m.from_phase, m.to_phase, COALESCE(m.actor_id, 0), COALESCE(u.display_name, ''), m.note, m.at
		FROM cycle_moves m LEFT JOIN users u ON u.id = m.actor_id WHERE m.cycle_id = ? ORDER BY m.id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cycle.Move
	for rows.Next() {
		var m cycle.Move
		var from, to string
		var at int64
		if err := rows.Scan(&m.ID, &m.CycleID, &from, &to, &m.ActorID, &m.ActorName, &m.Note, &at); err != nil {
			return nil, db.translate(err, q)
		}
		m.From, m.To, m.At = cycle.Phase(from), cycle.Phase(to), tm(at)
		out = append(out, m)
	}
	return out, db.translate(rows.Err(), q)
}

// ---- followers ----

// AddCycleFollow implements cycle.Store.
func (db *DB) AddCycleFollow(ctx context.Context, cycleID, userID int64, ev audit.Event) (bool, error) {
	return db.toggle(ctx, `INSERT INTO cycle_follows(cycle_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		[]any{cycleID, userID, us(ev.Time)}, ev, cycleID)
}

// RemoveCycleFollow implements cycle.Store.
func (db *DB) RemoveCycleFollow(ctx context.Context, cycleID, userID int64, ev audit.Event) (bool, error) {
	return db.toggle(ctx, `DELETE FROM cycle_follows WHERE cycle_id = ? AND user_id = ?`, []any{cycleID, userID}, ev, cycleID)
}

// CycleFollowers implements cycle.Store.
func (db *DB) CycleFollowers(ctx context.Context, cycleID int64) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT user_id FROM cycle_follows WHERE cycle_id = ? ORDER BY user_id`, cycleID)
}

// FollowsCycle implements cycle.Store.
func (db *DB) FollowsCycle(ctx context.Context, cycleID, userID int64) (bool, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM cycle_follows WHERE cycle_id = ? AND user_id = ?`, []any{cycleID, userID}, &n)
	return n > 0, err
}
