// The DuckDB peer's SQL: the three tier metrics per provider with the SPEC's definitions
// (docs in bench/README.md). Shared by DuckDB native (@duckdb/node-api, duckdb_native.mjs) and
// DuckDB-WASM (pages/peer.mjs), so both run exactly the same query.
//
//   paid      valid pay time and status not in the excluded list (trimmed, case-insensitive)
//   ids       Excel guards (tab, ="…", leading ') and surrounding spaces removed; placeholders
//             ("", -, --, null, N/A) are empty; scientific notation (6.92E+18) is rejected;
//             an empty main order id falls back to the sub-order id; empty shop ids are rejected
//   window    the rule's calendar: the latest 3 whole calendar months of the data (a last month that
//             stops before its last day is the next grade in progress, left out); CST wall clock:
//             every time in these files is zone-less CST, so naive timestamps compare correctly
//   attribution  the binding with bind_start <= pay < bind_end (empty end: still bound)
//   metrics   paid_orders = distinct main orders; active = distinct shops with >= 1;
//             qualified = shops with > standard(industry) distinct orders in some month
export const EXCLUDED_STATUSES = ['未支付', '待支付', '待付款', 'unpaid', 'pending payment'];

const TIME_FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d'];

function lit(s) { return "'" + String(s).replace(/'/g, "''") + "'"; }

export const DEFAULT_COLUMNS = {
  main: '主订单编号', sub: '子订单编号', shop: '店铺ID', pay: '支付完成时间', status: '订单状态',
  b_shop: '店铺ID', b_provider: '服务商ID', b_industry: '行业', b_start: '绑定开始时间', b_end: '绑定结束时间',
  s_industry: '行业', s_standard: '月度达标订单量标准',
};

export function setupSql() {
  const fmts = '[' + TIME_FORMATS.map(lit).join(', ') + ']';
  // Excel guards and whitespace around ids: space, tab, CR, LF, =, ", ' (ids never start or end
  // with those, so trimming the set equals removing the guards ="…", a leading ' or tab)
  const guards = `' ' || chr(9) || chr(13) || chr(10) || '="'''`;
  const placeholders = ['', '-', '--', '---', 'null', 'NULL', 'Null', 'N/A', 'n/a', '#N/A'].map(lit).join(', ');
  return [
    `CREATE OR REPLACE MACRO tl_clean(s) AS trim(s, ${guards})`,
    `CREATE OR REPLACE MACRO tl_empty(s) AS (s IS NULL OR s IN (${placeholders}))`,
    `CREATE OR REPLACE MACRO tl_sci(s) AS (CASE WHEN contains(s, 'E') OR contains(s, 'e') THEN regexp_full_match(s, '[+-]?[0-9]+([.][0-9]*)?[eE][+-]?[0-9]+') ELSE false END)`,
    `CREATE OR REPLACE MACRO tl_time(s) AS try_strptime(trim(s), ${fmts})`,
  ];
}

// Loads the three files into temp tables, cleaning each value once. (DuckDB inlines macros and
// CTEs: cleaning inside one big query evaluated the same expression many times, ~20x slower.)
// files: { orders, bindings, standards, delims: { orders: ',', … } } — paths (native) or registered names (wasm)
export function loadSql(files, cols = DEFAULT_COLUMNS) {
  const q = (c) => '"' + c.replace(/"/g, '""') + '"';
  // the separator is given (DuckDB's sniffer gives up on dirty exports): files.delims[kind], default ','
  const delims = files.delims || {};
  const csv = (kind) => `read_csv(${lit(files[kind])}, header = true, all_varchar = true, delim = ${lit(delims[kind] || ',')}, quote = '"', escape = '"', null_padding = true, strict_mode = false)`;
  return [
    `CREATE OR REPLACE TEMP TABLE o_raw AS
       SELECT tl_clean(${q(cols.main)}) AS main, tl_clean(${q(cols.sub)}) AS sub, tl_clean(${q(cols.shop)}) AS shop,
              tl_time(${q(cols.pay)}) AS pay, lower(trim(${q(cols.status)})) AS st
       FROM ${csv('orders')}`,
    `CREATE OR REPLACE TEMP TABLE b AS
       SELECT tl_clean(${q(cols.b_shop)}) AS shop, tl_clean(${q(cols.b_provider)}) AS provider, tl_clean(${q(cols.b_industry)}) AS industry,
              tl_time(${q(cols.b_start)}) AS bs, tl_time(${q(cols.b_end)}) AS be
       FROM ${csv('bindings')}`,
    `CREATE OR REPLACE TEMP TABLE std AS
       SELECT tl_clean(${q(cols.s_industry)}) AS industry, TRY_CAST(replace(tl_clean(${q(cols.s_standard)}), ',', '') AS BIGINT) AS standard
       FROM ${csv('standards')}`,
  ];
}

export function metricsSql() {
  const excluded = EXCLUDED_STATUSES.map(lit).join(', ');
  return `
WITH valid AS (
  SELECT CASE WHEN tl_empty(main) THEN sub ELSE main END AS oid, shop, pay, st FROM o_raw
  WHERE pay >= TIMESTAMP '2000-01-01 00:00:00' AND pay < TIMESTAMP '2136-01-01 00:00:00'
    AND NOT (tl_empty(main) AND tl_empty(sub)) AND NOT tl_sci(CASE WHEN tl_empty(main) THEN sub ELSE main END)
    AND NOT tl_empty(shop) AND NOT tl_sci(shop)
), lastm AS (
  -- the rule's calendar: a last month that stops before its last day is still running and left out
  -- (unless it is the only month with data)
  SELECT CASE WHEN max(pay) < date_trunc('month', max(pay)) + INTERVAL 1 MONTH - INTERVAL 1 DAY
               AND min(pay) < date_trunc('month', max(pay))
              THEN date_trunc('month', max(pay)) - INTERVAL 1 MONTH ELSE date_trunc('month', max(pay)) END AS m
  FROM valid
), win AS (
  SELECT m - INTERVAL 2 MONTH AS w0, m + INTERVAL 1 MONTH AS w1 FROM lastm
), paid AS (
  SELECT oid, shop, pay FROM valid, win
  WHERE pay >= w0 AND pay < w1 AND (st IS NULL OR st NOT IN (${excluded}))
), ind AS (
  SELECT shop, last(industry) AS industry FROM b WHERE NOT tl_empty(industry) GROUP BY shop
), att AS MATERIALIZED (
  SELECT b.provider, p.shop, p.oid, date_trunc('month', p.pay) AS m
  FROM paid p JOIN b ON p.shop = b.shop AND (b.bs IS NULL OR p.pay >= b.bs) AND (b.be IS NULL OR p.pay < b.be)
), per_month AS (
  SELECT provider, shop, m, count(DISTINCT oid) AS n FROM att GROUP BY provider, shop, m
), per_shop AS (
  SELECT pm.provider, pm.shop, bool_or(std.standard IS NOT NULL AND pm.n > std.standard) AS qualified
  FROM per_month pm LEFT JOIN ind ON ind.shop = pm.shop LEFT JOIN std ON std.industry = ind.industry
  GROUP BY pm.provider, pm.shop
), per_provider AS (
  SELECT provider, count(DISTINCT oid) AS paid_orders FROM att GROUP BY provider
), merchants AS (
  SELECT provider, count(*) AS active_merchants, count(*) FILTER (WHERE qualified) AS qualified_merchants FROM per_shop GROUP BY provider
)
SELECT pp.provider, pp.paid_orders, m.active_merchants, m.qualified_merchants
FROM per_provider pp JOIN merchants m USING (provider) ORDER BY provider`;
}
