# Sortition engine (issue 3): benchmarks of `folkmoot select`.
# bench:: writes docs/bench/sortition.md (time and peak memory of LEXIMIN on
# the public paper example and the synthetic instances). Each run is capped
# by SORTITION_BENCH_TIMEOUT seconds (the issue's goal for sfe_like_1727_110 is
# 5 minutes); a capped run is recorded as "did not finish within …".

SORTITION_DATA ?= ../shared/sortition-data
SORTITION_BENCH_TIMEOUT ?= 400

.PHONY: bench-sortition
bench:: bench-sortition
bench-sortition: build
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.sortition.load
	@SORTITION_DATA=$(SORTITION_DATA) TIMEOUT=$(SORTITION_BENCH_TIMEOUT) BIN=$(BIN) \
		internal/sortition/testdata/bench.sh > docs/bench/sortition.md
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.sortition.load)"; } >> docs/bench/sortition.md; rm -f docs/bench/.sortition.load
	@echo "wrote docs/bench/sortition.md"
