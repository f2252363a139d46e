# Response and accountability (issue 15; internal/trace, internal/response
# and their web packages): `make bench` measures every issue's trace
# (trace.json and the page) and the round's responses.json,
# stocktake.pdf, quality.json and consultation.json through the whole
# server, on the demo's finished round and on a synthetic round of 5,000
# issues, and writes docs/bench/accountability.md. SQLite only; about
# three minutes on 2 cores. Not run under nice: it measures latency.
.PHONY: bench-accountability
bench:: bench-accountability

## bench-accountability: every issue's trace and the round's response files, demo and 5,000 issues (docs/bench/accountability.md).
bench-accountability:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.accountability.load
	FOLKMOOT_BENCH_ACCOUNTABILITY_OUT=$(CURDIR)/docs/bench/accountability.md $(GO) test $(GOFLAGS_) -count=1 -timeout 20m -run '^TestAccountabilityBench$$' ./cmd/folkmoot/
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.accountability.load)"; } >> docs/bench/accountability.md; rm -f docs/bench/.accountability.load
	@echo "wrote docs/bench/accountability.md"
