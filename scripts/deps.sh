#!/usr/bin/env bash
# Installs what Folkmoot needs that Go modules do not bring, or prints the
# exact command to do so.
#   scripts/deps.sh build   COIN-OR CBC and CLP (cgo), npm packages
#   scripts/deps.sh test    the above plus Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-build}

# libopenblas0-serial: CLP factorises the sortition master LP's dense bases
# with BLAS (dtrsm, dgemm); the reference BLAS made that 70% of the run time
# on sfe_like_1727_110 (perf), OpenBLAS is ~2.5x faster there. Serial: the
# engine is single-threaded and must not oversubscribe the cores.
pkgs=(coinor-libcbc-dev coinor-libclp-dev pkg-config libopenblas0-serial)
[[ $want == test ]] && pkgs+=(chromium fonts-liberation)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) == 0 ]]; then
    echo "deps: installing ${missing[*]}" >&2
    bash -c "$cmd" >&2
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    echo "deps: installing ${missing[*]} with sudo" >&2
    sudo bash -c "$cmd" >&2
  else
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: run:  sudo sh -c '$cmd'" >&2
    exit 1
  fi
fi

if [[ -f package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "deps: npm is missing; run: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
  # npm ci only when the lock file changed since the last install.
  stamp=node_modules/.folkmoot-lock
  if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
    echo "deps: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
  fi
fi
