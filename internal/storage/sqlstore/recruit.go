package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// Recruitment's personal values (addresses, codes, names, contact
// details, dates of birth, answers, access needs, availability) are sealed
// here, each for its place: table, column and the row's own key (the
// address's round and lookup token, the code's lookup token, the
// registration's random member id). See internal/sealed.Place.

func addressPlace(cycleID int64, lookup string) sealed.Place {
	return sealed.Place{Table: "recruit_addresses", Column: "address_sealed", Row: strconv.FormatInt(cycleID, 10) + ":" + lookup}
}

func codePlace(lookup string) sealed.Place {
	return sealed.Place{Table: "recruit_addresses", Column: "code_sealed", Row: lookup}
}

func regPlace(column, memberID string) sealed.Place {
	return sealed.Place{Table: "recruit_registrations", Column: column, Row: memberID}
}

// The lookup tokens of recruitment, each under its own prefix so that a
// token of one kind never equals a token of another.
func (db *DB) addressLookup(key string) string { return db.keys.Lookup("recruit-address:" + key) }
func (db *DB) codeLookup(code string) string   { return db.keys.Lookup("recruit-code:" + code) }
func (db *DB) withdrawLookup(token string) string {
	return db.keys.Lookup("recruit-withdraw:" + token)
}

// RecruitSettings implements recruit.Store.
func (db *DB) RecruitSettings(ctx context.Context, cycleID int64) (recruit.Settings, error) {
	st := recruit.Settings{CycleID: cycleID}
	var cats string
	var at int64
	if err := db.get(ctx, db.R, "No recruitment settings.", `SELECT categories, consent, consent_cy, updated_at FROM recruit_settings WHERE cycle_id = ?`,
		[]any{cycleID}, &cats, &st.Consent, &st.ConsentCy, &at); err != nil {
		return st, err
	}
	st.Updated = tm(at)
	if err := json.Unmarshal([]byte(cats), &st.Categories); err != nil {
		return st, apperr.Wrap(apperr.Internal, err, "reading the questions of round %d", cycleID)
	}
	return st, nil
}

// SaveRecruitSettings implements recruit.Store.
func (db *DB) SaveRecruitSettings(ctx context.Context, st recruit.Settings, ev audit.Event) error {
	cats, err := json.Marshal(st.Categories)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding questions")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, `INSERT INTO recruit_settings(cycle_id, categories, consent, consent_cy, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id) DO UPDATE SET categories = excluded.categories, consent = excluded.consent, consent_cy = excluded.consent_cy, updated_at = excluded.updated_at`,
			st.CycleID, string(cats), st.Consent, st.ConsentCy, us(st.Updated)); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "cycle", st.CycleID)
	})
}

// importBatch is how many addresses one INSERT carries.
const importBatch = 200

// ImportAddresses implements recruit.Store.
func (db *DB) ImportAddresses(ctx context.Context, cycleID int64, addrs []recruit.NewAddress, ev audit.Event) ([]int, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	type row struct {
		line           int
		lookup, sealed string
	}
	rows := make([]row, len(addrs))
	for i, a := range addrs {
		l := db.addressLookup(a.Key)
		s, err := db.keys.SealIn(addressPlace(cycleID, l), a.Text)
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "sealing an address")
		}
		rows[i] = row{a.Line, l, s}
	}
	var dups []int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		dups = dups[:0]
		added := 0
		for start := 0; start < len(rows); start += importBatch {
			batch := rows[start:min(start+importBatch, len(rows))]
			var b strings.Builder
			b.WriteString(`INSERT INTO recruit_addresses(cycle_id, address_lookup, address_sealed) VALUES `)
			args := make([]any, 0, 3*len(batch))
			for i, r := range batch {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?)")
				args = append(args, cycleID, r.lookup, r.sealed)
			}
			b.WriteString(` ON CONFLICT (cycle_id, address_lookup) DO NOTHING RETURNING address_lookup`)
			q := b.String()
			res, err := tx.QueryContext(ctx, db.q(q), args...)
			if err != nil {
				return db.translate(err, q)
			}
			in := map[string]bool{}
			for res.Next() {
				var l string
				if err := res.Scan(&l); err != nil {
					res.Close()
					return db.translate(err, q)
				}
				in[l] = true
			}
			res.Close()
			if err := res.Err(); err != nil {
				return db.translate(err, q)
			}
			for _, r := range batch {
				if !in[r.lookup] {
					dups = append(dups, r.line)
				}
			}
			added += len(in)
		}
		ev.Details = withDetail(ev.Details, "added", strconv.Itoa(added))
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
	return dups, err
}

