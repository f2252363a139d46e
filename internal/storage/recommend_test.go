package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// fakeMembers is the assembly's membership, by user id.
type fakeMembers map[int64][]assembly.Role

func (f fakeMembers) RolesOf(_ context.Context, _ int64, userID int64) ([]assembly.Role, error) {
	return f[userID], nil
}

// fakeAgenda is a round's published agenda.
type fakeAgenda []string

func (f fakeAgenda) Agenda(_ context.Context, cycleID int64) (jury.Agenda, error) {
	a := jury.Agenda{CycleID: cycleID}
	for i, t := range f {
		a.Chosen = append(a.Chosen, jury.Item{Theme: jury.Theme{ThemeID: int64(i + 1), Title: t}, Rank: i + 1})
	}
	return a, nil
}

func TestRecommendSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.db")
	st := openJuryStore(t, path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testRecommend(t, st, db, "sqlite")
}

func TestRecommendPostgres(t *testing.T) {
	dsn := pgtest.Schema(t, "rec_test")
	st := openJuryStore(t, dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testRecommend(t, st, db, "postgres")
}

// column is what the schema says of one column.
type column struct {
	Name, Type string
	Serial     bool // autoincrement, identity or a sequence default
}

// schemaOf reads a table's columns, the tables its foreign keys point to,
// and (SQLite) whether it has a rowid, from the database's own catalogue.
func schemaOf(t *testing.T, db *sql.DB, dialect, table string) (cols []column, refs []string, rowid bool) {
	t.Helper()
	rows := func(q string, args ...any) [][]string { return dump(t, db, q, args...) }
	if dialect == "sqlite" {
		ddl := rows(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table)
		if len(ddl) != 1 {
			t.Fatalf("no table %s", table)
		}
		up := strings.ToUpper(ddl[0][0])
		rowid = !strings.Contains(up, "WITHOUT ROWID")
		for _, r := range rows(`SELECT name, type, pk FROM pragma_table_info(?)`, table) {
			serial := strings.Contains(up, "AUTOINCREMENT") || (r[2] == "1" && strings.EqualFold(r[1], "INTEGER") && rowid)
			cols = append(cols, column{Name: r[0], Type: r[1], Serial: serial})
		}
		for _, r := range rows(`SELECT "table" FROM pragma_foreign_key_list(?)`, table) {
			refs = append(refs, r[0])
		}
		return cols, refs, rowid
	}
	for _, r := range rows(`SELECT column_name, data_type, COALESCE(column_default, ''), is_identity FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1`, table) {
		cols = append(cols, column{Name: r[0], Type: r[1], Serial: strings.Contains(r[2], "nextval") || r[3] == "YES"})
	}
	for _, r := range rows(`SELECT ccu.table_name FROM information_schema.table_constraints tc
		JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
		WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = $1`, table) {
		refs = append(refs, r[0])
	}
	return cols, refs, false
}

// dump runs q and returns every cell as text, in the order the database
// gives the rows.
func dump(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rs, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cs, _ := rs.Columns()
	var out [][]string
	for rs.Next() {
		vals := make([]any, len(cs))
		ptrs := make([]any, len(cs))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cs))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var personish = regexp.MustCompile(`(?i)user|person|people|voter|member|email|name|actor|session|^ip_|_ip$|address`)
var timeish = regexp.MustCompile(`(?i)time|date|_at$|created|updated|seq|serial|position|order`)

// checkSecretSchema fails if the ballot table could identify a voter or
// the order of voting, or if the voted table holds anything of content.
func checkSecretSchema(t *testing.T, db *sql.DB, dialect string) {
	t.Helper()
	cols, refs, rowid := schemaOf(t, db, dialect, "rec_ballots")
	if len(cols) == 0 {
		t.Fatal("rec_ballots has no columns")
	}
	if rowid {
		t.Error("rec_ballots has a rowid: its rows would keep the order the votes came in")
	}
	for _, c := range cols {
		if personish.MatchString(c.Name) || timeish.MatchString(c.Name) || strings.Contains(strings.ToLower(c.Type), "time") || strings.Contains(strings.ToLower(c.Type), "date") {
			t.Errorf("rec_ballots has column %s (%s): a person or a time", c.Name, c.Type)
		}
		if c.Serial {
			t.Errorf("rec_ballots.%s is a serial or autoincrement key", c.Name)
		}
	}
	for _, ref := range refs {
		// A table identifies people if it is the users' table or points to it.
		_, rr, _ := schemaOf(t, db, dialect, ref)
		if personish.MatchString(ref) || slices.Contains(rr, "users") {
			t.Errorf("rec_ballots refers to %s, which identifies people", ref)
		}
	}
	vcols, _, vrowid := schemaOf(t, db, dialect, "rec_voted")
	if vrowid {
		t.Error("rec_voted has a rowid")
	}
	for _, c := range vcols {
		if c.Name != "cycle_id" && c.Name != "user_id" {
			t.Errorf("rec_voted has column %s: it may say only who voted in which round", c.Name)
		}
	}
}

// testRecommend runs a round's recommendations from drafting to the
// published results through the service, checks the rules, the secrecy
// of the ballot against every table, and the counts against the
// published files.
func testRecommend(t *testing.T, st storage.Store, db *sql.DB, dialect string) {
	ctx := context.Background()
	checkSecretSchema(t, db, dialect)
	now := time.Date(2027, 5, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	ps := people.NewService(st, people.Config{Now: clock})
	cs := cycle.NewService(st, cycle.Config{Now: clock, CacheTTL: time.Nanosecond})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive Organiser", people.RoleOrganiser)
	must(err)
	prog, err := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Rec test"})
	must(err)
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	must(err)
	members := fakeMembers{}
	var voters []people.User
	for i := range 10 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("m%d@example.org", i), fmt.Sprintf("Member %c", 'A'+i))
		must(err)
		members[u.ID] = []assembly.Role{assembly.Member}
		voters = append(voters, u)
	}
	fac, err := ps.AddUser(ctx, people.System, "fac@example.org", "Fran Facilitator")
	must(err)
	members[fac.ID] = []assembly.Role{assembly.Facilitator}
	outsider, err := ps.AddUser(ctx, people.System, "out@example.org", "Otto Outsider")
	must(err)
	rs := recommend.NewService(st, cs, fakeAgenda{"Access to GP appointments", "Mental health crisis care"}, members, recommend.Config{Now: clock})

	// Drafting is for the Meetings and Recommendations phases.
	if _, err := rs.Create(ctx, voters[0], c.ID, recommend.Draft{ThemeID: 1, Kind: recommend.Agreement, Text: "Same-day appointments"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("draft while gathering: %v", err)
	}
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Meetings, "")
	must(err)
	if _, err := rs.Create(ctx, outsider, c.ID, recommend.Draft{ThemeID: 1, Kind: recommend.Agreement, Text: "x"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an outsider drafts: %v", err)
	}
	if _, err := rs.Create(ctx, voters[0], c.ID, recommend.Draft{ThemeID: 9, Kind: recommend.Agreement, Text: "x"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a theme not on the agenda: %v", err)
	}
	a, err := rs.Create(ctx, voters[0], c.ID, recommend.Draft{ThemeID: 1, GroupID: 3, Kind: recommend.Agreement, Text: "Every GP practice should offer same-day appointments."})
	must(err)
	b, err := rs.Create(ctx, fac, c.ID, recommend.Draft{ThemeID: 2, Kind: recommend.Agreement, Text: "Crisis lines should answer within five minutes."})
	must(err)
	if _, err := rs.Create(ctx, fac, c.ID, recommend.Draft{ThemeID: 2, Kind: recommend.Choice, Text: "Which first?", Options: []string{"A", "a"}}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("duplicate options: %v", err)
	}
	ch, err := rs.Create(ctx, fac, c.ID, recommend.Draft{ThemeID: 2, Kind: recommend.Choice, Method: "irv", Text: "Which should come first?",
		Options: []string{"A crisis café in every town", "A 24-hour phone line", "More crisis beds"}})
	must(err)
	// Versions, amendments and minority views.
	a, err = rs.Edit(ctx, voters[1], a.ID, "Every GP practice should offer same-day appointments for urgent needs.", "clearer")
	must(err)
	a, err = rs.Amend(ctx, voters[2], a.ID, "Every GP practice should offer same-day appointments for urgent needs, bookable by phone or online.", "Not everyone is online.")
	must(err)
	a, err = rs.Amend(ctx, voters[3], a.ID, "Abolish appointments.", "")
	must(err)
	if _, err := rs.Decide(ctx, voters[4], a.ID, 1, true, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a member accepts an amendment: %v", err)
	}
	a, err = rs.Decide(ctx, fac, a.ID, 1, true, "")
	must(err)
	if _, err := rs.Decide(ctx, fac, a.ID, 2, false, ""); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("decline without a reason: %v", err)
	}
	a, err = rs.Decide(ctx, org, a.ID, 2, false, "It goes against the theme.")
	must(err)
	a, err = rs.AddMinorityView(ctx, voters[5], a.ID, "Same-day appointments will lengthen waits for routine care.", true)
	must(err)
	a, err = rs.AddMinorityView(ctx, voters[6], a.ID, "Phone lines at 8am are the problem, not the number of slots.", false)
	must(err)
	if a.Version() != 3 || !strings.HasSuffix(a.Text(), "phone or online.") || a.Amendments[0].Status != recommend.Accepted || a.Amendments[1].Status != recommend.Declined ||
		len(a.Minority) != 2 || a.Minority[0].Signed != "Member F" || a.Minority[1].Signed != "" {
		t.Fatalf("item %+v", a)
	}
	// The threshold, then the vote.
	if _, err := rs.SetThreshold(ctx, org, c.ID, 0.3); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("threshold 30%%: %v", err)
	}
	_, err = rs.SetThreshold(ctx, org, c.ID, 0.75)
	must(err)
	if err := rs.OpenVote(ctx, org, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("vote opened in Meetings: %v", err)
	}
	_, err = cs.MovePhase(ctx, org, c.ID, cycle.Recommendations, "")
	must(err)
	must(rs.OpenVote(ctx, org, c.ID))
	if _, err := rs.Edit(ctx, voters[1], a.ID, "Changed during the vote.", ""); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("edit during the vote: %v", err)
	}
	if _, err := rs.Vote(ctx, fac, c.ID, nil); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a facilitator votes: %v", err)
	}
	if _, err := rs.Vote(ctx, voters[0], c.ID, []recommend.Answer{{ItemID: a.ID, Choice: "maybe"}}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a bad ballot: %v", err)
	}

	// Ten members vote in an order that is not their user id order; each
	// gives a different combination, so any order or id that followed
	// the voting would give them away.
	order := []int{7, 2, 9, 0, 5, 3, 8, 1, 6, 4}
	aAns := []string{"strongly_agree", "agree", "strongly_agree", "agree", "agree", "neutral", "strongly_agree", "agree", "disagree", "agree"}
	bAns := []string{"agree", "disagree", "strongly_disagree", "neutral", "agree", "disagree", "agree", "neutral", "strongly_disagree", "disagree"}
	chRanks := [][]int{{1, 2, 3}, {2, 1, 3}, {3, 2, 1}, {1, 3, 2}, {2, 3, 1}, {3, 1, 2}, {1, 2, 0}, {0, 1, 2}, {2, 1, 0}, {1, 0, 0}}
	receipts := map[int]string{} // voter index → receipt code
	for n, i := range order {
		code, err := rs.Vote(ctx, voters[i], c.ID, []recommend.Answer{{ItemID: a.ID, Choice: aAns[n]}, {ItemID: b.ID, Choice: bAns[n]}, {ItemID: ch.ID, Ranks: chRanks[n]}})
		must(err)
		if len(code) != 12 {
			t.Fatalf("receipt %q", code)
		}
		receipts[i] = code
	}
	if _, err := rs.Vote(ctx, voters[7], c.ID, []recommend.Answer{{ItemID: a.ID, Choice: "agree"}}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a second vote: %v", err)
	}
	if _, _, _, err := rs.Results(ctx, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("results before the close: %v", err)
	}
	_, err = rs.CloseVote(ctx, org, c.ID)
	must(err)

	// Receipts verify: each shows exactly what its voter gave.
	for n, i := range order {
		got, err := rs.Receipt(ctx, c.ID, strings.ToLower(receipts[i]))
		must(err)
		want := []string{aAns[n], bAns[n]}
		if len(got) != 3 || got[0].Choice != want[0] || got[1].Choice != want[1] {
			t.Fatalf("receipt of voter %d shows %+v, voted %v", i, got, want)
		}
		r, _ := recommend.ParseRanks("x", chRanks[n], 3)
		if got[2].Choice != r {
			t.Fatalf("receipt ranking %s, voted %s", got[2].Choice, r)
		}
	}
	if _, err := rs.Receipt(ctx, c.ID, "ZZZZZZZZZZZZ"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown receipt: %v", err)
	}

	// Try to link voters to ballots.
	tryToLink(t, db, dialect, voters, order, receipts)

	// The published counts recount from ballots.csv and the .blt.
	round, res, bs, err := rs.Results(ctx, c.ID)
	must(err)
	if len(bs) != 30 || round.Threshold != 0.75 {
		t.Fatalf("%d ballots, threshold %v", len(bs), round.Threshold)
	}
	recount := map[string]map[string]int{}
	recs, err := csv.NewReader(bytes.NewReader(recommend.CSV(bs))).ReadAll()
	must(err)
	if !slices.Equal(recs[0], []string{"receipt", "recommendation", "choice"}) || len(recs) != 31 {
		t.Fatalf("ballots.csv header %v, %d rows", recs[0], len(recs))
	}
	seen := map[string]bool{}
	for i, r := range recs[1:] {
		if seen[r[0]] || (i > 0 && recs[i][0] > r[0]) {
			t.Fatalf("receipt %s repeated or out of order", r[0])
		}
		seen[r[0]] = true
		if recount[r[1]] == nil {
			recount[r[1]] = map[string]int{}
		}
		recount[r[1]][r[2]]++
	}
	for _, p := range recommend.Publish(round.Threshold, res, "/cycles/1/recommendations") {
		id := strconv.FormatInt(p.ID, 10)
		if p.Method != "agreement" {
			continue
		}
		got := recount[id]
		yes, total := got["agree"]+got["strongly_agree"], 0
		for _, v := range recommend.Scale {
			total += got[v]
			if got[v] != p.Counts.Of(v) {
				t.Fatalf("item %s: %s published %d, csv %d", id, v, p.Counts.Of(v), got[v])
			}
		}
		if passed := float64(yes)/float64(total) >= *p.Threshold; passed != p.Passed {
			t.Fatalf("item %s: passed %v, csv %d/%d", id, p.Passed, yes, total)
		}
	}
	// a: 8 of 10 agree (passes 75%); b: 3 of 10 (fails).
	if !res[0].Passed || res[0].Counts.StronglyAgree != 3 || res[1].Passed {
		t.Fatalf("results %+v %+v", res[0], res[1])
	}
	e, err := ballotfile.ReadBLT(bytes.NewReader(recommend.BLT(res[2].Item, bs)))
	must(err)
	cli, err := voting.Count("irv", e, voting.Options{Seed: 0, Rand: rand.New(rand.NewPCG(0, 0))})
	must(err)
	if len(e.Ballots) != 10 || !slices.Equal(cli.WinnerNames(), res[2].Winners) || len(res[2].Winners) != 1 {
		t.Fatalf("recount %v, published %v", cli.WinnerNames(), res[2].Winners)
	}
}

