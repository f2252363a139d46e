#!/bin/sh
# Fuzz one target for a while (called by mk/fuzz.mk once per target).
#
#   scripts/fuzz.sh PKG TARGET DURATION [PARALLEL] [SAVE]
#   scripts/fuzz.sh --classify LOG     exit 0 if LOG is Go's fuzztime race
#   scripts/fuzz.sh --self-test        checks --classify on known logs
#
# GO and GOFLAGS_ come from the environment (make passes them).
#
# Why the classifier: with a duration -fuzztime, Go's fuzzing coordinator
# can report a bare "context deadline exceeded" failure when the deadline
# fires while a worker on a busy machine is still mid-call
# (golang/go#51484, golang/go#75804). No input fails then and nothing is
# written to testdata/fuzz/. A real finding always prints "Failing input
# written to" (or a panic, or the target's own error), so only the bare
# message is treated as the race, and then only if the corpus replay
# (`go test -run '^TARGET$'`, every saved input once) passes too.
set -u

GO=${GO:-go}
GOFLAGS_=${GOFLAGS_:-}

# is_race LOG: the log's only failure is the coordinator's deadline.
is_race() {
	grep -q 'context deadline exceeded' "$1" || return 1
	grep -q -e 'Failing input written' -e 'panic:' -e '_test\.go:[0-9]' \
		-e 'fuzzing process hung' -e 'terminated unexpectedly' "$1" && return 1
	[ "$(grep -c -e '--- FAIL' "$1")" -le 1 ] || return 1
	return 0
}

self_test() {
	d=$(mktemp -d)
	trap 'rm -rf "$d"' EXIT
	cat > "$d/race" <<'EOF'
fuzz: elapsed: 3s, execs: 46300 (15432/sec), new interesting: 9 (total: 267)
fuzz: elapsed: 4s, execs: 46300 (0/sec), new interesting: 9 (total: 267)
--- FAIL: FuzzReadCSV (4.05s)
    context deadline exceeded
FAIL
EOF
	cat > "$d/found" <<'EOF'
fuzz: elapsed: 1s, execs: 812 (812/sec), new interesting: 3 (total: 40)
--- FAIL: FuzzReadCSV (1.20s)
    --- FAIL: FuzzReadCSV (0.00s)
        fuzz_test.go:31: round trip changed the ballots
    Failing input written to testdata/fuzz/FuzzReadCSV/8f3a2c
    To re-run:
    go test -run=FuzzReadCSV/8f3a2c
FAIL
EOF
	cat > "$d/panic" <<'EOF'
--- FAIL: FuzzReadCSV (0.31s)
    context deadline exceeded
panic: runtime error: index out of range [3] with length 3
FAIL
EOF
	cat > "$d/hung" <<'EOF'
--- FAIL: FuzzReadCSV (10.00s)
    fuzzing process hung or terminated unexpectedly: exit status 2
    Failing input written to testdata/fuzz/FuzzReadCSV/0c1d
FAIL
EOF
	ok=0
	is_race "$d/race" || { echo "fuzz self-test: the bare deadline log was not taken for the race"; ok=1; }
	for f in found panic hung; do
		if is_race "$d/$f"; then echo "fuzz self-test: a real failure ($f) was taken for the race"; ok=1; fi
	done
	return $ok
}

case "${1:-}" in
--classify) is_race "$2"; exit $? ;;
--self-test) self_test; exit $? ;;
esac

pkg=$1 t=$2 dur=$3 par=${4:-0} save=${5:-}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "fuzz: $pkg $t for $dur"
set -- -run '^$' -fuzz "^$t\$" -fuzztime "$dur"
[ "$par" != 0 ] && set -- "$@" -parallel "$par"
# shellcheck disable=SC2086 # GOFLAGS_ is a list of flags
if ! $GO test $GOFLAGS_ "$@" "$pkg" > "$log" 2>&1; then
	if is_race "$log" && $GO test $GOFLAGS_ -count=1 -run "^$t\$" "$pkg" >> "$log" 2>&1; then
		echo "fuzz: $pkg $t stopped by Go's fuzztime deadline race with no failing input (golang/go#51484); its corpus replay passed"
	else
		cat "$log"
		echo "fuzz: FAILED $pkg $t (a failing input, if any, is in $pkg/testdata/fuzz/$t/)"
		exit 1
	fi
fi
if [ -n "$save" ]; then
	src="$($GO env GOCACHE)/fuzz/$($GO list "$pkg")/$t" dst="$pkg/testdata/fuzz/$t"
	if [ -d "$src" ]; then mkdir -p "$dst"; cp -n "$src"/* "$dst"/ 2>/dev/null || true; fi
fi
exit 0
