// DuckDB native peer: node bench/peers/duckdb_native.mjs ORDERS BINDINGS STANDARDS [THREADS]
// Prints {"metrics":{provider:{paid_orders,active_merchants,qualified_merchants}},"ms":{…}} on stdout.
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { setupSql, loadSql, metricsSql } from './sql.mjs';

const [orders, bindings, standards, threads = "2", delimArg = ",,,"] = process.argv.slice(2);
const [dO, dB, dS] = delimArg.split("").map((c) => (c === "t" ? "\t" : c));
const t0 = performance.now();
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await inst.connect();
for (const s of setupSql()) await conn.run(s);
const t1 = performance.now();
for (const s of loadSql({ orders, bindings, standards, delims: { orders: dO, bindings: dB, standards: dS } })) await conn.run(s);
const reader = await conn.runAndReadAll(metricsSql());
const rows = reader.getRowObjectsJson();
const t2 = performance.now();
const metrics = {};
for (const r of rows)
  metrics[r.provider] = { paid_orders: Number(r.paid_orders), active_merchants: Number(r.active_merchants), qualified_merchants: Number(r.qualified_merchants) };
process.stdout.write(JSON.stringify({ metrics, ms: { startup: t1 - t0, query: t2 - t1 } }) + '\n');
