package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/notify"
)

// Notification settings, the weekly digest's waiting steps, and what the
// step rules of internal/notify read (schema version 9).

// NotifyPrefs implements notify.Prefs.
func (db *DB) NotifyPrefs(ctx context.Context, userID int64) (map[notify.Kind]notify.Mode, error) {
	const q = `SELECT kind, mode FROM notify_prefs WHERE user_id = ?`
	rows, err := db.query(ctx, db.R, q, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[notify.Kind]notify.Mode{}
	for rows.Next() {
		var k, m string
		if err := rows.Scan(&k, &m); err != nil {
			return nil, db.translate(err, q)
		}
		out[notify.Kind(k)] = notify.Mode(m)
	}
	return out, db.translate(rows.Err(), q)
}

// SetNotifyPrefs implements notify.Prefs.
func (db *DB) SetNotifyPrefs(ctx context.Context, userID int64, prefs map[notify.Kind]notify.Mode, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for k, m := range prefs {
			if _, err := db.exec(ctx, tx, `INSERT INTO notify_prefs(user_id, kind, mode) VALUES (?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode`, userID, string(k), string(m)); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "user", userID)
	})
}

// digestAD binds a sealed digest item to its row's key.
func digestAD(key string) string { return "notify_digest.item_sealed:" + key }

type digestText struct {
	Subject string `json:"s"`
	Link    string `json:"l"`
}

// AddDigestItems implements notify.Digests.
func (db *DB) AddDigestItems(ctx context.Context, items []notify.DigestItem) error {
	if db.keys == nil {
		return errNoKeys
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			b, err := json.Marshal(digestText{it.Subject, it.Link})
			if err != nil {
				return apperr.Wrap(apperr.Internal, err, "encoding a digest item")
			}
			s, err := db.keys.Seal(string(b), digestAD(it.Key))
			if err != nil {
				return apperr.Wrap(apperr.Internal, err, "sealing a digest item")
			}
			if _, err := db.exec(ctx, tx, `INSERT INTO notify_digest(user_id, unique_key, kind, item_sealed, created_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (unique_key) DO NOTHING`, it.UserID, it.Key, string(it.Kind), s, us(it.Created)); err != nil {
				return err
			}
		}
		return nil
	})
}

// DigestUsers implements notify.Digests.
func (db *DB) DigestUsers(ctx context.Context) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT DISTINCT user_id FROM notify_digest ORDER BY user_id`)
}

// DigestItems implements notify.Digests.
func (db *DB) DigestItems(ctx context.Context, userID int64) ([]notify.DigestItem, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	const q = `SELECT id, unique_key, kind, item_sealed, created_at FROM notify_digest WHERE user_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.W, q, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.DigestItem
	for rows.Next() {
		it := notify.DigestItem{UserID: userID}
		var kind, sealedText string
		var cr int64
		if err := rows.Scan(&it.ID, &it.Key, &kind, &sealedText, &cr); err != nil {
			return nil, db.translate(err, q)
		}
		it.Kind, it.Created = notify.Kind(kind), tm(cr)
		plain, err := db.keys.Open(sealedText, digestAD(it.Key))
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "opening a digest item")
		}
		var d digestText
		if err := json.Unmarshal([]byte(plain), &d); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "decoding a digest item")
		}
		it.Subject, it.Link = d.Subject, d.Link
		out = append(out, it)
	}
	return out, db.translate(rows.Err(), q)
}

// DeleteDigestItems implements notify.Digests.
func (db *DB) DeleteDigestItems(ctx context.Context, userID, upTo int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, `DELETE FROM notify_digest WHERE user_id = ? AND id <= ?`, userID, upTo)
		return err
	})
}

// IssueAudience implements notify.Audience.
func (db *DB) IssueAudience(ctx context.Context, issueID int64) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT author_id FROM issues WHERE id = ?
		UNION SELECT user_id FROM supports WHERE issue_id = ?
		UNION SELECT user_id FROM follows WHERE issue_id = ? ORDER BY 1`, issueID, issueID, issueID)
}

// ThemeJoiners implements notify.Audience.
func (db *DB) ThemeJoiners(ctx context.Context, themeID int64, at time.Time) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT id FROM issues WHERE theme_id = ? AND themed_at = ? ORDER BY id`, themeID, us(at))
}

// IssueThemedAt returns when an issue joined the theme it is in: the zero
// time when it is in none, or joined before schema version 9.
func (db *DB) IssueThemedAt(ctx context.Context, issueID int64) (time.Time, error) {
	var at sql.NullInt64
	err := db.get(ctx, db.R, "There is no such issue.", `SELECT themed_at FROM issues WHERE id = ?`, []any{issueID}, &at)
	if err != nil || !at.Valid {
		return time.Time{}, err
	}
	return tm(at.Int64), nil
}

// ResolvedReports implements notify.Audience.
func (db *DB) ResolvedReports(ctx context.Context, t gather.Target, moderatorID int64, at time.Time) ([]gather.Report, error) {
	q := `SELECT ` + reportCols + ` WHERE r.issue_id = ? AND COALESCE(r.comment_id, 0) = ? AND r.resolved_by = ?
		AND r.resolved_at BETWEEN ? AND ? ORDER BY r.id`
	return db.reports(ctx, q, t.IssueID, t.CommentID, moderatorID, us(at.Add(-time.Minute)), us(at.Add(time.Second)))
}
