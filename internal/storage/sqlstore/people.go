package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

const userCols = `u.id, u.email_lookup, u.email_sealed, u.display_name, u.roles, u.lang, u.created_at`

type scanner interface{ Scan(dest ...any) error }

// scanUser reads userCols, opening the sealed email address.
func (db *DB) scanUser(s scanner) (people.User, error) {
	var u people.User
	var lookup, sealedEmail, roles, lang string
	var created int64
	if err := s.Scan(&u.ID, &lookup, &sealedEmail, &u.DisplayName, &roles, &lang, &created); err != nil {
		return u, err
	}
	u.Lang = parseLang(lang)
	email, err := db.openUserEmail(u.ID, lookup, sealedEmail)
	if err != nil {
		return people.User{}, err
	}
	u.Email = email
	u.Roles = parseRoles(roles)
	u.Created = tm(created)
	return u, nil
}

// parseLang reads users.lang: a language Folkmoot speaks, or "" (not
// chosen, or one this version no longer knows).
func parseLang(s string) i18n.Lang {
	if l, ok := i18n.Parse(s); ok && s == string(l) {
		return l
	}
	return ""
}

func parseRoles(s string) []people.Role {
	var out []people.Role
	for _, r := range people.Roles {
		if slices.Contains(strings.Split(s, ","), string(r)) {
			out = append(out, r)
		}
	}
	return out
}

func joinRoles(rs []people.Role) string {
	ss := make([]string, 0, len(rs))
	for _, r := range people.Roles {
		if slices.Contains(rs, r) {
			ss = append(ss, string(r))
		}
	}
	if len(ss) == 0 {
		return string(people.RoleCitizen)
	}
	return strings.Join(ss, ",")
}

// CreateUser implements people.Store.
func (db *DB) CreateUser(ctx context.Context, u *people.User, ev audit.Event) error {
	if u.Created.IsZero() {
		u.Created = ev.Time
	}
	if len(u.Roles) == 0 {
		u.Roles = []people.Role{people.RoleCitizen}
	}
	lookup, sealedEmail, err := db.sealUserEmail(u.Email)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := db.get(ctx, tx, "", `INSERT INTO users(email_lookup, email_sealed, display_name, roles, lang, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{lookup, sealedEmail, u.DisplayName, joinRoles(u.Roles), string(u.Lang), us(u.Created)}, &u.ID)
		if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "user", u.ID)
	})
}

// UserByID implements people.Store.
func (db *DB) UserByID(ctx context.Context, id int64) (people.User, error) {
	return db.oneUser(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id)
}

// UserByEmail implements people.Store. The address is found by its lookup
// token, trimmed and lower-cased first.
func (db *DB) UserByEmail(ctx context.Context, email string) (people.User, error) {
	lookup, err := db.emailLookup(email)
	if err != nil {
		return people.User{}, err
	}
	return db.oneUser(ctx, `SELECT `+userCols+` FROM users u WHERE u.email_lookup = ?`, lookup)
}

func (db *DB) oneUser(ctx context.Context, query string, arg any) (people.User, error) {
	u, err := db.scanUser(db.row(ctx, db.R, query, arg))
	if err == sql.ErrNoRows {
		return u, apperr.New(apperr.NotFound, "There is no such user.")
	}
	return u, db.translate(err, query)
}

// Users implements people.Store.
func (db *DB) Users(ctx context.Context, q people.UserQuery) ([]people.User, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, 500)
	where, args := []string{"1=1"}, []any{}
	if q.Role != "" {
		where = append(where, `(',' || u.roles || ',') LIKE ?`)
		args = append(args, "%,"+string(q.Role)+",%")
	}
	if q.Search != "" {
		// Addresses are sealed: a search finds a whole address by its
		// lookup token, and any part of a display name.
		lookup, err := db.emailLookup(q.Search)
		if err != nil {
			return nil, err
		}
		where = append(where, `(u.email_lookup = ? OR lower(u.display_name) LIKE ?)`)
		args = append(args, lookup, "%"+strings.ToLower(q.Search)+"%")
	}
	args = append(args, q.Limit, max(q.Offset, 0))
	rows, err := db.query(ctx, db.R, `SELECT `+userCols+` FROM users u WHERE `+strings.Join(where, " AND ")+` ORDER BY u.id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.User
	for rows.Next() {
		u, err := db.scanUser(rows)
		if err != nil {
			return nil, db.translate(err, "users")
		}
		out = append(out, u)
	}
	return out, db.translate(rows.Err(), "users")
}

// SetDisplayName implements people.Store.
func (db *DB) SetDisplayName(ctx context.Context, userID int64, name string, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such user.", `UPDATE users SET display_name = ? WHERE id = ?`, name, userID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "user", userID)
	})
}

