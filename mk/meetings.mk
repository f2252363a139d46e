# The allocation of members to discussion groups (issue 14,
# internal/meeting): `make bench` allocates 60 and 500 synthetic members
# and writes docs/bench/meetings.md: the time and whether the optimum was
# proven (TestBenchReport is built only with the benchreport tag).
.PHONY: bench-meetings
bench:: bench-meetings

## bench-meetings: allocation of 60 and of 500 members to discussion groups: time and whether proven optimal.
bench-meetings:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.meetings.load
	nice $(GO) test -tags=$(TAGS),benchreport -count=1 -timeout 30m -run '^TestBenchReport$$' ./internal/meeting/ -args -bench-report=$(CURDIR)/docs/bench/meetings.md
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.meetings.load)"; } >> docs/bench/meetings.md; rm -f docs/bench/.meetings.load
