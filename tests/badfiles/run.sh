#!/usr/bin/env bash
# The bad-files test: generates the corpus (make.py), gives every case to the CLI in English and in
# Chinese under a timeout, and checks each outcome against expected.json (exit code, message and reason
# codes, what the message says); a crash (an exit code other than 0, 2, 3) or a hang fails. Cases marked
# "known_gap" are run and reported as known gaps, not failures (a crash or hang there fails too, unless
# the gap records exactly that). Run by ctest for the native binary and for the wasm one under node.
#
#   usage: tests/badfiles/run.sh [options] <command prefix that runs tierlens...>
#     --outcomes FILE      also write every run's outcome (exit, codes, stderr, report hashes) to FILE
#     --compare-with X     native vs wasm: X is an outcomes file written before, or the command prefix of
#                          another tierlens (e.g. "node build-wasm/tierlens.js"), run on the same corpus;
#                          every outcome must be identical
#     --only a,b           these cases only
#     --keep               keep the work directory (printed)
#   Exit: 0 all passed, 1 a failure, 77 the CLI is not there (ctest: skipped).
#   example: tests/badfiles/run.sh --compare-with "node build-wasm/tierlens.js" build-native/tierlens
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CHECK=$HERE/check.py
EXPECTED=$HERE/expected.json
TIMEOUT=${BADFILES_TIMEOUT:-30}
export LC_ALL=C.UTF-8 LANG=C.UTF-8 NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
outcomes_copy= compare= only= keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --outcomes) outcomes_copy=$2; shift 2 ;;
    --compare-with) compare=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { sed -n '2,/^set /{/^set /!p}' "$0"; exit 2; }

# a command prefix with its files made absolute (the cases run inside the corpus directory)
absolute() {
  local w out=()
  for w in "$@"; do
    if [[ -e $w ]]; then out+=("$(cd "$(dirname "$w")" && pwd)/$(basename "$w")"); else out+=("$w"); fi
  done
  printf '%s\0' "${out[@]}"
}
mapfile -d '' CLI < <(absolute "$@")
found() { [[ -x $1 ]] || command -v "$1" > /dev/null; }
for w in "${CLI[@]}"; do
  if [[ $w == */* && ! -e $w ]]; then echo "badfiles: $w not found"; exit 77; fi
done
found "${CLI[0]}" || { echo "badfiles: ${CLI[0]} not found"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tl-badfiles-XXXXXX")
if [[ $keep == 1 ]]; then echo "badfiles: work directory $work"; else trap 'rm -rf "$work"' EXIT; fi
corpus=$work/corpus
t0=$SECONDS
python3 "$HERE/make.py" "$corpus" || { echo "badfiles: make.py failed"; exit 1; }
echo "badfiles: corpus generated in $((SECONDS - t0)) s ($(du -sm "$corpus" | cut -f1) MB)"
only_arg=(); [[ -n $only ]] && only_arg=(--only "$only")
python3 "$CHECK" plan "$EXPECTED" "${only_arg[@]}" > "$work/plan.sh" || exit 1
source "$work/plan.sh"   # NAMES, TEXT (1: also the --format text report), ARGS_<i>

# size and sha256 of a run's output file, kept whole up to 64 MB (a bigger one is cut after hashing)
hash_output() {
  local f=$1 size
  size=$(stat -c %s "$f")
  printf '{"bytes": %s, "sha256": "%s"}' "$size" "$(sha256sum < "$f" | cut -d' ' -f1)" > "$f.meta"
  (( size > 64 << 20 )) && truncate -s $((64 << 20)) "$f"
  return 0
}

# runs every case with the CLI $2..., in en and zh, into the runs directory $1
run_all() {
  local runs=$1; shift
  local cli=("$@") i name lang run t
  for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]}
    local -n args="ARGS_$i"
    for lang in en zh; do
      run=$runs/$name.$lang
      mkdir -p "$run"
      t=$SECONDS
      ( cd "$corpus" && timeout -k 5 "$TIMEOUT" "${cli[@]}" --lang "$lang" "${args[@]}" --format json > "$run/stdout" 2> "$run/stderr"
        echo $? > "$run/exit" )
      hash_output "$run/stdout"
      if [[ ${TEXT[$i]} == 1 ]]; then
        ( cd "$corpus" && timeout -k 5 "$TIMEOUT" "${cli[@]}" --lang "$lang" "${args[@]}" --format text > "$run/text" 2> /dev/null )
        hash_output "$run/text"
      fi
      (( SECONDS - t > 3 )) && echo "     ($name [$lang]: $((SECONDS - t)) s)"
    done
    unset -n args
  done
  return 0
}

echo "badfiles: ${#NAMES[@]} cases with: ${CLI[*]}"
t0=$SECONDS
run_all "$work/runs" "${CLI[@]}"
echo "badfiles: ran in $((SECONDS - t0)) s"
python3 "$CHECK" judge "$EXPECTED" "$work/runs" "$work/outcomes.jsonl"; status=$?
[[ -n $outcomes_copy ]] && cp "$work/outcomes.jsonl" "$outcomes_copy"

if [[ -n $compare ]]; then
  if [[ $compare == *.jsonl ]]; then
    [[ -f $compare ]] || { echo "badfiles parity: FAIL: no outcomes file $compare (the other binary's badfiles test writes it)"; exit 1; }
    other=$compare
    echo "badfiles parity: against the outcomes in $compare"
  else
    read -r -a words <<< "$compare"
    mapfile -d '' OTHER < <(absolute "${words[@]}")
    if ! found "${OTHER[0]}" || { [[ ${#OTHER[@]} -gt 1 && ${OTHER[1]} == */* && ! -e ${OTHER[1]} ]]; }; then
      echo "badfiles parity: FAIL: $compare not found"; exit 1
    fi
    echo "badfiles parity: the same cases with: ${OTHER[*]}"
    t0=$SECONDS
    run_all "$work/other-runs" "${OTHER[@]}"
    echo "badfiles parity: ran in $((SECONDS - t0)) s"
    python3 "$CHECK" judge "$EXPECTED" "$work/other-runs" "$work/other.jsonl" > "$work/other.log"
    other=$work/other.jsonl
  fi
  python3 "$CHECK" compare "$work/outcomes.jsonl" "$other" || status=1
fi
exit $status
