-- Folkmoot schema version 9 (SQLite): what happened to an issue, and who
-- is told how (internal/notify).
--
-- notify_prefs: one row per person and kind of step they chose something
-- other than the default for: 'each' (an email for each step), 'weekly'
-- (one weekly digest) or 'never'. No row means 'each'.
--
-- notify_digest: the steps waiting for a person's weekly digest, written by
-- the notification scan in the person's language under the scan's unique
-- key (so a rerun adds nothing), and deleted once the digest is queued.
-- item_sealed is the subject and link, sealed with the data key (a report's
-- outcome says who reported what).
--
-- issues.themed_at is when the issue last joined the theme it is in (NULL
-- when it is in none, or joined before this version): the issue's timeline
-- shows it, and the "joins a theme" notices find the issues a theme change
-- moved by it.
CREATE TABLE notify_prefs (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    mode    TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;

CREATE TABLE notify_digest (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    unique_key  TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    item_sealed TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX notify_digest_user ON notify_digest(user_id, id);

ALTER TABLE issues ADD COLUMN themed_at INTEGER;
