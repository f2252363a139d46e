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
echo "LEXIMIN with \`folkmoot select --json --time-limit ${TIMEOUT}s --lottery 1000 --seed 1\` (one run each, lottery included), $(date -u +%Y-%m-%d), $(nproc) cores."
echo "*Certified*: select checked its own certificate as \`select verify\` does (exact arithmetic, no solver); *profile gap* is the largest"
echo "distance between a person's probability and their stage's proven level (tolerance 1e-7); *lottery gap* the largest distance between"
echo "a person's share of the 1,000 tickets and their exact probability, in units of 1/M (goal at most 1.5/M)."
echo "A run that reaches the time limit ends with the best distribution found, marked approximate, and"
echo "its certified gap (no one's probability is more than the gap below an upper bound on LEXIMIN's)."
echo "Reproduce: \`make bench-sortition SORTITION_BENCH_TIMEOUT=${TIMEOUT}\`, or one row with"
echo "\`/usr/bin/time -v bin/folkmoot select --categories DIR/categories.csv --respondents DIR/respondents.csv --panel-size K --json\`."
echo
echo "| instance | n | k | types | time (s) | peak memory (MiB) | min probability | panels | pricing IPs | LP re-solves | how | result | profile gap | verify (s) | lottery gap |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |"
run() { # name dir k [extra]
  local name=$1 dir=$2 k=$3; shift 3
  local n; n=$(($(wc -l < "$dir/respondents.csv")))
  local out err; out=$(mktemp); err=$(mktemp)
  local s; s=$(date +%s.%N)
  timeout "$((TIMEOUT + 300))" /usr/bin/time -f "%M" "$BIN" select --categories "$dir/categories.csv" --respondents "$dir/respondents.csv" \
    --panel-size "$k" --json --quiet --time-limit "${TIMEOUT}s" --lottery 1000 --seed 1 "$@" > "$out" 2> "$err"
  local rc=$?
  local e; e=$(date +%s.%N)
  local mem; mem=$(tail -1 "$err" | awk '{printf "%.0f", $1/1024}')
  if [[ $rc == 0 ]]; then
    python3 - "$out" "$name" "$n" "$k" "$(echo "$e - $s" | bc)" "$mem" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); name, n, k, sec, mem = sys.argv[2:]
st = r['stats']
if st.get('Reached'):
    how = "walk" if st['LPSolves'] == 0 else "walk, then column generation"
else:
    how = f"{st['Stages']} stages"
result = "**certified**" if r.get('certified') else "not certified"
if r.get('approximate'):
    how = "time limit"
    result = f"**approximate**: gap {r['gap']:.2g}" if r.get('gap') else "**approximate**"
print(f"| {name} | {n} | {k} | {r['types']} | {float(sec):.1f} | {mem} | {r['min_probability']:.6f} | {r['panels']} | {st['PricingCalls']} | {st['LPSolves']} | {how} | {result} | {st.get('ProfileGap', 0):.1e} | {st.get('VerifyTime', 0)/1e9:.1f} | {r.get('lottery_gap', 0)*1000:.2f}/M |")
PY
  else
    echo "| $name | $n | $k | | > $((TIMEOUT + 300)) | | | | | | | failed or did not stop (exit $rc) | | | |"
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
echo "\"how\": *walk* means the decomposition walk alone wrote the LP relaxation's LEXIMIN point as a mixture of integer panels"
echo "(no master LP, no stages; see docs/sortition.md); *walk, then column generation* that the walk stopped on a face with no"
echo "panel and column generation reached the point from its panels; otherwise the number of LEXIMIN stages run."
