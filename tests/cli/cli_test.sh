#!/usr/bin/env bash
# CLI tests: golden reports, exit codes and messages. Run by ctest for the native binary and for the
# WebAssembly build under node — both compare against the SAME golden files, which is what proves
# that native and wasm produce byte-identical reports.
#   usage: tests/cli/cli_test.sh <command prefix that runs tierlens...>
#   UPDATE_GOLDEN=1 rewrites the golden files from this build.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
FIX=$HERE/../fixtures
CLI=("$@")
export LC_ALL=C.UTF-8 LANG=C.UTF-8   # messages in English unless a test asks for --lang zh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok()   { pass=$((pass+1)); }
bad()  { fail=$((fail+1)); echo "FAIL: $*"; }

# compare produced file $1 with golden $2
golden() {
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then cp "$1" "$GOLDEN/$2"; ok; return; fi
  if cmp -s "$1" "$GOLDEN/$2"; then ok; else bad "$2 differs from golden:"; diff -u "$GOLDEN/$2" "$1" | head -40; fi
}

# 1. generated exports (deterministic) -> report
"${CLI[@]}" sample --out "$work" --rows 3000 --merchants 120 --providers 3 2>/dev/null || bad "sample exited $?"
"${CLI[@]}" evaluate --orders "$work/orders.csv" --bindings "$work/bindings.csv" --standards "$work/standards.csv" \
  --format json --out "$work/sample_report.json" || bad "evaluate sample exited $?"
golden "$work/sample_report.json" sample_report.json
# 2. the same orders written as GB18030 give the same figures (file names equal, so the same bytes)
mkdir -p "$work/gbk"
"${CLI[@]}" sample --out "$work/gbk" --rows 3000 --merchants 120 --providers 3 --encoding gbk 2>/dev/null || bad "sample gbk exited $?"
"${CLI[@]}" evaluate --orders "$work/gbk/orders.csv" --bindings "$work/gbk/bindings.csv" --standards "$work/gbk/standards.csv" \
  --format json --out "$work/gbk_report.json" || bad "evaluate gbk exited $?"
sed -e 's/"encoding": "gb18030"/"encoding": "utf-8-bom"/' "$work/gbk_report.json" > "$work/gbk_report_norm.json"
if cmp -s "$work/gbk_report_norm.json" "$work/sample_report.json"; then ok; else bad "GBK report differs from UTF-8 report"; diff "$work/sample_report.json" "$work/gbk_report_norm.json" | head -20; fi
# 3. the built-in demo
"${CLI[@]}" demo --format json --out "$work/demo_report.json" || bad "demo exited $?"
golden "$work/demo_report.json" demo_report.json
# ... its files written out (demo --save) and evaluated as files: the same providers, tiers and metrics
"${CLI[@]}" demo --format json --save "$work/demo files" --out "$work/demo_again.json" 2> /dev/null || bad "demo --save exited $?"
if [[ $(ls "$work/demo files" | wc -l) == 4 ]]; then ok; else bad "demo --save wrote $(ls "$work/demo files" | wc -l) files, not 4"; fi
"${CLI[@]}" evaluate "$work/demo files" --format json --out "$work/demo_files.json" || bad "evaluate of the demo's files exited $?"
providers() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps([[p["id"],p["tier"],p["metrics"]] for p in r["providers"]]))' "$1"; }
want=$(providers "$work/demo_report.json"); got=$(providers "$work/demo_files.json")
if [[ -n $want && "$want" == "$got" ]]; then ok; else bad "the demo's files do not give the demo's providers: $got vs $want"; fi
# 4. hand-written fixtures with every quirk
"${CLI[@]}" evaluate --file "$FIX/quirks_orders.csv" --file "$FIX/quirks_bindings.csv" --file "$FIX/quirks_standards.csv" \
  --window 2023-06..2023-08 --format json --out "$work/quirks_report.json" || bad "evaluate quirks exited $?"
golden "$work/quirks_report.json" quirks_report.json
"${CLI[@]}" evaluate --file "$FIX/quirks_orders.csv" --file "$FIX/quirks_bindings.csv" --file "$FIX/quirks_standards.csv" \
  --window 2023-06..2023-08 --format text --out "$work/quirks_report.txt" || bad "evaluate text exited $?"
