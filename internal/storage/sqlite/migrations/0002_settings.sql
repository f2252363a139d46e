-- Folkmoot schema version 2 (SQLite): server-wide settings, such as the
-- secret every server process on this database signs forms with.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
