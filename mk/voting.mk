# Vote counting (internal/voting): benchmarks into docs/bench/voting.md.
# Counts read their ballot files outside the timed loop; the 1,000,000-ballot
# election is generated deterministically inside the benchmark.

VOTING_BENCHTIME ?= 5x

bench::
	@mkdir -p docs/bench
	@echo "voting: benchmarks (about two minutes)"
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.voting.load
	$(GO) test $(GOFLAGS_) -run '^$$' -bench . -benchtime $(VOTING_BENCHTIME) -count 1 ./internal/voting/ > docs/bench/voting.txt
	@{ \
	  echo "## Voting"; echo; \
	  echo "Time to count (aggregation of identical ballots included; reading the file excluded unless the row says so),"; \
	  echo "with -benchtime $(VOTING_BENCHTIME) (runs per count). Goals: each real election under 100 ms, the million-ballot count under 2 s."; echo; \
	  echo "| count | ballots | wall time per count | CPU time per count | goal |"; \
	  echo "|---|---:|---:|---:|---|"; \
	  awk -f mk/voting-bench.awk docs/bench/voting.txt; \
	  echo; \
	  echo "Reproduce: \`go test -tags=$(TAGS) -run '^\$$' -bench . -benchtime $(VOTING_BENCHTIME) ./internal/voting/\` (needs ../shared/ballots)."; \
	  echo "Wall-clock time is inflated when other programs share the machine (load average at the end: $$(cut -d' ' -f1-3 /proc/loadavg)); CPU time is the process's user + system time per count, garbage collection included."; \
	  echo "Measured $$(date -u +%Y-%m-%d) on $$(nproc) cores ($$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $$(go version | cut -d' ' -f3)."; \
	  echo; scripts/benchstamp.sh "$$(cat docs/bench/.voting.load)"; \
	} > docs/bench/voting.md
	@rm -f docs/bench/voting.txt docs/bench/.voting.load
	@echo "wrote docs/bench/voting.md"