golden "$work/quirks_report.txt" quirks_report.txt
# 5. inspect --rows: the parsed records only
"${CLI[@]}" inspect "$FIX/quirks_orders.csv" --rows all > "$work/quirks_rows.json" || bad "inspect --rows exited $?"
golden "$work/quirks_rows.json" quirks_rows.json
"${CLI[@]}" inspect "$FIX/quirks_orders.csv" > "$work/quirks_inspect.json" || bad "inspect exited $?"
golden "$work/quirks_inspect.json" quirks_inspect.json
# 6. rules
"${CLI[@]}" rules > "$work/rules.json" || bad "rules exited $?"
golden "$work/rules.json" default_rules.json

# 7. exit codes and messages
expect_exit() {  # expected-code, message-substring, args...
  local code=$1 msg=$2; shift 2
  "${CLI[@]}" "$@" > "$work/out" 2> "$work/err"; local got=$?
  if [[ $got != "$code" ]]; then bad "exit $got (expected $code) for: $*"; cat "$work/err" | head -5; return; fi
  if [[ -n "$msg" ]] && ! grep -qF -- "$msg" "$work/err"; then bad "message '$msg' missing for: $*"; head -5 "$work/err"; return; fi
  ok
}
expect_exit 2 "Unknown command “frobnicate”" frobnicate
expect_exit 2 "Did you mean evaluate?" evalute
expect_exit 2 "needs at least one input" evaluate
expect_exit 2 "is not a month range" evaluate --orders "$FIX/quirks_orders.csv" --window 2023-6-x
expect_exit 2 "unknown option “--colour”" evaluate --orders "$FIX/quirks_orders.csv" --colour red
expect_exit 2 "Did you mean --format?" evaluate --orders "$FIX/quirks_orders.csv" --fromat json
expect_exit 2 "Option --rules needs a value" evaluate --orders "$FIX/quirks_orders.csv" --rules
expect_exit 2 "“yaml” is not valid; expected one of “json”, “text”" evaluate --orders "$FIX/quirks_orders.csv" --format yaml
expect_exit 2 "--rows: “many” is not valid" sample --out "$work" --rows many
expect_exit 2 "未知的选项“--colour”" --lang zh evaluate --orders "$FIX/quirks_orders.csv" --colour red
expect_exit 3 "Cannot open “$work/does-not-exist.csv”" evaluate --orders "$work/does-not-exist.csv"
printf 'foo,bar\n1,2\n' > "$work/notes.csv"
expect_exit 3 "could not tell what kind of file this is from its header (line 1): “foo”, “bar”" evaluate --file "$work/notes.csv"
expect_exit 3 "--kind orders|bindings|monthly|standards" evaluate --file "$work/notes.csv"
expect_exit 3 "无法从表头（第 1 行）判断文件类型" --lang zh evaluate --file "$work/notes.csv"
expect_exit 3 "could not tell what kind of file" inspect "$work/notes.csv"
printf '主订单编号,店铺ID\n1,2\n' > "$work/no_pay.csv"
expect_exit 3 "required column(s) not found in the header (line 1): Pay time. The header is: “主订单编号”, “店铺ID”" evaluate --file "$work/no_pay.csv"
printf '{"schema":"tierlens.rules/1","tiers":[{"id":"base"},{"id":"s","all":[{"metric":"orders","value":1}]}]}' > "$work/bad_rules.json"
expect_exit 3 'tiers[1].all[0].metric: unknown metric “orders”' evaluate --orders "$FIX/quirks_orders.csv" --rules "$work/bad_rules.json"
printf '{"schema":"tierlens.rules/1","window_months":1e400,"tiers":[{"id":"base"}]}' > "$work/huge_rules.json"
expect_exit 3 'A number in the rules, 1e400, is too large (line 1, column 46)' evaluate --orders "$FIX/quirks_orders.csv" --rules "$work/huge_rules.json"
printf '{"schema":"tierlens.rules/1","window_months":1e19,"tiers":[{"id":"base"}]}' > "$work/big_rules.json"
expect_exit 3 'window_months: must be between 1 and 24, got 1e+19' evaluate --orders "$FIX/quirks_orders.csv" --rules "$work/big_rules.json"
printf '{"schema":"tierlens.rules/1", "tiers": [' > "$work/cut_rules.json"
expect_exit 3 'not valid JSON: a syntax error near line 1, column 41' evaluate --orders "$FIX/quirks_orders.csv" --rules "$work/cut_rules.json"
expect_exit 0 "" evaluate --orders "$FIX/quirks_orders.csv" --format text
# --lang after the command too; --kind and --column make a file usable, as the messages say
expect_exit 3 "无法从表头（第 1 行）判断文件类型" evaluate --file "$work/notes.csv" --lang zh
printf '行业,数值\n服饰,100\n' > "$work/std.csv"
expect_exit 3 "could not tell what kind of file" evaluate "$work/std.csv" "$FIX/quirks_orders.csv"
expect_exit 3 "not found in the header (line 1): Monthly standard" evaluate "$work/std.csv" --kind standards "$FIX/quirks_orders.csv"
expect_exit 0 "" evaluate "$work/std.csv" --kind standards --column '数值=standard' "$FIX/quirks_orders.csv"
expect_exit 0 "" evaluate "$work/std.csv" --kind standards --column 2=standard "$FIX/quirks_orders.csv"
# names are read for their meaning (docs/columns.md): 月订单达标线 is a standard, 单号 / 店铺 / 付款时间 an orders file
printf '行业,月订单达标线\n服饰,100\n' > "$work/std_named.csv"
expect_exit 0 "" evaluate "$work/std_named.csv" "$FIX/quirks_orders.csv"
printf '单号,店铺,付款时间\n1,M1,2023-06-01 10:00:00\n' > "$work/named.csv"
expect_exit 0 "" evaluate --orders "$work/named.csv"
printf '流水,账户,付款时间\n1,1001,2023-06-01 10:00:00\n' > "$work/own_names.csv"
expect_exit 3 "Main order id, Shop id" evaluate --orders "$work/own_names.csv"
expect_exit 0 "" evaluate --orders "$work/own_names.csv" --column '流水=main_order_id' --column '账户=merchant_id'
expect_exit 2 "Option --column: “x=bogus” is not valid" evaluate "$FIX/quirks_orders.csv" --column x=bogus
"${CLI[@]}" inspect "$work/std.csv" --kind standards --column 2=standard > "$work/std_inspect.json" 2>&1
if grep -q '"state": "done"' "$work/std_inspect.json" && grep -q '"field": "standard"' "$work/std_inspect.json"; then ok; else bad "inspect --kind --column"; head -20 "$work/std_inspect.json"; fi
# inspect says where each column's meaning came from: the header's name, the first rows' values, or --column
printf '列1,列2,列3,状态\n6921000000000000001,SHOP1,2023-06-01 10:00:00,已完成\n6921000000000000002,SHOP2,2023-06-02 10:00:00,待支付\n' > "$work/unnamed.csv"
"${CLI[@]}" inspect "$work/unnamed.csv" --column '列2=merchant_id' > "$work/unnamed_inspect.json" 2>/dev/null
if python3 -c "import json,sys; j=json.load(open(sys.argv[1])); s=[(c['field'],c['source']) for c in j['columns']]; sys.exit(0 if j['state']=='done' and s==[('order_id','values'),('merchant_id','user'),('pay_time','values'),('status','name')] and [w['code'] for w in j['warnings']]==['file.column_from_values']*2 else 1)" "$work/unnamed_inspect.json"; then ok; else bad "inspect: the source of each column"; head -40 "$work/unnamed_inspect.json"; fi
# a column named by its header applies only where that header is: the other files keep their columns
"${CLI[@]}" evaluate "$work/std.csv" --kind standards --column '数值=standard' "$FIX/quirks_orders.csv" "$FIX/quirks_bindings.csv" \
  --window 2023-06..2023-08 --format json --out "$work/mapped.json" 2>/dev/null
