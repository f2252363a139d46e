//go:build coin

package sortition_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
)

// The rounding to tickets and the exchanges that balance them stop on
// counts of work, never on the clock: their files do not import time.
// (The seeded run is promised repeatable on any machine; a wall-clock
// stop would make the tickets depend on the machine's speed and load.)
func TestLotteryPathHasNoClock(t *testing.T) {
	for _, f := range []string{"lottery.go", "lotteryswap.go"} {
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range file.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == "time" {
				t.Errorf("%s imports time: the lottery must not depend on the clock", f)
			}
		}
	}
	// The walk's retries are bounded by integer programs solved, not by
	// time (the only clock left in decompose.go is Options.TimeLimit's
	// deadline, which a repeatable run does not set).
	src, err := parser.ParseFile(token.NewFileSet(), "decompose.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, decl := range src.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "walkRelaxed" {
			continue
		}
		found = true
		ast.Inspect(fd, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := se.X.(*ast.Ident); ok && id.Name == "time" && se.Sel.Name != "Now" && se.Sel.Name != "Time" {
					t.Errorf("walkRelaxed uses time.%s: its retries must not depend on the clock", se.Sel.Name)
				}
			}
			return true
		})
	}
	if !found {
		t.Error("no walkRelaxed in decompose.go")
	}
}

// spin keeps every core busy until stop is closed: the machine a draw is
// repeated on may be slower or busier.
func spin(stop chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				for i := range 100000 {
					x += i
				}
			}
		}()
	}
	return &wg
}

// The same distribution, M and seed give the same lottery.csv, byte for
// byte, whether the machine is idle or busy; on a medium pool also with
// work limits small enough that every step stops on them (where a time
// limit would have cut at another point).
func TestLotteryRepeatsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LEXIMIN and several lotteries")
	}
	const M = 1000
	dir := filepath.Join(sharedData(t), "synthetic")
	for _, tc := range []struct {
		name    string
		k       int
		address []string
		small   bool // tiny work limits
	}{
		{"uk_500_50", 50, nil, false},
		{"uk_households_1000_60", 60, []string{"address"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := filepath.Join(dir, tc.name)
			in := load(t, filepath.Join(d, "categories.csv"), filepath.Join(d, "respondents.csv"), tc.k, tc.address...)
			res, err := sortition.Select(context.Background(), in, sortition.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.small {
				defer sortition.SetLotteryLimits(20, 20000, 20000)()
			}
			first := res.Dist.Lottery(M, rand.New(rand.NewPCG(3, 3)))
			stop := make(chan struct{})
			wg := spin(stop)
			second := res.Dist.Lottery(M, rand.New(rand.NewPCG(3, 3)))
			close(stop)
			wg.Wait()
			w := first.Work()
			t.Logf("work: %+v", w)
			if tc.small && !(w.SpreadCapped || w.BalanceCapped) {
				t.Errorf("the small limits were not reached: %+v", w)
			}
			if a, b := first.Text(), second.Text(); a != b {
				t.Fatalf("the same seed gave two lotteries (hashes %s, %s); first difference near %q", first.Hash(), second.Hash(), diffAt(a, b))
			}
			if w2 := second.Work(); w2 != w {
				t.Fatalf("work differs: %+v, then under load %+v", w, w2)
			}
			if tc.small {
				return
			}
			// The whole seeded computation again, on a busy machine: the
			// walk's retries and the lottery give the same list.
			stop = make(chan struct{})
			wg = spin(stop)
			again, err := sortition.Select(context.Background(), in, sortition.Options{})
			close(stop)
			wg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			if third := again.Dist.Lottery(M, rand.New(rand.NewPCG(3, 3))); third.Text() != first.Text() {
				t.Fatalf("LEXIMIN again under load gave another lottery: %s, then %s", first.Hash(), third.Hash())
			}
		})
	}
}

func diffAt(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-20):min(len(a), i+20)] + " / " + b[max(0, i-20):min(len(b), i+20)]
}
