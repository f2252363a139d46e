package voting_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/voting"
	"github.com/folkmoot/folkmoot/internal/voting/ballotfile"
)

// election builds an election from lines "count A B C" (letters are
// candidates in cands order; "-" an empty rank, "*" an overvote).
func election(t *testing.T, cands string, seats int, lines ...string) *voting.Election {
	t.Helper()
	e := &voting.Election{Candidates: strings.Fields(cands), Seats: seats}
	idx := map[string]int{}
	for i, c := range e.Candidates {
		idx[c] = i
	}
	for _, l := range lines {
		f := strings.Fields(l)
		b := voting.Ballot{}
		for _, ch := range f[0] {
			b.Count = b.Count*10 + int64(ch-'0')
		}
		for _, x := range f[1:] {
			switch x {
			case "-":
				b.Ranks = append(b.Ranks, voting.Undervote)
			case "*":
				b.Ranks = append(b.Ranks, voting.Overvote)
			default:
				c, ok := idx[x]
				if !ok {
					t.Fatalf("unknown candidate %q", x)
				}
				b.Ranks = append(b.Ranks, c)
			}
		}
		e.Ballots = append(e.Ballots, b)
	}
	return e
}

func winners(r *voting.Result) string { return strings.Join(r.WinnerNames(), " ") }

