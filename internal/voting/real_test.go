package voting_test

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sharedtest"
	"github.com/folkmoot/folkmoot/internal/voting"
)

// TestGlasgow2007Winners counts the 21 Glasgow wards of 2007 and compares
// the winners, in order, with jklundell/droop's Scottish-rule count (whose
// party totals equal the official result; see ../shared/ballots/README.md).
func TestGlasgow2007Winners(t *testing.T) {
	dir := filepath.Join(sharedBallots(t), "scotland_glasgow_2007")
	f, err := os.Open(filepath.Join(dir, "expected_winners.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	stage := regexp.MustCompile(`\s*\(stage (\d+)\)`)
	wards := 21
	if sharedtest.IsSubset(dir) {
		wards = 3 // testdata/README.md
	}
	if len(rows)-1 != wards {
		t.Fatalf("%d wards, want %d", len(rows)-1, wards)
	}
	for _, row := range rows[1:] {
		t.Run(row[0], func(t *testing.T) {
			e := readElection(t, filepath.Join(dir, "blt", row[0]))
			r := count(t, "scottish-stv", e, voting.Options{})
			// droop lists candidates elected at the same stage in its own
			// order, so compare each winner's stage of election.
			want := map[string]string{}
			for _, w := range strings.Split(row[7], "|") {
				m := stage.FindStringSubmatch(w)
				want[strings.Join(strings.Fields(stage.ReplaceAllString(w, "")), " ")] = m[1]
			}
			got := map[string]string{}
			for _, rd := range r.Rounds {
				for _, c := range rd.Elected {
					got[strings.Join(strings.Fields(r.Candidates[c]), " ")] = strconv.Itoa(rd.Number)
				}
			}
			if !maps.Equal(got, want) {
				t.Errorf("winners (stage) %v, droop %v", got, want)
			}
		})
	}
}

// TestIreland2002 checks that meek and scottish-stv both elect the
// official winners of Dublin North, Dublin West and Meath 2002 (counted
// under the Irish rules, whose random-sample surplus transfers neither
// method reproduces stage by stage).
func TestIreland2002(t *testing.T) {
	dir := sharedBallots(t)
	want := map[string][]string{
		"dublin_north": {"Trevor Sargent", "Seán Ryan", "Jim Glennon", "G. V. Wright"},
		"dublin_west":  {"Joe Higgins", "Brian Lenihan", "Joan Burton"},
		"meath":        {"Noel Dempsey", "John Bruton", "Mary Wallace", "Damien English", "Johnny Brady"},
	}
	if sharedtest.IsSubset(dir) { // testdata/README.md: Meath only
		want = map[string][]string{"meath": want["meath"]}
	}
	for place, names := range want {
		for _, method := range []string{"meek", "scottish-stv"} {
			t.Run(place+"/"+method, func(t *testing.T) {
				if testing.Short() && method == "meek" && place != "dublin_west" {
					t.Skip("short: meek on the larger constituencies")
				}
				e := readElection(t, filepath.Join(dir, "ie_2002_"+place, "ie_2002_"+place+"_aggregated.blt"))
				r := count(t, method, e, voting.Options{})
				got := map[string]bool{}
				for _, w := range r.WinnerNames() {
					got[strings.TrimSpace(partyRE.ReplaceAllString(w, ""))] = true
				}
				for _, n := range names {
					if !got[n] {
						t.Errorf("%s not elected; winners %v", n, r.WinnerNames())
					}
				}
				if len(r.Winners) != len(names) {
					t.Errorf("%d winners, want %d", len(r.Winners), len(names))
				}
			})
		}
	}
}

// TestIrelandOriginalOrderSameAsAggregated: the ballot order in the file
// must not change a deterministic count.
func TestIrelandOriginalOrderSameAsAggregated(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	place := "dublin_west"
	if sharedtest.IsSubset(sharedBallots(t)) { // testdata/README.md: Meath only
		place = "meath"
	}
	dir := filepath.Join(sharedBallots(t), "ie_2002_"+place)
	a := count(t, "scottish-stv", readElection(t, filepath.Join(dir, "ie_2002_"+place+"_aggregated.blt")), voting.Options{})
	b := count(t, "scottish-stv", readElection(t, filepath.Join(dir, "ie_2002_"+place+"_original_order.blt")), voting.Options{})
	if len(a.Rounds) != len(b.Rounds) {
		t.Fatalf("%d rounds vs %d", len(a.Rounds), len(b.Rounds))
	}
	for i := range a.Rounds {
		if !slicesEqual(a.Rounds[i].Totals, b.Rounds[i].Totals) {
			t.Errorf("round %d totals differ", i+1)
		}
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var minneapolis2013 = voting.Options{BatchElimination: true, OvervoteRule: "exhaust", MaxSkipped: 1, SkipLimitSet: true, WriteIn: "UWI"}
var minneapolis2017 = voting.Options{BatchElimination: true, OvervoteRule: "skip", MaxSkipped: 1, SkipLimitSet: true, WriteIn: "UWI"}

// TestMinneapolisMayor checks the official winners and number of rounds of
// the 2013 and 2017 Minneapolis mayoral IRV counts, and the final-round
// totals against RCTab's report for the published cast-vote records.
func TestMinneapolisMayor(t *testing.T) {
	dir := sharedBallots(t)
	cases := []struct {
		year, winner, runnerUp string
		o                      voting.Options
		rounds                 int
		winVotes, runnerVotes  int64
	}{
		{"2013", "BETSY HODGES", "MARK ANDREW", minneapolis2013, 33, 38852, 24942},
		{"2017", "Jacob Frey", "Raymond Dehn", minneapolis2017, 6, 46704, 34970},
	}
	if sharedtest.IsSubset(dir) { // testdata/README.md: 2013 only
		cases = cases[:1]
	}
	for _, tc := range cases {
		t.Run(tc.year, func(t *testing.T) {
			e := readElection(t, filepath.Join(dir, "us_"+tc.year+"_minneapolis_mayor", tc.year+"_minneapolis_mayor_ballots_aggregated.csv"))
			r := count(t, "irv", e, tc.o)
			if got := r.WinnerNames(); len(got) != 1 || got[0] != tc.winner {
				t.Fatalf("winner %v, want %s", got, tc.winner)
			}
			if len(r.Rounds) != tc.rounds {
				t.Errorf("%d rounds, official %d", len(r.Rounds), tc.rounds)
			}
			last := r.Rounds[len(r.Rounds)-1].Totals
			idx := map[string]int{}
			for i, c := range r.Candidates {
				idx[c] = i
			}
			if last[idx[tc.winner]] != tc.winVotes || last[idx[tc.runnerUp]] != tc.runnerVotes {
				t.Errorf("final round %d vs %d, RCTab %d vs %d", last[idx[tc.winner]], last[idx[tc.runnerUp]], tc.winVotes, tc.runnerVotes)
			}
			// plain IRV (no Minneapolis options) elects the same mayor
			if plain := count(t, "irv", e, voting.Options{}); plain.WinnerNames()[0] != tc.winner {
				t.Errorf("plain IRV elects %v", plain.WinnerNames())
			}
		})
	}
}

// TestMinneapolisPark2013 checks the 3-seat Park Board count: Erwin elected
// in round 3, Young and Forney in round 10, 11 rounds, threshold 14,866, and
// RCTab's residual surplus 0.4808 after Young's fractional transfer.
func TestMinneapolisPark2013(t *testing.T) {
	dir := sharedBallots(t)
	e := readElection(t, filepath.Join(dir, "us_2013_minneapolis_park", "2013_minneapolis_park_ballots_aggregated.csv"))
	o := voting.Options{Seats: 3, OvervoteRule: "skip", MaxSkipped: 2, SkipLimitSet: true, WriteIn: "UWI"}
	r := count(t, "minneapolis-stv", e, o)
	if got := strings.Join(r.WinnerNames(), "|"); got != "JOHN ERWIN|ANNIE YOUNG|MEG FORNEY" {
		t.Errorf("winners %s", got)
	}
	if len(r.Rounds) != 11 {
		t.Errorf("%d rounds, official 11", len(r.Rounds))
	}
	if r.Format(r.Quota) != "14866.0000" {
		t.Errorf("threshold %s", r.Format(r.Quota))
	}
	electedIn := map[string]int{}
	for _, rd := range r.Rounds {
		for _, c := range rd.Elected {
			electedIn[r.Candidates[c]] = rd.Number
		}
	}
	if electedIn["JOHN ERWIN"] != 3 || electedIn["ANNIE YOUNG"] != 10 || electedIn["MEG FORNEY"] != 10 {
		t.Errorf("elected in rounds %v", electedIn)
	}
	if l := r.Rounds[10].Loss; r.Format(l) != "0.4808" {
		t.Errorf("residual surplus %s, RCTab 0.4808", r.Format(l))
	}
}

// TestGlasgow2007DroopStages compares every stage of the 21 Glasgow 2007
// counts with droop's Scottish-rule reference dumps (5 decimals): each
// candidate's votes and the non-transferable total (droop, like us,
// keeps the loss to truncation apart from it).
func TestGlasgow2007DroopStages(t *testing.T) {
	dir := filepath.Join(sharedBallots(t), "scotland_glasgow_2007")
	dumps, err := filepath.Glob(filepath.Join(dir, "droop_reference_scotland_p5", "*-scotland-fixed-p5-d5.txt"))
	wards := 21
	if sharedtest.IsSubset(dir) {
		wards = 3 // testdata/README.md
	}
	if err != nil || len(dumps) != wards {
		t.Fatalf("%d droop dumps (%v), want %d", len(dumps), err, wards)
	}
	for _, dump := range dumps {
		name := strings.TrimSuffix(filepath.Base(dump), "-scotland-fixed-p5-d5.txt")
		t.Run(name, func(t *testing.T) {
			r := count(t, "scottish-stv", readElection(t, filepath.Join(dir, "blt", name+".blt")), voting.Options{})
			raw, err := os.ReadFile(dump)
			if err != nil {
				t.Fatal(err)
			}
			index := map[string]int{}
			for i, c := range r.Candidates {
				index[strings.Join(strings.Fields(c), " ")] = i
			}
			stage := 0
			for _, line := range strings.Split(string(raw), "\n") {
				f := strings.Split(line, "\t")
				if len(f) < 4 || (f[1] != "begin" && f[1] != "transfer") {
					continue
				}
				stage++
				if stage > len(r.Rounds) {
					t.Fatalf("droop has more than our %d stages", len(r.Rounds))
				}
				rd := r.Rounds[stage-1]
				if got := r.Format(rd.Exhausted); got != f[3] {
					t.Errorf("stage %d: non-transferable %s, droop %s", stage, got, f[3])
				}
				for k := 4; k+2 < len(f); k += 3 {
					c, ok := index[strings.Join(strings.Fields(f[k]), " ")]
					if !ok {
						t.Fatalf("droop candidate %q not in the ballot file", f[k])
					}
					if got := r.Format(rd.Totals[c]); got != f[k+2] {
						t.Errorf("stage %d %s: %s, droop %s", stage, f[k], got, f[k+2])
					}
				}
			}
			if stage != len(r.Rounds) {
				t.Errorf("%d stages, droop %d", len(r.Rounds), stage)
			}
		})
	}
}

// TestMinneapolisRCTabRounds compares every candidate's tally in every
// round with RCTab's detailed report for the same cast-vote records.
func TestMinneapolisRCTabRounds(t *testing.T) {
	dir := sharedBallots(t)
	park := voting.Options{Seats: 3, OvervoteRule: "skip", MaxSkipped: 2, SkipLimitSet: true, WriteIn: "UWI"}
	cases := []struct {
		name, method string
		o            voting.Options
	}{
		{"2013_minneapolis_mayor", "irv", minneapolis2013},
		{"2013_minneapolis_park", "minneapolis-stv", park},
		{"2017_minneapolis_mayor", "irv", minneapolis2017},
	}
	if sharedtest.IsSubset(dir) { // testdata/README.md: 2013 only
		cases = cases[:2]
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join(dir, "us_"+tc.name, tc.name)
			r := count(t, tc.method, readElection(t, base+"_ballots_aggregated.csv"), tc.o)
			raw, err := os.ReadFile(base + "_expected_detailed_report.json")
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Results []struct {
					Round int
					Tally map[string]json.Number
				}
			}
			if err := json.Unmarshal(raw, &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != len(r.Rounds) {
				t.Errorf("%d rounds, RCTab %d", len(r.Rounds), len(rep.Results))
			}
			index := map[string]int{"Undeclared Write-ins": -1}
			for i, c := range r.Candidates {
				index[c] = i
			}
			index["Undeclared Write-ins"] = index["UWI"]
			compared := 0
			for _, res := range rep.Results {
				if res.Round > len(r.Rounds) {
					continue
				}
				for name, v := range res.Tally {
					c, ok := index[name]
					if !ok {
						t.Fatalf("RCTab candidate %q not in the ballots", name)
					}
					want, err := strconv.ParseFloat(v.String(), 64)
					if err != nil {
						t.Fatal(err)
					}
					got := float64(r.Rounds[res.Round-1].Totals[c]) / float64(pow10(r.Decimals))
					if got != want {
						t.Errorf("round %d %s: %s, RCTab %s", res.Round, name, r.Format(r.Rounds[res.Round-1].Totals[c]), v)
					}
					compared++
				}
			}
			t.Logf("%d tallies compared", compared)
		})
	}
}
