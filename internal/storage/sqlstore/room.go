package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/room"
)

// Online participants' posts to discussion groups' live pages and their
// reactions (schema version 18). A post's text is public once approved;
// the author is shown by display name only.

const roomPostCols = `p.id, p.cycle_id, p.group_id, p.author_id, u.display_name, p.kind, p.body, p.status, p.created_at, p.decided_at, p.decided_by`

func scanRoomPost(sc interface{ Scan(...any) error }) (room.Post, error) {
	var p room.Post
	var kind, status string
	var created, decided int64
	err := sc.Scan(&p.ID, &p.CycleID, &p.GroupID, &p.AuthorID, &p.Author, &kind, &p.Text, &status, &created, &decided, &p.DeciderID)
	p.Kind, p.Status, p.Created, p.Decided = room.Kind(kind), room.Status(status), tm(created), tm(decided)
	return p, err
}

// AddPost implements room.Store.
func (db *DB) AddPost(ctx context.Context, p room.Post, ev audit.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO room_posts(cycle_id, group_id, author_id, kind, body, status, created_at, decided_at, decided_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{p.CycleID, p.GroupID, p.AuthorID, string(p.Kind), p.Text, string(p.Status), us(p.Created), us(p.Decided), p.DeciderID}, &id); err != nil {
			return err
		}
		if ev.Details != nil {
			ev.Details["post"] = itoa(id)
		}
		return db.appendAudit(ctx, tx, ev, "cycle", p.CycleID)
	})
	return id, err
}

// RoomPost implements room.Store.
func (db *DB) RoomPost(ctx context.Context, id int64) (room.Post, error) {
	rows, err := db.query(ctx, db.R, `SELECT `+roomPostCols+` FROM room_posts p JOIN users u ON u.id = p.author_id WHERE p.id = ?`, id)
	if err != nil {
		return room.Post{}, err
	}
	ps, err := db.collectRoomPosts(rows)
	if err != nil {
		return room.Post{}, err
	}
	if len(ps) == 0 {
		return room.Post{}, apperr.New(apperr.NotFound, "There is no such post.")
	}
	return ps[0], nil
}

func (db *DB) collectRoomPosts(rows *sql.Rows) ([]room.Post, error) {
	defer rows.Close()
	var out []room.Post
	for rows.Next() {
		p, err := scanRoomPost(rows)
		if err != nil {
			return nil, db.translate(err, "room")
		}
		out = append(out, p)
	}
	return out, db.translate(rows.Err(), "room")
}

// DecidePost implements room.Store.
func (db *DB) DecidePost(ctx context.Context, id int64, to room.Status, by int64, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var cycleID int64
		var status string
		if err := db.get(ctx, tx, "There is no such post.", `SELECT cycle_id, status FROM room_posts WHERE id = ?`, []any{id}, &cycleID, &status); err != nil {
			return err
		}
		if err := db.mustAffect(ctx, tx, "", `UPDATE room_posts SET status = ?, decided_at = ?, decided_by = ? WHERE id = ? AND status = 'pending'`,
			string(to), us(at), by, id); err != nil {
			return apperr.New(apperr.Conflict, "That post has already been approved or rejected.")
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// RoomPosts implements room.Store.
func (db *DB) RoomPosts(ctx context.Context, groupID int64, st room.Status, limit int) ([]room.Post, error) {
	q := `SELECT ` + roomPostCols + ` FROM room_posts p JOIN users u ON u.id = p.author_id WHERE p.group_id = ?`
	args := []any{groupID}
	if st != "" {
		q += ` AND p.status = ?`
		args = append(args, string(st))
	}
	q += ` ORDER BY p.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.query(ctx, db.R, q, args...)
	if err != nil {
		return nil, err
	}
	return db.collectRoomPosts(rows)
}

// PostsSince implements room.Store.
func (db *DB) PostsSince(ctx context.Context, userID int64, since time.Time) (int, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM room_posts WHERE author_id = ? AND created_at > ?`, []any{userID, us(since)}, &n)
	return n, err
}

// React implements room.Store.
func (db *DB) React(ctx context.Context, r room.Reaction, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var cycleID int64
		if err := db.get(ctx, tx, "There is no such post.", `SELECT cycle_id FROM room_posts WHERE id = ?`, []any{r.PostID}, &cycleID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO room_reactions(post_id, user_id, group_id, vote, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (post_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
			r.PostID, r.UserID, r.GroupID, int(r.Vote), us(r.At)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
}

// RoomReactions implements room.Store.
func (db *DB) RoomReactions(ctx context.Context, groupID int64) ([]room.Reaction, error) {
	rows, err := db.query(ctx, db.R, `SELECT post_id, user_id, vote, at FROM room_reactions WHERE group_id = ? ORDER BY at, post_id, user_id`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []room.Reaction
	for rows.Next() {
		r := room.Reaction{GroupID: groupID}
		var v int
		var at int64
		if err := rows.Scan(&r.PostID, &r.UserID, &v, &at); err != nil {
			return nil, db.translate(err, "room")
		}
		r.Vote, r.At = opinions.Vote(v), tm(at)
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), "room")
}
