#!/usr/bin/env bash
# The native unit tests under AddressSanitizer and UndefinedBehaviorSanitizer: the top-level project
# configured with clang into build-asan/ (flags on the command line; CMakeLists.txt is not changed),
# only the unit_tests target built, and run. Any memory error, leak or undefined behaviour fails.
# Usage: scripts/sanitize.sh [CATCH2 ARGS...]     (e.g. "[hostile]" or a test name; default: every test)
#   ASAN_BUILD=dir   build directory (default build-asan)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD:-build-asan}
JOBS=${JOBS:-$(nproc)}

if ! command -v clang++ > /dev/null; then
  echo "sanitize: clang++ is missing (scripts/install-deps.sh installs clang and libclang-rt-14-dev)" >&2
  exit 2
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# build type None: no -O3 / -DNDEBUG after these flags (asserts stay on)
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="$SAN -O1 -g" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
start=$(date +%s)
cmake --build "$BUILD" --target unit_tests -j"$JOBS"
built=$(date +%s)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for s in llvm-symbolizer llvm-symbolizer-14; do
  if command -v $s > /dev/null; then export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v $s)}; break; fi
done
"$BUILD/unit_tests" --use-colour no "$@"
echo "[sanitize] build $(( built - start )) s, tests $(( $(date +%s) - built )) s"
