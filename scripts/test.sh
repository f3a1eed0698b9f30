#!/usr/bin/env bash
# Runs every test of tierlens, building once and reusing the builds:
#   1. dependencies (scripts/install-deps.sh: apt packages, Dear ImGui source, playwright-core)
#   2. native build  -> unit tests + CLI golden/exit-code tests (ctest)
#   2a. the unit tests again under AddressSanitizer + UBSan (clang, build-asan/: scripts/sanitize.sh)
#   2b. a short fuzzing pass: every libFuzzer target of fuzz/ for FUZZ_SECONDS (default 15) s
#       (build-fuzz/: scripts/fuzz.sh; longer runs and the figures: docs/fuzzing.md)
#   3. wasm build    -> the same unit tests and CLI tests under node (same golden files: native == wasm)
#                       + the browser app (dist/)
#   4. browser end-to-end tests in headless Chromium (tests/e2e/run.mjs: one scenario per file in tests/e2e/scenarios/), screenshots in test-artifacts/
#   5. benchmark smoke run (tiny data, checks every tool agrees; no timing bars)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export NODE_PATH=/usr/share/nodejs
JOBS=${JOBS:-$(nproc)}
step() { echo; echo "==== $* ($(date +%T))"; }

step "1. dependencies"
bash scripts/install-deps.sh

step "2. native build and tests"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build-native -j"$JOBS"
ctest --test-dir build-native --output-on-failure -j2

step "2a. sanitizer build and unit tests (ASan + UBSan)"
bash scripts/sanitize.sh

step "2b. fuzzing, short pass (ASan + UBSan)"
FUZZ_JOBS=${FUZZ_JOBS:-2} bash scripts/fuzz.sh "${FUZZ_SECONDS:-15}"

step "3. WebAssembly build and tests (node)"
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DIMGUI_DIR="$ROOT/.deps/imgui-1.90.1" \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node > /dev/null
cmake --build build-wasm -j"$JOBS"
ctest --test-dir build-wasm --output-on-failure -j2

if [[ -f tests/e2e/run.mjs ]]; then
  step "4. browser end-to-end tests (headless Chromium)"
  ./build-wasm.sh              # assembles dist/ from the wasm build above (nothing left to compile)
  node tests/e2e/run.mjs --dist dist --cli build-native/tierlens --out test-artifacts
fi

if [[ -f bench/bench.mjs ]]; then
  step "5. benchmark smoke run"
  node bench/bench.mjs --smoke
fi
step "all tests passed"