// SetLanguage implements people.Store.
func (db *DB) SetLanguage(ctx context.Context, userID int64, lang i18n.Lang, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such user.", `UPDATE users SET lang = ? WHERE id = ?`, string(lang), userID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "user", userID)
	})
}

// SetRole implements people.Store.
func (db *DB) SetRole(ctx context.Context, userID int64, r people.Role, on bool, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		return db.setRole(ctx, tx, userID, r, on, ev)
	})
}

func (db *DB) setRole(ctx context.Context, tx *sql.Tx, userID int64, r people.Role, on bool, ev audit.Event) error {
	var roles string
	if err := db.get(ctx, tx, "There is no such user.", `SELECT roles FROM users WHERE id = ?`, []any{userID}, &roles); err != nil {
		return err
	}
	rs := parseRoles(roles)
	has := slices.Contains(rs, r)
	if has == on {
		return nil
	}
	if on {
		rs = append(rs, r)
	} else {
		rs = slices.DeleteFunc(rs, func(x people.Role) bool { return x == r })
	}
	if _, err := db.exec(ctx, tx, `UPDATE users SET roles = ? WHERE id = ?`, joinRoles(rs), userID); err != nil {
		return err
	}
	return db.appendAudit(ctx, tx, ev, "user", userID)
}

func (db *DB) mustAffect(ctx context.Context, x queryer, notFound, query string, args ...any) error {
	res, err := db.exec(ctx, x, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "%s", notFound)
	}
	return nil
}

// CreateSignInToken implements people.Store.
func (db *DB) CreateSignInToken(ctx context.Context, t people.SignInToken, ev audit.Event) error {
	if db.keys == nil {
		return errNoKeys
	}
	sealedEmail, err := db.keys.Seal(t.Email, tokenEmailAD(t.Hash))
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "sealing an email address")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO signin_tokens(hash, email_sealed, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			t.Hash, sealedEmail, us(t.Created), us(t.Expires)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "", 0)
	})
}

// UseSignInToken implements people.Store.
func (db *DB) UseSignInToken(ctx context.Context, hash string, now time.Time, ev audit.Event) (people.SignInToken, error) {
	t := people.SignInToken{Hash: hash, Used: now}
	if db.keys == nil {
		return t, errNoKeys
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var created, expires int64
		var sealedEmail string
		err := db.get(ctx, tx, "This sign-in link is not valid.",
			`UPDATE signin_tokens SET used_at = ? WHERE hash = ? AND used_at = 0 AND expires_at > ? RETURNING email_sealed, created_at, expires_at`,
			[]any{us(now), hash, us(now)}, &sealedEmail, &created, &expires)
		if err != nil {
			return err
		}
		if t.Email, err = db.keys.Open(sealedEmail, tokenEmailAD(hash)); err != nil {
			return apperr.Wrap(apperr.Internal, err, "the email address of a sign-in token does not open with the data key")
		}
		t.Created, t.Expires = tm(created), tm(expires)
		return db.appendAudit(ctx, tx, ev, "", 0)
	})
	return t, err
}

