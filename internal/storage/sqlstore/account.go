package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
)

// deletedLookup is the email lookup token of a deleted account: unique, and
// matching no address, so the address may sign up again.
func deletedLookup(userID int64) string { return "deleted:" + strconv.FormatInt(userID, 10) }

// sessionHashes returns the hashes of a user's sessions.
func (db *DB) sessionHashes(ctx context.Context, x queryer, userID int64) ([]string, error) {
	q := `SELECT id_hash FROM sessions WHERE user_id = ? ORDER BY id_hash`
	rows, err := db.query(ctx, x, q, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, h)
	}
	return out, db.translate(rows.Err(), q)
}

// DeleteUserSessions implements people.Store.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64, ev audit.Event) ([]string, error) {
	var hashes []string
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if hashes, err = db.sessionHashes(ctx, tx, userID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		ev.Details = map[string]string{"sessions": strconv.Itoa(len(hashes))}
		return db.appendAudit(ctx, tx, ev, "user", userID)
	})
	return hashes, err
}

// UserSessions implements people.Store.
func (db *DB) UserSessions(ctx context.Context, userID int64, now time.Time) ([]people.Session, error) {
	q := `SELECT id_hash, created_at, expires_at, last_seen FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id_hash`
	rows, err := db.query(ctx, db.R, q, userID, us(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Session
	for rows.Next() {
		s := people.Session{UserID: userID}
		var created, expires, seen int64
		if err := rows.Scan(&s.IDHash, &created, &expires, &seen); err != nil {
			return nil, db.translate(err, q)
		}
		s.Created, s.Expires, s.LastSeen = tm(created), tm(expires), tm(seen)
		out = append(out, s)
	}
	return out, db.translate(rows.Err(), q)
}

// DeleteUser implements people.Store.
func (db *DB) DeleteUser(ctx context.Context, userID int64, name string, ev audit.Event) ([]string, error) {
	var hashes []string
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if hashes, err = db.sessionHashes(ctx, tx, userID); err != nil {
			return err
		}
		if err := db.mustAffect(ctx, tx, "There is no such user.",
			`UPDATE users SET email_lookup = ?, email_sealed = '', display_name = ?, roles = 'citizen', lang = '' WHERE id = ?`,
			deletedLookup(userID), name, userID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM representatives WHERE user_id = ?`, `DELETE FROM follows WHERE user_id = ?`,
			`DELETE FROM notify_prefs WHERE user_id = ?`, `DELETE FROM notify_digest WHERE user_id = ?`,
			`DELETE FROM jury_volunteers WHERE user_id = ?`,
			// meetings: the sealed access needs and what expenses were for, and theme rankings
			`UPDATE meeting_registrations SET access_sealed = '' WHERE user_id = ?`, `UPDATE meeting_expenses SET what_sealed = '' WHERE user_id = ?`,
			`DELETE FROM meeting_rankings WHERE user_id = ?`} {
			if _, err := db.exec(ctx, tx, q, userID); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "user", userID)
	})
	return hashes, err
}

// UserRepresentations implements people.Store.
func (db *DB) UserRepresentations(ctx context.Context, userID int64) ([]people.Representation, error) {
	q := `SELECT o.id, o.name, r.verified, r.requested_at FROM representatives r JOIN organisations o ON o.id = r.org_id
		WHERE r.user_id = ? ORDER BY o.name_key, o.id`
	rows, err := db.query(ctx, db.R, q, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []people.Representation{}
	for rows.Next() {
		var r people.Representation
		var verified int
		var req int64
		if err := rows.Scan(&r.OrgID, &r.OrgName, &verified, &req); err != nil {
			return nil, db.translate(err, q)
		}
		r.Verified, r.Requested = verified == 1, tm(req)
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}
