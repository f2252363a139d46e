package opinions_test

import (
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/sharedtest"
)

// polisCases are the five shared conversations with the agreement we
// require with Pol.is's own groups. vtaiwan.uberx and
// canadian-electoral-reform carry the bar (ARI >= 0.85, same number
// of groups). The floors of the others sit just under the measured values
// (recorded in docs/opinions.md), so a regression fails: a one-shot
// computation cannot follow Pol.is's live, incremental state on these small
// conversations. minCoverage is the share of Pol.is's clustered
// participants we must cluster; scoop-hivemind.ubi's export groups 40
// participants with a single vote, which Pol.is's own in-conv rule excludes.
var polisCases = []struct {
	name        string
	minARI      float64
	wantK       int // 0: not checked
	minCoverage float64
}{
	{"vtaiwan.uberx", 0.85, 2, 0.95},
	{"canadian-electoral-reform", 0.85, 2, 0.95},
	{"15-per-hour-seattle", 0.70, 2, 0.95},
	{"brexit-consensus", 0.60, 0, 0.95},
	{"scoop-hivemind.ubi", 0.03, 0, 0.70},
}

// subsetCases are the conversations of the repository's subset
// (testdata/README.md), used when ../shared is absent.
var subsetCases = map[string]bool{"15-per-hour-seattle": true, "brexit-consensus": true}

func TestPolisGroups(t *testing.T) {
	root := polisData(t)
	for _, tc := range polisCases {
		if sharedtest.IsSubset(root) && !subsetCases[tc.name] {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			p := loadPolis(t, filepath.Join(root, tc.name))
			res := opinions.Compute(p.build(), opinions.DefaultOptions()).Result()
			ari := opinions.AdjustedRandIndex(p.groups, res.ParticipantGroups)
			polisK := map[int]bool{}
			for _, g := range p.groups {
				polisK[g] = true
			}
			cov := coverage(p.groups, res.ParticipantGroups)
			var sizes []int
			for _, g := range res.Groups {
				sizes = append(sizes, g.Size)
			}
			t.Logf("%s: ARI %.3f, k %d (Pol.is %d), sizes %v, clustered %d of Pol.is's %d, silhouettes %v",
				tc.name, ari, res.K, len(polisK), sizes, cov, len(p.groups), res.Silhouettes)
			if ari < tc.minARI {
				t.Errorf("adjusted Rand index %.3f < %.2f", ari, tc.minARI)
			}
			if tc.wantK != 0 && (res.K != tc.wantK || len(polisK) != tc.wantK) {
				t.Errorf("k = %d, Pol.is %d, want %d", res.K, len(polisK), tc.wantK)
			}
			if float64(cov) < tc.minCoverage*float64(len(p.groups)) {
				t.Errorf("clustered %d of Pol.is's %d participants, want at least %.0f%%", cov, len(p.groups), 100*tc.minCoverage)
			}
		})
	}
}

// TestInConvReplay checks the in-conv replay against Pol.is's exported
// clustered set: exact on vtaiwan.uberx; on 15-per-hour-seattle (the one in
// the repository's subset) it includes everyone Pol.is clustered and 6 more
// (applied at every vote rather than at every update of a live server, the
// rule admits a few early voters sooner; docs/opinions.md).
func TestInConvReplay(t *testing.T) {
	root := polisData(t)
	cases := []struct {
		name     string
		maxExtra int
	}{{"vtaiwan.uberx", 0}, {"15-per-hour-seattle", 6}}
	if sharedtest.IsSubset(root) {
		cases = cases[1:]
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := loadPolis(t, filepath.Join(root, tc.name))
			conv := p.build()
			if extra := conv.InConv() - len(p.groups); extra < 0 || extra > tc.maxExtra {
				t.Errorf("in-conv %d participants, Pol.is clustered %d (at most %d more allowed)", conv.InConv(), len(p.groups), tc.maxExtra)
			}
			for pid := range p.groups {
				if !conv.IsInConv(pid) {
					t.Errorf("participant %d clustered by Pol.is but not in-conv", pid)
				}
			}
		})
	}
}
