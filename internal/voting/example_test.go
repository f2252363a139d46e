package voting_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// A Citizens' Jury of 9 chooses 2 of 4 issues by Scottish STV.
func ExampleCount() {
	e := &voting.Election{
		Candidates: []string{"Waiting times", "Mental health", "GP access", "Social care"},
		Seats:      2,
		Ballots: []voting.Ballot{
			{Count: 4, Ranks: []int{0, 2}},
			{Count: 2, Ranks: []int{1, 3}},
			{Count: 2, Ranks: []int{3, 1}},
			{Count: 1, Ranks: []int{2, 1}},
		},
	}
	seed := uint64(20260314) // published before the count
	r, err := voting.Count("scottish-stv", e, voting.Options{Rand: rand.New(rand.NewPCG(seed, 0)), Seed: seed})
	if err != nil {
		panic(err)
	}
	fmt.Println("quota", r.Format(r.Quota))
	for _, rd := range r.Rounds {
		fmt.Println(rd.Number, rd.Action)
	}
	fmt.Println(r.WinnerNames())
	// Output:
	// quota 4.00000
	// 1 first preferences
	// 2 exclusion of GP access (fewest votes: 1.00000)
	// 3 exclusion of Social care (fewest votes: 2.00000)
	// [Waiting times Mental health]
}
