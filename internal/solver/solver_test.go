//go:build coin

package solver

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-7 }

// A two-variable LP whose optimum and duals are known by hand:
// max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 7, x ≤ 3. Optimum x=3, y=1, value 11;
// duals: row 0 has 2, row 1 has 0, and the bound on x has 1.
func TestLPOptimumAndDuals(t *testing.T) {
	inf := math.Inf(1)
	p := &Problem{
		Maximize: true,
		Obj:      []float64{3, 2},
		ColHi:    []float64{3, inf},
		Rows: []Row{
			{Lo: math.Inf(-1), Hi: 4, Ind: []int{0, 1}, Val: []float64{1, 1}},
			{Lo: math.Inf(-1), Hi: 7, Ind: []int{0, 1}, Val: []float64{1, 3}},
		},
	}
	lp, err := NewLP(p)
	if err != nil {
		t.Fatal(err)
	}
	defer lp.Close()
	st, err := lp.Solve(context.Background())
	if err != nil || st != Optimal {
		t.Fatalf("status %v, %v", st, err)
	}
	x := lp.X()
	if !near(x[0], 3) || !near(x[1], 1) || !near(lp.Objective(), 11) {
		t.Fatalf("x = %v, obj %v", x, lp.Objective())
	}
	if d := lp.Duals(); !near(d[0], 2) || !near(d[1], 0) {
		t.Fatalf("duals = %v, want [2 0]", d)
	}
	// Column generation step: a new column z with objective 5 using one unit
	// of row 0 and nothing else is better than y.
	lp.AddColumns([]Column{{Obj: 5, Lo: 0, Hi: inf, Ind: []int{0}, Val: []float64{1}}})
	if st, _ := lp.Solve(context.Background()); st != Optimal {
		t.Fatalf("status %v", st)
	}
	if !near(lp.Objective(), 20) {
		t.Fatalf("after adding a column: obj %v, want 20", lp.Objective())
	}
	// Minimisation keeps the same dual convention: d obj / d rhs.
	lp.SetRowBounds(0, math.Inf(-1), 5)
	lp.SolveDual(context.Background())
	if !near(lp.Objective(), 25) {
		t.Fatalf("after raising rhs: obj %v, want 25", lp.Objective())
	}
}

func TestLPDualSignMinimise(t *testing.T) {
	// min x + y s.t. x + 2y ≥ 4 (dual 0.5), x,y ≥ 0: optimum y = 2, value 2.
	p := &Problem{Obj: []float64{1, 1}, Rows: []Row{{Lo: 4, Hi: math.Inf(1), Ind: []int{0, 1}, Val: []float64{1, 2}}}}
	lp, err := NewLP(p)
	if err != nil {
		t.Fatal(err)
	}
	defer lp.Close()
	lp.Solve(context.Background())
	if !near(lp.Objective(), 2) || !near(lp.Duals()[0], 0.5) {
		t.Fatalf("obj %v duals %v", lp.Objective(), lp.Duals())
	}
}

func TestLPInfeasible(t *testing.T) {
	p := &Problem{Obj: []float64{1}, ColHi: []float64{1}, Rows: []Row{{Lo: 2, Hi: math.Inf(1), Ind: []int{0}, Val: []float64{1}}}}
	lp, _ := NewLP(p)
	defer lp.Close()
	if st, _ := lp.Solve(context.Background()); st != Infeasible {
		t.Fatalf("status %v, want infeasible", st)
	}
}

// A knapsack whose optimum is checked by brute force.
func TestMIPKnapsack(t *testing.T) {
	w := []float64{12, 7, 11, 8, 9}
	v := []float64{24, 13, 23, 15, 16}
	const capacity = 26
	best := 0.0
	for mask := 0; mask < 1<<len(w); mask++ {
		var tw, tv float64
		for i := range w {
			if mask&(1<<i) != 0 {
				tw += w[i]
				tv += v[i]
			}
		}
		if tw <= capacity && tv > best {
			best = tv
		}
	}
	p := &Problem{Maximize: true, Obj: v, ColHi: []float64{1, 1, 1, 1, 1}, Integer: []bool{true, true, true, true, true},
		Rows: []Row{{Lo: math.Inf(-1), Hi: capacity, Ind: []int{0, 1, 2, 3, 4}, Val: w}}}
	sol, err := SolveMIP(context.Background(), p, MIPOptions{})
	if err != nil || sol.Status != Optimal {
		t.Fatalf("%v %v", sol, err)
	}
	if !near(sol.Obj, best) {
		t.Fatalf("obj %v, brute force %v", sol.Obj, best)
	}
}

func TestMIPInfeasible(t *testing.T) {
	p := &Problem{Obj: []float64{1, 1}, ColHi: []float64{1, 1}, Integer: []bool{true, true},
		Rows: []Row{{Lo: 1, Hi: 1, Ind: []int{0, 1}, Val: []float64{2, 2}}}}
	sol, err := SolveMIP(context.Background(), p, MIPOptions{})
	if err != nil || sol.Status != Infeasible {
		t.Fatalf("%+v %v", sol, err)
	}
}

// TestMIPFromManyGoroutines solves a small knapsack from eight goroutines
// at once, as a server does when a selection job and a meeting allocation
// overlap: every solve must give the same optimum (CBC's driver keeps
// global state; SolveMIP makes the solves take turns).
func TestMIPFromManyGoroutines(t *testing.T) {
	// max 5a + 4b + 3c + 2d s.t. 2a + 3b + c + 4d ≤ 5, binary: a and b (9).
	p := &Problem{
		Maximize: true,
		Obj:      []float64{5, 4, 3, 2},
		ColHi:    []float64{1, 1, 1, 1},
		Integer:  []bool{true, true, true, true},
		Rows:     []Row{{Lo: math.Inf(-1), Hi: 5, Ind: []int{0, 1, 2, 3}, Val: []float64{2, 3, 1, 4}}},
	}
	errs := make(chan error, 8*20)
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 20; i++ {
				sol, err := SolveMIP(context.Background(), p, MIPOptions{Seconds: 5})
				if err != nil {
					errs <- err
					return
				}
				if sol.Status != Optimal || !near(sol.Obj, 9) {
					errs <- fmt.Errorf("status %v, objective %v; want optimal 9", sol.Status, sol.Obj)
					return
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
