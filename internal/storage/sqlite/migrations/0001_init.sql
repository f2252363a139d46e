-- Folkmoot schema version 1 (SQLite). Times are INTEGER microseconds since
-- the Unix epoch (UTC), identical in both dialects and exact on round-trip.

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    email        TEXT    NOT NULL UNIQUE,
    display_name TEXT    NOT NULL,
    roles        TEXT    NOT NULL DEFAULT 'citizen', -- comma-separated people.Role values
    created_at   INTEGER NOT NULL
);

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL UNIQUE, -- lower(name), for case-insensitive uniqueness
    description TEXT    NOT NULL DEFAULT '',
    website     TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE representatives (
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    verified     INTEGER NOT NULL DEFAULT 0,
    verified_by  INTEGER NOT NULL DEFAULT 0,
    verified_at  INTEGER NOT NULL DEFAULT 0,
    requested_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX representatives_user ON representatives(user_id);

CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE signin_tokens (
    hash       TEXT    PRIMARY KEY,
    email      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signin_tokens_expires ON signin_tokens(expires_at);

CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE cycles (
    id            INTEGER PRIMARY KEY,
    programme_id  INTEGER NOT NULL REFERENCES programmes(id),
    name          TEXT    NOT NULL,
    gather_opens  INTEGER NOT NULL,
    gather_closes INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX cycles_programme ON cycles(programme_id, gather_opens);

CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX themes_cycle ON themes(cycle_id);

CREATE TABLE issues (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES cycles(id),
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    tags          TEXT    NOT NULL DEFAULT '', -- comma-separated, normalised (also in issue_tags)
    author_id     INTEGER NOT NULL REFERENCES users(id),
    org_id        INTEGER REFERENCES organisations(id),
    status        TEXT    NOT NULL DEFAULT 'open',
    hidden_reason TEXT    NOT NULL DEFAULT '',
    theme_id      INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    supports      INTEGER NOT NULL DEFAULT 0, -- = COUNT(*) FROM supports, kept in the same transaction
    comments      INTEGER NOT NULL DEFAULT 0, -- visible comments
    trend         REAL    NOT NULL DEFAULT 0, -- Σ gather.TrendWeight(support time)
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
-- One index per list order; ties by id. The support-ordered indexes are
-- updated by every support, so there is one of each, not one per cycle: a
-- cycle's list walks the index and skips other cycles' rows (the current
-- cycle holds most open issues).
CREATE INDEX issues_cycle_newest    ON issues(cycle_id, status, created_at DESC, id DESC);
CREATE INDEX issues_supported       ON issues(status, supports DESC, id DESC);
CREATE INDEX issues_newest          ON issues(status, created_at DESC, id DESC);
CREATE INDEX issues_trending        ON issues(status, trend DESC, id DESC);
CREATE INDEX issues_theme           ON issues(theme_id);
CREATE INDEX issues_author          ON issues(author_id, id);

CREATE TABLE issue_tags (
    tag      TEXT    NOT NULL,
    issue_id INTEGER NOT NULL REFERENCES issues(id),
    PRIMARY KEY (tag, issue_id)
) WITHOUT ROWID;
CREATE INDEX issue_tags_issue ON issue_tags(issue_id);

-- Number of issues per cycle and status, so list pages never COUNT(*).
CREATE TABLE issue_counts (
    cycle_id INTEGER NOT NULL,
    status   TEXT    NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, status)
) WITHOUT ROWID;

-- Full-text index over issues, kept in step by triggers that fire only when
-- the indexed columns change (never on support counter updates).
CREATE VIRTUAL TABLE issues_fts USING fts5(
    title, description, tags,
    content='issues', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
    INSERT INTO issues_fts(rowid, title, description, tags) VALUES (new.id, new.title, new.description, new.tags);
END;
CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, description, tags ON issues BEGIN
    INSERT INTO issues_fts(issues_fts, rowid, title, description, tags) VALUES ('delete', old.id, old.title, old.description, old.tags);
    INSERT INTO issues_fts(rowid, title, description, tags) VALUES (new.id, new.title, new.description, new.tags);
END;

CREATE TABLE supports (
    issue_id   INTEGER NOT NULL REFERENCES issues(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issue_id, user_id) -- one support per person: the race is settled here
) WITHOUT ROWID;
CREATE INDEX supports_user ON supports(user_id, issue_id);

CREATE TABLE follows (
    issue_id   INTEGER NOT NULL REFERENCES issues(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issue_id, user_id)
) WITHOUT ROWID;

CREATE TABLE comments (
    id            INTEGER PRIMARY KEY,
    issue_id      INTEGER NOT NULL REFERENCES issues(id),
    parent_id     INTEGER REFERENCES comments(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    org_id        INTEGER REFERENCES organisations(id),
    body          TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'visible',
    hidden_reason TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX comments_issue ON comments(issue_id, id);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    issue_id    INTEGER NOT NULL REFERENCES issues(id),
    comment_id  INTEGER REFERENCES comments(id),
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_by INTEGER NOT NULL DEFAULT 0,
    resolved_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_open ON reports(resolved_at, id);
CREATE INDEX reports_target ON reports(issue_id, comment_id);

CREATE TABLE moderations (
    id           INTEGER PRIMARY KEY,
    issue_id     INTEGER NOT NULL REFERENCES issues(id),
    comment_id   INTEGER REFERENCES comments(id),
    action       TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    moderator_id INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    object    TEXT    NOT NULL,
    details   TEXT    NOT NULL DEFAULT '{}', -- JSON object of strings
    pos       INTEGER UNIQUE,                -- chain position, NULL until sealed
    prev_hash TEXT    NOT NULL DEFAULT '',
    hash      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_unsealed ON audit_log(id) WHERE pos IS NULL;
CREATE INDEX audit_object ON audit_log(object, id);

CREATE TABLE audit_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    pos  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head(one, pos, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
