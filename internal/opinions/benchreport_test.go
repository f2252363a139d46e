//go:build benchreport

// The report writer for `make bench` (mk/opinions.mk builds the tests with
// the benchreport tag): it lives behind a build tag so that an ordinary test
// run neither runs it nor reports it skipped.

package opinions_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/opinions"
)

var benchReport = flag.String("bench-report", "", "write the opinions benchmark section (markdown) to this file (required; `make bench` sets it)")

// TestBenchReport writes docs/bench/opinions.md when run with
// -bench-report=FILE (make bench). It measures agreement with Pol.is on the
// five shared conversations, vtaiwan.uberx timings and the synthetic
// 5,000,000-vote conversation (time and peak resident memory).
func TestBenchReport(t *testing.T) {
	if *benchReport == "" {
		t.Fatal("run with -bench-report=FILE (make bench)")
	}
	var md bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&md, format, args...) }
	w("## Opinions\n\n")
	w("Opinion mapping (`internal/opinions`, issue 5). Measured %s on %d cores (%s/%s, %s).\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	w("Reproduce: `make bench`, or `go test -tags=benchreport -run '^TestBenchReport$' ./internal/opinions/ -args -bench-report=docs/bench/opinions.md`;\n")
	w("Go benchmarks: `go test -run '^$' -bench . -benchmem ./internal/opinions/`.\n\n")

	root := polisData(t)
	w("### Agreement with Pol.is's own groups\n\n")
	w("Adjusted Rand index between our groups and the `group-id` of Pol.is's export, over the participants both cluster; default options, seed 1.\n\n")
	w("| conversation | participants | Pol.is clustered | we cluster (of theirs) | Pol.is k | our k | silhouette | our sizes | Pol.is sizes | ARI |\n")
	w("|---|---:|---:|---:|---:|---:|---:|---|---|---:|\n")
	for _, tc := range polisCases {
		p := loadPolis(t, filepath.Join(root, tc.name))
		o := opinions.DefaultOptions()
		o.Seed = 1
		res := opinions.Compute(p.build(), o).Result()
		polisSizes := map[int]int{}
		for _, g := range p.groups {
			polisSizes[g]++
		}
		var ours, theirs []int
		for _, g := range res.Groups {
			ours = append(ours, g.Size)
		}
		for g := range len(polisSizes) {
			theirs = append(theirs, polisSizes[g])
		}
		sil := 0.0
		for _, s := range res.Silhouettes {
			if s.K == res.K {
				sil = s.Silhouette
			}
		}
		w("| %s | %d | %d | %d | %d | %d | %.2f | %v | %v | **%.3f** |\n", tc.name, res.Participants, len(p.groups),
			coverage(p.groups, res.ParticipantGroups), len(polisSizes), res.K, sil, ours, theirs,
			opinions.AdjustedRandIndex(p.groups, res.ParticipantGroups))
	}

	w("\n### Speed and memory\n\n")
	w("| measurement | wall clock | CPU time | goal |\n|---|---:|---:|---:|\n")
	measure := func(n int, f func()) (wall, cpu time.Duration) {
		runtime.GC()
		c0, t0 := cpuTime(t), time.Now()
		for range n {
			f()
		}
		return time.Since(t0) / time.Duration(n), (cpuTime(t) - c0) / time.Duration(n)
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	us := func(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/1e3) }
	full := opinions.Compute(loadVTaiwan(t).build(), opinions.DefaultOptions())
	wall, cpu := measure(30, full.Recompute)
	w("| vtaiwan.uberx full recompute (1,921 × 197, 49,443 votes; mean of 30) | **%s** | %s | < 100 ms |\n", ms(wall), ms(cpu))
	m, tail := vtaiwanTail(t)
	i := 0
	wall, cpu = measure(200_000, func() { _ = m.Vote(tail[i%len(tail)]); i++ })
	w("| vtaiwan.uberx one incremental vote, `Model.Vote` (mean of 200,000) | **%s** | %s | < 5 ms |\n", us(wall), us(cpu))
	wall, cpu = measure(2_000, func() { _ = m.Vote(tail[i%len(tail)]); _ = m.Representative(); i++ })
	w("| vtaiwan.uberx one vote + representative statements refreshed (mean of 2,000) | %s | %s | |\n", ms(wall), ms(cpu))

	runtime.GC()
	cpu0 := cpuTime(t)
	t0 := time.Now()
	c := syntheticConversation(synthParticipants, synthStatements, synthVotes)
	t1, cpu1 := time.Now(), cpuTime(t)
	res := opinions.Compute(c, opinions.DefaultOptions()).Result()
	t2, cpu2 := time.Now(), cpuTime(t)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	w("| synthetic 100,000 × 2,000, 5,000,000 votes: loading the votes | %.2f s | %.2f s | |\n", t1.Sub(t0).Seconds(), (cpu1 - cpu0).Seconds())
	w("| synthetic: full computation (PCA, clusters, statistics) | %.2f s | %.2f s | |\n", t2.Sub(t1).Seconds(), (cpu2 - cpu1).Seconds())
	w("| synthetic: total | **%.2f s** | %.2f s | < 15 s |\n", t2.Sub(t0).Seconds(), (cpu2 - cpu0).Seconds())
	w("| synthetic: peak resident memory of the process (`getrusage` maxrss) | **%d MiB** | | < 4 GiB |\n", ru.Maxrss/1024)
	w("\nCPU time is user + system time of the whole process (all threads) per operation. The machine is shared with other jobs, so wall-clock times vary from run to run; CPU time is the steadier figure.\n")
	w("The synthetic conversation has three latent opinion groups; we found k = %d with %d participants clustered.\n", res.K, res.Clustered)
	if err := os.MkdirAll(filepath.Dir(*benchReport), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*benchReport, md.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s:\n%s", *benchReport, md.String())
}

// cpuTime returns the user plus system CPU time of the process so far.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
