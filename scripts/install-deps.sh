#!/usr/bin/env bash
# Installs everything tierlens needs on a fresh Debian 12 machine, idempotently:
#   1. Debian packages (compilers, Emscripten, header-only libs, Chromium, CJK fonts; clang with its
#      sanitizer and libFuzzer runtimes and llvm-symbolizer for scripts/sanitize.sh and scripts/fuzz.sh)
#   2. Dear ImGui sources from Debian's source package (pinned, signature-checked by apt)
#   3. npm packages for the browser tests (playwright-core; never downloads a browser)
# Usage: scripts/install-deps.sh [--no-web]   (--no-web: native build only)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WEB=1
[[ "${1:-}" == "--no-web" ]] && WEB=0

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

# ---- 1. Debian packages -------------------------------------------------------
PKGS=(g++ cmake make nlohmann-json3-dev catch2 libcli11-dev zlib1g-dev python3 python3-openpyxl clang libclang-rt-14-dev llvm-14)
if [[ $WEB == 1 ]]; then
  PKGS+=(emscripten chromium fonts-droid-fallback fonts-wqy-microhei fonts-dejavu-core xz-utils)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "[deps] apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "[deps] Debian packages present"
fi
[[ $WEB == 1 ]] || exit 0

# ---- 2. Dear ImGui source (not in any binary package) ----------------------------
IMGUI_VER=1.90.1+ds
IMGUI_DIR=.deps/imgui-1.90.1
if [[ ! -f $IMGUI_DIR/imgui.cpp ]]; then
  d=.deps/apt; mkdir -p $d/lists/partial $d/src
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [[ -n "$uri" ]] || uri=http://deb.debian.org/debian
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > $d/trixie-src.sources
  # private apt state: the system's apt configuration is not touched
  O=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$ROOT/$d -o Dir::State::Lists=$ROOT/$d/lists)
  apt-get "${O[@]}" -qq update
  (cd $d/src && apt-get "${O[@]}" source --download-only "imgui=1.90.1+ds-1")
  tar -C .deps -xf $d/src/imgui_1.90.1+ds.orig.tar.xz
  echo "[deps] Dear ImGui sources in $IMGUI_DIR"
else
  echo "[deps] Dear ImGui sources present"
fi

# ---- 2b. zlib source, for the WebAssembly build (natively: zlib1g-dev) ------------------
ZLIB_DIR=.deps/zlib-1.3.1
if [[ ! -f $ZLIB_DIR/inflate.c ]]; then
  d=.deps/apt; mkdir -p $d/lists/partial $d/src
  O=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$ROOT/$d -o Dir::State::Lists=$ROOT/$d/lists)
  if [[ ! -f $d/trixie-src.sources ]]; then
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [[ -n "$uri" ]] || uri=http://deb.debian.org/debian
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > $d/trixie-src.sources
  fi
  ls $d/lists/*Sources* > /dev/null 2>&1 || apt-get "${O[@]}" -qq update
  (cd $d/src && apt-get "${O[@]}" source --download-only "zlib=1:1.3.dfsg+really1.3.1-1")
  tar -C .deps -xzf $d/src/zlib_1.3.dfsg+really1.3.1.orig.tar.gz
  echo "[deps] zlib sources in $ZLIB_DIR"
else
  echo "[deps] zlib sources present"
fi

# ---- 3. npm packages for browser tests --------------------------------------------
if [[ ! -d node_modules/playwright-core ]]; then
  npm install --no-audit --no-fund --silent
fi
echo "[deps] done"
