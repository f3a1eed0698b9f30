#!/usr/bin/env bash
# Fuzzes the engine: builds the libFuzzer targets of fuzz/ (clang, AddressSanitizer + UBSan) into
# build-fuzz/ and runs each for a bounded time on a seed corpus. Fails (exit 1) on any crash, leak,
# timeout, out-of-memory or broken invariant; prints per target: executions, coverage (cov: edges,
# ft: features), corpus size, crashes.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every fuzz/fuzz_*.cpp)
#   FUZZ_JOBS=2         targets run at once (default 1; each target is one process on one core)
#   FUZZ_BUILD=dir      build directory (default build-fuzz)
# Inputs found are kept in build-fuzz/corpus/<target> (the next run starts from them); a crashing
# input is written to build-fuzz/artifacts/<target>/ and the run's log to build-fuzz/logs/<target>.log.
# Reproduce one: build-fuzz/<target> build-fuzz/artifacts/<target>/crash-…   (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${FUZZ_JOBS:-1}

if ! command -v clang++ > /dev/null; then
  echo "fuzz: clang++ is missing (scripts/install-deps.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi

echo "[fuzz] building into $BUILD"
CC=clang CXX=clang++ cmake -S fuzz -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$BUILD" -j"$(nproc)" > "$BUILD/build.log" 2>&1 || { tail -n 40 "$BUILD/build.log"; exit 1; }

TARGETS=("$@")
if (( ${#TARGETS[@]} == 0 )); then
  for f in fuzz/fuzz_*.cpp; do TARGETS+=("$(basename "$f" .cpp)"); done
fi

# Seeds: generated from the fixtures and the built-in rule set, plus the hand-made ones in fuzz/seeds
rm -rf "$BUILD/seeds"
"$BUILD/make_seeds" . "$BUILD/seeds"
for d in fuzz/seeds/*/; do
  [[ -d $d ]] || continue
  mkdir -p "$BUILD/seeds/$(basename "$d")"
  cp "$d"* "$BUILD/seeds/$(basename "$d")/"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
for s in llvm-symbolizer llvm-symbolizer-14; do
  if command -v $s > /dev/null; then export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v $s)}; break; fi
done

run_one() {
  local t=$1
  mkdir -p "$BUILD/corpus/$t" "$BUILD/artifacts/$t" "$BUILD/logs" "$BUILD/seeds/$t"
  local rc=0
  "$BUILD/$t" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$BUILD/artifacts/$t/" "$BUILD/corpus/$t" "$BUILD/seeds/$t" > "$BUILD/logs/$t.log" 2>&1 || rc=$?
  echo "$rc" > "$BUILD/logs/$t.rc"
}

echo "[fuzz] ${#TARGETS[@]} targets, ${SECS} s each, $JOBS at a time"
start=$(date +%s)
for t in "${TARGETS[@]}"; do
  [[ -x $BUILD/$t ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  rm -f "$BUILD/logs/$t.rc"
  run_one "$t" &
  while (( $(jobs -rp | wc -l) >= JOBS )); do wait -n || true; done
done
wait

failed=0
printf '\n%-20s %12s %8s %9s %8s %8s  %s\n' target executions cov ft corpus crashes result
for t in "${TARGETS[@]}"; do
  log=$BUILD/logs/$t.log
  rc=$(cat "$BUILD/logs/$t.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  line=$(grep -a -E '^#[0-9]+[[:space:]]' "$log" | grep -a ' cov: ' | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$line")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$line")
  crashes=$(grep -a -c -E '^artifact_prefix=.*Test unit written to' "$log" || true)
  result=ok
  if [[ $rc != 0 ]] || (( crashes > 0 )); then
    result="FAILED (exit $rc)"
    failed=1
  fi
  printf '%-20s %12s %8s %9s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes" "$result"
done
echo "[fuzz] $(( $(date +%s) - start )) s"
if (( failed )); then
  for t in "${TARGETS[@]}"; do
    rc=$(cat "$BUILD/logs/$t.rc" 2>/dev/null || echo 1)
    [[ $rc == 0 ]] && continue
    echo; echo "==== $t (exit $rc): $BUILD/logs/$t.log"
    if grep -a -q -E 'ERROR: |runtime error|invariant broken' "$BUILD/logs/$t.log"; then
      grep -a -E -A 30 'ERROR: |runtime error|invariant broken' "$BUILD/logs/$t.log" | head -n 60
    else
      tail -n 40 "$BUILD/logs/$t.log"
    fi
    grep -a -E 'Test unit written to' "$BUILD/logs/$t.log" || true
  done
  exit 1
fi