"${CLI[@]}" evaluate "$FIX/quirks_orders.csv" "$FIX/quirks_bindings.csv" --window 2023-06..2023-08 --format json --out "$work/unmapped.json" 2>/dev/null
if python3 -c "import json,sys; a=json.load(open(sys.argv[1]));b=json.load(open(sys.argv[2])); sys.exit(0 if a['providers'][0]['metrics']['paid_orders']==b['providers'][0]['metrics']['paid_orders']>0 else 1)" "$work/mapped.json" "$work/unmapped.json"; then ok; else bad "a header-named column changed another file"; fi
# --history: every past grade the data covers, in the report and the summary
"${CLI[@]}" evaluate "$work/orders.csv" "$work/bindings.csv" "$work/standards.csv" --history --format json --out "$work/history.json" 2>/dev/null
if python3 -c "import json,sys; r=json.load(open(sys.argv[1])); h=r['history']; sys.exit(0 if len(h)==2 and h[-1]['month']==r['evaluation_month'] and [p['metrics'] for p in h[-1]['providers']]==[p['metrics'] for p in r['providers']] else 1)" "$work/history.json"; then ok; else bad "evaluate --history"; fi
if "${CLI[@]}" evaluate "$work/orders.csv" --history --format text 2>/dev/null | grep "^Past grades:" > /dev/null; then ok; else bad "evaluate --history --format text"; fi
# eligibility (tests/fixtures/eligibility, worked out by hand in tests/test_eligibility.cpp): the summary with history
"${CLI[@]}" evaluate "$FIX/eligibility" --history --format text --out "$work/eligibility.txt" || bad "evaluate eligibility exited $?"
golden "$work/eligibility.txt" eligibility_report.txt
# a providers file under names that say nothing, read with --kind providers and --column (or --providers)
printf '编号,日期\nSP3,2023-08-01\n' > "$work/certs.csv"
expect_exit 3 "could not tell what kind of file" evaluate "$FIX/eligibility/orders.csv" "$work/certs.csv"
for how in "--kind providers $work/certs.csv" "--providers $work/certs.csv"; do
  # shellcheck disable=SC2086
  "${CLI[@]}" evaluate "$FIX/eligibility/orders.csv" $how --column '编号=provider_id' --column '日期=certified_since' --format json --out "$work/certs.json" 2>/dev/null
  if python3 -c "import json,sys; r=json.load(open(sys.argv[1])); e={p['id']:p['eligibility']['status'] for p in r['providers']}; sys.exit(0 if r['eligibility']['checked'] and e=={'SP1':'unknown','SP2':'unknown','SP3':'eligible','SP4':'unknown','SP5':'unknown'} and r['data_quality']['files'][1]['kind']=='providers' else 1)" "$work/certs.json"; then ok; else bad "eligibility: $how"; fi
