# Open-data exports under load (issue 11, point 10): supports per second
# with and without four clients pulling /issues.json. See internal/api's
# snapshot and internal/e2e/exports_bench_test.go.

.PHONY: bench-exports
bench:: bench-exports

## bench-exports: supports/s alone and with four clients pulling /issues.json (docs/bench/exports.md).
bench-exports:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.exports.load
	FOLKMOOT_BENCH_EXPORTS_OUT=docs/bench/exports.md nice $(GO) test $(GOFLAGS_) -count=1 -run TestExportsUnderLoad -timeout 10m ./internal/e2e/
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.exports.load)"; } >> docs/bench/exports.md; rm -f docs/bench/.exports.load
	@echo "wrote docs/bench/exports.md"
