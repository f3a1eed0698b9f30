// Browser peers of the tierlens benchmark, one per page load: peer.html?tool=drain|drain-byob|papaparse|duckdb-wasm
// The harness (bench/bench.mjs) waits for window.benchReady, gives the files through the real
// <input type=file id=file multiple> (orders.csv, bindings.csv, standards.csv), then waits for
// window.benchResult = { ms, metrics?, bytes, startup_ms, ... }. ms runs from the input's change
// event to the metrics; startup_ms is the time from navigation start to ready (page, scripts, wasm).
const tool = new URLSearchParams(location.search).get('tool');
document.getElementById('tool').textContent = tool;
const state = (s) => { document.getElementById('state').textContent = s; };
window.benchError = null;

function pick(files) {
  const by = {};
  for (const f of files) {
    const n = f.name.toLowerCase();
    if (n.includes('order')) by.orders = f;
    else if (n.includes('binding')) by.bindings = f;
    else if (n.includes('standard')) by.standards = f;
  }
  return by;
}

// ---- floor: File.stream() drain, no work on the bytes -------------------------------------
async function drain(files) {
  let bytes = 0, reads = 0;
  for (const f of files) {
    const rd = f.stream().getReader();
    for (let r = await rd.read(); !r.done; r = await rd.read()) { bytes += r.value.length; ++reads; }
  }
  return { bytes, reads };
}

// ---- floor: the same with a BYOB reader into one reused buffer (how tierlens reads) --------------------
// The default reader hands out a new ~1 MB ArrayBuffer per chunk; in Chromium that costs more than the
// reading itself. A BYOB read fills a buffer the caller owns; the next read reuses its memory.
async function drainByob(files) {
  let bytes = 0, reads = 0;
  let buf = new ArrayBuffer(1 << 20);
  for (const f of files) {
    const rd = f.stream().getReader({ mode: 'byob' });
    for (;;) {
      const r = await rd.read(new Uint8Array(buf));
      buf = r.value.buffer;
      if (r.done) break;
      bytes += r.value.byteLength;
      ++reads;
    }
  }
  return { bytes, reads };
}

// ---- PapaParse, streaming, metrics in JS Maps ----------------------------------------------
async function papaparse(files) {
  const { TierMetrics } = await import('/bench/peers/metrics.mjs');
  const Papa = window.Papa;
  const whole = (f) => new Promise((res, rej) => Papa.parse(f, { skipEmptyLines: true, complete: (r) => res(r.data), error: rej }));
  const by = pick(files);
  const tm = new TierMetrics(await whole(by.bindings), await whole(by.standards));
  let rows = 0, first = true;
  await new Promise((res, rej) => Papa.parse(by.orders, {
    chunkSize: 8 << 20,
    skipEmptyLines: true,
    chunk: (r) => {
      let i = 0;
      if (first) { tm.header(r.data[0]); first = false; i = 1; }
      for (const d = r.data; i < d.length; ++i) tm.row(d[i]);
      rows += r.data.length;
    },
    complete: res,
    error: rej,
  }));
  return { metrics: tm.result(), rows };
}

// ---- DuckDB-WASM ----------------------------------------------------------------------------
let duck = null;
async function duckdbSetup() {
  const duckdb = await import('/bench/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs');
  const base = new URL('/bench/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
  const worker = new Worker(base + 'duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(base + 'duckdb-eh.wasm');
  const conn = await db.connect();
  const sql = await import('/bench/peers/sql.mjs');
  for (const s of sql.setupSql()) await conn.query(s);
  duck = { duckdb, db, conn, sql };
}
async function duckdbRun(files, delims) {
  const { duckdb, db, conn, sql } = duck;
  const by = pick(files);
  for (const [k, f] of Object.entries(by)) await db.registerFileHandle(k + '.csv', f, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  for (const s of sql.loadSql({ orders: 'orders.csv', bindings: 'bindings.csv', standards: 'standards.csv', delims })) await conn.query(s);
  const table = await conn.query(sql.metricsSql());
  const metrics = {};
  for (const r of table.toArray()) {
    const o = r.toJSON();
    metrics[o.provider] = { paid_orders: Number(o.paid_orders), active_merchants: Number(o.active_merchants), qualified_merchants: Number(o.qualified_merchants) };
  }
  return { metrics };
}

function loadScript(src) {
  return new Promise((res, rej) => { const s = document.createElement('script'); s.src = src; s.onload = res; s.onerror = () => rej(new Error('cannot load ' + src)); document.head.appendChild(s); });
}

async function main() {
  if (tool === 'papaparse') await loadScript('/bench/node_modules/papaparse/papaparse.min.js');
  else if (tool === 'duckdb-wasm') await duckdbSetup();
  else if (tool !== 'drain' && tool !== 'drain-byob') throw new Error('unknown tool ' + tool);
  const startup_ms = performance.now();
  const input = document.getElementById('file');
  input.addEventListener('change', async () => {
    const t0 = performance.now();
    state('running');
    try {
      const files = [...input.files];
      const delims = window.benchDelims || {};
      const r = tool === 'drain' ? await drain(files) : tool === 'drain-byob' ? await drainByob(files) : tool === 'papaparse' ? await papaparse(files) : await duckdbRun(files, delims);
      const ms = performance.now() - t0;
      window.benchResult = { tool, ms, startup_ms, ...r };
      state('done');
    } catch (e) {
      window.benchError = String(e && e.stack || e);
      state('error');
    }
  });
  window.benchReady = { startup_ms };
  state('ready');
}
main().catch((e) => { window.benchError = String(e && e.stack || e); state('error'); });
