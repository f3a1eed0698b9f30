#!/usr/bin/env bash
# Profiles the native CLI's `evaluate` (issue #4: "profile before optimising"):
#   1. builds tierlens Release with -g -fno-omit-frame-pointer into bench-data/prof-build/
#   2. callgrind on a 200k-row sample (exact instruction counts per function, inclusive and self)
#   3. perf record -e cpu-clock on S (sampling; only where perf works, e.g. not in every VM)
# Usage: bench/profile.sh [ROWS_FOR_CALLGRIND (200000)]   — outputs in bench-data/profile/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${1:-200000}
OUT=bench-data/profile
BUILD=bench-data/prof-build
mkdir -p $OUT
cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-g -fno-omit-frame-pointer" > /dev/null
cmake --build $BUILD -j"$(nproc)" --target tierlens > /dev/null
BIN=$BUILD/tierlens
D=$OUT/data-$ROWS
if [[ ! -f $D/orders.csv ]]; then
  mkdir -p $D
  $BIN sample --out $D --rows "$ROWS" --merchants 20000 --providers 20 2>/dev/null
fi
ARGS=(evaluate --orders $D/orders.csv --bindings $D/bindings.csv --standards $D/standards.csv --format json --out $OUT/report.json)

if command -v valgrind > /dev/null; then
  echo "== callgrind, $ROWS rows ($(du -h $D/orders.csv | cut -f1))"
  valgrind --tool=callgrind --callgrind-out-file=$OUT/callgrind.out $BIN "${ARGS[@]}" 2> $OUT/callgrind.log
  callgrind_annotate --inclusive=no $OUT/callgrind.out > $OUT/callgrind-self.txt 2>/dev/null || true
  callgrind_annotate --inclusive=yes $OUT/callgrind.out > $OUT/callgrind-inclusive.txt 2>/dev/null || true
  echo "-- self (top 25):"
  grep -E '^ *[0-9,]+ \(' $OUT/callgrind-self.txt | sed -n '2,26p' | cut -c1-200
  echo "-- inclusive (top 25):"
  grep -E '^ *[0-9,]+ \(' $OUT/callgrind-inclusive.txt | sed -n '2,26p' | cut -c1-200
else
  echo "valgrind not installed (apt-get install valgrind): callgrind skipped"
fi

S=bench-data/S-1000000
if command -v perf > /dev/null && [[ -f $S/orders.csv ]] && perf record -e cpu-clock -o /dev/null true 2>/dev/null; then
  echo "== perf record -e cpu-clock on S"
  perf record -e cpu-clock -F 2000 -g -o $OUT/perf.data $BIN evaluate --orders $S/orders.csv --bindings $S/bindings.csv \
    --standards $S/standards.csv --format json --out $OUT/report-S.json 2> /dev/null
  perf report -i $OUT/perf.data --no-children --sort symbol --stdio 2>/dev/null > $OUT/perf-self.txt || true
  grep -E '^ +[0-9.]+%' $OUT/perf-self.txt | head -25 | cut -c1-160
else
  echo "perf cpu-clock sampling not available here (or S not generated: node bench/bench.mjs --sizes S): skipped"
fi
echo "outputs: $OUT/"
