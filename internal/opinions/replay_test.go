package opinions_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

func replayPolis(t *testing.T, p *polisConv, gap int64) *opinions.Result {
	t.Helper()
	conv := opinions.NewConversation()
	known := map[int]bool{}
	for _, c := range p.comments {
		conv.SetModeration(c.ID, c.Moderated)
		known[c.ID] = true
	}
	var evs []opinions.Event
	for _, e := range p.events {
		if known[e.Statement] {
			evs = append(evs, e)
		}
	}
	m, err := opinions.Replay(conv, opinions.BatchesByGap(evs, gap), opinions.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return m.Result()
}

// Replaying brexit-consensus in 10-second update ticks, as a live Pol.is
// server would have computed it, recovers Pol.is's two groups, which the
// one-shot computation splits into three (a near tie of silhouettes).
func TestReplayBrexit(t *testing.T) {
	if testing.Short() {
		t.Skip("replay of 1,722 updates skipped under -short")
	}
	p := loadPolis(t, filepath.Join(polisData(t), "brexit-consensus"))
	res := replayPolis(t, p, 10_000)
	ari := opinions.AdjustedRandIndex(p.groups, res.ParticipantGroups)
	t.Logf("replay with 10 s ticks: k %d, ARI %.3f", res.K, ari)
	if res.K != 2 || ari < 0.85 {
		t.Errorf("k = %d, ARI %.3f; want 2 groups and ARI >= 0.85", res.K, ari)
	}
}

func TestReplayDeterministic(t *testing.T) {
	p := loadPolis(t, seattle(t))
	a, _ := json.Marshal(replayPolis(t, p, 600_000))
	b, _ := json.Marshal(replayPolis(t, p, 600_000))
	if string(a) != string(b) {
		t.Error("two replays differ")
	}
	var res opinions.Result
	if err := json.Unmarshal(a, &res); err != nil || res.K < 2 || res.Clustered < 130 {
		t.Errorf("replay result: k %d, clustered %d, %v", res.K, res.Clustered, err)
	}
}
