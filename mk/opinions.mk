# Opinion mapping (issue 5, internal/opinions): `make bench` measures agreement
# with Pol.is on the shared conversations, vtaiwan.uberx timings and the
# synthetic 5,000,000-vote conversation, and writes docs/bench/opinions.md
# (TestBenchReport is built only with the benchreport tag).
.PHONY: bench-opinions
bench:: bench-opinions

bench-opinions:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.opinions.load
	nice $(GO) test -tags=$(TAGS),benchreport -count=1 -timeout 10m -run '^TestBenchReport$$' ./internal/opinions/ -args -bench-report=$(CURDIR)/docs/bench/opinions.md
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.opinions.load)"; } >> docs/bench/opinions.md; rm -f docs/bench/.opinions.load