func withDetail(d map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(d)+1)
	for a, b := range d {
		out[a] = b
	}
	out[k] = v
	return out
}

// UninvitedAddressIDs implements recruit.Store.
func (db *DB) UninvitedAddressIDs(ctx context.Context, cycleID int64) ([]int64, error) {
	return db.ids(ctx, db.R, `SELECT id FROM recruit_addresses WHERE cycle_id = ? AND draw_id IS NULL AND address_sealed <> '' ORDER BY id`, cycleID)
}

// SaveDraw implements recruit.Store.
func (db *DB) SaveDraw(ctx context.Context, d *recruit.Draw, invites []recruit.Invite, ev audit.Event) error {
	if db.keys == nil {
		return errNoKeys
	}
	type row struct {
		id             int64
		lookup, sealed string
	}
	rows := make([]row, len(invites))
	for i, in := range invites {
		l := db.codeLookup(in.Code)
		s, err := db.keys.SealIn(codePlace(l), in.Code)
		if err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing a code")
		}
		rows[i] = row{in.AddressID, l, s}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.get(ctx, tx, "", `INSERT INTO recruit_draws(cycle_id, seed, requested, eligible, drawn, drawn_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{d.CycleID, d.Seed, d.Requested, d.Eligible, d.Drawn, us(d.At)}, &d.ID); err != nil {
			return err
		}
		for _, r := range rows {
			res, err := db.exec(ctx, tx, `UPDATE recruit_addresses SET draw_id = ?, code_lookup = ?, code_sealed = ? WHERE id = ? AND cycle_id = ? AND draw_id IS NULL`,
				d.ID, r.lookup, r.sealed, r.id, d.CycleID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return apperr.New(apperr.Conflict, "Another draw invited some of these addresses at the same time: draw again.")
			}
		}
		return db.appendAudit(ctx, tx, ev, "recruit_draw", d.ID)
	})
}

// AddressDraws implements recruit.Store.
func (db *DB) AddressDraws(ctx context.Context, cycleID int64) ([]recruit.AddressDraw, error) {
	q := `SELECT id, COALESCE(draw_id, 0) FROM recruit_addresses WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recruit.AddressDraw
	for rows.Next() {
		var a recruit.AddressDraw
		if err := rows.Scan(&a.ID, &a.DrawID); err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, a)
	}
	return out, db.translate(rows.Err(), q)
}

