package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// Email addresses are personal data: they are stored sealed (AES-256-GCM,
// see internal/sealed), never in clear. users.email_lookup holds the HMAC
// lookup token of the normalised address, for finding a user and keeping
// addresses unique; users.email_sealed and signin_tokens.email_sealed hold
// the address itself. The associated data names the column and the row's
// own key (lookup token or token hash), so a sealed address copied to
// another row or column does not open.
//
// This is done here, once for both adapters, so that people.Store keeps
// plain addresses in its API and nothing above storage handles keys.

// keyCheckPlain is sealed into settings.data_key_check the first time a key
// is used on a database, so that a later start with another key is refused
// at once instead of failing row by row (or, worse, creating a second
// account for an address whose lookup token no longer matches).
const keyCheckPlain = "folkmoot data key check"

func userEmailAD(lookup string) string {
	return sealed.Place{Table: "users", Column: "email_sealed", Row: lookup}.AD()
}
func tokenEmailAD(hash string) string {
	return sealed.Place{Table: "signin_tokens", Column: "email_sealed", Row: hash}.AD()
}

// errNoKeys is returned by every method that reads or writes an email
// address on a DB opened without keys.
var errNoKeys = apperr.New(apperr.Internal, "storage: no data key was given, so email addresses can be neither sealed nor read: "+sealed.HowToMakeKey)

// UseKeys makes db seal and open email addresses with k. It refuses
// (apperr.Unavailable) a key that is not the one the database's data was
// sealed with: it checks the key-check value in settings (recording one
// on first use) and one sealed address, if any. Call it once, before the
// store is used (the adapters' Open does).
func (db *DB) UseKeys(ctx context.Context, k *sealed.Keys) error {
	if err := checkKey(ctx, db.W, db.q, k); err != nil {
		return err
	}
	db.keys = k
	return nil
}

// checkKey checks k against the database (see UseKeys). q rebinds
// placeholders for the dialect.
func checkKey(ctx context.Context, x queryer, q func(string) string, k *sealed.Keys) error {
	const get = `SELECT value FROM settings WHERE name = 'data_key_check'`
	var check string
	err := x.QueryRowContext(ctx, get).Scan(&check)
	if errors.Is(err, sql.ErrNoRows) {
		var v string
		if v, err = k.Seal(keyCheckPlain, "settings.data_key_check"); err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing the key check")
		}
		if _, err = x.ExecContext(ctx, q(`INSERT INTO settings(name, value) VALUES ('data_key_check', ?) ON CONFLICT DO NOTHING`), v); err == nil {
			err = x.QueryRowContext(ctx, get).Scan(&check)
		}
	}
	if err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "reading the data key check")
	}
	if _, err := k.Open(check, "settings.data_key_check"); err != nil {
		return wrongKey()
	}
	var lookup, email string
	err = x.QueryRowContext(ctx, `SELECT email_lookup, email_sealed FROM users WHERE email_sealed <> '' ORDER BY id LIMIT 1`).Scan(&lookup, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "reading a sealed email address")
	}
	if _, err := k.Open(email, userEmailAD(lookup)); err != nil {
		return wrongKey()
	}
	return nil
}

func wrongKey() error {
	return apperr.New(apperr.Unavailable, "the data key given is not the one this database's email addresses were sealed with: give the right key (--data-key-file or FOLKMOOT_DATA_KEY); another key cannot read them")
}

// emailLookup returns the lookup token of an address, normalised as
// people.NormaliseEmail does (trimmed, lower-case).
func (db *DB) emailLookup(email string) (string, error) {
	if db.keys == nil {
		return "", errNoKeys
	}
	return db.keys.Lookup(normEmail(email)), nil
}

// sealUserEmail returns the lookup token and sealed value of a user's
// (normalised) address.
func (db *DB) sealUserEmail(email string) (lookup, sealedEmail string, err error) {
	if db.keys == nil {
		return "", "", errNoKeys
	}
	return sealUser(db.keys, email)
}

