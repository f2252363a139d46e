# Selection in the web app (issue 13, internal/lottery and
# internal/web/selectionweb): `make bench` runs a selection of 200 from a
# pool of 10,000 through the web app (job queue, live progress) and the
# CLI's code path on the same files, and writes docs/bench/selection-web.md
# (TestBenchReport is built only with the benchreport tag).
.PHONY: bench-selection-web
bench:: bench-selection-web

## bench-selection-web: a selection of 200 from 10,000 through the web app and the CLI: times and progress gaps.
bench-selection-web:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.selection-web.load
	nice $(GO) test -tags=$(TAGS),benchreport -count=1 -timeout 30m -run '^TestBenchReport$$' ./internal/web/selectionweb/ -args -bench-report=$(CURDIR)/docs/bench/selection-web.md
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.selection-web.load)"; } >> docs/bench/selection-web.md; rm -f docs/bench/.selection-web.load
