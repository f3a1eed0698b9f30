// Loading `tierlens sample` exports into DuckDB tables orders / bindings / standards with the layout
// `tierlens sql` reads (docs/sql.md): read_csv with explicit column types, then what the engine does
// to these files' cells (docs/metrics.md section 1), as far as the sample needs it — Excel guards and
// whitespace removed from ids, placeholders ('-', 'null', …) empty, a row whose order id or shop id
// Excel turned into scientific notation not read, pay times that are not date-times NULL.
// Used by parity.mjs and timing.mjs.
import path from 'node:path';

export const lit = (s) => (s === null || s === undefined ? 'NULL' : "'" + String(s).replace(/'/g, "''") + "'");

const ORDER_COLUMNS = ['主订单编号', '子订单编号', '选购商品', '商品规格', '商品数量', '商品ID', '商家编码', '订单应付金额', '运费', '收件人', '收件人手机号',
                       '详细地址', '订单提交时间', '支付完成时间', '订单完成时间', '订单状态', '售后状态', '店铺ID', '店铺名称'];
const BINDING_COLUMNS = [['店铺ID', 'VARCHAR'], ['店铺名称', 'VARCHAR'], ['服务商ID', 'VARCHAR'], ['服务商名称', 'VARCHAR'], ['行业', 'VARCHAR'],
                         ['绑定开始时间', 'TIMESTAMP'], ['绑定结束时间', 'TIMESTAMP']];
const STANDARD_COLUMNS = [['行业', 'VARCHAR'], ['月度达标订单量标准', 'BIGINT']];

// The statements, in order, for the folder `dir` written by `tierlens sample --out dir`.
export function sampleLoadSql(dir) {
  const struct = (cols) => '{' + cols.map(([c, t]) => `${lit(c)}: ${lit(t)}`).join(', ') + '}';
  const csv = (file, cols, extra = '') =>
    `read_csv(${lit(path.join(dir, file))}, header = true, delim = ',', quote = '"', escape = '"', columns = ${struct(cols)}${extra})`;
  return [
    // one Excel guard (a leading tab or ', or ="…") and surrounding spaces off; placeholders NULL
    `CREATE OR REPLACE MACRO tl_unguard(s) AS trim(CASE WHEN starts_with(s, chr(9)) OR starts_with(s, '''') THEN substr(s, 2)
       WHEN starts_with(s, '="') AND ends_with(s, '"') AND length(s) >= 3 THEN substr(s, 3, length(s) - 3) ELSE s END)`,
    `CREATE OR REPLACE MACRO tl_null(s) AS CASE WHEN s IN ('', '-', '--', 'null', 'NULL', 'N/A', '#N/A') THEN NULL ELSE s END`,
    `CREATE OR REPLACE MACRO tl_id(s) AS tl_null(tl_unguard(s))`,
    `CREATE OR REPLACE MACRO tl_sci(s) AS CASE WHEN contains(s, 'E') OR contains(s, 'e')
       THEN coalesce(regexp_full_match(s, '[+-]?[0-9]+([.][0-9]*)?[eE][+-]?[0-9]+'), false) ELSE false END`,
    // the orders: every column as text (the pay time has '-' and dirty values), guards off; then the
    // placeholders and the rows the engine does not read (two steps: DuckDB would unguard twice)
    `CREATE OR REPLACE TEMP TABLE orders_read AS
      SELECT tl_unguard("主订单编号") AS main, tl_unguard("子订单编号") AS sub, tl_unguard("店铺ID") AS shop,
             try_strptime(trim("支付完成时间"), '%Y-%m-%d %H:%M:%S') AS pay, "订单状态" AS status
      FROM ${csv('orders.csv', ORDER_COLUMNS.map((c) => [c, 'VARCHAR']))}`,
    `CREATE OR REPLACE TABLE orders AS
      SELECT tl_null(main) AS main_order_id, tl_null(sub) AS order_id, tl_null(shop) AS merchant_id, pay AS pay_time, status,
             CAST(NULL AS VARCHAR) AS provider_id
      FROM orders_read WHERE NOT tl_sci(coalesce(tl_null(main), tl_null(sub))) AND NOT tl_sci(shop)`,
    `DROP TABLE orders_read`,
    `CREATE OR REPLACE TABLE bindings AS
      SELECT tl_id("店铺ID") AS merchant_id, tl_id("服务商ID") AS provider_id, tl_id("行业") AS industry,
             "绑定开始时间" AS bind_start, "绑定结束时间" AS bind_end
      FROM ${csv('bindings.csv', BINDING_COLUMNS, ", timestampformat = '%Y-%m-%d %H:%M:%S'")}`,
    `CREATE OR REPLACE TABLE standards AS
      SELECT tl_id("行业") AS industry, "月度达标订单量标准" AS standard FROM ${csv('standards.csv', STANDARD_COLUMNS)}`,
  ];
}
