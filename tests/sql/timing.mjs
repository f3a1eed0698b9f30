// DuckDB running `tierlens sql --dialect duckdb` on `tierlens sample` exports, against the engine's
// CLI on the same files (the figures in docs/sql.md):
//   node tests/sql/timing.mjs TIERLENS DIR [--runs N] [--threads T]
// DIR holds orders.csv, bindings.csv, standards.csv (tierlens sample --out DIR --rows 2000000).
// Each run: a fresh in-memory DuckDB loads the three CSVs (sampleLoadSql) and runs the query; the
// engine's run is `tierlens evaluate --format json` as a process, wall time. Best of N, and the
// per-provider figures of both sides compared.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { sampleLoadSql } from './load.mjs';

const args = process.argv.slice(2);
const pos = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const flag = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const [CLI, DIR] = pos.map((p) => path.resolve(p));
const runs = Number(flag('--runs', '3')), threads = flag('--threads', '2');
if (!CLI || !DIR) { console.error('usage: node tests/sql/timing.mjs TIERLENS DIR [--runs N] [--threads T]'); process.exit(2); }
const files = ['--orders', path.join(DIR, 'orders.csv'), '--bindings', path.join(DIR, 'bindings.csv'), '--standards', path.join(DIR, 'standards.csv')];
const query = execFileSync(CLI, ['sql', '--dialect', 'duckdb'], { encoding: 'utf8' });

const best = (xs) => Math.min(...xs);
const t = { load: [], query: [], duck: [], engine: [] };
let duckRows, engineRows;
for (let k = 0; k < runs; ++k) {
  const inst = await DuckDBInstance.create(':memory:', { threads });
  const db = await inst.connect();
  const t0 = performance.now();
  for (const s of sampleLoadSql(DIR)) await db.run(s);
  const t1 = performance.now();
  duckRows = (await db.runAndReadAll(query)).getRowObjectsJson();
  const t2 = performance.now();
  t.load.push(t1 - t0); t.query.push(t2 - t1); t.duck.push(t2 - t0);
  db.closeSync?.(); inst.closeSync?.();
  const e0 = performance.now();
  const report = JSON.parse(execFileSync(CLI, ['evaluate', ...files, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  t.engine.push(performance.now() - e0);
  engineRows = report.providers;
}
const fig = (o) => o.map((p) => `${p.provider_id ?? p.id} ${Number(p.paid_orders ?? p.metrics.paid_orders)}/${Number(p.active_merchants ?? p.metrics.active_merchants)}/${Number(p.qualified_merchants ?? p.metrics.qualified_merchants)} ${p.tier}`).join('; ');
const same = fig(duckRows) === fig(engineRows);
const s = (ms) => (ms / 1000).toFixed(2) + ' s';
console.log(`files: ${DIR}; DuckDB threads ${threads}; best of ${runs}`);
console.log(`DuckDB: load CSVs ${s(best(t.load))} + query ${s(best(t.query))} = ${s(best(t.duck))}  (runs: ${t.duck.map(s).join(', ')})`);
console.log(`tierlens evaluate (process wall): ${s(best(t.engine))}  (runs: ${t.engine.map(s).join(', ')})`);
console.log(`ratio DuckDB / engine: ${(best(t.duck) / best(t.engine)).toFixed(2)}`);
console.log(`results ${same ? 'agree' : 'DIFFER'}: ${fig(duckRows)}${same ? '' : '\nengine: ' + fig(engineRows)}`);
process.exit(same ? 0 : 1);
