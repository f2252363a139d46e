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
for f in docs/bench/*.md; do
  [[ -e $f ]] || continue
  cat "$f"; echo
done
