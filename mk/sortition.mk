# Sortition engine (issue 3): benchmarks of `folkmoot select`.
# bench:: writes docs/bench/sortition.md (time and peak memory of LEXIMIN on
# the public paper example and the synthetic instances). Each run is capped
# by SORTITION_BENCH_TIMEOUT seconds so the whole target stays near 5 minutes;
# a capped run is recorded as "did not finish within …".

SORTITION_DATA ?= ../shared/sortition-data
SORTITION_BENCH_TIMEOUT ?= 60

.PHONY: bench-sortition
bench:: bench-sortition
bench-sortition: build
	@mkdir -p docs/bench
	@SORTITION_DATA=$(SORTITION_DATA) TIMEOUT=$(SORTITION_BENCH_TIMEOUT) BIN=$(BIN) \
		internal/sortition/testdata/bench.sh > docs/bench/sortition.md
	@echo "wrote docs/bench/sortition.md"