func sealUser(k *sealed.Keys, email string) (lookup, sealedEmail string, err error) {
	lookup = k.Lookup(normEmail(email))
	if sealedEmail, err = k.Seal(email, userEmailAD(lookup)); err != nil {
		return "", "", apperr.Wrap(apperr.Internal, err, "sealing an email address")
	}
	return lookup, sealedEmail, nil
}

// normEmail normalises an address as people.NormaliseEmail does (trimmed,
// lower-case), so that lookups find it however it was typed.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// openUserEmail opens a user's sealed address; a value that does not open
// is an Internal error naming the user, never a garbled address.
func (db *DB) openUserEmail(id int64, lookup, sealedEmail string) (string, error) {
	if sealedEmail == "" && lookup == deletedLookup(id) {
		return "", nil // a deleted account: its address is gone
	}
	if db.keys == nil {
		return "", errNoKeys
	}
	email, err := db.keys.Open(sealedEmail, userEmailAD(lookup))
	if err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "the email address of user %d does not open with the data key", id)
	}
	return email, nil
}

// sealEmails is the Go half of schema version 3, run in its transaction
// after its SQL: it seals every address the SQL moved to unsealed_emails
// into the new columns, then drops that table. A database holding
// addresses cannot be migrated without keys: it fails, and the
// transaction leaves everything as it was.
func sealEmails(ctx context.Context, tx *sql.Tx, q func(string) string, k *sealed.Keys) error {
	type row struct{ kind, ref, email string }
	rows, err := tx.QueryContext(ctx, `SELECT kind, ref, email FROM unsealed_emails`)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "reading unsealed email addresses")
	}
	var todo []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.kind, &r.ref, &r.email); err != nil {
			rows.Close()
			return apperr.Wrap(apperr.Internal, err, "reading unsealed email addresses")
		}
		todo = append(todo, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(apperr.Internal, err, "reading unsealed email addresses")
	}
	if len(todo) > 0 && k == nil {
		return apperr.New(apperr.Unavailable, "this database holds %d email addresses in plain text, which this version of folkmoot stores sealed: run `folkmoot migrate` with the data key (--data-key-file or FOLKMOOT_DATA_KEY) so that they can be sealed; nothing was changed. To make a key, %s", len(todo), sealed.HowToMakeKey)
	}
	if k != nil {
		if err := checkKey(ctx, tx, q, k); err != nil {
			return err
		}
	}
	for _, r := range todo {
		if err := sealOne(ctx, tx, q, k, r.kind, r.ref, r.email); err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing the email address of %s %s; nothing was changed", r.kind, r.ref)
		}
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE unsealed_emails`); err != nil {
		return apperr.Wrap(apperr.Internal, err, "dropping unsealed_emails")
	}
	var left int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users WHERE email_sealed = '') + (SELECT COUNT(*) FROM signin_tokens WHERE email_sealed = '')`).Scan(&left); err != nil {
		return apperr.Wrap(apperr.Internal, err, "counting unsealed rows")
	}
	if left > 0 {
		return apperr.New(apperr.Internal, "%d rows have no sealed email address after sealing; nothing was changed", left)
	}
	return nil
}

func sealOne(ctx context.Context, tx *sql.Tx, q func(string) string, k *sealed.Keys, kind, ref, email string) error {
	var query string
	var args []any
	switch kind {
	case "user":
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil {
			return err
		}
		lookup, s, err := sealUser(k, email)
		if err != nil {
			return err
		}
		query, args = `UPDATE users SET email_lookup = ?, email_sealed = ? WHERE id = ?`, []any{lookup, s, id}
	case "signin":
		s, err := k.Seal(email, tokenEmailAD(ref))
		if err != nil {
			return err
		}
		query, args = `UPDATE signin_tokens SET email_sealed = ? WHERE hash = ?`, []any{s, ref}
	default:
		return errors.New("unknown kind " + kind)
	}
	res, err := tx.ExecContext(ctx, q(query), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("updated %d rows, want 1 (%v)", n, err)
	}
	return nil
}