// CreateSession implements people.Store.
func (db *DB) CreateSession(ctx context.Context, s people.Session, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO sessions(id_hash, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)`,
			s.IDHash, s.UserID, us(s.Created), us(s.Expires), us(s.LastSeen)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "user", s.UserID)
	})
}

// SessionByHash implements people.Store.
func (db *DB) SessionByHash(ctx context.Context, hash string, now time.Time) (people.Session, people.User, error) {
	s := people.Session{IDHash: hash}
	var created, expires, seen int64
	var roles, lookup, sealedEmail, lang string
	var u people.User
	var ucreated int64
	err := db.get(ctx, db.R, "There is no such session.",
		`SELECT s.user_id, s.created_at, s.expires_at, s.last_seen, `+userCols+`
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`,
		[]any{hash, us(now)}, &s.UserID, &created, &expires, &seen, &u.ID, &lookup, &sealedEmail, &u.DisplayName, &roles, &lang, &ucreated)
	if err != nil {
		return s, u, err
	}
	if u.Email, err = db.openUserEmail(u.ID, lookup, sealedEmail); err != nil {
		return people.Session{}, people.User{}, err
	}
	s.Created, s.Expires, s.LastSeen = tm(created), tm(expires), tm(seen)
	u.Roles, u.Lang, u.Created = parseRoles(roles), parseLang(lang), tm(ucreated)
	if now.Sub(s.LastSeen) > time.Minute {
		// Best effort: a lost last-seen update matters to no one.
		if _, err := db.exec(ctx, db.W, `UPDATE sessions SET last_seen = ? WHERE id_hash = ?`, us(now), hash); err == nil {
			s.LastSeen = now
		}
	}
	return s, u, nil
}

// DeleteSession implements people.Store.
func (db *DB) DeleteSession(ctx context.Context, hash string, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, `DELETE FROM sessions WHERE id_hash = ?`, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return db.appendAudit(ctx, tx, ev, "", 0)
	})
}

// DeleteExpired implements people.Store.
func (db *DB) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	total := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM sessions WHERE expires_at <= ?`, `DELETE FROM signin_tokens WHERE expires_at <= ?`} {
			res, err := db.exec(ctx, tx, q, us(now))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += int(n)
		}
		return nil
	})
	return total, err
}

const orgCols = `o.id, o.name, o.description, o.website, o.created_at`

func scanOrg(s scanner) (people.Organisation, error) {
	var o people.Organisation
	var created int64
	err := s.Scan(&o.ID, &o.Name, &o.Description, &o.Website, &created)
	o.Created = tm(created)
	return o, err
}

// CreateOrganisation implements people.Store.
func (db *DB) CreateOrganisation(ctx context.Context, o *people.Organisation, ev audit.Event) error {
	if o.Created.IsZero() {
		o.Created = ev.Time
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := db.get(ctx, tx, "", `INSERT INTO organisations(name, name_key, description, website, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{o.Name, strings.ToLower(o.Name), o.Description, o.Website, us(o.Created)}, &o.ID)
		if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "organisation", o.ID)
	})
}

// UpdateOrganisation implements people.Store.
func (db *DB) UpdateOrganisation(ctx context.Context, o people.Organisation, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "There is no such organisation.", `UPDATE organisations SET name = ?, name_key = ?, description = ?, website = ? WHERE id = ?`,
			o.Name, strings.ToLower(o.Name), o.Description, o.Website, o.ID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "organisation", o.ID)
	})
}

// Organisation implements people.Store.
func (db *DB) Organisation(ctx context.Context, id int64) (people.Organisation, error) {
	q := `SELECT ` + orgCols + ` FROM organisations o WHERE o.id = ?`
	o, err := scanOrg(db.row(ctx, db.R, q, id))
	if err == sql.ErrNoRows {
		return o, apperr.New(apperr.NotFound, "There is no such organisation.")
	}
	return o, db.translate(err, q)
}

// Organisations implements people.Store.
func (db *DB) Organisations(ctx context.Context) ([]people.Organisation, error) {
	return db.orgs(ctx, `SELECT `+orgCols+` FROM organisations o ORDER BY o.name_key, o.id`)
}

// UserOrganisations implements people.Store.
func (db *DB) UserOrganisations(ctx context.Context, userID int64) ([]people.Organisation, error) {
	return db.orgs(ctx, `SELECT `+orgCols+` FROM organisations o JOIN representatives r ON r.org_id = o.id
		WHERE r.user_id = ? AND r.verified = 1 ORDER BY o.name_key, o.id`, userID)
}

func (db *DB) orgs(ctx context.Context, query string, args ...any) ([]people.Organisation, error) {
	rows, err := db.query(ctx, db.R, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, db.translate(err, query)
		}
		out = append(out, o)
	}
	return out, db.translate(rows.Err(), query)
}

// AddRepresentative implements people.Store.
func (db *DB) AddRepresentative(ctx context.Context, r people.Representative, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO representatives(org_id, user_id, verified, verified_by, verified_at, requested_at) VALUES (?, ?, ?, ?, ?, ?)`,
			r.OrgID, r.UserID, b2i(r.Verified), r.VerifiedBy, us(r.VerifiedAt), us(r.Requested)); err != nil {
			return err
		}
		if r.Verified {
			if err := db.grantOrgRep(ctx, tx, r.UserID); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "organisation", r.OrgID)
	})
}

