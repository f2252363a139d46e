package opinions_test

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/opinions/polisio"
)

// Synthetic conversation size for the scale benchmark (issue 5).
const (
	synthParticipants = 100_000
	synthStatements   = 2_000
	synthVotes        = 5_000_000
)

// synthetic generates a conversation deterministically from seed and passes
// each vote to add, in time order. Participants belong to one of three
// latent opinion groups; each statement has an agree probability per group
// (0.15, 0.5 or 0.85); every participant votes on votes/participants
// distinct random statements, one participant after another.
// It returns each participant's latent group.
func synthetic(participants, statements, votes int, seed uint64, add func(opinions.Event)) []int {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	const groups = 3
	levels := [3]float64{0.15, 0.5, 0.85}
	pAgree := make([][groups]float64, statements)
	for s := range pAgree {
		for g := range groups {
			pAgree[s][g] = levels[rng.IntN(3)]
		}
	}
	per := votes / participants
	chosen := make(map[int]bool, per)
	t := int64(0)
	latent := make([]int, participants)
	for p := range participants {
		g := rng.IntN(groups)
		latent[p] = g
		clear(chosen)
		for len(chosen) < min(per, statements) {
			s := rng.IntN(statements)
			if chosen[s] {
				continue
			}
			chosen[s] = true
			r := rng.Float64()
			v := opinions.Disagree
			switch {
			case r < pAgree[s][g]:
				v = opinions.Agree
			case r < pAgree[s][g]+0.15:
				v = opinions.Pass
			}
			t++
			add(opinions.Event{Participant: p, Statement: s, Vote: v, Time: t})
		}
	}
	return latent
}

func syntheticConversation(participants, statements, votes int) *opinions.Conversation {
	c := opinions.NewConversation()
	synthetic(participants, statements, votes, 1, func(e opinions.Event) { _ = c.Add(e) })
	return c
}

func loadVTaiwan(b testing.TB) *polisConv {
	return loadPolis(b, filepath.Join(polisData(b), "vtaiwan.uberx"))
}

// BenchmarkRecomputeVTaiwan: the whole method on vtaiwan.uberx
// (1,921 participants, 197 statements, 49,443 votes).
func BenchmarkRecomputeVTaiwan(b *testing.B) {
	m := opinions.Compute(loadVTaiwan(b).build(), opinions.DefaultOptions())
	for b.Loop() {
		m.Recompute()
	}
}

// BenchmarkVoteVTaiwan: one incremental vote on vtaiwan.uberx (the last
// 2,000 votes replayed in turn onto a model of the others).
func BenchmarkVoteVTaiwan(b *testing.B) {
	m, tail := vtaiwanTail(b)
	i := 0
	for b.Loop() {
		_ = m.Vote(tail[i%len(tail)])
		i++
	}
}

// BenchmarkVoteAndRepresentativeVTaiwan: one incremental vote followed by
// recomputing every group's representative statements.
func BenchmarkVoteAndRepresentativeVTaiwan(b *testing.B) {
	m, tail := vtaiwanTail(b)
	i := 0
	for b.Loop() {
		_ = m.Vote(tail[i%len(tail)])
		_ = m.Representative()
		i++
	}
}

func vtaiwanTail(b testing.TB) (*opinions.Model, []opinions.Event) {
	p := loadVTaiwan(b)
	n := len(p.events) - 2000
	m := opinions.Compute(polisio.Build(p.events[:n], p.comments, nil), opinions.DefaultOptions())
	return m, p.events[n:]
}

// BenchmarkSynthetic: build and map a conversation of 100,000 participants,
// 2,000 statements and 5,000,000 votes. Skipped under -short.
func BenchmarkSynthetic(b *testing.B) {
	if testing.Short() {
		b.Skip("synthetic 5M-vote conversation skipped under -short")
	}
	for b.Loop() {
		c := syntheticConversation(synthParticipants, synthStatements, synthVotes)
		_ = opinions.Compute(c, opinions.DefaultOptions()).Result()
	}
}

// Large conversations are computed in parallel chunks; the result must not
// depend on the number of CPUs.
func TestParallelDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short")
	}
	run := func(procs int) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c := syntheticConversation(30_000, 300, 600_000)
		return mustJSON(t, opinions.Compute(c, opinions.DefaultOptions()).Result())
	}
	if run(1) != run(4) {
		t.Error("results differ between GOMAXPROCS 1 and 4")
	}
}

// TestSyntheticRecoversLatentGroups: on a synthetic conversation with three
// latent groups, the method finds three groups that match them.
func TestSyntheticRecoversLatentGroups(t *testing.T) {
	c := opinions.NewConversation()
	latent := synthetic(3000, 200, 90_000, 7, func(e opinions.Event) { _ = c.Add(e) })
	res := opinions.Compute(c, opinions.DefaultOptions()).Result()
	truth := map[int]int{}
	for p, g := range latent {
		truth[p] = g
	}
	ari := opinions.AdjustedRandIndex(truth, res.ParticipantGroups)
	if res.K != 3 || ari < 0.95 {
		t.Errorf("k = %d, ARI %.3f against the latent groups; want 3 groups, ARI >= 0.95", res.K, ari)
	}
}
