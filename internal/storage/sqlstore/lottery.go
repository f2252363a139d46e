package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/lottery"
)

// The selection of a round's assembly (internal/lottery): one row per
// round in selections, its files in selection_files, the people drawn in
// selection_members.

const selectionCols = `cycle_id, panel_size, algorithm, tickets, seed, quotas, state, run, job_id, error, list_hash, source,
	announced_at, public_seed, ticket, selected, reserves, replacements, drawn_at, updated_at`

// Selection implements lottery.Store.
func (db *DB) Selection(ctx context.Context, cycleID int64) (lottery.Selection, error) {
	return db.selection(ctx, db.R, cycleID)
}

func (db *DB) selection(ctx context.Context, x queryer, cycleID int64) (lottery.Selection, error) {
	var s lottery.Selection
	var quotas, selected, reserves, repl, state string
	var announced, drawn, updated int64
	q := `SELECT ` + selectionCols + ` FROM selections WHERE cycle_id = ?`
	err := db.get(ctx, x, "This round has no selection yet.", q, []any{cycleID},
		&s.CycleID, &s.PanelSize, &s.Algorithm, &s.Tickets, &s.Seed, &quotas, &state, &s.Run, &s.JobID, &s.Error, &s.ListHash, &s.Source,
		&announced, &s.PublicSeed, &s.Ticket, &selected, &reserves, &repl, &drawn, &updated)
	if err != nil {
		return s, err
	}
	s.State, s.AnnouncedAt, s.DrawnAt, s.Updated = lottery.State(state), tm(announced), tm(drawn), tm(updated)
	s.Selected, s.Reserves = strings.Fields(selected), strings.Fields(reserves)
	if err := json.Unmarshal([]byte(quotas), &s.Quotas); err != nil {
		return s, apperr.Wrap(apperr.Internal, err, "reading a selection's quotas")
	}
	if err := json.Unmarshal([]byte(repl), &s.Replacements); err != nil {
		return s, apperr.Wrap(apperr.Internal, err, "reading a selection's replacements")
	}
	return s, nil
}

// SaveSelection implements lottery.Store.
func (db *DB) SaveSelection(ctx context.Context, c lottery.Change) error {
	s := c.Selection
	quotas, err := json.Marshal(nonNil(s.Quotas))
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding quotas")
	}
	repl, err := json.Marshal(nonNil(s.Replacements))
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding replacements")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		stored := lottery.Draft
		var state string
		err := db.get(ctx, tx, "none", `SELECT state FROM selections WHERE cycle_id = ?`+db.d.LockHead, []any{s.CycleID}, &state)
		switch {
		case err == nil:
			stored = lottery.State(state)
		case !apperr.Is(err, apperr.NotFound):
			return err
		}
		if !slices.Contains(c.From, stored) {
			return apperr.New(apperr.Conflict, "The selection is no longer in the state this change starts from.")
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO selections(`+selectionCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id) DO UPDATE SET panel_size = excluded.panel_size, algorithm = excluded.algorithm, tickets = excluded.tickets,
				seed = excluded.seed, quotas = excluded.quotas, state = excluded.state, run = excluded.run, job_id = excluded.job_id,
				error = excluded.error, list_hash = excluded.list_hash, source = excluded.source, announced_at = excluded.announced_at,
				public_seed = excluded.public_seed, ticket = excluded.ticket, selected = excluded.selected, reserves = excluded.reserves,
				replacements = excluded.replacements, drawn_at = excluded.drawn_at, updated_at = excluded.updated_at`,
			s.CycleID, s.PanelSize, s.Algorithm, s.Tickets, s.Seed, string(quotas), string(s.State), s.Run, s.JobID, s.Error, s.ListHash, s.Source,
			us(s.AnnouncedAt), s.PublicSeed, s.Ticket, strings.Join(s.Selected, " "), strings.Join(s.Reserves, " "), string(repl), us(s.DrawnAt), us(s.Updated)); err != nil {
			return err
		}
		for _, f := range c.Files {
			if _, err := db.exec(ctx, tx, `INSERT INTO selection_files(cycle_id, name, data) VALUES (?, ?, ?)
				ON CONFLICT (cycle_id, name) DO UPDATE SET data = excluded.data`, s.CycleID, f.Name, f.Data); err != nil {
				return err
			}
		}
		for _, m := range c.Members {
			reserve := 0
			if m.Reserve {
				reserve = 1
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO selection_members(cycle_id, member_id, position, status, reserve, token_hash, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (cycle_id, member_id) DO UPDATE SET position = excluded.position, status = excluded.status,
					reserve = excluded.reserve, token_hash = excluded.token_hash, updated_at = excluded.updated_at`,
				s.CycleID, m.ID, m.Position, string(m.Status), reserve, m.TokenHash, us(m.Updated)); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, c.Event, "cycle", s.CycleID)
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// SelectionFile implements lottery.Store.
func (db *DB) SelectionFile(ctx context.Context, cycleID int64, name string) ([]byte, error) {
	var data []byte
	err := db.get(ctx, db.R, "There is no such file.", `SELECT data FROM selection_files WHERE cycle_id = ? AND name = ?`, []any{cycleID, name}, &data)
	return data, err
}

const memberCols = `cycle_id, member_id, position, status, reserve, token_hash, updated_at`

func scanMember(s scanner) (lottery.Member, error) {
	var m lottery.Member
	var status string
	var reserve int
	var updated int64
	err := s.Scan(&m.CycleID, &m.ID, &m.Position, &status, &reserve, &m.TokenHash, &updated)
	m.Status, m.Reserve, m.Updated = lottery.MemberStatus(status), reserve != 0, tm(updated)
	return m, err
}

// SelectionMembers implements lottery.Store.
func (db *DB) SelectionMembers(ctx context.Context, cycleID int64) ([]lottery.Member, error) {
	q := `SELECT ` + memberCols + ` FROM selection_members WHERE cycle_id = ? ORDER BY position, member_id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lottery.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, m)
	}
	return out, db.translate(rows.Err(), q)
}

// SelectionMemberByToken implements lottery.Store.
func (db *DB) SelectionMemberByToken(ctx context.Context, tokenHash string) (lottery.Member, error) {
	if tokenHash == "" {
		return lottery.Member{}, apperr.New(apperr.NotFound, "There is no such invitation.")
	}
	q := `SELECT ` + memberCols + ` FROM selection_members WHERE token_hash = ?`
	m, err := scanMember(db.row(ctx, db.R, q, tokenHash))
	if err == sql.ErrNoRows {
		return m, apperr.New(apperr.NotFound, "There is no such invitation.")
	}
	return m, db.translate(err, q)
}
