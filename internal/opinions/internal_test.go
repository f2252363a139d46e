package opinions

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPCAAgainstDense cross-checks the sparse power iteration against a
// dense computation: the mean-imputed, centred matrix is formed explicitly,
// its covariance XᵀX computed, and each component must be a unit
// eigenvector (residual ‖XᵀX v − λv‖ small), orthogonal to the other, with
// λ1 ≥ λ2 ≥ the Rayleigh quotient of any vector orthogonal to both.
func TestPCAAgainstDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := NewConversation()
	for p := range 60 {
		for s := range 15 {
			if rng.Float64() < 0.6 {
				v := Vote(rng.IntN(3) - 1)
				if p%2 == 0 && s < 5 {
					v = Agree
				}
				_ = c.Add(Event{Participant: p, Statement: s, Vote: v})
			}
		}
	}
	c.SetModeration(14, ModeratedOut)
	m := Compute(c, DefaultOptions())
	n := len(c.tids)
	// Dense X with mean imputation: missing cells equal the mean, so are 0 after centring.
	X := make([][]float64, len(c.rows))
	for r, row := range c.rows {
		X[r] = make([]float64, n)
		for _, x := range row {
			if !m.zeroed[x.col] {
				X[r][x.col] = float64(x.val) - m.center[x.col]
			}
		}
	}
	cov := make([][]float64, n)
	for i := range cov {
		cov[i] = make([]float64, n)
		for j := range cov[i] {
			for r := range X {
				cov[i][j] += X[r][i] * X[r][j]
			}
		}
	}
	mul := func(v []float64) []float64 {
		out := make([]float64, n)
		for i := range n {
			out[i] = dot(cov[i], v)
		}
		return out
	}
	var lambda [2]float64
	for k, v := range m.comps {
		if d := math.Abs(dot(v, v) - 1); d > 1e-9 {
			t.Errorf("pc%d has length² %v", k+1, dot(v, v))
		}
		cv := mul(v)
		lambda[k] = dot(v, cv)
		res := 0.0
		for i := range n {
			res += (cv[i] - lambda[k]*v[i]) * (cv[i] - lambda[k]*v[i])
		}
		if math.Sqrt(res) > 1e-6*lambda[k] {
			t.Errorf("pc%d: residual %g for eigenvalue %g", k+1, math.Sqrt(res), lambda[k])
		}
	}
	if d := math.Abs(dot(m.comps[0], m.comps[1])); d > 1e-9 {
		t.Errorf("components not orthogonal: %g", d)
	}
	if lambda[0] < lambda[1] {
		t.Errorf("λ1 %g < λ2 %g", lambda[0], lambda[1])
	}
	for range 200 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		orthogonalise(v, m.comps[:])
		normalise(v)
		if q := dot(v, mul(v)); q > lambda[1]*(1+1e-9) {
			t.Fatalf("a vector orthogonal to both components has Rayleigh quotient %g > λ2 %g", q, lambda[1])
		}
	}
	// The moderated-out column carries no weight.
	col := c.tidIndex[14]
	if m.comps[0][col] != 0 || m.comps[1][col] != 0 {
		t.Errorf("moderated-out column has weight %g, %g", m.comps[0][col], m.comps[1][col])
	}
}

func TestProjectionScalesSparseVoters(t *testing.T) {
	c := NewConversation()
	for s := range 10 {
		_ = c.Add(Event{Participant: 1, Statement: s, Vote: Agree})
		_ = c.Add(Event{Participant: 2, Statement: s, Vote: Disagree})
	}
	_ = c.Add(Event{Participant: 3, Statement: 0, Vote: Agree})
	m := Compute(c, DefaultOptions())
	// Participant 3 voted once: the dot product over that one cell, scaled
	// by sqrt(10 statements / 1 vote). Participant 1 voted on all ten: no scaling.
	for k := range 2 {
		want3 := (1 - m.center[0]) * m.comps[k][0] * math.Sqrt(10)
		want1 := 0.0
		for j := range 10 {
			want1 += (1 - m.center[j]) * m.comps[k][j]
		}
		if math.Abs(m.proj[2][k]-want3) > 1e-12 || math.Abs(m.proj[0][k]-want1) > 1e-12 {
			t.Errorf("component %d: projections %g, %g, want %g, %g", k, m.proj[2][k], m.proj[0][k], want3, want1)
		}
	}
}