done
if "${CLI[@]}" evaluate "$FIX/eligibility" --format providers-csv --lang zh | grep -F "2,SP3,丙服务商,产业带银牌服务商,silver,3,1,0,0.00,,,不参评,2023-09-01" > /dev/null; then ok; else bad "providers-csv eligibility zh"; fi
# every reason a row can be left out for, from one small set of files
"${CLI[@]}" evaluate "$FIX/all_reasons" --window 2023-06..2023-08 --format json --out "$work/all_reasons.json" || bad "evaluate all_reasons exited $?"
golden "$work/all_reasons.json" all_reasons_report.json
# plan: what each provider's next tier needs (tests/fixtures/plan, worked out by hand in tests/test_plan.cpp)
"${CLI[@]}" plan "$FIX/plan" --out "$work/plan.txt" || bad "plan exited $?"
golden "$work/plan.txt" plan.txt
"${CLI[@]}" plan "$FIX/plan" --format json --out "$work/plan.json" || bad "plan --format json exited $?"
golden "$work/plan.json" plan.json
if "${CLI[@]}" plan "$FIX/plan" --provider SP1 --lang zh | grep "2024年6月评级进行中：已有 18 单支付订单，还差 22 单：剩余 21 天，每天 2 单" > /dev/null; then ok; else bad "plan --provider --lang zh"; fi
expect_exit 2 "Option --provider: “SP9” is not valid; expected one of “SP1”, “SP2”, “SP3”" plan "$FIX/plan" --provider SP9
expect_exit 2 "needs at least one input" plan
# evaluate --plan: the same plan in the report; without it no "plan" key
"${CLI[@]}" evaluate "$FIX/plan" --plan --format json --out "$work/plan_report.json" || bad "evaluate --plan exited $?"
if python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a['plan']==b['plan'] and 'comparison' not in a else 1)" "$work/plan_report.json" "$work/plan.json"; then ok; else bad "evaluate --plan differs from plan --format json"; fi
# evaluate --compare-rules: SP1 changes tier under the second rule set, named by its conditions
"${CLI[@]}" evaluate "$FIX/plan" --compare-rules "$FIX/plan_rules_r2.json" --format json --out "$work/compare.json" || bad "evaluate --compare-rules exited $?"
if python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['comparison']; ch=[p for p in c['providers'] if p['tier']!=p['other_tier']]; sys.exit(0 if c['rules']==['plan test rules','plan test rules, lower silver bars'] and len(c['providers'])==3 and [(p['id'],p['tier'],p['other_tier'],p['changed_by']) for p in ch]==[('SP1','base','silver',['silver.all paid_orders: 19 >= 40 fails | 19 >= 15 holds','silver.any active_merchants: 2 >= 4 fails | 2 >= 2 holds'])] else 1)" "$work/compare.json"; then ok; else bad "evaluate --compare-rules JSON"; fi
if "${CLI[@]}" evaluate "$FIX/plan" --compare-rules "$FIX/plan_rules_r2.json" --format text | grep "^  SP1: Service provider → Silver · silver Paid orders: 19 >= 40 ✗ → 19 >= 15 ✓" > /dev/null; then ok; else bad "evaluate --compare-rules text"; fi
expect_exit 0 "" evaluate "$FIX/plan" --compare-rules "$FIX/plan/rules.json"
expect_exit 3 'tiers[1].all[0].metric: unknown metric “orders”' evaluate "$FIX/plan" --compare-rules "$work/bad_rules.json"
expect_exit 3 'not valid JSON: a syntax error near line 1, column 41' evaluate "$FIX/plan" --compare-rules "$work/cut_rules.json"
expect_exit 3 "Cannot open “$work/none.json”" evaluate "$FIX/plan" --compare-rules "$work/none.json"
expect_exit 2 "Option --compare-rules needs a value" evaluate "$FIX/plan" --compare-rules
# evaluate --projection (worked out in tests/test_projection.cpp): the report's "projection" only when asked
"${CLI[@]}" evaluate "$FIX/plan" --projection --format json --out "$work/projection.json" || bad "evaluate --projection exited $?"
if python3 -c "import json,sys; a=json.load(open(sys.argv[1])); p=a['projection']; q={x['id']:x for x in p['providers']}; sys.exit(0 if (p['grade'],p['through'],p['days_left'])==('2024-06','2024-05-10',21) and [(i,q[i]['so_far']['paid_orders'],q[i]['projected']['paid_orders'],q[i]['projected']['qualified_merchants'],q[i]['tier'],q[i]['target'],q[i]['on_track']) for i in ('SP1','SP2','SP3')]==[('SP1',18,24,0,'base','silver',False),('SP2',35,39,1,'base','gold',False),('SP3',55,55,3,'silver',None,False)] and 'projection' not in json.load(open(sys.argv[2])) else 1)" "$work/projection.json" "$work/plan_report.json"; then ok; else bad "evaluate --projection JSON"; fi
if "${CLI[@]}" evaluate "$FIX/plan" --projection --format text --lang zh | grep -F "  SP1（已有 18 单）：支付订单约 24 单，动销商家 3 个，达标商家约 0 个 —— 按此进度达不到产业带银牌服务商（预计：产业带服务商）" > /dev/null; then ok; else bad "evaluate --projection text zh"; fi
# evaluate --format providers-csv: the providers' ranking (the page's export), 20 generated providers ranked as the report
mkdir -p "$work/p20"
"${CLI[@]}" sample --out "$work/p20" --rows 200000 --providers 20 > /dev/null || bad "sample --providers 20 exited $?"
p20=(--orders "$work/p20/orders.csv" --bindings "$work/p20/bindings.csv" --standards "$work/p20/standards.csv")
"${CLI[@]}" evaluate "${p20[@]}" --format providers-csv --out "$work/p20.csv" || bad "evaluate --format providers-csv exited $?"
"${CLI[@]}" evaluate "${p20[@]}" --format json --out "$work/p20.json" || bad "evaluate p20 json exited $?"
if python3 -c "
import json,sys
csv=open(sys.argv[1],'rb').read()
assert csv.startswith(b'\xef\xbb\xbf') and csv.endswith(b'\r\n')
lines=csv[3:].decode().split('\r\n')[:-1]
ids=[p['id'] for p in json.load(open(sys.argv[2]))['providers']]
assert lines[0].startswith('Rank,Provider id,Provider name,Tier,Tier id,Paid orders') and len(lines)==21 and len(ids)==20
assert all(l.startswith('%d,%s,' % (i+1, ids[i])) for i,l in enumerate(lines[1:]))
" "$work/p20.csv" "$work/p20.json"; then ok; else bad "providers-csv: 20 rows ranked as the report"; fi
if "${CLI[@]}" evaluate "$FIX/plan" --format providers-csv --lang zh | grep -F "3,SP1,山河产业带服务商,产业带服务商,base,19,2,0,0.00,产业带银牌服务商," > /dev/null; then ok; else bad "providers-csv zh"; fi
# help and version: exit 0, on stdout
if "${CLI[@]}" --help | grep "evaluate" > /dev/null; then ok; else bad "--help does not list evaluate"; fi
if "${CLI[@]}" evaluate --help | grep -- "--window" > /dev/null; then ok; else bad "evaluate --help does not list --window"; fi
if "${CLI[@]}" --version | grep -E '^tierlens [0-9]+\.[0-9]+' > /dev/null; then ok; else bad "--version"; fi
if "${CLI[@]}" --lang zh evaluate --help | grep "评估周期" > /dev/null; then ok; else bad "evaluate --help in zh"; fi
# evaluate --format html: the report to forward (docs/report-html.md), one provider's or every provider's
if "${CLI[@]}" evaluate --help | grep -- "html" > /dev/null; then ok; else bad "evaluate --help does not list --format html"; fi
expect_exit 0 "" evaluate "$FIX/plan" --format html --provider SP1 --out "$work/sp1.html"
if head -c 15 "$work/sp1.html" | grep -x '<!DOCTYPE html>' > /dev/null && grep -F '21 more paid orders' "$work/sp1.html" > /dev/null && ! grep -F '<script' "$work/sp1.html" > /dev/null; then ok; else bad "evaluate --format html --provider SP1"; fi
"${CLI[@]}" --lang zh evaluate "$FIX/plan" --format html --out "$work/all.html" || bad "evaluate --format html exited $?"
if head -c 15 "$work/all.html" | grep -x '<!DOCTYPE html>' > /dev/null && grep -F '服务商排名' "$work/all.html" > /dev/null && ! grep -F 'M11-0' "$work/all.html" > /dev/null; then ok; else bad "evaluate --format html (every provider, zh)"; fi
expect_exit 2 "Option --provider: “SP9” is not valid; expected one of “SP1”, “SP2”, “SP3”" evaluate "$FIX/plan" --format html --provider SP9
expect_exit 2 "Option --format: “json” is not valid; expected one of “html”" evaluate "$FIX/plan" --format json --provider SP1
expect_exit 3 "Cannot open" evaluate "$FIX/plan" "$work/none.csv" --format html --out "$work/failed.html"
# sql: the rule as one query (tests/sql/parity.mjs runs it against the engine)
expect_exit 2 "--dialect is required" sql
expect_exit 2 "Option --dialect: “mysql” is not valid; expected one of “duckdb”, “spark”, “trino”" sql --dialect mysql
expect_exit 2 "is not a month range" sql --dialect duckdb --window 2023-13
expect_exit 3 'tiers[1].all[0].metric: unknown metric “orders”' sql --dialect trino --rules "$work/bad_rules.json"
if "${CLI[@]}" sql --help | grep -- "--dialect" > /dev/null; then ok; else bad "sql --help does not list --dialect"; fi
if "${CLI[@]}" sql --dialect spark --window 2023-06..2023-08 | grep "win AS (SELECT TIMESTAMP '2023-06-01 00:00:00' AS w0, TIMESTAMP '2023-09-01 00:00:00' AS w1)" > /dev/null; then ok; else bad "sql --window"; fi

echo "cli: $pass passed, $fail failed"
[[ $fail == 0 ]]
