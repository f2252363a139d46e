#!/usr/bin/env bash
# Prints the line that stamps a benchmark section with what it was measured
# at: the date, the commit (and whether the tree had changes) and the
# machine's load average when the run started.
#   scripts/benchstamp.sh "LOAD AT START"
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git status --porcelain --untracked-files=no -- . ":!docs/bench" ":!docs/benchmarks.md" 2>/dev/null) ]] && commit="$commit with uncommitted changes"
echo "Stamp: $(date -u +%Y-%m-%dT%H:%MZ), commit $commit, load average at start ${1:-unknown} (1, 5, 15 min), $(nproc) cores."