// Draws implements recruit.Store.
func (db *DB) Draws(ctx context.Context, cycleID int64) ([]recruit.Draw, error) {
	q := `SELECT id, cycle_id, seed, requested, eligible, drawn, drawn_at FROM recruit_draws WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recruit.Draw
	for rows.Next() {
		var d recruit.Draw
		var at int64
		if err := rows.Scan(&d.ID, &d.CycleID, &d.Seed, &d.Requested, &d.Eligible, &d.Drawn, &at); err != nil {
			return nil, db.translate(err, q)
		}
		d.At = tm(at)
		out = append(out, d)
	}
	return out, db.translate(rows.Err(), q)
}

const invCols = `a.id, a.cycle_id, COALESCE(a.draw_id, 0), a.address_lookup, a.address_sealed, COALESCE(a.code_lookup, ''), a.code_sealed, r.id IS NOT NULL`

func (db *DB) scanInvitation(s scanner) (recruit.Invitation, error) {
	var in recruit.Invitation
	var lookup, addr, codeLookup, code string
	if err := s.Scan(&in.ID, &in.CycleID, &in.DrawID, &lookup, &addr, &codeLookup, &code, &in.Registered); err != nil {
		return in, err
	}
	var err error
	if in.Address, err = db.keys.OpenIn(addressPlace(in.CycleID, lookup), addr); err != nil {
		return in, apperr.Wrap(apperr.Internal, err, "the address %d does not open with the data key", in.ID)
	}
	if in.Code, err = db.keys.OpenIn(codePlace(codeLookup), code); err != nil {
		return in, apperr.Wrap(apperr.Internal, err, "the code of address %d does not open with the data key", in.ID)
	}
	return in, nil
}

// Invitations implements recruit.Store.
func (db *DB) Invitations(ctx context.Context, cycleID, drawID int64) ([]recruit.Invitation, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	q := `SELECT ` + invCols + ` FROM recruit_addresses a LEFT JOIN recruit_registrations r ON r.address_id = a.id
		WHERE a.cycle_id = ? AND a.draw_id IS NOT NULL AND (? = 0 OR a.draw_id = ?) ORDER BY a.id`
	rows, err := db.query(ctx, db.R, q, cycleID, drawID, drawID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recruit.Invitation
	for rows.Next() {
		in, err := db.scanInvitation(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, in)
	}
	return out, db.translate(rows.Err(), q)
}

// InvitationByCode implements recruit.Store.
func (db *DB) InvitationByCode(ctx context.Context, code string) (recruit.Invitation, error) {
	if db.keys == nil {
		return recruit.Invitation{}, errNoKeys
	}
	q := `SELECT ` + invCols + ` FROM recruit_addresses a LEFT JOIN recruit_registrations r ON r.address_id = a.id WHERE a.code_lookup = ?`
	in, err := db.scanInvitation(db.row(ctx, db.R, q, db.codeLookup(code)))
	if err == sql.ErrNoRows {
		return in, apperr.New(apperr.NotFound, "There is no invitation with this code.")
	}
	return in, db.translate(err, q)
}

// regFields lists the sealed columns of a registration, in the order of
// regCols, with where each value of a Registration is.
func regFields(r *recruit.Registration) []struct {
	col string
	v   *string
} {
	return []struct {
		col string
		v   *string
	}{
		{"name_sealed", &r.Name}, {"email_sealed", &r.Email}, {"phone_sealed", &r.Phone}, {"address_sealed", &r.Address},
		{"dob_sealed", &r.DateOfBirth}, {"access_sealed", &r.AccessNeeds}, {"availability_sealed", &r.Availability},
	}
}

// Register implements recruit.Store.
func (db *DB) Register(ctx context.Context, r *recruit.Registration, ev audit.Event) error {
	if db.keys == nil {
		return errNoKeys
	}
	var args []any
	args = append(args, r.CycleID, r.InvitationID, r.MemberID, r.Lang)
	for _, f := range regFields(r) {
		s, err := db.keys.SealIn(regPlace(f.col, r.MemberID), *f.v)
		if err != nil {
			return apperr.Wrap(apperr.Internal, err, "sealing a registration")
		}
		args = append(args, s)
	}
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "encoding answers")
	}
	sa, err := db.keys.SealIn(regPlace("answers_sealed", r.MemberID), string(answers))
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "sealing answers")
	}
	var wl any
	if r.WithdrawToken != "" {
		wl = db.withdrawLookup(r.WithdrawToken)
	}
	args = append(args, sa, wl, us(r.ConsentAt), us(r.Registered))
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := db.get(ctx, tx, "", `INSERT INTO recruit_registrations(cycle_id, address_id, member_id, lang,
			name_sealed, email_sealed, phone_sealed, address_sealed, dob_sealed, access_sealed, availability_sealed,
			answers_sealed, withdraw_lookup, consent_at, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args, &r.ID)
		if apperr.Is(err, apperr.Conflict) {
			return apperr.New(apperr.Conflict, "This code has already been used to register. Each letter registers one person.")
		}
		if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "recruit_registration", r.ID)
	})
}

