-- Folkmoot schema version 13 (sqlite): recruitment of a round's assembly
-- (internal/recruit). Every personal value is sealed with the data key for
-- its place (table, column, row; see internal/sealed.Place): the columns
-- ending in _sealed hold ciphertext or '' (nothing given, or erased), the
-- columns ending in _lookup HMAC tokens. Nothing personal is in clear.
--
-- recruit_settings: a round's demographic questions (JSON of
-- []recruit.Category, with census shares) and consent text. Not personal.
--
-- recruit_draws: each random draw of invitations, with its published seed.
--
-- recruit_addresses: the round's list of postal addresses. address_lookup
-- is the token of the normalised address (duplicates are refused per
-- round); once drawn, draw_id is set and the letter's registration code is
-- kept as a lookup token (to find it when typed) and sealed (to reprint
-- the letter). A withdrawal erases the address (address_sealed '' and the
-- lookup replaced by 'erased:<id>').
--
-- recruit_registrations: one per letter (address_id unique). member_id is
-- random, the pseudonymous id the selection sees and the row key every
-- sealed field is bound to. withdraw_lookup is the token of the secret in
-- the confirmation email's withdraw link. A withdrawal erases every sealed
-- field and sets withdrawn_at. Once the assembly has made its
-- recommendations, organisers erase everyone's details (erased_at): only
-- the member id and the answers, no longer linked to anyone, are kept.
CREATE TABLE recruit_settings (
    cycle_id   INTEGER PRIMARY KEY REFERENCES cycles(id),
    categories TEXT    NOT NULL,
    consent    TEXT    NOT NULL,
    consent_cy TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE recruit_draws (
    id        INTEGER PRIMARY KEY,
    cycle_id  INTEGER NOT NULL REFERENCES cycles(id),
    seed      TEXT    NOT NULL,
    requested INTEGER NOT NULL,
    eligible  INTEGER NOT NULL,
    drawn     INTEGER NOT NULL,
    drawn_at  INTEGER NOT NULL
);
CREATE INDEX recruit_draws_cycle ON recruit_draws(cycle_id, id);

CREATE TABLE recruit_addresses (
    id             INTEGER PRIMARY KEY,
    cycle_id       INTEGER NOT NULL REFERENCES cycles(id),
    address_lookup TEXT    NOT NULL,
    address_sealed TEXT    NOT NULL,
    draw_id        INTEGER REFERENCES recruit_draws(id),
    code_lookup    TEXT    UNIQUE,
    code_sealed    TEXT    NOT NULL DEFAULT '',
    UNIQUE (cycle_id, address_lookup)
);
CREATE INDEX recruit_addresses_draw ON recruit_addresses(cycle_id, draw_id);

CREATE TABLE recruit_registrations (
    id                  INTEGER PRIMARY KEY,
    cycle_id            INTEGER NOT NULL REFERENCES cycles(id),
    address_id          INTEGER NOT NULL UNIQUE REFERENCES recruit_addresses(id),
    member_id           TEXT    NOT NULL UNIQUE,
    lang                TEXT    NOT NULL,
    name_sealed         TEXT    NOT NULL,
    email_sealed        TEXT    NOT NULL,
    phone_sealed        TEXT    NOT NULL,
    address_sealed      TEXT    NOT NULL,
    dob_sealed          TEXT    NOT NULL,
    answers_sealed      TEXT    NOT NULL,
    access_sealed       TEXT    NOT NULL,
    availability_sealed TEXT    NOT NULL,
    withdraw_lookup     TEXT    UNIQUE,
    consent_at          INTEGER NOT NULL,
    registered_at       INTEGER NOT NULL,
    withdrawn_at        INTEGER NOT NULL DEFAULT 0,
    erased_at           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recruit_registrations_cycle ON recruit_registrations(cycle_id, id);