// tryToLink reads every table of the database, the audit log and the
// physical order of the ballots, and fails if anything ties a voter to
// their ballots.
func tryToLink(t *testing.T, db *sql.DB, dialect string, voters []people.User, order []int, receipts map[int]string) {
	t.Helper()
	var tables [][]string
	if dialect == "sqlite" {
		tables = dump(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	} else {
		tables = dump(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	}
	var ballotIDs []string
	for _, r := range dump(t, db, `SELECT ballot_id FROM rec_ballots`) {
		ballotIDs = append(ballotIDs, r[0])
	}
	for _, tb := range tables {
		if tb[0] == "rec_ballots" {
			continue
		}
		for _, row := range dump(t, db, `SELECT * FROM `+tb[0]) {
			cell := strings.Join(row, "\x00")
			for i, code := range receipts {
				if strings.Contains(cell, code) {
					t.Errorf("table %s holds voter %d's receipt: %v", tb[0], i, row)
				}
			}
			for _, id := range ballotIDs {
				if strings.Contains(cell, id) {
					t.Errorf("table %s holds a ballot id: %v", tb[0], row)
				}
			}
			if tb[0] == "audit_log" && strings.Contains(cell, "recommend.vote") && !strings.Contains(cell, "{}") {
				t.Errorf("the audit entry of a vote says more than that the person voted: %v", row)
			}
			for _, s := range []string{"strongly_agree", "strongly_disagree", ">"} {
				if strings.Contains(cell, s) && tb[0] != "rec_items" && tb[0] != "audit_log" {
					t.Errorf("table %s holds ballot content %q: %v", tb[0], s, row)
				}
			}
		}
	}
	// The physical order of the ballots (without ORDER BY; on
	// PostgreSQL by ctid too) follows their random id, not the voting.
	byCode := map[string]int{} // receipt code → position in the voting
	for n, i := range order {
		byCode[receipts[i]] = n
	}
	check := func(q string) {
		rows := dump(t, db, q)
		if len(rows) != 30 {
			t.Fatalf("%s: %d rows", q, len(rows))
		}
		var ids, seq []string
		var pos []int
		for _, r := range rows {
			ids = append(ids, r[0])
			pos = append(pos, byCode[strings.Split(r[1], "-")[0]])
			seq = append(seq, r[1])
		}
		if !slices.IsSorted(ids) {
			t.Errorf("%s: the rows are not in the order of their random id", q)
		}
		if slices.IsSorted(pos) || slices.IsSortedFunc(pos, func(a, b int) int { return b - a }) {
			t.Errorf("%s: the ballots come in the order of voting: %v", q, pos)
		}
	}
	check(`SELECT ballot_id, receipt FROM rec_ballots`)
	if dialect == "postgres" {
		check(`SELECT ballot_id, receipt FROM rec_ballots ORDER BY ctid`)
	} else if _, err := db.Query(`SELECT rowid FROM rec_ballots`); err == nil {
		t.Error("rec_ballots has a rowid")
	}
	// Who voted is kept in the order of the user ids, not of the voting.
	var voted []string
	for _, r := range dump(t, db, `SELECT user_id FROM rec_voted`) {
		voted = append(voted, r[0])
	}
	var votingOrder []string
	for _, i := range order {
		votingOrder = append(votingOrder, strconv.FormatInt(voters[i].ID, 10))
	}
	if dialect == "sqlite" && slices.Equal(voted, votingOrder) {
		t.Errorf("rec_voted keeps the order of voting")
	}
}

// Members voting at the same moment all get their vote recorded (on
// PostgreSQL each vote rewrites the round's ballots, one at a time).
func TestRecommendConcurrentVotesPostgres(t *testing.T) {
	dsn := pgtest.Schema(t, "rec_conc_test")
	st := openJuryStore(t, dsn)
	testConcurrentVotes(t, st)
}

func TestRecommendConcurrentVotesSQLite(t *testing.T) {
	testConcurrentVotes(t, openJuryStore(t, filepath.Join(t.TempDir(), "rec.db")))
}

func testConcurrentVotes(t *testing.T, st storage.Store) {
	ctx := context.Background()
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{CacheTTL: time.Nanosecond})
	org, err := ps.AddUser(ctx, people.System, "org@example.org", "Olive", people.RoleOrganiser)
	if err != nil {
		t.Fatal(err)
	}
	prog, _ := cs.CreateProgramme(ctx, people.System, cycle.Programme{Name: "Conc"})
	c, err := cs.CreateCycle(ctx, org, cycle.Draft{ProgrammeID: prog.ID, Title: "Spring"})
	if err != nil {
		t.Fatal(err)
	}
	members := fakeMembers{}
	var voters []people.User
	for i := range 12 {
		u, err := ps.AddUser(ctx, people.System, fmt.Sprintf("c%d@example.org", i), "")
		if err != nil {
			t.Fatal(err)
		}
		members[u.ID] = []assembly.Role{assembly.Member}
		voters = append(voters, u)
	}
	rs := recommend.NewService(st, cs, fakeAgenda{"Access to GP appointments"}, members, recommend.Config{})
	if _, err := cs.MovePhase(ctx, org, c.ID, cycle.Recommendations, ""); err != nil {
		t.Fatal(err)
	}
	it, err := rs.Create(ctx, org, c.ID, recommend.Draft{ThemeID: 1, Kind: recommend.Agreement, Text: "Same-day appointments"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.OpenVote(ctx, org, c.ID); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, len(voters))
	for _, u := range voters {
		go func() {
			_, err := rs.Vote(ctx, u, c.ID, []recommend.Answer{{ItemID: it.ID, Choice: recommend.Agree}})
			errs <- err
		}()
	}
	for range voters {
		if err := <-errs; err != nil {
			t.Errorf("a concurrent vote failed: %v", err)
		}
	}
	bs, err := st.RecBallots(ctx, c.ID)
	if err != nil || len(bs) != len(voters) {
		t.Fatalf("%d ballots for %d voters (%v)", len(bs), len(voters), err)
	}
}
