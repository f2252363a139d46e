-- Folkmoot schema version 18 (sqlite): online participants' posts to a
-- discussion group's live page and their reactions (internal/room). The
-- group id is the meetings package's; no foreign key, so that the two
-- areas can change apart.
CREATE TABLE room_posts (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    group_id   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,    -- comment | question | statement
    body       TEXT NOT NULL,
    status     TEXT NOT NULL,    -- pending | approved | rejected
    created_at INTEGER NOT NULL,
    decided_at INTEGER NOT NULL DEFAULT 0,
    decided_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX room_posts_group ON room_posts(group_id, status, id);
CREATE INDEX room_posts_author ON room_posts(author_id, created_at);

CREATE TABLE room_reactions (
    post_id  INTEGER NOT NULL REFERENCES room_posts(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    group_id INTEGER NOT NULL,
    vote     INTEGER NOT NULL,  -- 1 agree, -1 disagree, 0 pass
    at       INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;
CREATE INDEX room_reactions_group ON room_reactions(group_id, at);
