package opinions_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

// FuzzCompute builds a conversation from arbitrary bytes (three bytes per
// vote: participant, statement, vote) and checks that computing, voting
// incrementally and recomputing never panics and never yields NaN.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 1})
	f.Add([]byte{5, 5, 5})
	f.Add([]byte{1, 1, 0, 2, 1, 0, 3, 1, 0, 4, 2, 0})
	seed := make([]byte, 0, 300)
	for i := range 100 {
		seed = append(seed, byte(i%23), byte(i*7%11), byte(i%3))
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		c := opinions.NewConversation()
		c.SetModeration(3, opinions.ModeratedOut)
		n := len(data) / 3
		half := n / 2
		var tail, all []opinions.Event
		for i := range n {
			e := opinions.Event{Participant: int(data[3*i] % 40), Statement: int(data[3*i+1] % 12), Vote: opinions.Vote(int(data[3*i+2]%3) - 1), Time: int64(i)}
			all = append(all, e)
			if i < half {
				if err := c.Add(e); err != nil {
					t.Fatal(err)
				}
			} else {
				tail = append(tail, e)
			}
		}
		m := opinions.Compute(c, opinions.Options{BaseK: 10})
		for _, e := range tail {
			if err := m.Vote(e); err != nil {
				t.Fatal(err)
			}
		}
		check := func(res *opinions.Result) {
			if _, err := json.Marshal(res); err != nil { // fails on NaN and Inf
				t.Fatal(err)
			}
			for _, p := range res.Points {
				if math.IsNaN(p.X) || math.IsNaN(p.Y) {
					t.Fatal("NaN projection")
				}
			}
			if len(res.ParticipantGroups) != res.Clustered {
				t.Fatalf("clustered %d, groups %d", res.Clustered, len(res.ParticipantGroups))
			}
		}
		check(m.Result())
		m.Recompute()
		check(m.Result())
		live := opinions.NewConversation()
		live.SetModeration(3, opinions.ModeratedOut)
		lm, err := opinions.Replay(live, opinions.BatchesByGap(all, 4), opinions.Options{BaseK: 10})
		if err != nil {
			t.Fatal(err)
		}
		check(lm.Result())
		if len(all) > 0 {
			if err := lm.Vote(all[0]); err != nil {
				t.Fatal(err)
			}
			check(lm.Result())
		}
	})
}