const regCols = `id, cycle_id, address_id, member_id, lang, name_sealed, email_sealed, phone_sealed, address_sealed, dob_sealed,
	access_sealed, availability_sealed, answers_sealed, consent_at, registered_at, withdrawn_at, erased_at`

func (db *DB) scanRegistration(s scanner) (recruit.Registration, error) {
	var r recruit.Registration
	sealedVals := make([]string, 7)
	var answers string
	var consent, reg, wd, er int64
	dest := []any{&r.ID, &r.CycleID, &r.InvitationID, &r.MemberID, &r.Lang}
	for i := range sealedVals {
		dest = append(dest, &sealedVals[i])
	}
	dest = append(dest, &answers, &consent, &reg, &wd, &er)
	if err := s.Scan(dest...); err != nil {
		return r, err
	}
	r.ConsentAt, r.Registered, r.Withdrawn, r.Erased = tm(consent), tm(reg), tm(wd), tm(er)
	for i, f := range regFields(&r) {
		v, err := db.keys.OpenIn(regPlace(f.col, r.MemberID), sealedVals[i])
		if err != nil {
			return r, apperr.Wrap(apperr.Internal, err, "the %s of registration %d does not open with the data key", f.col, r.ID)
		}
		*f.v = v
	}
	a, err := db.keys.OpenIn(regPlace("answers_sealed", r.MemberID), answers)
	if err != nil {
		return r, apperr.Wrap(apperr.Internal, err, "the answers of registration %d do not open with the data key", r.ID)
	}
	r.Answers = map[string]string{}
	if a != "" {
		if err := json.Unmarshal([]byte(a), &r.Answers); err != nil {
			return r, apperr.Wrap(apperr.Internal, err, "reading the answers of registration %d", r.ID)
		}
	}
	return r, nil
}

// Registrations implements recruit.Store.
func (db *DB) Registrations(ctx context.Context, cycleID int64) ([]recruit.Registration, error) {
	if db.keys == nil {
		return nil, errNoKeys
	}
	q := `SELECT ` + regCols + ` FROM recruit_registrations WHERE cycle_id = ? ORDER BY id`
	rows, err := db.query(ctx, db.R, q, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recruit.Registration
	for rows.Next() {
		r, err := db.scanRegistration(rows)
		if err != nil {
			return nil, db.translate(err, q)
		}
		out = append(out, r)
	}
	return out, db.translate(rows.Err(), q)
}

func (db *DB) oneRegistration(ctx context.Context, where string, args ...any) (recruit.Registration, error) {
	if db.keys == nil {
		return recruit.Registration{}, errNoKeys
	}
	q := `SELECT ` + regCols + ` FROM recruit_registrations WHERE ` + where
	r, err := db.scanRegistration(db.row(ctx, db.R, q, args...))
	if err == sql.ErrNoRows {
		return r, apperr.New(apperr.NotFound, "There is no such registration.")
	}
	return r, db.translate(err, q)
}

// RegistrationByMember implements recruit.Store.
func (db *DB) RegistrationByMember(ctx context.Context, cycleID int64, memberID string) (recruit.Registration, error) {
	return db.oneRegistration(ctx, `cycle_id = ? AND member_id = ?`, cycleID, memberID)
}

// RegistrationByInvitation implements recruit.Store.
func (db *DB) RegistrationByInvitation(ctx context.Context, invitationID int64) (recruit.Registration, error) {
	return db.oneRegistration(ctx, `address_id = ?`, invitationID)
}

// RegistrationByWithdrawToken implements recruit.Store.
func (db *DB) RegistrationByWithdrawToken(ctx context.Context, token string) (recruit.Registration, error) {
	if db.keys == nil {
		return recruit.Registration{}, errNoKeys
	}
	return db.oneRegistration(ctx, `withdraw_lookup = ? AND withdrawn_at = 0`, db.withdrawLookup(token))
}

// WithdrawRegistration implements recruit.Store.
func (db *DB) WithdrawRegistration(ctx context.Context, id int64, ev audit.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var addressID int64
		var member string
		if err := db.get(ctx, tx, "There is no such registration.", `SELECT address_id, member_id FROM recruit_registrations WHERE id = ? AND withdrawn_at = 0`,
			[]any{id}, &addressID, &member); err != nil {
			return err
		}
		// The confirmation email (recruit.Service's key "recruit:<member>")
		// holds the name and address too: a queued one is cancelled, a sent
		// one forgotten. One being sent right now is left to finish.
		if _, err := db.exec(ctx, tx, `UPDATE jobs SET payload = '', status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
			finished_at = CASE WHEN status = 'queued' THEN ? ELSE finished_at END, updated_at = ?
			WHERE unique_key = ? AND status <> 'running'`, us(ev.Time), us(ev.Time), "recruit:"+member); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `UPDATE recruit_registrations SET name_sealed = '', email_sealed = '', phone_sealed = '', address_sealed = '',
			dob_sealed = '', access_sealed = '', availability_sealed = '', answers_sealed = '', withdraw_lookup = NULL, withdrawn_at = ?
			WHERE id = ?`, us(ev.Time), id); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `UPDATE recruit_addresses SET address_sealed = '', code_sealed = '', address_lookup = ? WHERE id = ?`,
			"erased:"+strconv.FormatInt(addressID, 10), addressID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, ev, "recruit_registration", id)
	})
}

