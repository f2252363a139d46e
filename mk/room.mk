# Online participants reach the room (issue 14, part 3; internal/room and
# internal/web/roomweb): `make bench` measures an approved question
# reaching 5,000 viewers of a group's room screen and live page, on one
# server and across two servers on one PostgreSQL (p50/p99 delivery), and
# writes docs/bench/room.md. Needs PostgreSQL for the second case
# (FOLKMOOT_TEST_POSTGRES, default postgres://postgres@127.0.0.1:5432/test).
# Not run under nice, unlike the throughput benches: it measures latency,
# and a niced process on a busy machine measures the other processes.
.PHONY: bench-room
bench:: bench-room

FOLKMOOT_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

## bench-room: an approved question reaching 5,000 room screens, one server and two on PostgreSQL (docs/bench/room.md).
bench-room:
	@mkdir -p docs/bench
	@cut -d' ' -f1-3 /proc/loadavg > docs/bench/.room.load
	FOLKMOOT_TEST_POSTGRES='$(FOLKMOOT_TEST_POSTGRES)' FOLKMOOT_BENCH_ROOM_OUT=$(CURDIR)/docs/bench/room.md $(GO) test $(GOFLAGS_) -count=1 -timeout 20m -run '^TestRoomBench$$' ./internal/web/roomweb/
	@{ echo; scripts/benchstamp.sh "$$(cat docs/bench/.room.load)"; } >> docs/bench/room.md; rm -f docs/bench/.room.load
	@echo "wrote docs/bench/room.md"
