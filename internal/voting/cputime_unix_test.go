//go:build unix

package voting_test

import "syscall"

// cpuSeconds returns the CPU time (user + system) this process has used,
// so benchmarks can report work done independently of machine load.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