// EraseDetails implements recruit.Store.
func (db *DB) EraseDetails(ctx context.Context, cycleID int64, ev audit.Event) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		rows, err := db.query(ctx, tx, `SELECT member_id FROM recruit_registrations WHERE cycle_id = ? AND withdrawn_at = 0 AND erased_at = 0`, cycleID)
		if err != nil {
			return err
		}
		var members []string
		for rows.Next() {
			var m string
			if err := rows.Scan(&m); err != nil {
				rows.Close()
				return db.translate(err, "erase")
			}
			members = append(members, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.translate(err, "erase")
		}
		n = len(members)
		for _, m := range members {
			if _, err := db.exec(ctx, tx, `UPDATE jobs SET payload = '', status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
				finished_at = CASE WHEN status = 'queued' THEN ? ELSE finished_at END, updated_at = ?
				WHERE unique_key = ? AND status <> 'running'`, us(ev.Time), us(ev.Time), "recruit:"+m); err != nil {
				return err
			}
		}
		if _, err := db.exec(ctx, tx, `UPDATE recruit_registrations SET name_sealed = '', email_sealed = '', phone_sealed = '', address_sealed = '',
			dob_sealed = '', access_sealed = '', availability_sealed = '', withdraw_lookup = NULL, erased_at = ?
			WHERE cycle_id = ? AND withdrawn_at = 0 AND erased_at = 0`, us(ev.Time), cycleID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, tx, `UPDATE recruit_addresses SET address_sealed = '', code_sealed = '', address_lookup = 'erased:' || CAST(id AS TEXT)
			WHERE cycle_id = ? AND address_lookup NOT LIKE 'erased:%'`, cycleID); err != nil {
			return err
		}
		ev.Details = withDetail(ev.Details, "erased", strconv.Itoa(n))
		return db.appendAudit(ctx, tx, ev, "cycle", cycleID)
	})
	return n, err
}

// RecruitCounts implements recruit.Store.
func (db *DB) RecruitCounts(ctx context.Context, cycleID int64) (recruit.Counts, error) {
	var c recruit.Counts
	err := db.get(ctx, db.R, "", `SELECT
		(SELECT COUNT(*) FROM recruit_addresses WHERE cycle_id = ?),
		(SELECT COUNT(*) FROM recruit_addresses WHERE cycle_id = ? AND draw_id IS NOT NULL),
		(SELECT COUNT(*) FROM recruit_registrations WHERE cycle_id = ? AND withdrawn_at = 0),
		(SELECT COUNT(*) FROM recruit_registrations WHERE cycle_id = ? AND withdrawn_at <> 0)`,
		[]any{cycleID, cycleID, cycleID, cycleID}, &c.Addresses, &c.Invited, &c.Registered, &c.Withdrawn)
	return c, err
}