func TestStatTests(t *testing.T) {
	// propTest: 2·sqrt(n+1)·((s+1)/(n+1) − 1/2).
	if got := propTest(9, 10); math.Abs(got-2*math.Sqrt(11)*(10.0/11-0.5)) > 1e-12 {
		t.Errorf("propTest(9,10) = %g", got)
	}
	if got := propTest(4, 9); got != 0 {
		t.Errorf("propTest(4,9) = %g, want 0", got)
	}
	// twoPropTest equal proportions: 0; pooled proportion 1: 0.
	if got := twoPropTest(4, 9, 9, 19); math.Abs(got) > 1e-12 {
		t.Errorf("twoPropTest equal proportions = %g", got)
	}
	if got := twoPropTest(9, 9, 9, 9); got != 0 {
		t.Errorf("twoPropTest all successes = %g", got)
	}
	// 19/20 vs 2/20 (+1 each): z ≈ 5.56.
	p1, p2, p := 20.0/21, 3.0/21, 23.0/42
	want := (p1 - p2) / math.Sqrt(p*(1-p)*(2.0/21))
	if got := twoPropTest(19, 2, 20, 20); math.Abs(got-want) > 1e-12 {
		t.Errorf("twoPropTest = %g, want %g", got, want)
	}
}

func TestKMeansAndSilhouette(t *testing.T) {
	pts := []point{{0, 0}, {0, 1}, {10, 0}, {10, 1}, {0, 0.5}}
	centres, assign := kmeans(pts, nil, initCentres(pts, 2), 20)
	if len(centres) != 2 || assign[0] != assign[1] || assign[1] != assign[4] || assign[2] != assign[3] || assign[0] == assign[2] {
		t.Fatalf("centres %v assign %v", centres, assign)
	}
	if s := silhouette(pts, assign, 2); s < 0.9 {
		t.Errorf("silhouette of two far clusters = %g", s)
	}
	// Weighted centre: weights pull the mean.
	c, _ := kmeans([]point{{0, 0}, {4, 0}}, []float64{3, 1}, []point{{1, 0}}, 5)
	if c[0] != (point{1, 0}) {
		t.Errorf("weighted centre %v, want (1,0)", c[0])
	}
	// Singletons score 0.
	if s := silhouette([]point{{0, 0}, {5, 5}}, []int{0, 1}, 2); s != 0 {
		t.Errorf("singletons: %g", s)
	}
	// Duplicate points give fewer initial centres.
	if got := initCentres([]point{{1, 1}, {1, 1}, {2, 2}}, 3); len(got) != 2 {
		t.Errorf("initCentres = %v", got)
	}
}

func TestRepresentativeSelection(t *testing.T) {
	// Group 0 agrees with statement 1 far more than the rest; statement 2 is
	// split evenly everywhere.
	stats := []commentStats{
		newCommentStats(1, counts{A: 40, D: 2, S: 45}, counts{A: 5, D: 50, S: 60}),
		newCommentStats(2, counts{A: 20, D: 20, S: 45}, counts{A: 30, D: 30, S: 60}),
	}
	reps := selectRepresentative(stats)
	if len(reps) != 1 || reps[0].Statement != 1 || reps[0].RepfulFor != "agree" || !reps[0].BestAgree {
		t.Errorf("representative = %+v", reps)
	}
	cons := selectConsensus([]int{1, 2}, []counts{{A: 90, D: 5, S: 100}, {A: 50, D: 50, S: 100}}, []bool{false, false})
	if len(cons.Agree) != 1 || cons.Agree[0].Statement != 1 || len(cons.Disagree) != 0 {
		t.Errorf("consensus = %+v", cons)
	}
	cons = selectConsensus([]int{1}, []counts{{A: 90, D: 5, S: 100}}, []bool{true})
	if len(cons.Agree) != 0 {
		t.Error("skipped statement in consensus")
	}
}
