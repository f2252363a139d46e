package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

func openJuryStore(t *testing.T, dsn string) storage.Store {
	t.Helper()
	ctx := context.Background()
	if _, _, err := storage.Migrate(ctx, dsn, nil); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(ctx, dsn, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestJurySQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jury.db")
	st := openJuryStore(t, path)
	testJury(t, st, columns(t, "sqlite", path, `SELECT name FROM pragma_table_info(?)`))
	checkSealed(t, "sqlite", path)
}

func TestJuryPostgres(t *testing.T) {
	dsn := pgtest.Schema(t, "jury_test")
	st := openJuryStore(t, dsn)
	testJury(t, st, columns(t, "pgx", dsn, `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`))
	checkSealed(t, "pgx", dsn)
}

// checkSealed checks that volunteers' answers are stored sealed: no
// answer in clear.
func checkSealed(t *testing.T, driver, dsn string) {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, plain int
	if err := db.QueryRow(`SELECT COUNT(*), COUNT(CASE WHEN answers_sealed NOT LIKE 'v1:%' OR answers_sealed LIKE '%Weekends%' OR answers_sealed LIKE '%woman%' THEN 1 END) FROM jury_volunteers`).Scan(&n, &plain); err != nil {
		t.Fatal(err)
	}
	if n != 10 || plain != 0 {
		t.Fatalf("%d volunteers, %d with answers in clear", n, plain)
	}
}

// columns returns a function listing a table's columns, read with query.
func columns(t *testing.T, driver, dsn, query string) func(table string) []string {
	return func(table string) []string {
		t.Helper()
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query(query, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
		slices.Sort(out)
		return out
	}
}

// testJury runs a jury from volunteers to the published agenda through
// the service, checking the rules (roles, phase gate, one vote per juror),
// the secrecy of the ballot and that the count equals a recount of the
// published ballot file.
func testJury(t *testing.T, st storage.Store, cols func(table string) []string) {
	ctx := context.Background()
	// The secret ballot: who voted and the rankings are kept apart, with
	// no column (user, time, serial id) that could join them.
	if got := cols("jury_ballots"); !slices.Equal(got, []string{"ballot_id", "cycle_id", "ranking"}) {
		t.Fatalf("jury_ballots has columns %v", got)
	}
	if got := cols("jury_voted"); !slices.Equal(got, []string{"cycle_id", "user_id"}) {
		t.Fatalf("jury_voted has columns %v", got)
	}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{Now: clock})
	cs := cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	gs := gather.NewService(st, st, cs, gather.Config{Now: clock})
	js := jury.NewService(st, cs, gs, ps, st, jury.Config{Now: clock})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Jury test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	var users []people.User
	for i := range 10 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("v%d@example.org", i), fmt.Sprintf("Volunteer %c", 'A'+i))
		must(err)
		users = append(users, u)
	}
	// Four themes with 4, 3, 2, 1 supporters.
	for ti, name := range []string{"Access to GP appointments", "Mental health crisis care", "Getting home from hospital", "Dentists"} {
		iss, err := gs.SubmitIssue(ctx, users[ti], gather.IssueDraft{CycleID: c.ID, Title: "An issue about " + name, Description: "Something that matters to many people here, said at some length."})
		must(err)
		for _, u := range users[5 : 9-ti] {
			_, err := gs.Support(ctx, u, iss.ID)
			must(err)
		}
		_, err = gs.CreateTheme(ctx, org, gather.ThemeDraft{CycleID: c.ID, Name: name, Description: "About " + name, IssueIDs: []int64{iss.ID}})
		must(err)
	}
	// Volunteers answer; the answers are sealed and only organisers read them.
	ages, genders, areas := []string{"16-29", "30-44", "45-59", "60-74", "75+"}, []string{"woman", "man"}, []string{"city", "town", "rural"}
	for i, u := range users {
		must(js.Volunteer(ctx, u, c.ID, jury.Answers{AgeBand: ages[i%5], Gender: genders[i%2], Area: areas[i%3], Availability: "Weekends"}))
	}
	if err := js.Volunteer(ctx, users[0], c.ID, jury.Answers{AgeBand: "12"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad answers: %v", err)
	}
	if _, err := js.Volunteers(ctx, users[0], c.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a citizen reads the volunteers: %v", err)
	}
	vols, err := js.Volunteers(ctx, org, c.ID)
	must(err)
	if len(vols) != 10 || vols[3].Answers.AgeBand != "60-74" || vols[3].Name == "" {
		t.Fatalf("volunteers %+v", vols)
	}
	// The gate: no draw while gathering.
	if _, err := js.DrawJurors(ctx, org, c.ID, 42); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("draw in Gather: %v", err)
	}
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Agenda, "")
	must(err)
	_, err = js.Configure(ctx, org, c.ID, 6, jury.Lottery, "", 2)
	must(err)
	if _, err := js.Configure(ctx, users[0], c.ID, 6, jury.Lottery, "", 2); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("citizen configures: %v", err)
	}
	j, err := js.DrawJurors(ctx, org, c.ID, 42)
	must(err)
	jurors, err := js.Jurors(ctx, org, c.ID)
	must(err)
	if len(jurors) != 6 || j.Draw == nil || j.Draw.Seed != 42 || j.Draw.Volunteers != 10 {
		t.Fatalf("drawn %d jurors, draw %+v", len(jurors), j.Draw)
	}
	n := 0
	for _, x := range j.Draw.Counts {
		if x.Category == "gender" {
			n += x.Jurors
		}
	}
	if n != 6 {
		t.Fatalf("composition counts %d jurors by gender", n)
	}
	if _, err := js.DrawJurors(ctx, org, c.ID, 43); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second draw: %v", err)
	}
	j, err = js.SetShortlist(ctx, org, c.ID, 2)
	must(err)
	if len(j.Shortlist.Themes) != 4 || j.Shortlist.Themes[0].Title != "Access to GP appointments" || len(j.Shortlist.Themes[0].IssueIDs) != 1 || j.Shortlist.Rule == "" {
		t.Fatalf("shortlist %+v", j.Shortlist)
	}
	isJuror := func(u people.User) bool {
		return slices.ContainsFunc(jurors, func(x jury.Juror) bool { return x.UserID == u.ID })
	}
	var in, out []people.User
	for _, u := range users {
		if isJuror(u) {
			in = append(in, u)
		} else {
			out = append(out, u)
		}
	}
	if err := js.Vote(ctx, in[0], c.ID, []int{1, 2, 0, 0}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("vote before it opens: %v", err)
	}
	must(js.OpenVote(ctx, org, c.ID))
	if err := js.Vote(ctx, out[0], c.ID, []int{1, 2, 0, 0}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a non-juror votes: %v", err)
	}
	if err := js.Vote(ctx, in[0], c.ID, []int{1, 1, 0, 0}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("duplicate ranks: %v", err)
	}
	if err := js.Vote(ctx, in[0], c.ID, []int{1, 3, 0, 0}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a gap in the ranks: %v", err)
	}
	ballots := [][]int{{1, 2, 3, 0}, {2, 1, 0, 0}, {1, 0, 2, 0}, {0, 1, 2, 3}, {1, 2, 0, 0}, {3, 1, 2, 0}}
	for i, u := range in {
		must(js.Vote(ctx, u, c.ID, ballots[i]))
	}
	if err := js.Vote(ctx, in[0], c.ID, []int{1, 2, 0, 0}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a second vote: %v", err)
	}
	if _, _, err := js.Ballots(ctx, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("ballots published before the count: %v", err)
	}
	j, err = js.CloseVote(ctx, org, c.ID)
	must(err)
	if len(j.Winners) != 2 {
		t.Fatalf("winners %v", j.Winners)
	}
	// The published file recounts to the same winners.
	j, bs, err := js.Ballots(ctx, c.ID)
	must(err)
	if len(bs) != 6 {
		t.Fatalf("%d ballots", len(bs))
	}
	blt := jury.BLT("Spring", j, bs)
	e, err := ballotfile.ReadBLT(bytes.NewReader(blt))
	must(err)
	res, err := jury.Count("Spring", j, bs)
	must(err)
	if !slices.Equal(res.Winners, j.Winners) || len(e.Ballots) != 6 || e.Candidates[0] != "Access to GP appointments" {
		t.Fatalf("recount %v, stored %v; file %+v", res.Winners, j.Winners, e)
	}
	if _, err := js.Publish(ctx, org, c.ID); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("publish without reasons: %v", err)
	}
	reasons := []string{"Many people wait.", "Crisis care is patchy.", "", ""}
	for _, w := range j.Winners {
		reasons[w] = "Chosen because it matters."
	}
	_, err = js.SetReasons(ctx, org, c.ID, reasons, "The others were close, and will be looked at next round.")
	must(err)
	a, err := js.Publish(ctx, org, c.ID)
	must(err)
	if len(a.Chosen) != 2 || len(a.NotChosen) != 2 || a.Chosen[0].Reason == "" || a.Ballots != 6 || a.Jurors != 6 {
		t.Fatalf("agenda %+v", a)
	}
	if _, err := js.Agenda(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
}