// VerifyRepresentative implements people.Store.
func (db *DB) VerifyRepresentative(ctx context.Context, orgID, userID, verifier int64, at time.Time, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "That person has not asked to represent this organisation.",
			`UPDATE representatives SET verified = 1, verified_by = ?, verified_at = ? WHERE org_id = ? AND user_id = ?`,
			verifier, us(at), orgID, userID); err != nil {
			return err
		}
		if err := db.grantOrgRep(ctx, tx, userID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "organisation", orgID)
	})
}

func (db *DB) grantOrgRep(ctx context.Context, tx *sql.Tx, userID int64) error {
	var roles string
	if err := db.get(ctx, tx, "There is no such user.", `SELECT roles FROM users WHERE id = ?`, []any{userID}, &roles); err != nil {
		return err
	}
	rs := parseRoles(roles)
	if slices.Contains(rs, people.RoleOrgRep) {
		return nil
	}
	_, err := db.exec(ctx, tx, `UPDATE users SET roles = ? WHERE id = ?`, joinRoles(append(rs, people.RoleOrgRep)), userID)
	return err
}

// RemoveRepresentative implements people.Store.
func (db *DB) RemoveRepresentative(ctx context.Context, orgID, userID int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.mustAffect(ctx, tx, "That person does not represent this organisation.",
			`DELETE FROM representatives WHERE org_id = ? AND user_id = ?`, orgID, userID); err != nil {
			return err
		}
		var others int
		if err := db.get(ctx, tx, "", `SELECT COUNT(*) FROM representatives WHERE user_id = ? AND verified = 1`, []any{userID}, &others); err != nil {
			return err
		}
		if others == 0 {
			var roles string
			if err := db.get(ctx, tx, "There is no such user.", `SELECT roles FROM users WHERE id = ?`, []any{userID}, &roles); err != nil {
				return err
			}
			rs := slices.DeleteFunc(parseRoles(roles), func(r people.Role) bool { return r == people.RoleOrgRep })
			if _, err := db.exec(ctx, tx, `UPDATE users SET roles = ? WHERE id = ?`, joinRoles(rs), userID); err != nil {
				return err
			}
		}
		return db.appendAudit(ctx, tx, ev, "organisation", orgID)
	})
}

// Representatives implements people.Store.
func (db *DB) Representatives(ctx context.Context, orgID int64) ([]people.Representative, error) {
	q := `SELECT r.org_id, r.user_id, u.display_name, u.email_lookup, u.email_sealed, r.verified, r.verified_by, r.verified_at, r.requested_at
		FROM representatives r JOIN users u ON u.id = r.user_id WHERE r.org_id = ? ORDER BY r.verified DESC, u.display_name, r.user_id`
	rows, err := db.query(ctx, db.R, q, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Representative
	for rows.Next() {
		var r people.Representative
		var verified int
		var vat, req int64
		var lookup, sealedEmail string
		if err := rows.Scan(&r.OrgID, &r.UserID, &r.DisplayName, &lookup, &sealedEmail, &verified, &r.VerifiedBy, &vat, &req); err != nil {
			return nil, db.translate(err, q)
		}
		email, err := db.openUserEmail(r.UserID, lookup, sealedEmail)
		if err != nil {
			return nil, err
		}
		r.Email = email
		r.Verified, r.VerifiedAt, r.Requested = verified == 1, tm(vat), tm(req)
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}

// IsVerifiedRepresentative implements people.Store and gather.Representatives.
func (db *DB) IsVerifiedRepresentative(ctx context.Context, userID, orgID int64) (bool, error) {
	var n int
	err := db.get(ctx, db.R, "", `SELECT COUNT(*) FROM representatives WHERE user_id = ? AND org_id = ? AND verified = 1`, []any{userID, orgID}, &n)
	return n > 0, err
}
