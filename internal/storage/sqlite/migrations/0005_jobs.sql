-- Folkmoot schema version 5 (SQLite): the durable job queue (internal/jobs).
--
-- jobs: one row per job. unique_key is NULL when the job has none (NULLs
-- never conflict); a second enqueue with a used key adds nothing. payload
-- is sealed with the data key (it may hold an email address or a sign-in
-- link) and blanked when the job is done. status is queued, running, done,
-- failed or cancelled; a running job belongs to lease_owner until
-- lease_until, after which any worker may claim it again (its worker
-- died). last_error is for operators only. progress_* is what a page shows
-- of a running job. Times are microseconds since the Unix epoch (0: unset).
--
-- job_leases: one row per cluster-wide periodic task, held by one process
-- at a time. job_cursors: how far a periodic task has read (the
-- notification scan's audit-log position).

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a page may hold an old id
    kind           TEXT    NOT NULL,
    unique_key     TEXT    UNIQUE,
    payload        TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    max_attempts   INTEGER NOT NULL DEFAULT 0, -- 0: the handler's default
    run_at         INTEGER NOT NULL,
    lease_owner    TEXT    NOT NULL DEFAULT '',
    lease_until    INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NOT NULL DEFAULT '',
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    progress_note  TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    finished_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_ready ON jobs(run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_leased ON jobs(lease_until) WHERE status = 'running';
CREATE INDEX jobs_finished ON jobs(status, updated_at);

CREATE TABLE job_leases (
    name       TEXT    PRIMARY KEY,
    owner      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE job_cursors (
    name       TEXT    PRIMARY KEY,
    value      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
