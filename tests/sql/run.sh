#!/usr/bin/env bash
# The SQL parity test (ctest sql_parity): installs its npm packages into tests/sql/node_modules when
# missing (@duckdb/node-api, dt-sql-parser; tests/sql/package.json), then runs tests/sql/parity.mjs.
#   usage: tests/sql/run.sh TIERLENS [parity.mjs options: --random N --seed S --no-sample --keep --only NAME --verbose]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if [[ $# -lt 1 ]]; then echo "usage: $0 TIERLENS [options]" >&2; exit 2; fi
if [[ ! -d $HERE/node_modules/@duckdb/node-api || ! -d $HERE/node_modules/dt-sql-parser ]]; then
  echo "[sql parity] npm install (tests/sql/node_modules)"
  npm install --prefix "$HERE" --no-audit --no-fund --silent --no-package-lock
fi
exec node "$HERE/parity.mjs" "$@"
