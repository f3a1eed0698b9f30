#!/usr/bin/env bash
# Builds the browser app (WebAssembly + Dear ImGui) and assembles dist/, a static site that works from
# any static host (no COOP/COEP headers needed; nothing is fetched from outside the origin).
#
#   ./build-wasm.sh               build target tierlens_web, assemble dist/
#   ./build-wasm.sh --all         build every target in build-wasm/ (also the wasm unit tests), assemble dist/
#   ./build-wasm.sh serve [PORT]  build, then serve dist/ on http://127.0.0.1:PORT/ (default 8080)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD=build-wasm
DIST=dist
ALL=0
SERVE=0
PORT=8080
while (( $# )); do
  case "$1" in
    --all) ALL=1 ;;
    serve) SERVE=1; if [[ "${2:-}" =~ ^[0-9]+$ ]]; then PORT=$2; shift; fi ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "build-wasm.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

export NODE_PATH=/usr/share/nodejs     # em++ -O2+ links need acorn from Debian's node modules
scripts/install-deps.sh
IMGUI_DIR=$ROOT/.deps/imgui-1.90.1
JOBS=$(nproc 2>/dev/null || echo 2)

if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  emcmake cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=Release -DIMGUI_DIR="$IMGUI_DIR" -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
fi
if [[ $ALL == 1 ]]; then
  cmake --build $BUILD -j"$JOBS"
else
  cmake --build $BUILD -j"$JOBS" --target tierlens_web
fi

# ---- dist/ ------------------------------------------------------------------------------------
rm -rf $DIST
mkdir -p $DIST
cp shell/index.html $DIST/index.html
cp web/glyphs.js web/host.js web/sw.js $DIST/
cp $BUILD/app.js $BUILD/app.wasm $DIST/
python3 scripts/dist_extras.py $DIST   # build id (build.json, the service worker's cache) and dist/tierlens.html
# Fonts: none. Glyphs are rasterised by the browser's own canvas 2D text renderer (web/glyphs.js), so
# Chinese needs no font download.
total=0; gz=0
for f in $DIST/index.html $DIST/*.js $DIST/app.wasm $DIST/build.json; do   # what a visit downloads
  s=$(stat -c %s "$f"); g=$(gzip -9 -c "$f" | wc -c)
  total=$((total + s)); gz=$((gz + g))
  printf '  %-12s %9d B  (gzip %8d B)\n' "$(basename "$f")" "$s" "$g"
done
printf 'dist/: %d B, %d B gzipped (a visit)\n' "$total" "$gz"
if (( gz > 2621440 )); then echo "build-wasm.sh: dist/ exceeds the 2.5 MB gzip budget" >&2; exit 1; fi
one=$(stat -c %s $DIST/tierlens.html); onegz=$(gzip -9 -c $DIST/tierlens.html | wc -c)
printf 'dist/tierlens.html: %d B, %d B gzipped (the single file)\n' "$one" "$onegz"
if (( onegz > 2621440 )); then echo "build-wasm.sh: dist/tierlens.html exceeds the 2.5 MB gzip budget" >&2; exit 1; fi

if [[ $SERVE == 1 ]]; then
  if python3 - "$PORT" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
  then :; else
    echo "build-wasm.sh: port $PORT on 127.0.0.1 is already in use; try ./build-wasm.sh serve OTHER_PORT" >&2
    exit 1
  fi
  echo "tierlens: serving $ROOT/$DIST at http://127.0.0.1:$PORT/  (Ctrl+C to stop)"
  exec python3 -m http.server "$PORT" --bind 127.0.0.1 -d "$DIST"
fi
