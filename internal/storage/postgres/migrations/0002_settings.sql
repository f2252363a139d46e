-- Folkmoot schema version 2 (PostgreSQL): server-wide settings, such as the
-- secret every server process on this database signs forms with.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
