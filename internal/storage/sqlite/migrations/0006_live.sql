-- Folkmoot schema version 6 (SQLite): live events between processes on one
-- database file (internal/live's table broker). Rows live a few minutes.
-- AUTOINCREMENT: ids never go back, even when every row was pruned, since
-- each process reads the rows after the last id it saw.
CREATE TABLE live_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     BIGINT NOT NULL, -- microseconds since the Unix epoch
    origin TEXT   NOT NULL, -- the writing process's broker
    topic  TEXT   NOT NULL,
    data   BLOB   NOT NULL
);
