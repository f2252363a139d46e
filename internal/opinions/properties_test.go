package opinions_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/opinions/polisio"
	"github.com/folkmoot/folkmoot/internal/sharedtest"
)

// seattle is the smallest Pol.is conversation, in the shared data and in
// the repository's subset alike.
func seattle(t testing.TB) string { return filepath.Join(polisData(t), "15-per-hour-seattle") }

// largest returns the largest Pol.is conversation at hand: vtaiwan.uberx
// in the shared data, else the larger of the repository's subset
// (testdata/README.md), brexit-consensus.
func largest(t testing.TB) string {
	d := polisData(t)
	if sharedtest.IsSubset(d) {
		return filepath.Join(d, "brexit-consensus")
	}
	return filepath.Join(d, "vtaiwan.uberx")
}

// stable returns the largest conversation at hand whose groups do not hinge
// on a near tie of silhouettes: vtaiwan.uberx, else 15-per-hour-seattle
// (brexit-consensus's k = 2 and k = 3 are within 0.01 of each other, so 500
// more votes may switch k).
func stable(t testing.TB) string {
	if d := polisData(t); sharedtest.IsSubset(d) {
		return seattle(t)
	}
	return filepath.Join(polisData(t), "vtaiwan.uberx")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSameSeedSameResult(t *testing.T) {
	p := loadPolis(t, seattle(t))
	for _, seed := range []uint64{0, 1, 42} {
		o := opinions.DefaultOptions()
		o.Seed = seed
		a := mustJSON(t, opinions.Compute(p.build(), o).Result())
		b := mustJSON(t, opinions.Compute(p.build(), o).Result())
		if a != b {
			t.Errorf("seed %d: two computations differ", seed)
		}
	}
}

// The only randomness is the power iteration's start vector, and the
// iteration converges, so the groups do not depend on the seed.
func TestGroupsDoNotDependOnSeed(t *testing.T) {
	p := loadPolis(t, seattle(t))
	ref := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
	for seed := uint64(2); seed < 6; seed++ {
		o := opinions.DefaultOptions()
		o.Seed = seed
		res := opinions.Compute(p.build(), o).Result()
		if ari := opinions.AdjustedRandIndex(ref.ParticipantGroups, res.ParticipantGroups); ari != 1 || res.K != ref.K {
			t.Errorf("seed %d: k %d vs %d, ARI %.3f vs seed 0", seed, res.K, ref.K, ari)
		}
	}
}

// Adding votes one by one (incremental updates) and then recomputing gives
// exactly the model computed from scratch on all the votes.
func TestVoteThenRecomputeEqualsScratch(t *testing.T) {
	check := func(t *testing.T, p *polisConv, tail int) {
		n := len(p.events) - tail
		head := polisio.Build(p.events[:n], p.comments, nil)
		m := opinions.Compute(head, opinions.DefaultOptions())
		for _, e := range p.events[n:] {
			if slices.IndexFunc(p.comments, func(c polisio.Comment) bool { return c.ID == e.Statement }) < 0 {
				continue // Build skips votes on unknown statements too
			}
			if err := m.Vote(e); err != nil {
				t.Fatal(err)
			}
		}
		m.Recompute()
		got := mustJSON(t, m.Result())
		want := mustJSON(t, opinions.Compute(p.build(), opinions.DefaultOptions()).Result())
		if got != want {
			t.Errorf("vote-by-vote then Recompute differs from scratch (%d of %d votes added incrementally)", tail, len(p.events))
		}
	}
	t.Run("seattle", func(t *testing.T) { check(t, loadPolis(t, seattle(t)), 300) })
	t.Run("largest", func(t *testing.T) { check(t, loadPolis(t, largest(t)), 500) })
}

// Between recomputes the incremental model stays close to the full one:
// here after the last 1% of the votes (500 on vtaiwan.uberx) arrive one by
// one.
func TestIncrementalStaysClose(t *testing.T) {
	p := loadPolis(t, stable(t))
	n := len(p.events) - len(p.events)/100
	m := opinions.Compute(polisio.Build(p.events[:n], p.comments, nil), opinions.DefaultOptions())
	stale := m.Result()
	for _, e := range p.events[n:] {
		if err := m.Vote(e); err != nil {
			t.Fatal(err)
		}
	}
	inc := m.Result()
	full := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
	ari := opinions.AdjustedRandIndex(inc.ParticipantGroups, full.ParticipantGroups)
	t.Logf("after %d incremental votes: ARI %.3f against a full recompute (before them %.3f); clustered %d vs %d (before %d)",
		len(p.events)-n, ari, opinions.AdjustedRandIndex(stale.ParticipantGroups, full.ParticipantGroups), inc.Clustered, full.Clustered, stale.Clustered)
	if ari < 0.9 || inc.Clustered != full.Clustered {
		t.Errorf("incremental model drifted: ARI %.3f, clustered %d vs %d", ari, inc.Clustered, full.Clustered)
	}
	if inc.Votes != full.Votes {
		t.Errorf("votes %d vs %d", inc.Votes, full.Votes)
	}
}

func TestModeratedOutNeverShown(t *testing.T) {
	p := loadPolis(t, seattle(t))
	out := map[int]bool{}
	for _, c := range p.comments {
		if c.Moderated == opinions.ModeratedOut {
			out[c.ID] = true
		}
	}
	if len(out) == 0 {
		t.Fatal("fixture has no moderated-out statement")
	}
	res := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
	for g, reps := range res.Representative {
		if len(reps) == 0 {
			t.Errorf("group %d has no representative statement", g)
		}
		for _, r := range reps {
			if out[r.Statement] {
				t.Errorf("group %d: moderated-out statement %d is representative", g, r.Statement)
			}
		}
	}
	for _, c := range append(res.Consensus.Agree, res.Consensus.Disagree...) {
		if out[c.Statement] {
			t.Errorf("moderated-out statement %d in consensus", c.Statement)
		}
	}
}

func TestResultInvariants(t *testing.T) {
	p := loadPolis(t, seattle(t))
	res := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
	total := 0
	for i, g := range res.Groups {
		if g.ID != i || g.Size == 0 {
			t.Errorf("group %d: id %d size %d", i, g.ID, g.Size)
		}
		total += g.Size
	}
	if total != len(res.ParticipantGroups) || total != res.Clustered {
		t.Errorf("group sizes sum to %d, participant_groups has %d, clustered %d", total, len(res.ParticipantGroups), res.Clustered)
	}
	if res.K < 2 || res.K > 5 {
		t.Errorf("k = %d", res.K)
	}
	for _, s := range res.StatementStats {
		if s.Agrees+s.Disagrees+s.Passes < 1 {
			t.Errorf("statement %d has no votes", s.Statement)
		}
	}
	// Representative statements: at most 5 per group, agrees before disagrees.
	for g, reps := range res.Representative {
		if len(reps) > 5 {
			t.Errorf("group %d: %d representative statements", g, len(reps))
		}
		seenDis := false
		for _, r := range reps {
			if r.RepfulFor == "disagree" {
				seenDis = true
			} else if seenDis {
				t.Errorf("group %d: agree after disagree", g)
			}
		}
	}
}

func TestConversationLatestVoteWins(t *testing.T) {
	c := opinions.NewConversation()
	for i, e := range []opinions.Event{{1, 10, opinions.Agree, 1}, {1, 10, opinions.Disagree, 2}, {2, 10, opinions.Pass, 3}} {
		if err := c.Add(e); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
	if v, ok := c.VoteOf(1, 10); !ok || v != opinions.Disagree {
		t.Errorf("VoteOf(1,10) = %v %v, want disagree", v, ok)
	}
	if c.Votes() != 2 || c.Participants() != 2 || c.Statements() != 1 {
		t.Errorf("votes %d participants %d statements %d", c.Votes(), c.Participants(), c.Statements())
	}
	if err := c.Add(opinions.Event{Participant: 1, Statement: 10, Vote: 2}); err == nil {
		t.Error("vote 2 accepted")
	}
	if err := c.Add(opinions.Event{Participant: -1, Statement: 10, Vote: 1}); err == nil {
		t.Error("negative participant accepted")
	}
}

// Tiny conversations must not crash and must cluster nobody or everybody
// sensibly.
func TestTinyConversations(t *testing.T) {
	cases := map[string][]opinions.Event{
		"one vote":         {{1, 1, opinions.Agree, 1}},
		"all pass":         {{1, 1, 0, 1}, {2, 1, 0, 2}, {3, 2, 0, 3}},
		"identical voters": {{1, 1, 1, 1}, {2, 1, 1, 2}, {3, 1, 1, 3}, {1, 2, -1, 4}, {2, 2, -1, 5}, {3, 2, -1, 6}},
		"two camps":        {{1, 1, 1, 1}, {2, 1, 1, 2}, {3, 1, -1, 3}, {4, 1, -1, 4}, {1, 2, -1, 5}, {2, 2, -1, 6}, {3, 2, 1, 7}, {4, 2, 1, 8}},
	}
	for name, evs := range cases {
		t.Run(name, func(t *testing.T) {
			c := opinions.NewConversation()
			for _, e := range evs {
				if err := c.Add(e); err != nil {
					t.Fatal(err)
				}
			}
			m := opinions.Compute(c, opinions.Options{})
			res := m.Result()
			mustJSON(t, res)
			if res.Clustered != res.Participants {
				t.Errorf("clustered %d of %d (fewer than 15: all should be)", res.Clustered, res.Participants)
			}
			if err := m.Vote(opinions.Event{Participant: 99, Statement: 1, Vote: 1, Time: 100}); err != nil {
				t.Fatal(err)
			}
			mustJSON(t, m.Result())
		})
	}
}

func TestAdjustedRandIndex(t *testing.T) {
	a := map[int]int{1: 0, 2: 0, 3: 1, 4: 1}
	if got := opinions.AdjustedRandIndex(a, map[int]int{1: 5, 2: 5, 3: 7, 4: 7}); got != 1 {
		t.Errorf("relabelled partition: ARI %v, want 1", got)
	}
	// Classic example: {a,a,b,b} vs {a,b,a,b} has ARI -0.5.
	if got := opinions.AdjustedRandIndex(a, map[int]int{1: 0, 2: 1, 3: 0, 4: 1}); math.Abs(got+0.5) > 1e-12 {
		t.Errorf("crossed partition: ARI %v, want -0.5", got)
	}
	// Keys in only one map are ignored.
	if got := opinions.AdjustedRandIndex(a, map[int]int{1: 0, 2: 0, 3: 1, 4: 1, 9: 3}); got != 1 {
		t.Errorf("extra key: ARI %v, want 1", got)
	}
}

// Pol.is applies its in-conv rule once per update, to the votes as of the
// end of the update, and membership is sticky: an early voter who met the
// low threshold of a young conversation stays in. Add applies it after
// every vote; AddUpdate once per batch.
func TestInConvPerUpdate(t *testing.T) {
	const early = 1000
	var first, rest []opinions.Event
	for s := 1; s <= 3; s++ { // the early voter, while 3 statements exist
		first = append(first, opinions.Event{Participant: early, Statement: s, Vote: opinions.Agree, Time: int64(s)})
	}
	for p := 1; p <= 20; p++ {
		for s := 1; s <= 10; s++ {
			rest = append(rest, opinions.Event{Participant: p, Statement: s, Vote: opinions.Vote(p%2*2 - 1), Time: int64(100 + 10*p + s)})
		}
	}
	all := append(slices.Clone(first), rest...)

	perVote := opinions.NewConversation()
	for _, e := range all {
		if err := perVote.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	oneUpdate := opinions.NewConversation()
	if err := oneUpdate.AddUpdate(all); err != nil {
		t.Fatal(err)
	}
	twoUpdates := opinions.NewConversation()
	if err := twoUpdates.AddUpdate(first); err != nil {
		t.Fatal(err)
	}
	if err := twoUpdates.AddUpdate(rest); err != nil {
		t.Fatal(err)
	}
	if !perVote.IsInConv(early) || !twoUpdates.IsInConv(early) {
		t.Errorf("early voter in-conv: per vote %v, in two updates %v; want both true (sticky)", perVote.IsInConv(early), twoUpdates.IsInConv(early))
	}
	if oneUpdate.IsInConv(early) {
		t.Error("early voter in-conv after one update of all votes: 3 votes of 10 statements is below min(7, 10)")
	}
	for _, c := range []*opinions.Conversation{perVote, oneUpdate, twoUpdates} {
		for p := 1; p <= 20; p++ {
			if !c.IsInConv(p) {
				t.Fatalf("participant %d with 10 votes not in-conv", p)
			}
		}
	}
	if err := opinions.NewConversation().AddUpdate([]opinions.Event{{1, 1, 1, 1}, {2, 1, 5, 2}}); err == nil {
		t.Error("AddUpdate accepted vote 5")
	}
}
