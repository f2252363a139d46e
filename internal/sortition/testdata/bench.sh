#!/usr/bin/env bash
# Prints the "## Sortition" section of docs/benchmarks.md: LEXIMIN time and
# peak memory per instance. Used by `make bench` (mk/sortition.mk).
set -uo pipefail
D=${SORTITION_DATA:-../shared/sortition-data}
[[ -d $D ]] || D=/work/shared/sortition-data
BIN=${BIN:-bin/folkmoot}
TIMEOUT=${TIMEOUT:-400}
echo "## Sortition"
echo
echo "LEXIMIN with \`folkmoot select --json\` (one run each, capped at ${TIMEOUT} s), $(date -u +%Y-%m-%d), $(nproc) cores."
echo "Reproduce: \`make bench-sortition SORTITION_BENCH_TIMEOUT=${TIMEOUT}\`, or one row with"
echo "\`/usr/bin/time -v bin/folkmoot select --categories DIR/categories.csv --respondents DIR/respondents.csv --panel-size K --json\`."
echo
echo "| instance | n | k | types | time (s) | peak memory (MiB) | min probability | panels | pricing IPs | LP re-solves | how | result |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
run() { # name dir k [extra]
  local name=$1 dir=$2 k=$3; shift 3
  local n; n=$(($(wc -l < "$dir/respondents.csv")))
  local out err; out=$(mktemp); err=$(mktemp)
  local s; s=$(date +%s.%N)
  timeout "$TIMEOUT" /usr/bin/time -f "%M" "$BIN" select --categories "$dir/categories.csv" --respondents "$dir/respondents.csv" \
    --panel-size "$k" --json --quiet "$@" > "$out" 2> "$err"
  local rc=$?
  local e; e=$(date +%s.%N)
  local mem; mem=$(tail -1 "$err" | awk '{printf "%.0f", $1/1024}')
  if [[ $rc == 0 ]]; then
    python3 - "$out" "$name" "$n" "$k" "$(echo "$e - $s" | bc)" "$mem" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); name, n, k, sec, mem = sys.argv[2:]
st = r['stats']
how = "relaxation reached" if st.get('Reached') else f"{st['Stages']} stages"
print(f"| {name} | {n} | {k} | {r['types']} | {float(sec):.1f} | {mem} | {r['min_probability']:.6f} | {r['panels']} | {st['PricingCalls']} | {st['LPSolves']} | {how} | ok |")
PY
  else
    echo "| $name | $n | $k | | > $TIMEOUT | | | | | | | did not finish within ${TIMEOUT} s |"
  fi
  rm -f "$out" "$err"
}
run example_small_20 "$D/example_small_20" 20
run example_large_200 "$D/example_large_200" 200
for dir in "$D"/synthetic/*/; do
  name=$(basename "$dir")
  k=${name##*_}
  extra=()
  [[ $name == *households* ]] && extra=(--address-columns address)
  run "$name" "$dir" "$k" "${extra[@]}"
done
echo
echo "\"how\": *relaxation reached* means the LP relaxation's LEXIMIN was reached by integer panels (one column generation, no stages; see docs/sortition.md); otherwise the number of LEXIMIN stages run."
