#!/usr/bin/env bash
# The CLI reads a file larger than the memory it may use (issue #13): a generated orders export of
# 1,000,000 rows (~296 MB) is evaluated with the process's address space capped at 200 MB (ulimit -v)
# and must give the report it gives without the cap; with a cap too small even for what the store needs,
# it must stop with the out-of-memory message, never a crash. Prints the figures (peak RSS, time).
#
#   usage: tests/limits/run.sh <tierlens>          (native only: node's runtime wants gigabytes of address space)
#   exit: 0 passed, 1 failed, 77 no CLI (ctest: skipped)
set -uo pipefail
CLI=${1:-}
[[ -x $CLI ]] || { echo "limits: no CLI at '$CLI'"; exit 77; }
export LC_ALL=C.UTF-8 LANG=C.UTF-8
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0
check() { if [[ $1 == 0 ]]; then echo "ok   $2"; else echo "FAIL $2${3:+: $3}"; fail=1; fi; }
TIME=(); [[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -f 'peak RSS %M KB, %e s')

DATA=$WORK/data
mkdir -p "$DATA"
"$CLI" sample --out "$DATA" --rows 1000000 --merchants 20000 --providers 20 > /dev/null 2>&1 || { echo "FAIL tierlens sample"; exit 1; }
bytes=$(stat -c %s "$DATA/orders.csv")
echo "limits: orders.csv $((bytes / 1000000)) MB, 1,000,000 rows"

"$CLI" evaluate "$DATA" --format json > "$WORK/free.json" 2> "$WORK/free.err"
check $? "evaluated without a cap"

CAP_KB=200000
(( bytes / 1024 > CAP_KB )) || { echo "FAIL the file ($bytes B) is not larger than the cap"; exit 1; }
( ulimit -v $CAP_KB; "${TIME[@]}" "$CLI" evaluate "$DATA" --format json > "$WORK/capped.json" 2> "$WORK/capped.err" )
code=$?
check $code "evaluated with the address space capped at $((CAP_KB / 1000)) MB (the file: $((bytes / 1000000)) MB)" "exit $code: $(head -c 300 "$WORK/capped.err")"
cmp -s "$WORK/free.json" "$WORK/capped.json"
check $? "the capped run's report is the uncapped run's, byte for byte"
grep -h "peak RSS" "$WORK/capped.err" | sed 's/^/     /'

# too little for the store: a message, never a crash (how little is too little depends on the machine)
( ulimit -v 100000; "$CLI" evaluate "$DATA" --format json > /dev/null 2> "$WORK/tiny.err" )
code=$?
if [[ $code == 0 ]]; then
  echo "ok   with 100 MB it still fit here"
else
  check $([[ $code == 3 ]]; echo $?) "with 100 MB: exit 3 (not a crash)" "exit $code"
  grep -q "out of memory" "$WORK/tiny.err"; check $? "with 100 MB: the out-of-memory message" "$(head -c 300 "$WORK/tiny.err")"
  ! grep -Eq "terminate called|std::|what\(\)|Aborted" "$WORK/tiny.err"; check $? "with 100 MB: no internal text"
fi
exit $fail
