package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/audit"
)

// Who takes part in a round's assembly (schema version 15):
// assembly_people, one row per round, part and person.

// AddAssemblyPeople implements assembly.Store.
func (db *DB) AddAssemblyPeople(ctx context.Context, cycleID int64, r assembly.Role, userIDs []int64, at time.Time, ev audit.Event) (int, error) {
	added := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		added = 0
		for _, id := range userIDs {
			res, err := db.exec(ctx, tx, `INSERT INTO assembly_people(cycle_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, cycleID, id, string(r), us(at))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err == nil {
				added += int(n)
			}
		}
		if added == 0 {
			return nil // nothing changed: no audit entry
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
	return added, err
}

// RemoveAssemblyPerson implements assembly.Store.
func (db *DB) RemoveAssemblyPerson(ctx context.Context, cycleID, userID int64, r assembly.Role, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "That person does not take that part in the assembly.", `DELETE FROM assembly_people WHERE cycle_id = ? AND user_id = ? AND role = ?`, cycleID, userID, string(r)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// AssemblyPeople implements assembly.Store.
func (db *DB) AssemblyPeople(ctx context.Context, cycleID int64, r assembly.Role) ([]assembly.Person, error) {
	q := `SELECT a.user_id, a.role, u.display_name, u.email_lookup, u.email_sealed, a.added_at
		FROM assembly_people a JOIN users u ON u.id = a.user_id
		WHERE a.cycle_id = ? AND (? = '' OR a.role = ?) ORDER BY u.display_name, a.user_id`
	rows, err := db.query(ctx, db.R, q, cycleID, string(r), string(r))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assembly.Person
	for rows.Next() {
		p := assembly.Person{CycleID: cycleID}
		var role, lookup, sealedEmail string
		var added int64
		if err := rows.Scan(&p.UserID, &role, &p.DisplayName, &lookup, &sealedEmail, &added); err != nil {
			return nil, db.translate(err, q)
		}
		if p.Email, err = db.openUserEmail(p.UserID, lookup, sealedEmail); err != nil {
			return nil, err
		}
		p.Role, p.Added = assembly.Role(role), tm(added)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, db.translate(err, q)
	}
	slices.SortStableFunc(out, func(a, b assembly.Person) int {
		return slices.Index(assembly.Roles, a.Role) - slices.Index(assembly.Roles, b.Role)
	})
	return out, nil
}

// AssemblyRolesOf implements assembly.Store.
func (db *DB) AssemblyRolesOf(ctx context.Context, cycleID, userID int64) ([]assembly.Role, error) {
	q := `SELECT role FROM assembly_people WHERE cycle_id = ? AND user_id = ?`
	rows, err := db.query(ctx, db.R, q, cycleID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assembly.Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, assembly.Role(r))
	}
	slices.SortFunc(out, func(a, b assembly.Role) int {
		return slices.Index(assembly.Roles, a) - slices.Index(assembly.Roles, b)
	})
	return out, db.translate(rows.Err(), q)
}
