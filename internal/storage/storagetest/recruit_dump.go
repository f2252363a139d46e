package storagetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/recruit"
)

// dump reads every column of every row of every table as text.
func (e *env) dump() map[string][]string {
	e.t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if d, ok := e.s.(interface{ Dialect() string }); ok && d.Dialect() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	var tables []string
	for _, r := range e.rawRows(q) {
		tables = append(tables, r[0])
	}
	out := map[string][]string{}
	for _, t := range tables {
		rows, err := e.raw.QueryContext(e.ctx, `SELECT * FROM `+t)
		e.must(err)
		cols, err := rows.Columns()
		e.must(err)
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			e.must(rows.Scan(vals...))
			for i, v := range vals {
				var s string
				switch x := (*v.(*any)).(type) {
				case nil:
				case []byte:
					s = string(x)
				default:
					s = fmt.Sprint(x)
				}
				out[t+"."+cols[i]] = append(out[t+"."+cols[i]], s)
			}
		}
		e.must(rows.Err())
		rows.Close()
	}
	return out
}

// testRecruitDump registers people whose every personal field holds a
// unique marker, with users present, and reads the whole database: no
// marker may appear in any column of any table. It first checks that the
// dump does see plain values (the round's title and the draw's seed), so
// that it would see a marker stored in clear.
func testRecruitDump(t *testing.T, e *env) {
	svc, _ := e.recruitService()
	_, err := e.people.AddUser(e.ctx, e.org, "qzuserone@example.org", "A reader") // display names are public; the address is not
	e.must(err)
	var csv strings.Builder
	csv.WriteString("address_line_1,address_line_2,town,postcode\n")
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&csv, "%d Qzaddrlane%d,Qzdistrict%d,Qztown%d,QZ%d 1AA\n", i+1, i, i, i, i+1)
	}
	_, err = svc.ImportAddresses(e.ctx, e.org, e.cycle.ID, strings.NewReader(csv.String()))
	e.must(err)
	_, err = svc.DrawInvitations(e.ctx, e.org, e.cycle.ID, 6, "qzseedvisible")
	e.must(err)
	letters, err := svc.Letters(e.ctx, e.org, e.cycle.ID, 0)
	e.must(err)

	type person struct {
		name, email, phone, address, dob, access, avail string
		day, month, year                                string
		answers                                         map[string]string
	}
	people := []person{
		{"Qzfirst Qzlastone", "qzmailone@example.org", "07700 900 111", "Qzhouse One\nQzstreet", "1961-07-19", "Qzaccess hearing loop", "Qzavail weekends", "19", "7", "1961",
			map[string]string{"gender": "another", "region": "north-east", "ethnicity": "mixed", "disability": "yes-a-lot"}},
		{"Qzsecond Qzlasttwo", "qzmailtwo@example.org", "07700 900 222", "Qzhouse Two\nQzroad", "1999-12-03", "Qzaccess step-free", "Qzavail evenings", "3", "12", "1999",
			map[string]string{"gender": "man", "region": "south-west", "ethnicity": "black", "disability": "yes-a-little"}},
		{"Qzthird Qzlastthree", "qzmailthree@example.org", "07700 900 333", "Qzhouse Three\nQzclose", "1948-02-29", "Qzaccess large print", "Qzavail mornings", "29", "2", "1948",
			map[string]string{"gender": "woman", "region": "london", "ethnicity": "asian", "disability": "no"}},
	}
	for i, p := range people {
		r, err := svc.Register(e.ctx, letters[i].Code, recruitDetailsOf(p.name, p.email, p.phone, p.address, p.day, p.month, p.year, p.access, p.avail, p.answers))
		e.must(err)
		if i == 2 {
			_, err = svc.WithdrawByToken(e.ctx, r.WithdrawToken)
			e.must(err)
		}
	}
	d := e.dump()
	all := func(marker string) []string {
		var at []string
		for col, vs := range d {
			for _, v := range vs {
				if strings.Contains(strings.ToLower(v), strings.ToLower(marker)) {
					at = append(at, col)
				}
			}
		}
		return at
	}
	// The dump sees what is stored in clear.
	for _, visible := range []string{"qzseedvisible", e.cycle.Title} {
		if len(all(visible)) == 0 {
			t.Fatalf("the dump does not see %q: it would not see a marker either", visible)
		}
	}
	var markers []string
	for i, p := range people {
		markers = append(markers, p.name, strings.Fields(p.name)[1], p.email, strings.Split(p.email, "@")[0], p.phone,
			strings.ReplaceAll(p.phone, " ", ""), p.dob, p.day+"/"+p.month+"/"+p.year, p.access, p.avail, "Qzhouse", fmt.Sprintf("Qzaddrlane%d", i))
		for k, v := range p.answers {
			markers = append(markers, fmt.Sprintf("%q:%q", k, v), k+"="+v)
		}
	}
	markers = append(markers, "qzuserone@example.org", "Qztown", "Qzdistrict", "QZ1 1AA")
	for _, l := range letters {
		markers = append(markers, l.Code, strings.ReplaceAll(l.Code, "-", ""))
	}
	for _, m := range markers {
		if at := all(m); len(at) > 0 {
			t.Errorf("%q is stored in clear in %v", m, at)
		}
	}
}

func recruitDetailsOf(name, email, phone, address, day, month, year, access, avail string, answers map[string]string) recruit.Details {
	return recruit.Details{Lang: "cy", Name: name, Email: email, Phone: phone, Address: address, DOBDay: day, DOBMonth: month, DOBYear: year,
		AccessNeeds: access, Availability: avail, Answers: answers, Consent: true}
}
