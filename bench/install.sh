#!/usr/bin/env bash
# Installs the benchmark's peers (bench/bench.mjs calls this unless --no-install; safe to rerun):
#   npm:    @duckdb/node-api (native DuckDB), @duckdb/duckdb-wasm, papaparse  -> bench/node_modules
#   Debian: python3-pandas (the pandas peer), time (/usr/bin/time for peak RSS)
# None of these are needed by the test command: `node bench/bench.mjs --smoke` runs without them.
# Usage: bench/install.sh [--no-apt]
set -euo pipefail
cd "$(dirname "$0")"
APT=1
[[ "${1:-}" == "--no-apt" ]] && APT=0

if [[ ! -d node_modules/@duckdb/node-api || ! -d node_modules/@duckdb/duckdb-wasm || ! -d node_modules/papaparse ]]; then
  echo "[bench/install] npm install (bench/node_modules)"
  npm install --no-audit --no-fund --silent --no-package-lock
else
  echo "[bench/install] npm peers present"
fi

if [[ $APT == 1 ]]; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  missing=()
  for p in python3-pandas time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    echo "[bench/install] apt-get install ${missing[*]}"
    ($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}") \
      || echo "[bench/install] warning: could not install ${missing[*]} (pandas will be reported as skipped)"
  else
    echo "[bench/install] Debian packages present"
  fi
fi
echo "[bench/install] done"
