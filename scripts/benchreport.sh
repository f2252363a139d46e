#!/usr/bin/env bash
# Prints docs/benchmarks.md: a header, the machine, then each area's section
# (docs/bench/<area>.md, written by that area's `make bench` rule).
set -euo pipefail
cd "$(dirname "$0")/.."
cat <<HDR
# Folkmoot benchmarks

Written by \`make bench\` (do not edit by hand; each section comes from docs/bench/).
Last run: $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1).

HDR
# One run at one commit: say so only when every section's stamp agrees.
commits=$(sed -n 's/^Stamp: [^,]*, commit \([^,]*\),.*/\1/p' docs/bench/*.md | sort -u)
unstamped=$(for f in docs/bench/*.md; do grep -q '^Stamp: ' "$f" || basename "$f" .md; done | paste -sd, -)
if [[ $(echo "$commits" | grep -c .) == 1 && -z $unstamped ]]; then
  echo "Every section below was measured at commit $commits (see each section's stamp for its time and load)."
else
  echo "**Warning:** the sections were not all measured at one commit (commits: $(echo $commits | paste -sd, -); unstamped: ${unstamped:-none})."
fi
echo
for f in docs/bench/*.md; do
  [[ -e $f ]] || continue
  cat "$f"; echo
done
