#!/usr/bin/env bash
# Archives and workbooks through the CLI: the sample exports as a ZIP (python's zipfile), an .xlsx (openpyxl,
# a real writer), a gzip, and a folder give the same providers as the CSVs themselves; a damaged ZIP exits 3
# naming the damaged file, keeps the others, and says so in zh and en.
# Usage: run.sh [node] TIERLENS     (the wasm CLI runs under node)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if [[ "$2" == 1 ]]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
PY=/usr/bin/python3; [[ -x $PY ]] || PY=python3

mkdir -p "$work/s" "$work/dir/sub"
"${T[@]}" sample --out "$work/s" --rows 20000 --seed 5 > /dev/null || { echo "sample failed"; exit 1; }
"$PY" "$HERE/make.py" "$work/s" "$work" || { echo "make.py failed"; exit 1; }
cp "$work/s/bindings.csv" "$work/dir/"; cp "$work/s/standards.csv" "$work/dir/sub/"; cp "$work/orders.csv.gz" "$work/dir/sub/"

"${T[@]}" evaluate --lang en "$work/s/orders.csv" "$work/s/bindings.csv" "$work/s/standards.csv" > "$work/csv.json" 2> /dev/null
same() {   # providers (tiers, metrics, merchants) and, unless $2 = providers, not-counted tallies equal the CSVs'
  "$PY" - "$work/csv.json" "$1" "${2:-all}" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
tallies = sys.argv[3] == "providers" or a["data_quality"]["not_counted"] == b["data_quality"]["not_counted"]
sys.exit(0 if a["providers"] == b["providers"] and tallies else 1)
PY
}
"${T[@]}" evaluate --lang en "$work/all.zip" > "$work/zip.json" 2> "$work/zip.err"; rc=$?
check "zip: exit 0" "$([[ $rc == 0 ]] && echo 1)"
same "$work/zip.json"; check "zip: same providers and tallies as the CSVs" "$([[ $? == 0 ]] && echo 1)"
names=$("$PY" -c "import json,sys; print(','.join(f['name'] for f in json.load(open(sys.argv[1]))['data_quality']['files']))" "$work/zip.json")
check "zip: files named by their path inside ($names)" "$([[ $names == 'all.zip/导出/订单.csv,all.zip/导出/绑定商家.csv,all.zip/导出/行业标准.csv' ]] && echo 1)"

if [[ -f $work/orders.xlsx ]]; then
  "${T[@]}" evaluate --lang zh "$work/orders.xlsx" "$work/s/bindings.csv" "$work/s/standards.csv" > "$work/xlsx.json" 2> "$work/xlsx.err"; rc=$?
  check "xlsx: exit 0" "$([[ $rc == 0 ]] && echo 1)"
  "${T[@]}" evaluate --lang en "$work/orders.xlsx" "$work/s/bindings.csv" "$work/s/standards.csv" > "$work/xlsx.json" 2> /dev/null
  same "$work/xlsx.json"; check "xlsx: same providers and tallies as the CSV (dates were date cells)" "$([[ $? == 0 ]] && echo 1)"
  check "xlsx: the notes sheet is said to be left out, in zh" "$(grep -q '“orders.xlsx › 说明”未读取' "$work/xlsx.err" && echo 1)"
else
  check "openpyxl wrote orders.xlsx (apt-get install python3-openpyxl)" 0
fi

"${T[@]}" evaluate --lang en "$work/dir" "$work/s/orders.csv" > "$work/dir.json" 2> /dev/null
same "$work/dir.json" providers; check "folder with a gzip and the CSV again: same providers (orders counted once)" "$([[ $? == 0 ]] && echo 1)"

"${T[@]}" evaluate --lang en "$work/damaged.zip" > "$work/dmg.json" 2> "$work/dmg.err"; rc=$?
check "damaged zip: exit 3" "$([[ $rc == 3 ]] && echo 1)"
check "damaged zip: stderr names the damaged file and what to do" \
  "$(grep -q '“damaged.zip/导出/订单.csv”: this file inside the archive is damaged (' "$work/dmg.err" && grep -q 'Download the archive again' "$work/dmg.err" && echo 1)"
states=$("$PY" -c "import json,sys; print(','.join(f['state'] for f in json.load(open(sys.argv[1]))['data_quality']['files']))" "$work/dmg.json")
check "damaged zip: the other files are kept ($states)" "$([[ $states == 'failed,done,done' ]] && echo 1)"
"${T[@]}" evaluate --lang zh "$work/damaged.zip" > /dev/null 2> "$work/dmg-zh.err"
check "damaged zip: the message in zh" "$(grep -q '压缩包里的这个文件已损坏' "$work/dmg-zh.err" && echo 1)"

head -c 3000 "$work/all.zip" > "$work/cut.zip"
"${T[@]}" evaluate --lang en "$work/cut.zip" > /dev/null 2> "$work/cut.err"; rc=$?
check "cut-off zip: exit 3, said to be incomplete" "$([[ $rc == 3 ]] && grep -q 'the archive cannot be read (the file is incomplete' "$work/cut.err" && echo 1)"
exit $fail
