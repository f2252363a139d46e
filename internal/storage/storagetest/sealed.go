package storagetest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
)

// rawRows returns every column of every row a query returns, as text, read
// straight from the database.
func (e *env) rawRows(query string, args ...any) [][]string {
	e.t.Helper()
	rows, err := e.raw.QueryContext(e.ctx, query, args...)
	e.must(err)
	defer rows.Close()
	cols, err := rows.Columns()
	e.must(err)
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		e.must(rows.Scan(vals...))
		row := make([]string, len(cols))
		for i, v := range vals {
			switch x := (*v.(*any)).(type) {
			case []byte:
				row[i] = string(x)
			case string:
				row[i] = x
			}
		}
		out = append(out, row)
	}
	e.must(rows.Err())
	return out
}

// noAddressIn fails if any value read by query contains one of the
// addresses or their local parts, in any case.
func (e *env) noAddressIn(query string, addrs ...string) {
	e.t.Helper()
	rows := e.rawRows(query)
	if len(rows) == 0 {
		e.t.Fatalf("%s: no rows to check", query)
	}
	for _, row := range rows {
		for _, v := range row {
			for _, a := range addrs {
				local, _, _ := strings.Cut(a, "@")
				if strings.Contains(strings.ToLower(v), local) {
					e.t.Fatalf("%s: stored value %q contains %q", query, v, a)
				}
			}
		}
	}
}

// testSealedEmails: addresses are stored sealed, found by lookup token
// however they are typed, unique, and bound to their row.
func testSealedEmails(t *testing.T, e *env) {
	alice, err := e.people.AddUser(e.ctx, people.System, "  Alice.Liddell@Example.ORG ", "Alice")
	e.must(err)
	bob, err := e.people.AddUser(e.ctx, people.System, "bob.builder@example.org", "Bob")
	e.must(err)
	if alice.Email != "alice.liddell@example.org" {
		t.Fatalf("created with email %q", alice.Email)
	}
	// Nothing of the address is in the database, in any column.
	e.noAddressIn(`SELECT * FROM users`, "alice.liddell@example.org", "bob.builder@example.org")
	for _, row := range e.rawRows(`SELECT email_sealed FROM users`) {
		if !sealed.IsSealed(row[0]) {
			t.Fatalf("email_sealed %q is not a sealed value", row[0])
		}
	}
	_, _, err = e.people.RequestSignIn(e.ctx, "Carol.Danvers@example.org")
	e.must(err)
	e.noAddressIn(`SELECT * FROM signin_tokens`, "carol.danvers@example.org")
	// Nor in the audit log, which is public.
	e.noAddressIn(`SELECT actor, action, object, details FROM audit_log`, "alice.liddell@example.org", "bob.builder@example.org", "carol.danvers@example.org")

	// Found by exact address, whatever its case and surrounding space.
	for _, typed := range []string{"alice.liddell@example.org", "ALICE.Liddell@example.org", "  alice.liddell@EXAMPLE.org\t"} {
		got, err := e.s.UserByEmail(e.ctx, typed)
		e.must(err)
		if got.ID != alice.ID || got.Email != "alice.liddell@example.org" {
			t.Fatalf("UserByEmail(%q) = %+v", typed, got)
		}
	}
	_, err = e.s.UserByEmail(e.ctx, "alice@example.org")
	wantKind(t, err, apperr.NotFound)
	found, err := e.s.Users(e.ctx, people.UserQuery{Search: " Bob.Builder@example.org"})
	e.must(err)
	if len(found) != 1 || found[0].ID != bob.ID || found[0].Email != "bob.builder@example.org" {
		t.Fatalf("search by address found %+v", found)
	}

	// Still one account per address, enforced by the database.
	_, err = e.people.AddUser(e.ctx, people.System, "ALICE.LIDDELL@example.org", "Alice again")
	wantKind(t, err, apperr.Conflict)
	if _, err := e.raw.ExecContext(e.ctx, `UPDATE users SET email_lookup = (SELECT email_lookup FROM users WHERE id = `+idText(alice.ID)+`) WHERE id = `+idText(bob.ID)); err == nil {
		t.Fatal("the database accepted two users with one lookup token")
	}

	// A sealed address copied into another row does not open there: an
	// error, never someone else's address.
	_, err = e.raw.ExecContext(e.ctx, `UPDATE users SET email_sealed = (SELECT email_sealed FROM users WHERE id = `+idText(alice.ID)+`) WHERE id = `+idText(bob.ID))
	e.must(err)
	got, err := e.s.UserByID(e.ctx, bob.ID)
	wantKind(t, err, apperr.Internal)
	if got.Email != "" {
		t.Fatalf("moved ciphertext read as %q", got.Email)
	}
}

// testWrongKey: a store opened with another key is refused at once, and a
// store without keys cannot read or write addresses.
func testWrongKey(t *testing.T, e *env) {
	e.user("dora@example.org")
	other, err := sealed.New([]byte(strings.Repeat("x", sealed.KeySize)))
	e.must(err)
	s, err := e.reopen(other)
	if err == nil {
		s.Close()
		t.Fatal("opened with the wrong key")
	}
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "data key") {
		t.Fatalf("wrong key: %v", err)
	}
	// The key check alone refuses a wrong key, even with no user to try.
	_, err = e.raw.ExecContext(e.ctx, `DELETE FROM users WHERE id <> `+idText(e.org.ID))
	e.must(err)
	if s, err := e.reopen(other); err == nil {
		s.Close()
		t.Fatal("opened with the wrong key")
	}

	s, err = e.reopen(nil)
	e.must(err)
	defer s.Close()
	if _, err := s.UserByID(e.ctx, e.org.ID); err == nil || !strings.Contains(err.Error(), "data key") {
		t.Fatalf("read without keys: %v", err)
	}
	ps := people.NewService(s, people.Config{})
	if _, err := ps.AddUser(e.ctx, people.System, "eve@example.org", ""); err == nil {
		t.Fatal("added a user without keys")
	}
	// The right key opens again.
	s2, err := e.reopen(sealed.MustTest())
	e.must(err)
	s2.Close()
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }
