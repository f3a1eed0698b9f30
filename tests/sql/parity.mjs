// The SQL parity test: `tierlens sql --dialect duckdb` run by DuckDB must give, per provider, the same
// paid orders, active merchants, qualified merchants and tier as `tierlens evaluate` on the same rows
// (and in the same order). The Spark and Trino queries of every rule set and window used are checked
// with the ANTLR grammars of dt-sql-parser. Mutants of the query (a boundary, the comparison, the
// dedupe, the status folding, the window) must each be caught, so a test that cannot fail fails.
//
//   node tests/sql/parity.mjs TIERLENS [--random N] [--seed S] [--sample-rows N] [--no-sample] [--keep]
//                                      [--only NAME] [--verbose]
// (tests/sql/run.sh installs @duckdb/node-api and dt-sql-parser into tests/sql/node_modules first.)
//
// Data sets: hand-written ones for each edge case (named below), N random ones (seeded), and the
// sample generator's exports (`tierlens sample --rows 20000`, loaded with DuckDB's read_csv). Each
// is written as CSV for the engine and inserted into DuckDB tables orders / bindings / standards.
// Prints `sql parity: N passed, M failed`; exits 1 on any failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'node:module';
import { DuckDBInstance } from '@duckdb/node-api';
import { lit, sampleLoadSql } from './load.mjs';

// dt-sql-parser ships ES modules with extensionless relative imports (meant for bundlers): resolve
// them as a bundler would, for that package only.
register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(spec, ctx, next) {
  try { return await next(spec, ctx); } catch (e) {
    if (!spec.startsWith('.') || !ctx.parentURL || !ctx.parentURL.includes('/dt-sql-parser/')) throw e;
    for (const suffix of ['.js', '/index.js']) { try { return await next(spec + suffix, ctx); } catch {} }
    throw e;
  }
}`));
const { SparkSQL, TrinoSQL } = await import('dt-sql-parser');

// ---- arguments ---------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = { random: 40, seed: 20240607, sampleRows: 20000, sample: true, keep: false, only: null, verbose: false };
let CLI = null;
for (let i = 0; i < argv.length; ++i) {
  const a = argv[i];
  if (a === '--random') opt.random = Number(argv[++i]);
  else if (a === '--seed') opt.seed = Number(argv[++i]);
  else if (a === '--sample-rows') opt.sampleRows = Number(argv[++i]);
  else if (a === '--no-sample') opt.sample = false;
  else if (a === '--keep') opt.keep = true;
  else if (a === '--only') opt.only = argv[++i];
  else if (a === '--verbose') opt.verbose = true;
  else if (!CLI) CLI = path.resolve(a);
  else { console.error(`unknown argument ${a}`); process.exit(2); }
}
if (!CLI || !fs.existsSync(CLI)) {
  console.error('usage: node tests/sql/parity.mjs TIERLENS [--random N] [--seed S] [--no-sample] [--keep] [--only NAME]');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-sql-parity-'));
let passed = 0, failed = 0;
const pass = (what) => { passed++; if (opt.verbose) console.log(`ok   ${what}`); };
const fail = (what, detail = '') => { failed++; console.log(`FAIL ${what}${detail ? '\n     ' + detail.replace(/\n/g, '\n     ') : ''}`); };

function cli(args) {
  return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
}

// ---- DuckDB ------------------------------------------------------------------------------------
const duck = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await duck.connect();
const run = (sql) => db.run(sql);
async function rows(sql) { return (await db.runAndReadAll(sql)).getRowObjectsJson(); }

const ts = (s) => (s === null || s === undefined || s === '' ? 'NULL' : `TIMESTAMP ${lit(s)}`);

const TABLES = {
  orders: 'main_order_id VARCHAR, order_id VARCHAR, merchant_id VARCHAR, pay_time TIMESTAMP, status VARCHAR, provider_id VARCHAR',
  bindings: 'merchant_id VARCHAR, provider_id VARCHAR, industry VARCHAR, bind_start TIMESTAMP, bind_end TIMESTAMP',
  standards: 'industry VARCHAR, standard BIGINT',
};
async function createTables() {
  for (const [t, cols] of Object.entries(TABLES)) await run(`CREATE OR REPLACE TABLE ${t} (${cols})`);
}
async function insert(table, values) {
  for (let i = 0; i < values.length; i += 500) await run(`INSERT INTO ${table} VALUES ${values.slice(i, i + 500).join(', ')}`);
}

// A data set into the tables: what the engine reads from the CSV below, as the table layout says
// (empty cells NULL, except the ones a case gives as '' on purpose; provider_id NULL without a
// provider column).
async function loadDataSet(ds) {
  await createTables();
  await insert('orders', ds.orders.map((o) => `(${lit(o.mainNull ? null : o.main)}, ${lit(o.sub === '' ? null : o.sub)}, ${lit(o.shop)}, ${ts(o.pay)}, ${lit(o.status === '' ? null : o.status)}, ${ds.providerColumn ? lit(o.provider ?? '') : 'NULL'})`));
  if (ds.bindings) await insert('bindings', ds.bindings.map((b) => `(${lit(b.shop)}, ${lit(b.provider)}, ${lit(b.industry === '' ? null : b.industry)}, ${ts(b.start)}, ${ts(b.end)})`));
  if (ds.standards) await insert('standards', ds.standards.map((s) => `(${lit(s.industry)}, ${s.standard})`));
}

// ---- CSV for the engine --------------------------------------------------------------------------
function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n\t ]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
function writeCsv(file, header, records) {
  fs.writeFileSync(file, [header, ...records].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
}
function writeDataSet(ds, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = { orders: path.join(dir, 'orders.csv') };
  // rows in pay-time order, then shop (the query's stand-in for reading order: see docs/sql.md)
  const orders = [...ds.orders].sort((a, b) => (a.pay === '' ? 1 : 0) - (b.pay === '' ? 1 : 0) || (a.pay < b.pay ? -1 : a.pay > b.pay ? 1 : 0) ||
                                               (a.shop < b.shop ? -1 : a.shop > b.shop ? 1 : 0));
  const header = ['主订单编号', '子订单编号', '店铺ID', '支付完成时间', '订单状态'];
  if (ds.providerColumn) header.push('服务商ID');
  writeCsv(files.orders, header, orders.map((o) => [o.main, o.sub, o.shop, o.pay, o.status, ...(ds.providerColumn ? [o.provider ?? ''] : [])]));
  if (ds.bindings) {
    files.bindings = path.join(dir, 'bindings.csv');
    // by start (none first), then provider: among equal starts the engine takes the one read last,
    // the query the larger provider id
    const b = [...ds.bindings].sort((x, y) => (x.start === null ? 0 : 1) - (y.start === null ? 0 : 1) || (x.start < y.start ? -1 : x.start > y.start ? 1 : 0) ||
                                             (x.provider < y.provider ? -1 : x.provider > y.provider ? 1 : 0));
    writeCsv(files.bindings, ['店铺ID', '服务商ID', '行业', '绑定开始时间', '绑定结束时间'], b.map((r) => [r.shop, r.provider, r.industry, r.start ?? '', r.end ?? '']));
  }
  if (ds.standards) {
    files.standards = path.join(dir, 'standards.csv');
    writeCsv(files.standards, ['行业', '月度达标订单量标准'], ds.standards.map((s) => [s.industry, s.standard]));
  }
  if (ds.rules) {
    files.rules = path.join(dir, 'rules.json');
    fs.writeFileSync(files.rules, JSON.stringify({ schema: 'tierlens.rules/1', ...ds.rules }, null, 1));
  }
  return files;
}

// ---- the two sides -------------------------------------------------------------------------------
function engineResult(files, window) {
  const args = ['evaluate', '--orders', files.orders, '--format', 'json'];
  if (files.bindings) args.push('--bindings', files.bindings);
  if (files.standards) args.push('--standards', files.standards);
  if (files.rules) args.push('--rules', files.rules);
  if (window) args.push('--window', window);
  const report = JSON.parse(cli(args));
  return {
    window: report.window,
    providers: report.providers.map((p) => ({ provider_id: p.id, paid_orders: p.metrics.paid_orders, active_merchants: p.metrics.active_merchants,
                                               qualified_merchants: p.metrics.qualified_merchants, tier: p.tier })),
  };
}
function sqlArgs(dialect, files, window) {
  const args = ['sql', '--dialect', dialect];
  if (files.rules) args.push('--rules', files.rules);
  if (window) args.push('--window', window);
  return args;
}
async function sqlResult(query) {
  return (await rows(query)).map((r) => ({ provider_id: r.provider_id, paid_orders: Number(r.paid_orders), active_merchants: Number(r.active_merchants),
                                           qualified_merchants: Number(r.qualified_merchants), tier: r.tier }));
}
const show = (list) => list.map((p) => `${JSON.stringify(p.provider_id)}: ${p.paid_orders}/${p.active_merchants}/${p.qualified_merchants} ${p.tier}`).join('; ') || '(no providers)';
function differences(engine, sql) {
  if (JSON.stringify(engine) === JSON.stringify(sql)) return null;
  return `engine: ${show(engine)}\nsql:    ${show(sql)}`;
}

// Mutants of the DuckDB query: each must change the answer on at least one data set.
const MUTANTS = [
  { name: 'binding end inclusive', from: 'span.s0 < vb.be', to: 'span.s0 <= vb.be' },
  { name: 'binding start exclusive', from: 'vb.bs <= span.s0', to: 'vb.bs < span.s0' },
  { name: 'latest binding loses', from: 'ORDER BY vb.bs DESC NULLS LAST', to: 'ORDER BY vb.bs ASC NULLS FIRST' },
  { name: 'qualified compare flipped', re: /best (>=?) standard/, to: (m) => `best ${m[1] === '>' ? '>=' : '>'} standard` },
  { name: 'no dedupe', from: 'FROM att GROUP BY provider_id, order_key', to: 'FROM att GROUP BY provider_id, order_key, pay_time, merchant_id' },
  { name: 'the latest row counts', from: "date_trunc('month', MIN(pay_time))", to: "date_trunc('month', MAX(pay_time))" },
  { name: 'status case kept', from: "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'", to: "'', ''" },
  { name: 'running month kept', from: 'WHEN months > 1 AND', to: 'WHEN FALSE AND' },
  { name: 'no empty main id fallback', from: "COALESCE(NULLIF(main_order_id, ''), NULLIF(order_id, ''))", to: "COALESCE(main_order_id, order_id)" },
  { name: 'bound merchants without orders left out', from: 'FROM vb CROSS JOIN win\n  WHERE (vb.bs IS NULL OR vb.bs < win.w1)', to: 'FROM vb CROSS JOIN win\n  WHERE FALSE AND (vb.bs IS NULL OR vb.bs < win.w1)' },
  { name: 'standards table loses to the rule', re: /COALESCE\(s\.standard, (CASE i\.industry[^)]*? END)/, to: (m) => `COALESCE(${m[1]}, s.standard` },
];
const mutantCaught = new Map(MUTANTS.map((m) => [m.name, 0]));
const mutantApplied = new Map(MUTANTS.map((m) => [m.name, 0]));
const mutantBroken = new Map();   // name -> DuckDB's error: a mutant that does not run proves nothing
function mutate(query, m) {
  if (m.re) { const hit = query.match(m.re); return hit ? query.replace(m.re, m.to(hit)) : null; }
  return query.includes(m.from) ? query.split(m.from).join(m.to) : null;
}

// Spark and Trino: the queries of every distinct rule set and window, through the dialects' grammars.
const grammars = { spark: new SparkSQL(), trino: new TrinoSQL() };
const checkedQueries = new Set();
function checkDialects(name, files, window) {
  for (const dialect of ['spark', 'trino']) {
    const q = cli(sqlArgs(dialect, files, window));
    if (checkedQueries.has(q)) continue;
    checkedQueries.add(q);
    const errors = grammars[dialect].validate(q);
    if (errors.length) fail(`${name}: ${dialect} syntax`, errors.slice(0, 3).map((e) => `line ${e.startLine}:${e.startCol} ${e.message}`).join('\n'));
    else pass(`${name}: ${dialect} syntax`);
  }
}

async function compareDataSet(ds) {
  const dir = path.join(work, ds.name);
  const files = writeDataSet(ds, dir);
  await loadDataSet(ds);
  const engine = engineResult(files, ds.window);
  const query = cli(sqlArgs('duckdb', files, ds.window));
  fs.writeFileSync(path.join(dir, 'query.sql'), query);
  let sql;
  try { sql = await sqlResult(query); } catch (e) { fail(`${ds.name}: the query fails in DuckDB`, String(e.message || e)); return; }
  const diff = differences(engine.providers, sql);
  if (diff) fail(`${ds.name} (window ${engine.window.start}..${engine.window.end})`, diff);
  else pass(`${ds.name}: ${show(sql)}`);
  if (ds.expect) {   // what a hand-written case is about, checked on the engine's side too
    const problem = ds.expect(engine.providers, engine.window);
    if (problem) fail(`${ds.name}: expectation`, problem);
    else pass(`${ds.name}: expectation`);
  }
  for (const m of MUTANTS) {
    const mq = mutate(query, m);
    if (!mq) continue;
    mutantApplied.set(m.name, mutantApplied.get(m.name) + 1);
    let out;
    try { out = await sqlResult(mq); } catch (e) { mutantBroken.set(m.name, String(e.message || e)); continue; }
    if (differences(engine.providers, out)) mutantCaught.set(m.name, mutantCaught.get(m.name) + 1);
  }
  checkDialects(ds.name, files, ds.window);
}

// ---- hand-written data sets ----------------------------------------------------------------------
const O = (main, sub, shop, pay, status = '已完成', provider) => ({ main, sub, shop, pay, status, provider });
const B = (shop, provider, industry, start, end) => ({ shop, provider, industry, start, end });
const byId = (list) => Object.fromEntries(list.map((p) => [p.provider_id, p]));
const expectMetrics = (want) => (providers) => {
  const got = byId(providers);
  for (const [id, w] of Object.entries(want)) {
    const g = got[id];
    if (!g) return `no provider ${JSON.stringify(id)}`;
    for (const [k, v] of Object.entries(w)) if (g[k] !== v) return `provider ${JSON.stringify(id)}: ${k} ${g[k]}, expected ${v}`;
  }
  return null;
};
const TIERS_ALL_ANY = [
  { id: 'base' },
  { id: 'bronze', all: [{ metric: 'paid_orders', op: '>=', value: 3 }] },                       // only `all`
  { id: 'silver', any: [{ metric: 'active_merchants', op: '>', value: 2 }, { metric: 'qualified_merchants', op: '>=', value: 1 }] },   // only `any`
  { id: 'gold', all: [{ metric: 'paid_orders', op: '>=', value: 6 }], any: [{ metric: 'qualified_merchants', op: '>=', value: 2 }, { metric: 'active_merchants', op: '==', value: 99 }] },
  { id: 'diamond' },                                                                             // not configured
];

const HAND = [
  {
    name: 'binding-boundaries',   // orders exactly at bind start / end; a merchant bound to two providers in turn
    orders: [
      O('A1', 'A1-1', 'M1', '2023-06-09 23:59:59'),   // before the first binding: not bound
      O('A2', 'A2-1', 'M1', '2023-06-10 00:00:00'),   // = bind start: P1
      O('A3', 'A3-1', 'M1', '2023-07-15 11:59:59'),   // P1
      O('A4', 'A4-1', 'M1', '2023-07-15 12:00:00'),   // = P1's end = P2's start: P2
      O('A5', 'A5-1', 'M1', '2023-08-31 23:59:59'),   // P2, last second of the window
      O('A6', 'A6-1', 'M2', '2023-06-01 00:00:00'),   // first second of the window, P1 from the beginning (no start)
      O('A7', 'A7-1', 'M2', '2023-08-01 00:00:00'),   // M2's binding ended 07-31 24:00: not bound
      O('A8', 'A8-1', 'M3', '2023-07-01 00:00:00'),   // M3 not in bindings
      O('A9', 'A9-1', 'M1', '2023-05-31 23:59:59'),   // outside the window
    ],
    bindings: [
      B('M1', 'P1', '服饰', '2023-06-10 00:00:00', '2023-07-15 12:00:00'),
      B('M1', 'P2', '服饰', '2023-07-15 12:00:00', null),
      B('M2', 'P1', '食品', null, '2023-08-01 00:00:00'),
      B('M4', 'P3', '食品', '2023-08-31 23:59:59', null),   // bound in the window's last second, no orders: a merchant row of P3
      B('M5', 'P3', '食品', null, '2023-06-01 00:00:00'),   // ended as the window starts: not P3's
    ],
    standards: [{ industry: '服饰', standard: 1 }, { industry: '食品', standard: 0 }],
    window: '2023-06..2023-08',
    expect: expectMetrics({ P1: { paid_orders: 3, active_merchants: 2 }, P2: { paid_orders: 2, active_merchants: 1, qualified_merchants: 0 }, P3: { paid_orders: 0, active_merchants: 0 } }),
  },
  {
    name: 'equal-to-standard',    // a month with exactly the standard: not qualified with '>'
    orders: [
      ...[1, 2, 3].map((i) => O(`E${i}`, `E${i}-1`, 'S1', `2023-07-0${i} 10:00:00`)),          // S1: 3 in July = standard
      ...[1, 2, 3, 4].map((i) => O(`F${i}`, `F${i}-1`, 'S2', `2023-07-0${i} 10:00:00`)),        // S2: 4 in July > 3
      ...[1, 2].map((i) => O(`G${i}`, `G${i}-1`, 'S3', `2023-0${5 + i}-15 10:00:00`)),          // S3: 1 + 1 over two months, standard 1
    ],
    bindings: [B('S1', 'P1', '家居', null, null), B('S2', 'P1', '家居', null, null), B('S3', 'P1', '美妆', null, null)],
    standards: [{ industry: '家居', standard: 3 }, { industry: '美妆', standard: 1 }],
    window: '2023-06..2023-08',
    expect: expectMetrics({ P1: { paid_orders: 9, active_merchants: 3, qualified_merchants: 1 } }),
  },
  {
    name: 'equal-to-standard-ge',   // the same with ">=": S1 and S3 (1 >= 1 in a month) qualify too
    orders: [
      ...[1, 2, 3].map((i) => O(`E${i}`, `E${i}-1`, 'S1', `2023-07-0${i} 10:00:00`)),
      ...[1, 2, 3, 4].map((i) => O(`F${i}`, `F${i}-1`, 'S2', `2023-07-0${i} 10:00:00`)),
      ...[1, 2].map((i) => O(`G${i}`, `G${i}-1`, 'S3', `2023-0${5 + i}-15 10:00:00`)),
    ],
    bindings: [B('S1', 'P1', '家居', null, null), B('S2', 'P1', '家居', null, null), B('S3', 'P1', '美妆', null, null)],
    standards: [{ industry: '家居', standard: 3 }, { industry: '美妆', standard: 1 }],
    rules: { qualified_compare: '>=', tiers: TIERS_ALL_ANY },
    window: '2023-06..2023-08',
    expect: expectMetrics({ P1: { qualified_merchants: 3, tier: 'gold' } }),
  },
  {
    name: 'dedupe-main-order',    // empty main ids fall back to the order id; sub-orders counted once; mixed statuses
    orders: [
      O('K1', 'K1-1', 'M1', '2023-07-01 09:00:00'), O('K1', 'K1-2', 'M1', '2023-07-01 09:00:00'),              // one order
      O('K2', 'K2-1', 'M1', '2023-07-02 09:00:00', '未支付'), O('K2', 'K2-2', 'M1', '2023-07-02 09:00:00', '已发货'),   // one paid row: counts
      O('', 'L1', 'M1', '2023-07-03 09:00:00'), O('', 'L2', 'M1', '2023-07-03 09:00:00'),                      // no main id: two orders
      { ...O('', 'L3', 'M1', '2023-07-03 09:00:00'), mainNull: true },                                          // NULL main id in the table
      O('K3', 'K3-1', 'M1', '2023-06-30 23:00:00'), O('K3', 'K3-2', 'M1', '2023-07-01 01:00:00'),              // one order over two months: June
      O('K4', 'K4-1', 'M1', '2023-07-05 09:00:00'), O('K4', 'K4-2', 'M2', '2023-07-06 09:00:00'),              // one order, two shops of P1: M1's
      O('K5', 'K5-1', 'M1', '2023-07-10 09:00:00'), O('K5', 'K5-2', 'M3', '2023-07-11 09:00:00'),              // M3 is P2's: counts for both
      O('', '', 'M1', '2023-07-12 09:00:00'),                                                                   // no order id: not read
      O('K6', 'K6-1', '', '2023-07-12 09:00:00'),                                                               // no shop id: not read
    ],
    bindings: [B('M1', 'P1', '服饰', null, null), B('M2', 'P1', '服饰', null, null), B('M3', 'P2', '服饰', null, null)],
    standards: [{ industry: '服饰', standard: 5 }],
    window: '2023-06..2023-08',
    expect: expectMetrics({ P1: { paid_orders: 8, active_merchants: 1, qualified_merchants: 1 }, P2: { paid_orders: 1 } }),
  },
  {
    name: 'order-over-two-months',   // one main order paid in June and July: its first row (June) counts; in a July window the July row
    orders: [
      O('Q1', 'Q1-1', 'M1', '2023-06-30 23:59:59'), O('Q1', 'Q1-2', 'M1', '2023-07-01 00:00:00'), O('Q2', 'Q2-1', 'M1', '2023-07-02 09:00:00'),
    ],
    bindings: [B('M1', 'P1', '服饰', null, null)],
    standards: [{ industry: '服饰', standard: 1 }],
    window: '2023-06..2023-07',
    expect: expectMetrics({ P1: { paid_orders: 2, qualified_merchants: 0 } }),
  },
  {
    name: 'order-over-two-months-july',
    orders: [
      O('Q1', 'Q1-1', 'M1', '2023-06-30 23:59:59'), O('Q1', 'Q1-2', 'M1', '2023-07-01 00:00:00'), O('Q2', 'Q2-1', 'M1', '2023-07-02 09:00:00'),
    ],
    bindings: [B('M1', 'P1', '服饰', null, null)],
    standards: [{ industry: '服饰', standard: 1 }],
    window: '2023-07',
    expect: expectMetrics({ P1: { paid_orders: 2, qualified_merchants: 1 } }),
  },
  {
    name: 'excluded-statuses-odd-case',   // case and spacing of statuses and of the rule's list
    orders: [
      O('S1', 'S1-1', 'M1', '2023-07-01 09:00:00', ' Unpaid '), O('S2', 'S2-1', 'M1', '2023-07-01 09:00:00', 'UNPAID'),
      O('S3', 'S3-1', 'M1', '2023-07-01 09:00:00', 'Pending Payment\t'), O('S4', 'S4-1', 'M1', '2023-07-01 09:00:00', 'pending  payment'),
      O('S5', 'S5-1', 'M1', '2023-07-01 09:00:00', '待支付 '), O('S6', 'S6-1', 'M1', '2023-07-01 09:00:00', '已退款'),
      O('S7', 'S7-1', 'M1', '2023-07-01 09:00:00', ''), O('S8', 'S8-1', 'M1', '2023-07-01 09:00:00', 'CLOSED'),
      O('S9', 'S9-1', 'M1', '', '已完成'),                                                                      // no pay time: unpaid
    ],
    window: '2023-07',
    expect: expectMetrics({ '': { paid_orders: 4 } }),   // S4 (two spaces), S6, S7, S8
  },
  {
    name: 'excluded-statuses-custom',     // the rule's own list, with spaces and capitals, and the empty status
    orders: [
      O('S1', 'S1-1', 'M1', '2023-07-01 09:00:00', ' Unpaid '), O('S3', 'S3-1', 'M1', '2023-07-01 09:00:00', 'closed'),
      O('S4', 'S4-1', 'M1', '2023-07-01 09:00:00', ' 已关闭'), O('S7', 'S7-1', 'M1', '2023-07-01 09:00:00', ''),
      O('S8', 'S8-1', 'M1', '2023-07-01 09:00:00', '已完成'),
    ],
    rules: { excluded_statuses: ['  CLOSED ', '已关闭\t', ''], tiers: [{ id: 'base' }] },
    window: '2023-07',
    expect: expectMetrics({ '': { paid_orders: 2 } }),   // S1 (not in this list) and S8
  },
  {
    name: 'provider-column',      // no bindings: the orders' provider column; an empty cell counts for no one
    providerColumn: true,
    orders: [
      O('C1', 'C1-1', 'M1', '2023-07-01 09:00:00', '已完成', 'SP1'), O('C2', 'C2-1', 'M1', '2023-07-02 09:00:00', '已完成', 'SP2'),
      O('C3', 'C3-1', 'M2', '2023-07-03 09:00:00', '已完成', 'SP1'), O('C4', 'C4-1', 'M2', '2023-07-04 09:00:00', '已完成', ''),
      O('C1', 'C1-2', 'M1', '2023-07-01 09:00:00', '已完成', 'SP2'),   // the same main order for another provider: once each
      O('C5', 'C5-1', 'M3', '2023-07-05 09:00:00', 'unpaid', 'SP3'),  // SP3 has only an unpaid order: not listed
    ],
    rules: { default_standard: 0, tiers: TIERS_ALL_ANY },
    window: '2023-06..2023-08',
    expect: expectMetrics({ SP1: { paid_orders: 2, active_merchants: 2 }, SP2: { paid_orders: 2, active_merchants: 1 } }),
  },
  {
    name: 'provider-column-all-empty',   // a provider column with nothing in it: attribution by column, no provider at all
    providerColumn: true,
    orders: [O('C1', 'C1-1', 'M1', '2023-07-01 09:00:00', '已完成', ''), O('C2', 'C2-1', 'M1', '2023-07-02 09:00:00', '已完成', '')],
    window: '2023-07',
    expect: (providers) => (providers.length ? 'providers listed' : null),
  },
  {
    name: 'bindings-win-over-column',    // with bindings the provider column is ignored
    providerColumn: true,
    orders: [O('C1', 'C1-1', 'M1', '2023-07-01 09:00:00', '已完成', 'SPX'), O('C2', 'C2-1', 'M2', '2023-07-02 09:00:00', '已完成', 'SPX')],
    bindings: [B('M1', 'P1', '', null, null)],
    window: '2023-07',
    expect: expectMetrics({ P1: { paid_orders: 1 } }),
  },
  {
    name: 'standards-and-defaults',   // no standard: never qualifies; default_standard; rule standards; the table wins
    orders: [
      ...[1, 2, 3].map((i) => O(`A${i}`, `A${i}-1`, 'MA', `2023-07-0${i} 09:00:00`)),   // 珠宝: no standard, no default -> default
      ...[1, 2, 3].map((i) => O(`B${i}`, `B${i}-1`, 'MB', `2023-07-0${i} 09:00:00`)),   // no industry -> default
      ...[1, 2, 3].map((i) => O(`C${i}`, `C${i}-1`, 'MC', `2023-07-0${i} 09:00:00`)),   // 服饰: table 2 (rule says 5)
      ...[1, 2, 3].map((i) => O(`D${i}`, `D${i}-1`, 'MD', `2023-07-0${i} 09:00:00`)),   // 食品: rule 3 -> not above
      ...[1, 2].map((i) => O(`E${i}`, `E${i}-1`, 'ME', `2023-07-0${i} 09:00:00`)),      // industry changed: 美妆 (latest binding), table 1
    ],
    bindings: [B('MA', 'P1', '珠宝', null, null), B('MB', 'P1', '', null, null), B('MC', 'P1', '服饰', null, null), B('MD', 'P1', '食品', null, null),
               B('ME', 'P1', '服饰', '2023-01-01 00:00:00', '2023-03-01 00:00:00'), B('ME', 'P1', '美妆', '2023-03-01 00:00:00', null)],
    standards: [{ industry: '服饰', standard: 2 }, { industry: '美妆', standard: 1 }],
    rules: { default_standard: 2, industry_standards: { '服饰': 5, '食品': 3 }, tiers: TIERS_ALL_ANY },
    window: '2023-07',
    expect: expectMetrics({ P1: { qualified_merchants: 4, paid_orders: 14 } }),   // MA, MB (3 > 2), MC (3 > 2), ME (2 > 1)
  },
  {
    name: 'no-standard-at-all',       // neither table nor rule: nobody qualifies
    orders: [...[1, 2, 3].map((i) => O(`A${i}`, `A${i}-1`, 'MA', `2023-07-0${i} 09:00:00`))],
    bindings: [B('MA', 'P1', '珠宝', null, null)],
    window: '2023-07',
    expect: expectMetrics({ P1: { qualified_merchants: 0, active_merchants: 1 } }),
  },
  {
    name: 'ge-zero-standard',         // ">=" and standard 0: bound merchants without orders qualify
    orders: [O('A1', 'A1-1', 'MA', '2023-07-01 09:00:00')],
    bindings: [B('MA', 'P1', '服饰', null, null), B('MB', 'P1', '服饰', null, null), B('MC', 'P2', '服饰', '2023-06-15 00:00:00', '2023-06-20 00:00:00')],
    rules: { qualified_compare: '>=', default_standard: 0, tiers: TIERS_ALL_ANY },
    window: '2023-06..2023-07',
    expect: expectMetrics({ P1: { qualified_merchants: 2, active_merchants: 1 }, P2: { qualified_merchants: 1, paid_orders: 0 } }),
  },
  {
    name: 'tiers-all-any-ops',        // every op; a tier with `all` only, `any` only, both; a paid_amount condition; gaps in the order
    orders: [
      ...Array.from({ length: 7 }, (_, i) => O(`X${i}`, `X${i}-1`, `M${i % 3}`, `2023-07-1${i} 09:00:00`)),
      ...Array.from({ length: 2 }, (_, i) => O(`Y${i}`, `Y${i}-1`, 'N1', `2023-07-1${i} 09:00:00`)),
    ],
    bindings: [B('M0', 'P1', '服饰', null, null), B('M1', 'P1', '服饰', null, null), B('M2', 'P1', '服饰', null, null), B('N1', 'P2', '服饰', null, null)],
    standards: [{ industry: '服饰', standard: 1 }],
    rules: { tiers: [
      { id: 'base' },
      { id: 't-lt', all: [{ metric: 'paid_orders', op: '<', value: 3 }] },
      { id: 't-le', all: [{ metric: 'active_merchants', op: '<=', value: 1 }, { metric: 'paid_orders', op: '==', value: 2 }] },
      { id: 't-amount', all: [{ metric: 'paid_amount', op: '>=', value: 0 }], any: [{ metric: 'qualified_merchants', op: '>', value: 2 }] },
      { id: 't-amount-high', all: [{ metric: 'paid_amount', op: '>', value: 100 }] },
      { id: 't-unconfigured' },
    ] },
    window: '2023-07',
    expect: expectMetrics({ P1: { tier: 't-amount' }, P2: { tier: 't-le' } }),
  },
  {
    name: 'one-provider-default-window',   // no provider column, no bindings: one provider ""; the default window
    orders: [
      O('A1', 'A1-1', 'M1', '2023-03-15 09:00:00'), O('A2', 'A2-1', 'M1', '2023-04-30 23:59:59'),
      O('A3', 'A3-1', 'M2', '2023-05-10 09:00:00'), O('A4', 'A4-1', 'M2', '2023-06-30 00:00:00'),   // the last day: June is whole
      O('A5', 'A5-1', 'M3', '2023-06-01 00:00:00', '待支付'),
    ],
    expect: (p, w) => (w.start === '2023-04' && w.end === '2023-06' ? null : `window ${w.start}..${w.end}`),
  },
  {
    name: 'default-window-running-month',  // the last month stops before its last day: the window ends the month before
    orders: [
      O('A1', 'A1-1', 'M1', '2023-05-15 09:00:00'), O('A2', 'A2-1', 'M1', '2023-06-29 23:59:59'),
      O('A3', 'A3-1', 'M2', '2023-07-10 09:00:00', 'unpaid'),   // an unpaid row makes July a data month, still running
    ],
    bindings: [B('M1', 'P1', '服饰', null, null), B('M2', 'P2', '服饰', null, null)],
    rules: { window_months: 2, tiers: TIERS_ALL_ANY },
    expect: (p, w) => (w.start === '2023-05' && w.end === '2023-06' ? null : `window ${w.start}..${w.end}`),
  },
  {
    name: 'default-window-only-month-running',   // one data month, still running: it is the window's last
    orders: [O('A1', 'A1-1', 'M1', '2023-07-10 09:00:00'), O('A2', 'A2-1', 'M1', '1999-12-31 23:59:59'), O('A3', 'A3-1', 'M1', '2137-01-01 00:00:00')],
    expect: (p, w) => (w.end === '2023-07' ? null : `window ${w.start}..${w.end}`),
  },
  {
    name: 'default-window-gap',        // data months 2023-01 and 2023-06 (running): the window ends with May, a month without data
    orders: [O('A1', 'A1-1', 'M1', '2023-01-10 09:00:00'), O('A2', 'A2-1', 'M1', '2023-06-10 09:00:00')],
    rules: { window_months: 1, tiers: [{ id: 'base' }, { id: 'any-order', all: [{ metric: 'paid_orders', op: '>', value: 0 }] }] },
    expect: (p, w) => (w.start === '2023-05' && w.end === '2023-05' && p[0].paid_orders === 0 ? null : `window ${w.start}..${w.end}, ${show(p)}`),
  },
  {
    name: 'no-paid-rows',             // nothing paid: one provider "" with zeros and the base tier
    orders: [O('A1', 'A1-1', 'M1', '', '已完成'), O('A2', 'A2-1', 'M1', '2023-07-01 00:00:00', '未支付')],
    expect: expectMetrics({ '': { paid_orders: 0, tier: 'base' } }),
  },
  {
    name: 'overlapping-bindings',     // two bindings cover the pay time: the latest start wins; equal starts; refused rows
    orders: [
      O('A1', 'A1-1', 'M1', '2023-07-05 09:00:00'),   // P1 [06-01, -) and P2 [07-01, 07-10): P2
      O('A2', 'A2-1', 'M1', '2023-07-20 09:00:00'),   // P2 ended: P1
      O('A3', 'A3-1', 'M2', '2023-07-05 09:00:00'),   // equal starts P3 / P4: the one read last (P4; the query: the larger id)
      O('A4', 'A4-1', 'M3', '2023-07-05 09:00:00'),   // its only binding ends before it starts: refused, so not in bindings
    ],
    bindings: [
      B('M1', 'P1', '服饰', '2023-06-01 00:00:00', null), B('M1', 'P2', '服饰', '2023-07-01 00:00:00', '2023-07-10 00:00:00'),
      B('M2', 'P3', '服饰', '2023-06-01 00:00:00', null), B('M2', 'P4', '服饰', '2023-06-01 00:00:00', null),
      B('M3', 'P5', '服饰', '2023-07-01 00:00:00', '2023-07-01 00:00:00'),
    ],
    window: '2023-07',
    expect: expectMetrics({ P1: { paid_orders: 1 }, P2: { paid_orders: 1 }, P3: { paid_orders: 0, active_merchants: 0 }, P4: { paid_orders: 1 } }),
  },
  {
    name: 'all-bindings-refused',     // a bindings file whose rows are all refused: attribution falls back to one provider
    orders: [O('A1', 'A1-1', 'M1', '2023-07-05 09:00:00')],
    bindings: [B('M1', 'P1', '服饰', '2023-07-02 00:00:00', '2023-07-01 00:00:00')],
    window: '2023-07',
    expect: expectMetrics({ '': { paid_orders: 1 } }),
  },
];

// ---- random data sets ----------------------------------------------------------------------------
function prng(seed) {   // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const fmt = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const T0 = Date.UTC(2023, 2, 1), T1 = Date.UTC(2023, 10, 1);   // 2023-03-01 .. 2023-11-01 (naive CST wall clock)
const monthStart = (y, m) => Date.UTC(y, m, 1);

function randomDataSet(k, seed) {
  const r = prng(seed);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const chance = (p) => r() < p;
  const mode = pick(['bindings', 'bindings', 'bindings', 'bindings', 'column', 'one']);
  const providers = Array.from({ length: int(1, 4) }, (_, i) => `SP${100 + i}`);
  const industries = ['服饰', '食品饮料', '3C数码', '珠宝饰品', ''];
  const merchants = Array.from({ length: int(2, 20) }, (_, i) => ({ id: `${int(1, 9)}${String(i).padStart(4, '0')}`, industry: pick(industries) }));
  const randomTime = () => Math.floor((T0 + r() * (T1 - T0)) / 1000) * 1000;
  const monthEdges = [];
  for (let m = 2; m <= 10; ++m) { monthEdges.push(monthStart(2023, m)); monthEdges.push(monthStart(2023, m) - 1000); }

  const bindings = [];
  const edges = new Map();   // merchant -> its binding boundaries
  if (mode === 'bindings') {
    for (const m of merchants) {
      if (chance(0.1)) continue;   // not in bindings
      const n = int(1, 3);
      let t = chance(0.4) ? null : randomTime();
      const mine = [];
      for (let j = 0; j < n; ++j) {
        const start = t;
        let end = j === n - 1 && chance(0.5) ? null : (start ?? T0) + int(1, 90) * 86400000 + int(0, 86399) * 1000;
        if (end !== null && end > T1) end = null;
        if (chance(0.05)) end = start ?? T0;   // end not after start: refused (or a zero-length binding from the beginning)
        const industry = chance(0.15) ? '' : m.industry;
        bindings.push(B(m.id, pick(providers), industry, start === null ? null : fmt(start), end === null ? null : fmt(end)));
        if (start !== null) mine.push(start);
        if (end !== null) mine.push(end);
        if (end === null) break;
        t = chance(0.6) ? end : end + int(-20, 20) * 86400000;   // back to back, or a gap / an overlap
        if (t < T0) t = T0;
      }
      if (chance(0.1)) bindings.push(B(m.id, pick(providers), m.industry, bindings[bindings.length - 1].start, null));   // an equal start
      edges.set(m.id, mine);
    }
  }
  const statuses = ['已完成', '已完成', '已完成', '已发货', '已关闭', ' 未支付 ', 'UNPAID', 'Unpaid\t', 'pending  payment', 'Pending Payment', '待支付', '已退款', ''];
  const orders = [];
  const payTime = (shop) => {
    const x = r();
    if (x < 0.04) return '';
    if (x < 0.05) return pick(['1999-12-31 23:59:59', '2137-01-01 00:00:00']);
    if (x < 0.25 && edges.get(shop)?.length) { const e = pick(edges.get(shop)); return fmt(e + pick([-1000, 0, 0, 1000])); }
    if (x < 0.35) return fmt(pick(monthEdges));
    return fmt(randomTime());
  };
  const nMain = int(10, 250);
  for (let i = 0; i < nMain; ++i) {
    const shop = chance(0.05) ? 'X9999' : pick(merchants).id;
    const pay = payTime(shop);
    const main = chance(0.1) ? '' : `O${seed % 1000}-${i}`;
    const provider = chance(0.1) ? '' : pick(providers);
    const subs = chance(0.7) ? 1 : int(2, 3);
    for (let j = 0; j < subs; ++j) {
      const o = O(main, `${main || 'S' + i}-${j}`, shop, pay, pick(statuses), provider);
      if (j > 0 && chance(0.3)) o.pay = payTime(shop);                   // a sub-order paid at another time
      if (j > 0 && chance(0.15)) o.shop = pick(merchants).id;            // or in another shop
      if (j > 0 && chance(0.2)) o.provider = pick(providers);            // or named for another provider
      if (main === '' && chance(0.5)) o.mainNull = true;
      orders.push(o);
    }
  }
  if (chance(0.1)) orders.push(O('', '', pick(merchants).id, fmt(randomTime())));   // no order id
  if (chance(0.1)) orders.push(O('Z1', 'Z1-1', '', fmt(randomTime())));            // no shop id
  const standards = chance(0.85) ? industries.filter((x) => x && chance(0.75)).map((industry) => ({ industry, standard: int(0, 6) })) : null;

  const rules = { window_months: int(1, 4), qualified_compare: pick(['>', '>=']) };
  if (chance(0.5)) rules.default_standard = pick([0, 1, 2, 4]);
  if (chance(0.5)) rules.industry_standards = Object.fromEntries(industries.filter((x) => x && chance(0.5)).map((x) => [x, int(0, 6)]));
  if (chance(0.4)) rules.excluded_statuses = pick([['  UNPAID ', '已关闭'], ['已完成', ''], [], ['pending payment', '待支付']]);
  const metricsPool = ['paid_orders', 'active_merchants', 'qualified_merchants', 'paid_orders', 'active_merchants', 'qualified_merchants', 'paid_amount'];
  const bar = (metric) => (metric === 'paid_orders' ? int(0, nMain / 2) : metric === 'paid_amount' ? pick([0, 0.01, 100]) : int(0, Math.ceil(merchants.length / 2)));
  const cond = () => { const metric = pick(metricsPool); return { metric, op: pick(['>=', '>', '<=', '<', '==']), value: bar(metric) }; };
  rules.tiers = [{ id: 'base', ...(chance(0.2) ? { all: [cond()] } : {}) }];
  for (let t = 1, n = int(1, 4); t <= n; ++t) {
    const tier = { id: `t${t}` };
    const shape = int(0, 3);   // 0: unconfigured, 1: all, 2: any, 3: both
    if (shape === 1 || shape === 3) tier.all = Array.from({ length: int(1, 2) }, cond);
    if (shape === 2 || shape === 3) tier.any = Array.from({ length: int(1, 3) }, cond);
    rules.tiers.push(tier);
  }
  let window = null;
  if (chance(0.5)) {
    const a = int(2, 10), len = int(1, 4), b = Math.min(10, a + len - 1);
    window = `2023-${String(a + 1).padStart(2, '0')}..2023-${String(b + 1).padStart(2, '0')}`;
  }
  return {
    name: `random-${k}-${mode}`, orders, providerColumn: mode === 'column' || (mode === 'bindings' && chance(0.2)),
    bindings: mode === 'bindings' ? bindings : null, standards, rules, window,
  };
}

// ---- the sample generator's exports --------------------------------------------------------------
async function loadSample(dir) {
  for (const statement of sampleLoadSql(dir)) await run(statement);
}

async function compareSample(name, sampleArgs, windows) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  cli(['sample', '--out', dir, ...sampleArgs]);
  await loadSample(dir);
  const files = { orders: path.join(dir, 'orders.csv'), bindings: path.join(dir, 'bindings.csv'), standards: path.join(dir, 'standards.csv') };
  for (const window of windows) {
    const label = `${name} ${window ? 'window ' + window : 'default window'}`;
    const engine = engineResult(files, window);
    let sql;
    try { sql = await sqlResult(cli(sqlArgs('duckdb', files, window))); } catch (e) { fail(`${label}: the query fails in DuckDB`, String(e.message || e)); continue; }
    const diff = differences(engine.providers, sql);
    if (diff) fail(label, diff);
    else if (!engine.providers.some((p) => p.qualified_merchants > 0)) fail(label, 'no qualified merchants: the sample no longer tests the standards');
    else pass(`${label}: ${show(sql)}`);
  }
}

// ---- run -----------------------------------------------------------------------------------------
const sets = [...HAND];
for (let k = 0; k < opt.random; ++k) sets.push(randomDataSet(k, opt.seed + k));
for (const ds of sets) {
  if (opt.only && !ds.name.includes(opt.only)) continue;
  await compareDataSet(ds);
}
if (!opt.only) {
  for (const m of MUTANTS) {
    if (mutantBroken.has(m.name)) fail(`mutant "${m.name}" does not run`, mutantBroken.get(m.name));
    else if (mutantCaught.get(m.name) > 0) pass(`mutant "${m.name}" caught by ${mutantCaught.get(m.name)} of ${mutantApplied.get(m.name)} data sets`);
    else fail(`mutant "${m.name}" not caught (applied to ${mutantApplied.get(m.name)} data sets): the data sets do not test it`);
  }
  // the grammars do refuse what is not Spark / Trino
  for (const [dialect, bad] of [['spark', 'SELECT a FROM t t1 JOIN'], ['trino', "SELECT a FROM t WHERE b = INTERVAL 2 MONTHS"]]) {
    if (grammars[dialect].validate(bad).length) pass(`${dialect} grammar refuses bad SQL`);
    else fail(`${dialect} grammar accepts ${JSON.stringify(bad)}`);
  }
}
if (opt.sample && (!opt.only || 'sample'.includes(opt.only))) {
  await compareSample('sample', ['--rows', String(opt.sampleRows)], [null, '2023-06..2023-08']);
  await compareSample('sample-b', ['--rows', String(Math.max(2000, opt.sampleRows >> 2)), '--seed', '7', '--providers', '5', '--merchants', '300'], [null, '2023-07']);
}

if (!opt.keep) fs.rmSync(work, { recursive: true, force: true });
else console.log(`data sets kept in ${work}`);
console.log(`sql parity: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