func TestSmallCounts(t *testing.T) {
	// Schulze's own example (Schulze 2011, also on Wikipedia): 45 voters,
	// winner E, order E > A > C > B > D.
	schulzeExample := election(t, "A B C D E", 5,
		"5 A C B E D", "5 A D E C B", "8 B E D A C", "3 C A B E D",
		"7 C A E B D", "2 C B A D E", "7 D C E B A", "8 E B A D C")
	for _, tc := range []struct {
		name, method string
		e            *voting.Election
		o            voting.Options
		want         string
	}{
		{"schulze wikipedia", "schulze", schulzeExample, voting.Options{}, "E A C B D"},
		{"schulze condorcet winner beats plurality", "schulze",
			election(t, "A B C", 1, "4 A B C", "3 B C A", "2 C B A"), voting.Options{}, "B"},
		{"borda", "borda", election(t, "A B C", 1, "4 A B C", "3 B C A", "2 C B A"), voting.Options{}, "B"},
		{"borda two seats", "borda", election(t, "A B C", 2, "4 A B C", "3 B C A", "2 C B A"), voting.Options{}, "B A"},
		{"approval", "approval", election(t, "A B C", 2, "4 A B", "3 C", "2 B C", "1 B"), voting.Options{}, "B C"},
		{"irv majority after transfer", "irv",
			election(t, "A B C", 1, "4 A", "3 B A", "5 C"), voting.Options{}, "A"},
		{"irv overvote exhausts", "irv",
			election(t, "A B C", 1, "4 A", "3 B * A", "5 C"), voting.Options{}, "C"},
		{"irv overvote skipped", "irv",
			election(t, "A B C", 1, "4 A", "3 B * A", "5 C"), voting.Options{OvervoteRule: "skip"}, "A"},
		{"irv two skipped ranks exhaust", "irv",
			election(t, "A B C", 1, "4 A", "3 B - - A", "5 C"), voting.Options{MaxSkipped: 1, SkipLimitSet: true}, "C"},
		{"irv one skipped rank allowed", "irv",
			election(t, "A B C", 1, "4 A", "3 B - A", "5 C"), voting.Options{MaxSkipped: 1, SkipLimitSet: true}, "A"},
		{"scottish-stv surplus then exclusion", "scottish-stv",
			election(t, "A B C D", 2, "7 A B", "1 A C", "2 B", "3 C", "2 D C"), voting.Options{}, "A C"},
		{"meek", "meek",
			election(t, "A B C D", 2, "7 A B", "1 A C", "2 B", "3 C", "2 D C"), voting.Options{}, "A C"},
		{"withdrawn candidate skipped", "scottish-stv",
			func() *voting.Election {
				e := election(t, "A B C", 1, "3 A B", "2 B", "4 C")
				e.Withdrawn = []int{0}
				return e
			}(), voting.Options{}, "B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := count(t, tc.method, tc.e, tc.o)
			if got := winners(r); got != tc.want {
				t.Errorf("winners %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSchulzePairwise(t *testing.T) {
	e := election(t, "A B C D E", 1,
		"5 A C B E D", "5 A D E C B", "8 B E D A C", "3 C A B E D",
		"7 C A E B D", "2 C B A D E", "7 D C E B A", "8 E B A D C")
	r := count(t, "schulze", e, voting.Options{})
	// d[A][B] = 20, d[B][A] = 25; strongest path p[E][A] = 25 (Wikipedia).
	if r.Pairwise[0][1] != 20 || r.Pairwise[1][0] != 25 || r.Strength[4][0] != 25 {
		t.Errorf("d[A][B]=%d d[B][A]=%d p[E][A]=%d", r.Pairwise[0][1], r.Pairwise[1][0], r.Strength[4][0])
	}
}

func TestScottishTieByEarlierStage(t *testing.T) {
	// Stage 1: A 10, B 5, C 4, D 3. D is excluded and one paper goes to C,
	// so at stage 2 B and C tie on 5; C had fewer at stage 1 and goes.
	e := election(t, "A B C D", 1, "10 A", "5 B", "4 C", "1 D C", "2 D")
	r := count(t, "scottish-stv", e, voting.Options{})
	if len(r.Ties) != 1 || r.Ties[0].Chosen != 2 || r.Ties[0].Rule != "votes at earlier stage 1" {
		t.Fatalf("ties %+v", r.Ties)
	}
	if ex := r.Rounds[2].Excluded; len(ex) != 1 || ex[0] != 2 {
		t.Errorf("round 3 excluded %v, want C", ex)
	}
}

func TestTieByLotFollowsSeed(t *testing.T) {
	// A and B tie at every stage; only the lot can exclude one.
	e := election(t, "A B C", 1, "3 A", "3 B", "4 C", "1 C")
	chosen := map[int]bool{}
	for seed := range uint64(16) {
		o := voting.Options{Rand: rand.New(rand.NewPCG(seed, 0)), Seed: seed}
		r1 := count(t, "scottish-stv", e, o)
		r2 := count(t, "scottish-stv", e, voting.Options{Rand: rand.New(rand.NewPCG(seed, 0)), Seed: seed})
		if len(r1.Ties) == 0 || !strings.HasPrefix(r1.Ties[0].Rule, "lot") {
			t.Fatalf("seed %d: ties %+v, want one broken by lot", seed, r1.Ties)
		}
		if r1.Ties[0].Chosen != r2.Ties[0].Chosen {
			t.Fatalf("seed %d: the same seed chose differently", seed)
		}
		chosen[r1.Ties[0].Chosen] = true
	}
	if len(chosen) != 2 {
		t.Errorf("16 seeds always chose %v; the lot is not drawn", chosen)
	}
}

func TestAgreement(t *testing.T) {
	e := &voting.Election{Candidates: []string{"R1", "R2", "R3"}}
	add := func(n int64, s ...int8) { e.Ballots = append(e.Ballots, voting.Ballot{Count: n, Scores: s}) }
	add(2, 5, 4, 1) // R1 agree, R2 agree, R3 disagree
	add(1, 4, 2, 0) // R3 unanswered
	add(1, 3, 5, 5)
	// R1: 3 of 4 agree (75%); R2: 3 of 4 agree; R3: 1 of 3 agree.
	r := count(t, "agreement", e, voting.Options{ThresholdNum: 3, ThresholdDen: 4})
	if len(r.Winners) != 2 || r.Winners[0]+r.Winners[1] != 1 {
		t.Errorf("at 3/4: winners %v, want R1 and R2", r.WinnerNames())
	}
	r = count(t, "agreement", e, voting.Options{ThresholdNum: 4, ThresholdDen: 5})
	if len(r.Winners) != 0 {
		t.Errorf("at 4/5: winners %v, want none", r.WinnerNames())
	}
	r = count(t, "agreement", e, voting.Options{ThresholdNum: 1, ThresholdDen: 3})
	if winners(r) != "R1 R2 R3" && winners(r) != "R2 R1 R3" {
		t.Errorf("at 1/3: winners %v", r.WinnerNames())
	}
}

func TestCountRejects(t *testing.T) {
	for name, e := range map[string]*voting.Election{
		"no candidates":   {},
		"bad rank":        {Candidates: []string{"A"}, Ballots: []voting.Ballot{{Count: 1, Ranks: []int{3}}}},
		"too many seats":  {Candidates: []string{"A", "B"}, Seats: 3},
		"too many papers": {Candidates: []string{"A"}, Ballots: []voting.Ballot{{Count: voting.MaxPapers, Ranks: []int{0}}, {Count: 1, Ranks: []int{0}}}},
	} {
		if _, err := voting.Count("scottish-stv", e, voting.Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := voting.Count("plurality", &voting.Election{Candidates: []string{"A"}}, voting.Options{}); err == nil {
		t.Error("unknown method: no error")
	}
}

// TestSyntheticInvariants counts random elections by every ranked method
// and checks conservation and seat limits in every round.
func TestSyntheticInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 200 {
		n := 2 + rng.IntN(8)
		e := &voting.Election{Seats: 1 + rng.IntN(n)}
		for c := range n {
			e.Candidates = append(e.Candidates, string(rune('A'+c)))
		}
		for range 1 + rng.IntN(40) {
			b := voting.Ballot{Count: 1 + rng.Int64N(50)}
			for range rng.IntN(n + 2) {
				r := rng.IntN(n+2) - 2
				b.Ranks = append(b.Ranks, r)
			}
			e.Ballots = append(e.Ballots, b)
		}
		for _, m := range []string{"scottish-stv", "meek", "irv", "minneapolis-stv", "approval", "borda", "schulze"} {
			r, err := voting.Count(m, e, voting.Options{Rand: rand.New(rand.NewPCG(uint64(i), 0))})
			if err != nil {
				t.Fatalf("case %d %s: %v", i, m, err)
			}
			checkInvariants(t, r)
		}
	}
}

func TestReadersAgree(t *testing.T) {
	blt := "3 1\n4 1 0\n3 2 1 0\n5 3 0\n0\nA\nB\nC\n\"t\"\n"
	csvText := "count,rank1,rank2\n4,A,\n3,B,A\n5,C,undervote\n"
	jsonText := `{"candidates":["A","B","C"],"seats":1,"ballots":[{"count":4,"ranking":["A"]},{"count":3,"ranking":["B","A"]},{"count":5,"ranking":["C"]}]}`
	for name, text := range map[string]string{"x.blt": blt, "x.csv": csvText, "x.json": jsonText} {
		e, err := ballotfile.Read(name, strings.NewReader(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := count(t, "irv", e, voting.Options{})
		if winners(r) != "A" {
			t.Errorf("%s: winners %q, want A", name, winners(r))
		}
	}
}
