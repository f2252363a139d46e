# Opinion mapping (issue 5, internal/opinions): `make bench` measures agreement
# with Pol.is on the shared conversations, vtaiwan.uberx timings and the
# synthetic 5,000,000-vote conversation, and writes docs/bench/opinions.md.
# (The Makefile gathers docs/bench/*.md before the included mk/*.mk recipes
# run, so this rule regenerates docs/benchmarks.md afterwards as well.)
.PHONY: bench-opinions
bench:: bench-opinions

bench-opinions:
	@mkdir -p docs/bench
	nice $(GO) test $(GOFLAGS_) -count=1 -timeout 10m -run '^TestBenchReport$$' ./internal/opinions/ -args -bench-report=$(CURDIR)/docs/bench/opinions.md
	@scripts/benchreport.sh > docs/benchmarks.md
