package main

import (
	"context"
	"math"
	"testing"

	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/solver"
)

// The demo's past round holds its recruitment: 12,000 addresses, 8,000
// invited with the published seed, a pool of 640 whose answers are near
// the census, enough in every group for a quota selection of 60.
func TestDemoRecruitment(t *testing.T) {
	ctx := context.Background()
	st := seededDemo(t)
	cs := cycle.NewService(st, cycle.Config{})
	rounds, err := cs.Cycles(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	past := rounds[1]
	rs := recruit.NewService(st, cs, nil, recruit.Config{})
	n, err := rs.Counts(ctx, past.ID)
	if err != nil || n != (recruit.Counts{Addresses: demoAddresses, Invited: demoInvitations, Registered: demoRegistrations}) {
		t.Fatalf("counts = %+v, %v", n, err)
	}
	draws, _ := rs.Draws(ctx, past.ID)
	if len(draws) != 1 || draws[0].Seed == "" {
		t.Fatalf("draws = %+v", draws)
	}
	if same, err := rs.RepeatDraw(ctx, people.System, past.ID, draws[0].ID); err != nil || !same {
		t.Fatalf("the demo's draw does not repeat from its seed: %v, %v", same, err)
	}
	pool, err := rs.Pool(ctx, people.System, past.ID)
	if err != nil || len(pool.Members) != demoRegistrations {
		t.Fatalf("pool of %d, %v", len(pool.Members), err)
	}
	for _, c := range pool.Categories {
		count := map[string]int{}
		for _, m := range pool.Members {
			count[m.Answers[c.Key]]++
		}
		for _, v := range c.Values {
			share := float64(count[v.Key]) / float64(len(pool.Members))
			if math.Abs(share-v.Census) > 0.04 {
				t.Errorf("%s=%s: %.3f of the pool, census %.3f", c.Key, v.Key, share, v.Census)
			}
			if need := int(math.Ceil(60 * v.Census)); count[v.Key] < 2*need {
				t.Errorf("%s=%s: %d in the pool, a panel of 60 needs about %d", c.Key, v.Key, count[v.Key], need)
			}
		}
	}
	// Its assembly: the members the lottery chose who gave an email (built
	// with the solvers), and every helper the demo names.
	asm := assembly.NewService(st, cs, people.NewService(st, people.Config{}), st, nil, nil)
	count, err := asm.Count(ctx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[assembly.Role]int{}
	for _, h := range demo.PastAssemblyHelpers {
		want[assembly.Role(h.Role)]++
	}
	for _, r := range []assembly.Role{assembly.Facilitator, assembly.Board, assembly.Committee} {
		if count[r] != want[r] {
			t.Errorf("%d people in the part %s, want %d", count[r], r, want[r])
		}
	}
	t.Logf("the past assembly: %v", count)
	if solver.Available && (count[assembly.Member] < 45 || count[assembly.Member] > 60) {
		t.Errorf("%d members named from the selection of 60", count[assembly.Member])
	}
	cur := rounds[0]
	if cur.Phase != cycle.Gather {
		t.Fatalf("the current round is in %s", cur.Phase)
	}
}
