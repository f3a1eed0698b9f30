#!/usr/bin/env node
// tierlens benchmark (issue #4): tierlens native / wasm-under-node / browser side by side with the
// peers (DuckDB native, DuckDB-WASM, PapaParse, pandas) and the floors (raw native field scan,
// File.stream() drain in the same Chromium). Every tool's metrics are checked against tierlens
// native before its time counts. See bench/README.md.
//
//   node bench/bench.mjs [--sizes S,L] [--runs N] [--tools a,b,…] [--no-install] [--no-browser]
//   node bench/bench.mjs --smoke          tiny data, only tools that need no bench/install.sh;
//                                         exits non-zero when a tool disagrees or fails
//   other builds: --native PATH (build-native/tierlens), --wasm-cli PATH (build-wasm/tierlens.js),
//                 --dist DIR (dist/); --timeout S per tool run (900)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const DATA = path.join(ROOT, 'bench-data');
const RESULTS = path.join(ROOT, 'bench-results');
let NATIVE = path.join(ROOT, 'build-native', 'tierlens');
let WASM_CLI = path.join(ROOT, 'build-wasm', 'tierlens.js');
let DIST = path.join(ROOT, 'dist');
const MB = 1e6;
const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';  // Debian's python3 (python3-pandas), not a pyenv shim

// ---- arguments ---------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = { sizes: null, runs: null, tools: null, install: true, browser: true, smoke: false, timeoutS: null };
for (let i = 0; i < argv.length; ++i) {
  const a = argv[i];
  const val = () => { if (i + 1 >= argv.length) die(`${a} needs a value`); return argv[++i]; };
  if (a === '--smoke') opt.smoke = true;
  else if (a === '--sizes') opt.sizes = val().split(',').map((s) => s.trim()).filter(Boolean);
  else if (a === '--runs') opt.runs = Math.max(1, parseInt(val(), 10) || 1);
  else if (a === '--tools') opt.tools = val().split(',').map((s) => s.trim()).filter(Boolean);
  else if (a === '--no-install') opt.install = false;
  else if (a === '--no-browser') opt.browser = false;
  else if (a === '--native') NATIVE = path.resolve(val());
  else if (a === '--wasm-cli') WASM_CLI = path.resolve(val());
  else if (a === '--dist') DIST = path.resolve(val());
  else if (a === '--timeout') opt.timeoutS = parseInt(val(), 10) || opt.timeoutS;
  else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 10).join('\n')); process.exit(0); }
  else die(`unknown option ${a} (see --help)`);
}
function die(msg, code = 2) { console.error(`bench: ${msg}`); process.exit(code); }

const SIZES = {
  smoke: { label: 'smoke', rows: 20000, merchants: 600, providers: 3 },
  S: { label: 'S', rows: 1_000_000, merchants: 20000, providers: 20 },
  L: { label: 'L', rows: 10_000_000, merchants: 20000, providers: 20 },
};
const sizeNames = opt.smoke ? ['smoke'] : (opt.sizes || ['S', 'L']);
for (const s of sizeNames) if (!SIZES[s]) die(`unknown size ${s}; use S, L (or --smoke)`);
const RUNS = opt.runs || (opt.smoke ? 1 : 2);
opt.timeoutS = opt.timeoutS || (opt.smoke ? 30 : 900);   // per tool run; the smoke run must stay well under a minute
const READY_S = Math.min(120, opt.timeoutS);              // page load until ready
const LONG_RUN_S = 90;                                     // a tool whose first run took longer runs once

// tools, in table order. kind: process (wall clock around the process) or browser (in-page clock)
const TOOLS = [
  { id: 'tierlens-native', label: 'tierlens native CLI', kind: 'process', smoke: true, ours: true },
  { id: 'tierlens-wasm-node', label: 'tierlens wasm CLI (node)', kind: 'process', smoke: true, ours: true },
  { id: 'tierlens-browser', label: 'tierlens browser (Chromium)', kind: 'browser', smoke: true, ours: true },
  { id: 'duckdb-native', label: 'DuckDB native, 2 threads', kind: 'process', smoke: false },
  { id: 'duckdb-wasm', label: 'DuckDB-WASM (Chromium)', kind: 'browser', smoke: false },
  { id: 'papaparse', label: 'PapaParse + JS Maps (Chromium)', kind: 'browser', smoke: false },
  { id: 'pandas', label: 'pandas read_csv + groupby', kind: 'process', smoke: false },
  { id: 'raw-scan', label: 'floor: raw native field scan', kind: 'process', smoke: true, floor: true },
  { id: 'drain', label: 'floor: File.stream() drain (Chromium)', kind: 'browser', smoke: true, floor: true },
  { id: 'drain-byob', label: 'floor: File.stream() BYOB drain', kind: 'browser', smoke: false, floor: true },
];
const wanted = (id) => (!opt.tools || opt.tools.includes(id)) && (!opt.smoke || TOOLS.find((t) => t.id === id).smoke);

// ---- small helpers -----------------------------------------------------------------------------
// cleanup on Ctrl+C / kill: our http.server, Chromium, temp dirs (each registered by its owner)
const cleanups = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    for (const f of cleanups) { try { f(); } catch { /* */ } }
    process.exit(130);
  });
}
const log = (...a) => console.log(...a);
const fmt = (n, d = 2) => (n === null || n === undefined || Number.isNaN(n) ? '—' : Number(n).toFixed(d));
const exists = (p) => { try { fs.accessSync(p); return true; } catch { return false; } };
function sh(cmd, args, o = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...o });
  if (r.error) throw r.error;
  return r;
}
function fileBytes(files) { return Object.values(files).reduce((a, f) => a + fs.statSync(f).size, 0); }
function headerSep(file) {  // separator of a CSV from its first line
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(4096);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const line = buf.subarray(0, n).toString('utf8').split('\n')[0];
  const counts = [',', '\t', ';'].map((c) => [c, line.split(c).length - 1]).sort((a, b) => b[1] - a[1]);
  return counts[0][0];
}
const sepCode = (c) => (c === '\t' ? 't' : c);

// ---- peak memory: /usr/bin/time -f %M when present, else /proc polling --------------------------
const HAVE_TIME = exists('/usr/bin/time');
function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] : 0;
  } catch { return 0; }
}
function procTable() {  // pid -> { ppid, cmd }
  const t = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = +stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      t.set(+d, { ppid, cmd: null });
    } catch { /* gone */ }
  }
  return t;
}
function descendants(root) {
  const t = procTable();
  const kids = new Map();
  for (const [pid, { ppid }] of t) { if (!kids.has(ppid)) kids.set(ppid, []); kids.get(ppid).push(pid); }
  const out = [];
  const stack = [root];
  while (stack.length) { const p = stack.pop(); for (const k of kids.get(p) || []) { out.push(k); stack.push(k); } }
  return out;
}
// processes of our Chromium: every one of them carries our fresh --user-data-dir (renderers are forked
// by a zygote that is not our descendant, so the process tree is not enough)
function chromiumProcs(profile) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    // child processes rewrite their title, so the arguments may be one space-separated string
    const args = cmdline(+d).join(' ').split(' ');
    if (args.includes(`--user-data-dir=${profile}`)) out.push({ pid: +d, args });
  }
  return out;
}
const CLK_TCK = (() => { try { return parseInt(sh('getconf', ['CLK_TCK']).stdout, 10) || 100; } catch { return 100; } })();
function cpuTicks(pids) {  // pid -> utime + stime (clock ticks)
  const m = new Map();
  for (const p of pids) {
    try {
      const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      m.set(p, +f[11] + +f[12]);
    } catch { /* gone */ }
  }
  return m;
}
function cmdline(pid) { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return []; } }

// Runs a command; returns { ms, peakKb, code, stdout, stderr }. The clock spans the whole process.
function runProcess(cmd, args, { timeoutS = opt.timeoutS, env } = {}) {
  return new Promise((resolve) => {
    const tfile = path.join(os.tmpdir(), `tlbench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const full = HAVE_TIME ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', tfile, cmd, ...args]] : [cmd, args];
    const t0 = performance.now();
    const child = spawn(full[0], full[1], { cwd: ROOT, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => { for (const p of [...descendants(child.pid), child.pid]) { try { process.kill(p, 'SIGKILL'); } catch { /* */ } } };
    cleanups.add(kill);
    let stdout = '', stderr = '', peakKb = 0, cpuMs = null;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const poll = HAVE_TIME ? null : setInterval(() => { const k = rssKb(child.pid); if (k > peakKb) peakKb = k; }, 20);
    const killer = setTimeout(() => { try { child.kill('SIGKILL'); } catch { /* */ } }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      cleanups.delete(kill);
      clearTimeout(killer);
      if (poll) clearInterval(poll);
      if (HAVE_TIME) {
        try {
          const [m, u, sy] = fs.readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ');
          peakKb = parseInt(m, 10) || 0;
          cpuMs = (parseFloat(u) + parseFloat(sy)) * 1000;
        } catch { /* */ }
        fs.rmSync(tfile, { force: true });
      }
      resolve({ ms, peakKb, cpuMs, code: signal ? `signal ${signal}` : code, stdout, stderr });
    });
  });
}

// ---- metrics from a tierlens report ------------------------------------------------------------
function reportMetrics(report) {
  const m = {};
  for (const p of report.providers || []) m[p.id] = { paid_orders: p.metrics.paid_orders, active_merchants: p.metrics.active_merchants, qualified_merchants: p.metrics.qualified_merchants };
  return m;
}
const ZERO = { paid_orders: 0, active_merchants: 0, qualified_merchants: 0 };
function compareMetrics(ref, got) {
  const diffs = [];
  const keys = new Set([...Object.keys(ref), ...Object.keys(got)]);
  for (const k of [...keys].sort()) {
    const a = ref[k] || ZERO, b = got[k] || ZERO;
    for (const f of Object.keys(ZERO)) if (a[f] !== b[f]) diffs.push(`${k || '(one provider)'}.${f}: tierlens ${a[f]}, tool ${b[f]}`);
  }
  return diffs;
}

// ---- builds ------------------------------------------------------------------------------------
function ensureNative() {
  if (exists(NATIVE)) return;
  log('[bench] build-native/tierlens missing: building it (cmake, Release)');
  let r = sh('cmake', ['-S', ROOT, '-B', path.join(ROOT, 'build-native'), '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'inherit' });
  if (r.status === 0) r = sh('cmake', ['--build', path.join(ROOT, 'build-native'), '-j', String(os.cpus().length), '--target', 'tierlens'], { stdio: 'inherit' });
  if (r.status !== 0 || !exists(NATIVE)) die('could not build build-native/tierlens; run scripts/test.sh or cmake yourself', 1);
}
function ensureRawScan() {
  const bin = path.join(DATA, 'bin', 'raw_scan');
  const src = path.join(BENCH, 'raw_scan.cpp');
  if (exists(bin) && fs.statSync(bin).mtimeMs >= fs.statSync(src).mtimeMs) return bin;
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const r = sh('g++', ['-O2', '-o', bin, src]);
  if (r.status !== 0) throw new Error('g++ raw_scan.cpp failed: ' + r.stderr);
  return bin;
}

// ---- data sets (cached in bench-data/, keyed by the generator's output) --------------------------
const fingerprints = new Map();
function generatorFingerprint(size) {
  // a 3000-row sample with the same options: changes when the generator's output changes
  const key = `${size.merchants}/${size.providers}`;
  if (fingerprints.has(key)) return fingerprints.get(key);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlbench-fp-'));
  const r = sh(NATIVE, ['sample', '--out', dir, '--rows', '3000', '--merchants', String(size.merchants), '--providers', String(size.providers)]);
  if (r.status !== 0) die(`tierlens sample failed: ${r.stderr}`, 1);
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  fs.rmSync(dir, { recursive: true, force: true });
  const fp = h.digest('hex').slice(0, 16);
  fingerprints.set(key, fp);
  return fp;
}
function dataset(size) {
  const dir = path.join(DATA, `${size.label}-${size.rows}`);
  const files = { orders: path.join(dir, 'orders.csv'), bindings: path.join(dir, 'bindings.csv'), standards: path.join(dir, 'standards.csv') };
  const stampFile = path.join(dir, 'stamp.json');
  const want = { rows: size.rows, merchants: size.merchants, providers: size.providers, generator: generatorFingerprint(size) };
  let stamp = null;
  try { stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')); } catch { /* none */ }
  if (!stamp || JSON.stringify(stamp) !== JSON.stringify(want) || !Object.values(files).every(exists)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const est = size.rows * 160;
    const free = (() => { try { const s = fs.statfsSync(ROOT); return s.bavail * s.bsize; } catch { return Infinity; } })();
    if (est * 1.2 > free) die(`not enough disk for ${size.label}: ~${fmt(est / 1e9, 1)} GB needed, ${fmt(free / 1e9, 1)} GB free`, 1);
    log(`[bench] generating ${size.label}: ${size.rows} order rows, ${size.merchants} merchants, ${size.providers} providers -> ${path.relative(ROOT, dir)}/`);
    const t0 = performance.now();
    const r = sh(NATIVE, ['sample', '--out', dir, '--rows', String(size.rows), '--merchants', String(size.merchants), '--providers', String(size.providers)]);
    if (r.status !== 0) die(`tierlens sample failed: ${r.stderr}`, 1);
    fs.writeFileSync(stampFile, JSON.stringify(want));
    log(`[bench]   ${fmt(fileBytes(files) / MB, 1)} MB in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  }
  const seps = { orders: headerSep(files.orders), bindings: headerSep(files.bindings), standards: headerSep(files.standards) };
  return { size, dir, files, bytes: fileBytes(files), ordersBytes: fs.statSync(files.orders).size, seps };
}

// ---- process tools -----------------------------------------------------------------------------
const skipped = {};  // tool id -> reason
async function processTool(id, ds, tmp) {
  const f = ds.files;
  const out = path.join(tmp, `${id}.json`);
  const evalArgs = ['evaluate', '--lang', 'en', '--orders', f.orders, '--bindings', f.bindings, '--standards', f.standards, '--format', 'json', '--out', out];
  const seps = sepCode(ds.seps.orders) + sepCode(ds.seps.bindings) + sepCode(ds.seps.standards);
  let cmd, args, parse;
  switch (id) {
    case 'tierlens-native':
      cmd = NATIVE; args = evalArgs;
      parse = () => { const text = fs.readFileSync(out, 'utf8'); return { metrics: reportMetrics(JSON.parse(text)), report: text }; };
      break;
    case 'tierlens-wasm-node':
      cmd = process.execPath; args = [WASM_CLI, ...evalArgs];
      parse = () => { const text = fs.readFileSync(out, 'utf8'); return { metrics: reportMetrics(JSON.parse(text)), report: text }; };
      break;
    case 'duckdb-native':
      cmd = process.execPath; args = [path.join(BENCH, 'peers', 'duckdb_native.mjs'), f.orders, f.bindings, f.standards, '2', seps];
      parse = (r) => JSON.parse(r.stdout.trim().split('\n').pop());
      break;
    case 'pandas':
      cmd = PY; args = [path.join(BENCH, 'peers', 'pandas_peer.py'), f.orders, f.bindings, f.standards, seps];
      parse = (r) => JSON.parse(r.stdout.trim().split('\n').pop());
      break;
    case 'raw-scan':
      cmd = ensureRawScan(); args = [f.orders, f.bindings, f.standards];
      parse = (r) => ({ scan: JSON.parse(r.stdout.trim()) });
      break;
    default: throw new Error(id);
  }
  fs.rmSync(out, { force: true });
  const r = await runProcess(cmd, args);
  if (r.code !== 0) return { error: `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`, ms: r.ms, peakKb: r.peakKb };
  try {
    const parsed = parse(r);   // a peer's own timing (parsed.ms) is kept as innerMs; the wall clock is ours
    return { ...parsed, innerMs: parsed.ms, ms: r.ms, peakKb: r.peakKb, cpuMs: r.cpuMs };
  } catch (e) {
    return { error: `unreadable output: ${e.message}`, ms: r.ms, peakKb: r.peakKb };
  }
}
function processAvailable(id) {
  switch (id) {
    case 'tierlens-native': return exists(NATIVE) ? null : 'build-native/tierlens missing';
    case 'tierlens-wasm-node': return exists(WASM_CLI) ? null : 'build-wasm/tierlens.js missing (build the wasm CLI: see scripts/test.sh step 3)';
    case 'duckdb-native': return exists(path.join(BENCH, 'node_modules', '@duckdb', 'node-api')) ? null : '@duckdb/node-api not installed (bench/install.sh)';
    case 'pandas': return sh(PY, ['-c', 'import pandas']).status === 0 ? null : 'python3-pandas not installed (bench/install.sh)';
    case 'raw-scan': return sh('g++', ['--version']).status === 0 ? null : 'g++ missing';
    default: return null;
  }
}

// ---- browser tools -----------------------------------------------------------------------------
async function freePort() {
  return new Promise((res, rej) => { const s = net.createServer(); s.on('error', rej); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
}
async function startServer() {
  // the served root holds only symlinks: /bench -> bench/, /dist -> the browser app
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tlbench-www-'));
  fs.symlinkSync(BENCH, path.join(root, 'bench'));
  if (exists(DIST)) fs.symlinkSync(DIST, path.join(root, 'dist'));
  for (let attempt = 0; attempt < 5; ++attempt) {
    const port = await freePort();
    const child = spawn(PY, ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', root], { stdio: ['ignore', 'ignore', 'ignore'] });
    const expect = fs.readFileSync(path.join(BENCH, 'pages', 'peer.html'), 'utf8');
    for (let i = 0; i < 50; ++i) {
      await new Promise((r) => setTimeout(r, 100));
      if (child.exitCode !== null) break;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/bench/pages/peer.html`);
        if (res.ok && (await res.text()) === expect) {  // really ours
          cleanups.add(() => { child.kill(); fs.rmSync(root, { recursive: true, force: true }); });
          return { port, child, root, url: `http://127.0.0.1:${port}` };
        }
      } catch { /* not up yet */ }
    }
    try { child.kill(); } catch { /* */ }
  }
  fs.rmSync(root, { recursive: true, force: true });
  throw new Error('could not start python3 http.server on a free 127.0.0.1 port');
}

class Browser {
  async start() {
    let chromium;
    try { ({ chromium } = await import('playwright-core')); } catch { throw new Error('playwright-core not installed (npm install at the repository root)'); }
    if (!exists('/usr/bin/chromium')) throw new Error('/usr/bin/chromium missing (apt-get install chromium)');
    this.server = await startServer();
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tlbench-pw-'));
    cleanups.add(() => {  // Chromium: kill our own descendants by pid, then the profile
      for (const c of chromiumProcs(this.profile)) { try { process.kill(c.pid, 'SIGKILL'); } catch { /* */ } }
      fs.rmSync(this.profile, { recursive: true, force: true });
    });
    this.ctx = await chromium.launchPersistentContext(this.profile, {
      executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
    this.version = sh('/usr/bin/chromium', ['--version']).stdout.trim().split('\n').pop();
  }
  // peak RSS of Chromium renderer processes (children of our node process) while fn runs
  async measure(fn) {
    let peakKb = 0, renderers = [], lastScan = 0;
    const tick = () => {
      const now = performance.now();
      if (now - lastScan > 1000) {
        lastScan = now;
        renderers = chromiumProcs(this.profile).filter((c) => c.args.includes('--type=renderer')).map((c) => c.pid);
      }
      for (const p of renderers) { const k = rssKb(p); if (k > peakKb) peakKb = k; }
    };
    const cpu0 = cpuTicks(chromiumProcs(this.profile).map((c) => c.pid));
    tick();
    const timer = setInterval(tick, 100);
    try {
      const r = await fn();
      tick();
      const cpu1 = cpuTicks(chromiumProcs(this.profile).map((c) => c.pid));
      let ticks = 0;
      for (const [pid, t] of cpu1) ticks += t - (cpu0.get(pid) || 0);
      return { ...r, peakKb, cpuMs: ticks * 1000 / CLK_TCK };
    } finally { clearInterval(timer); }
  }
  async stop() {
    try { await this.ctx?.close(); } catch { /* */ }
    try { this.server?.child.kill(); } catch { /* */ }
    if (this.server?.root) fs.rmSync(this.server.root, { recursive: true, force: true });
    if (this.profile) fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

async function waitFor(page, fn, timeoutS, arg = null) {
  await page.waitForFunction(fn, arg, { timeout: timeoutS * 1000, polling: 100 });
}

// One peer page run: load peer.html?tool=…, wait until ready, give the files, wait for the result.
async function peerRun(br, tool, ds) {
  const page = await br.ctx.newPage();
  try {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${br.server.url}/bench/pages/peer.html?tool=${tool}`);
    await waitFor(page, () => window.benchReady || window.benchError, READY_S);
    const err0 = await page.evaluate(() => window.benchError);
    if (err0) return { error: err0 };
    await page.evaluate((d) => { window.benchDelims = d; }, ds.seps);
    const r = await br.measure(async () => {
      await page.setInputFiles('#file', [ds.files.orders, ds.files.bindings, ds.files.standards]);
      await waitFor(page, () => window.benchResult || window.benchError, opt.timeoutS);
      return page.evaluate(() => ({ result: window.benchResult, error: window.benchError }));
    });
    if (r.error) return { error: r.error };
    const res = r.result;
    return { ms: res.ms, startupMs: res.startup_ms, peakKb: r.peakKb, cpuMs: r.cpuMs, metrics: res.metrics, extra: { bytes: res.bytes, rows: res.rows } };
  } finally {
    await page.close();
  }
}

// ---- tierlens in the browser (dist/, window.tierlens from web/host.js) ---------------------------
// Navigates to dist/index.html, waits for window.tierlens.ready (first frame drawn), gives the three
// files through the app's real <input type=file id=file>, and measures in the page from the input's
// change event until the engine has evaluated (Module._tl_eval_count() grew, reading finished) and
// the next frame was drawn (the dashboard). Meanwhile it records frame gaps (responsiveness).
// Then: re-evaluation times (window change, rule change), wasm heap size, the report JSON.
async function tierlensBrowserRun(br, ds, firstVisit) {
  const page = await br.ctx.newPage();
  const responses = [];
  try {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => responses.push(r.url()));
    await page.goto(`${br.server.url}/dist/index.html`);
    await waitFor(page, () => window.tierlens && window.tierlens.timing && window.tierlens.timing.firstFrame > 0, READY_S);
    const firstFrameMs = await page.evaluate(() => window.tierlens.timing.firstFrame);  // since navigation start
    const r = await br.measure(async () => {
      await page.evaluate(() => {
        const stats = () => JSON.parse(window.Module.UTF8ToString(window.Module._tl_frame_stats()));
        const b = window.__bench = { t0: 0, frames: [], drawn: [], n0: window.Module._tl_eval_count(), done: null, stats0: null };
        const inp = document.getElementById('file');
        inp.addEventListener('change', () => { b.t0 = performance.now(); b.stats0 = stats(); }, { capture: true, once: true });
        const busy = () => window.tierlens.files().some((f) => f.state === 'reading');
        let lastDrawn = -1;
        const tick = (ts) => {
          if (b.t0) {
            b.frames.push(performance.now());           // main-thread turns (rAF): how soon input is handled
            const st = stats();                         // frames the app drew (progress shown)
            if (st.drawn !== lastDrawn) { if (lastDrawn >= 0) b.drawn.push(st.shown_at); lastDrawn = st.drawn; }
          }
          if (b.t0 && !b.done && window.Module._tl_eval_count() > b.n0 && !busy()) {
            b.evaluated = performance.now();
            // the dashboard is shown by the frame after the evaluation
            requestAnimationFrame(() => { b.done = performance.now(); });
            return;
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.setInputFiles('#file', [ds.files.orders, ds.files.bindings, ds.files.standards]);
      await waitFor(page, () => window.__bench.done, opt.timeoutS);
      return page.evaluate(() => {
        const b = window.__bench;
        const maxGap = (t) => { let g = 0; for (let i = 1; i < t.length; ++i) g = Math.max(g, t[i] - t[i - 1]); return g; };
        const st = JSON.parse(window.Module.UTF8ToString(window.Module._tl_frame_stats()));
        const drawn = [b.t0, ...b.drawn.filter((t) => t > b.t0 && t <= b.done)];
        return { ms: b.done - b.t0, evalMs: window.Module._tl_last_eval_ms(), frames: b.frames.length, maxFrameGapMs: maxGap(b.frames),
                 read: window.tierlens.timing.read,
                 drawnFrames: st.drawn - b.stats0.drawn, drawnMs: st.busy_ms - b.stats0.busy_ms, maxDrawnGapMs: maxGap(drawn),
                 heap: window.Module.HEAPU8.length, files: window.tierlens.files() };
      });
    });
    const failed = r.files.filter((f) => f.state !== 'done');
    if (failed.length) return { error: 'files not read: ' + JSON.stringify(failed) };
    const report = await page.evaluate(() => window.tierlens.report('en'));
    // re-evaluation: the same data, another window / another rule (no re-reading), the way the window
    // picker and the rules editor do it; timed until the app has drawn the frame showing the new result
    // (tierlens.setWindow / applyRules resolve with that time, taken at the end of that frame).
    const reeval = await page.evaluate(async () => {
      const T = window.tierlens;
      const rep = JSON.parse(T.report());
      const months = rep.window.data_months;
      const out = {};
      await T.frames(5);   // the page settled: the app idles (as between a user's clicks)
      const time = async (name, fn) => {
        await new Promise((res) => setTimeout(res, 200));
        const r = await fn();
        out[name] = { ms: r.ms, evalMs: r.evalMs, engineMs: r.engineMs, frameMs: r.frameMs };
      };
      if (months.length >= 2) await time('window', () => T.setWindow(months[0] + '..' + months[Math.min(months.length - 1, 2)]));
      await time('window_default', () => T.setWindow(''));
      const rules = JSON.parse(T.getRules());
      const orig = JSON.stringify(rules);
      rules.qualified_compare = rules.qualified_compare === '>' ? '>=' : '>';
      await time('rules', () => T.applyRules(JSON.stringify(rules)));
      await T.applyRules(orig);
      // cost of one UI frame with the data loaded (headless Chromium renders WebGL on the CPU: SwiftShader)
      const f0 = performance.now();
      await T.frames(10);
      out.frame = { ms: (performance.now() - f0) / 10 };
      return out;
    });
    const frameMs = reeval.frame.ms;
    delete reeval.frame;
    const reevalMs = Math.max(...Object.values(reeval).map((x) => x.ms));
    const out = { ms: r.ms, peakKb: r.peakKb, cpuMs: r.cpuMs, heapBytes: r.heap, report, firstFrameMs, evalMs: r.evalMs, frames: r.frames,
                  maxFrameGapMs: r.maxFrameGapMs, drawnFrames: r.drawnFrames, drawnMs: r.drawnMs, maxDrawnGapMs: r.maxDrawnGapMs, read: r.read,
                  frameMs, reeval, reevalMs, pageErrors: errors.slice(0, 5) };
    out.metrics = reportMetrics(JSON.parse(report));
    if (firstVisit) out.download = gzipSizes(responses, br.server);
    return out;
  } finally {
    await page.close();
  }
}
function gzipSizes(urls, server) {
  let raw = 0, gz = 0;
  const files = [];
  for (const u of new Set(urls)) {
    if (!u.startsWith(server.url)) continue;
    const p = path.join(server.root, decodeURIComponent(new URL(u).pathname));
    if (!exists(p) || fs.statSync(p).isDirectory()) continue;
    const b = fs.readFileSync(p);
    const g = zlib.gzipSync(b, { level: 9 }).length;
    raw += b.length; gz += g;
    files.push({ file: path.relative(server.root, p), bytes: b.length, gzip: g });
  }
  return { raw, gzip: gz, files };
}

// ---- main ----------------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  log(`tierlens benchmark — ${opt.smoke ? 'SMOKE (tiny data, no timing bars)' : 'sizes ' + sizeNames.join(',')}, best of ${RUNS} run(s) per tool`);
  if (!opt.smoke && opt.install) {
    const r = sh('bash', [path.join(BENCH, 'install.sh')], { stdio: 'inherit' });
    if (r.status !== 0) log('[bench] bench/install.sh failed: peers that need it are skipped');
  }
  ensureNative();
  const machine = {
    cpu: (os.cpus()[0] || {}).model, cores: os.cpus().length, memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: os.release(), node: process.version, load: os.loadavg().map((x) => +x.toFixed(2)),
    commit: (() => { try { return sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).stdout.trim(); } catch { return null; } })(),
    dirty: (() => { try { return sh('git', ['-C', ROOT, 'status', '--short', '--', 'src', 'web', 'shell', 'CMakeLists.txt']).stdout.trim().split('\n').filter(Boolean).length; } catch { return null; } })(),
    builds: { native: NATIVE, wasmCli: WASM_CLI, dist: DIST },
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, load ${machine.load.join(' ')}; tree ${machine.commit}${machine.dirty ? ` + ${machine.dirty} changed engine/web file(s)` : ''}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlbench-'));
  cleanups.add(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const results = { started: started.toISOString(), machine, runs: RUNS, smoke: opt.smoke, sizes: {} };
  let disagreements = 0, failures = 0;
  let br = null;
  const browserWanted = opt.browser && TOOLS.some((t) => t.kind === 'browser' && wanted(t.id));
  try {
    if (browserWanted) {
      try { br = new Browser(); await br.start(); } catch (e) { br = null; skipped.browser = e.message; log(`[bench] browser tools skipped: ${e.message}`); }
    }
    for (const sname of sizeNames) {
      const ds = dataset(SIZES[sname]);
      log(`\n== ${sname}: ${SIZES[sname].rows.toLocaleString('en')} order rows, ${fmt(ds.bytes / MB, 1)} MB (${path.relative(ROOT, ds.dir)}/)`);
      const res = {};
      for (const t of TOOLS) {
        if (!wanted(t.id)) continue;
        let reason = null;
        if (t.kind === 'process') reason = processAvailable(t.id);
        else if (!br) reason = skipped.browser || 'browser disabled (--no-browser)';
        else if (t.id === 'tierlens-browser' && !exists(path.join(DIST, 'index.html'))) reason = 'dist/index.html missing (browser app not built: ./build-wasm.sh)';
        else if (t.id === 'duckdb-wasm' && !exists(path.join(BENCH, 'node_modules', '@duckdb', 'duckdb-wasm'))) reason = '@duckdb/duckdb-wasm not installed (bench/install.sh)';
        else if (t.id === 'papaparse' && !exists(path.join(BENCH, 'node_modules', 'papaparse'))) reason = 'papaparse not installed (bench/install.sh)';
        if (reason) { res[t.id] = { skipped: reason }; log(`  ${t.label.padEnd(40)} SKIPPED: ${reason}`); continue; }
        const runs = [];
        for (let i = 0; i < RUNS; ++i) {
          let r;
          try {
            if (t.kind === 'process') r = await processTool(t.id, ds, tmp);
            else if (t.id === 'tierlens-browser') r = await tierlensBrowserRun(br, ds, i === 0 && sname === sizeNames[0]);
            else r = await peerRun(br, t.id, ds);
          } catch (e) { r = { error: String(e && e.message || e) }; }
          runs.push(r);
          log(`  ${t.label.padEnd(40)} run ${i + 1}: ${r.error ? 'ERROR ' + r.error : fmt(r.ms / 1000, 3) + ' s (cpu ' + fmt(r.cpuMs / 1000, 2) + ' s), peak ' + fmt(r.peakKb / 1024, 0) + ' MB'}`);
          if (r.error) break;
          if (r.ms > LONG_RUN_S * 1000 && i + 1 < RUNS) { log(`  ${''.padEnd(40)} (one run only: over ${LONG_RUN_S} s)`); break; }
        }
        const ok = runs.filter((r) => !r.error);
        if (!ok.length) { res[t.id] = { error: runs[0].error }; ++failures; continue; }
        const best = ok.reduce((a, b) => (b.ms < a.ms ? b : a));
        res[t.id] = { ...best, runsMs: ok.map((r) => r.ms), peakKb: Math.max(...ok.map((r) => r.peakKb || 0)) };
        if (best.download === undefined) { const d = ok.find((r) => r.download); if (d) res[t.id].download = d.download; }
        if (t.id === 'tierlens-browser') {  // re-evaluation and first frame: best of the runs too
          res[t.id].reevalMs = Math.min(...ok.map((r) => r.reevalMs));
          const fv = ok.find((r) => r.download);  // the first visit (empty cache) is what the bar is about
          res[t.id].firstFrameMs = fv ? fv.firstFrameMs : Math.min(...ok.map((r) => r.firstFrameMs));
          res[t.id].heapBytes = Math.max(...ok.map((r) => r.heapBytes || 0));
        }
      }
      // ---- agreement: every tool's metrics against tierlens native --------------------------
      const ref = res['tierlens-native'] && res['tierlens-native'].metrics;
      for (const t of TOOLS) {
        const r = res[t.id];
        if (!r || r.skipped || r.error || t.floor) continue;
        if (!ref) { r.agree = null; continue; }
        const diffs = compareMetrics(ref, r.metrics || {});
        r.agree = diffs.length === 0;
        r.diffs = diffs.slice(0, 20);
        if (diffs.length && t.id !== 'tierlens-native') {
          ++disagreements;
          log(`\n!!!!!!!! MISMATCH: ${t.label} disagrees with tierlens native on ${diffs.length} value(s) (${sname}):`);
          for (const d of diffs.slice(0, 10)) log(`!!!!!!!!   ${d}`);
        }
      }
      const wn = res['tierlens-wasm-node'];
      if (wn && wn.report && res['tierlens-native']?.report) wn.reportIdentical = wn.report === res['tierlens-native'].report;
      const tb = res['tierlens-browser'];
      if (tb && tb.report && res['tierlens-native']?.report) tb.reportIdentical = tb.report === res['tierlens-native'].report;
      const raw = res['raw-scan'];
      if (raw && raw.scan && ref) {
        const lines = raw.scan.rows;
        res.meta = { lines };
      }
      printTable(sname, ds, res);
      results.sizes[sname] = { rows: SIZES[sname].rows, merchants: SIZES[sname].merchants, providers: SIZES[sname].providers, bytes: ds.bytes, ordersBytes: ds.ordersBytes, tools: stripForJson(res) };
    }
  } finally {
    if (br) await br.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  if (!opt.smoke) results.bars = printBars(results);
  results.skipped = skipped;
  results.disagreements = disagreements;
  results.failures = failures;
  if (!opt.smoke) {
    fs.mkdirSync(RESULTS, { recursive: true });
    const f = path.join(RESULTS, started.toISOString().replace(/[:.]/g, '-') + '.json');
    fs.writeFileSync(f, JSON.stringify(results, null, 2) + '\n');
    log(`\nresults: ${path.relative(ROOT, f)}`);
  }
  if (disagreements) log(`\n!!!!!!!! ${disagreements} tool(s) DISAGREE with tierlens — their times do not count`);
  if (opt.smoke) {
    const ran = Object.values(results.sizes).flatMap((s) => Object.values(s.tools)).filter((r) => !r.skipped).length;
    log(`\nbench smoke: ${disagreements || failures ? 'FAILED' : 'ok'} (${ran} tool run(s), ${disagreements} disagreement(s), ${failures} failure(s))`);
    process.exit(disagreements || failures ? 1 : 0);
  }
  process.exit(disagreements ? 1 : 0);
}

function stripForJson(res) {
  const out = {};
  for (const [k, v] of Object.entries(res)) { if (!v || typeof v !== 'object') continue; const { report, ...rest } = v; out[k] = rest; }
  return out;
}

// ---- output --------------------------------------------------------------------------------------
function printTable(sname, ds, res) {
  const rows = SIZES[sname].rows;
  const head = ['tool', 'check', 'wall s', 'cpu s', 'MB/s', 'M rows/s', 'peak MB', 'wasm heap MB', '× raw scan', '× drain'];
  const lines = [head];
  const raw = res['raw-scan'] && res['raw-scan'].ms, drain = res.drain && res.drain.ms;
  for (const t of TOOLS) {
    const r = res[t.id];
    if (!r) continue;
    if (r.skipped) { lines.push([t.label, 'skipped', '—', '—', '—', '—', '—', '—', '—', '—']); continue; }
    if (r.error) { lines.push([t.label, 'ERROR', '—', '—', '—', '—', '—', '—', '—', '—']); continue; }
    const check = t.floor ? 'floor' : r.agree === true ? 'agrees' : r.agree === false ? 'DISAGREES' : 'unchecked';
    const s = r.ms / 1000;
    lines.push([t.label, check, fmt(s, 3), r.cpuMs == null ? '—' : fmt(r.cpuMs / 1000, 2), fmt(ds.bytes / MB / s, 0), fmt(rows / 1e6 / s, 2), fmt(r.peakKb / 1024, 0),
      r.heapBytes ? fmt(r.heapBytes / MB, 0) : '—', raw ? fmt(r.ms / raw, 2) : '—', drain ? fmt(r.ms / drain, 2) : '—']);
  }
  const w = head.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  log(`\n${sname}: ${rows.toLocaleString('en')} rows, ${fmt(ds.bytes / MB, 1)} MB — wall = best of ${RUNS}; process tools: whole process (start-up included); browser tools: in page from the file input's change event; cpu = user+sys of that run (processes: the process tree; browser: all our Chromium processes incl. the SwiftShader GPU process); peak = max RSS (browser: renderer process)`);
  for (const [i, l] of lines.entries()) {
    log('  ' + l.map((c, j) => (j === 0 || j === 1 ? String(c).padEnd(w[j]) : String(c).padStart(w[j]))).join('  '));
    if (i === 0) log('  ' + w.map((n) => '-'.repeat(n)).join('  '));
  }
  // ratios of each tierlens build to each peer
  const peers = TOOLS.filter((t) => !t.ours && res[t.id] && res[t.id].ms && !res[t.id].error);
  for (const o of TOOLS.filter((t) => t.ours && res[t.id] && res[t.id].ms)) {
    const parts = peers.map((p) => {
      const x = res[p.id].ms / res[o.id].ms;
      const dis = res[p.id].agree === false ? ' (peer DISAGREES)' : '';
      return p.floor ? `${fmt(1 / x, 2)}× the ${p.id} time${dis}` : `${fmt(x, 1)}× faster than ${p.id}${dis}`;
    });
    if (parts.length) log(`  ${o.id}: ${parts.join(', ')}`);
  }
  const wn = res['tierlens-wasm-node'], tb = res['tierlens-browser'];
  if (wn && wn.reportIdentical !== undefined) log(`  wasm CLI report JSON byte-identical to native: ${wn.reportIdentical ? 'yes' : 'NO'}`);
  if (tb && tb.reportIdentical !== undefined) log(`  browser report JSON byte-identical to native: ${tb.reportIdentical ? 'yes' : 'NO'}`);
  if (tb && tb.ms) {
    const re = tb.reeval ? Object.entries(tb.reeval).map(([k, v]) => `${k} ${fmt(v.ms, 0)} ms (evaluation ${fmt(v.evalMs, 0)} of which engine ${fmt(v.engineMs, 0)}, frame ${fmt(v.frameMs, 0)})`).join(', ') : '—';
    log(`  tierlens browser: engine evaluate ${fmt(tb.evalMs, 0)} ms of the ${fmt(tb.ms, 0)} ms; while reading: ${tb.frames} main-thread turns (rAF), longest gap ${fmt(tb.maxFrameGapMs, 0)} ms; ` +
        `${tb.drawnFrames} frames drawn (${fmt(tb.drawnMs, 0)} ms main thread), longest gap between drawn frames ${fmt(tb.maxDrawnGapMs, 0)} ms; one idle frame ${fmt(tb.frameMs, 0)} ms`);
    const how = !tb.read ? '' : !tb.read.worker ? 'read on the main thread' : tb.read.cutInWorker ? 'chunks read and cut by a worker, taken on the main thread' : 'chunks read by a worker';
    if (tb.read) log(`  reading (${how}${tb.read.byob ? ', BYOB' : ''}): ${fmt(tb.read.ms, 0)} ms, of which the main thread's engine work ${fmt(tb.read.feedMs, 0)} ms ` +
                     `(${tb.read.chunks} chunks); ${tb.read.frames} progress frames, ~${fmt(tb.read.frameCostMs, 0)} ms each incl. compositing`);
    log(`  re-evaluation (until the frame showing the result is drawn; evaluation = Workspace::evaluate + the UI taking the result; frame = that frame's main-thread time): ${re}`);
  }
  const dd = res['duckdb-wasm'];
  if (dd && dd.startupMs) log(`  DuckDB-WASM start-up (page + worker + 34 MB wasm) ${fmt(dd.startupMs / 1000, 2)} s before it reads a byte`);
}

function printBars(results) {
  const bars = [];
  const big = results.sizes.L ? 'L' : Object.keys(results.sizes).pop();
  const small = results.sizes.S ? 'S' : null;
  const T = (s, id) => results.sizes[s] && results.sizes[s].tools[id];
  const ok = (r) => r && !r.skipped && !r.error && r.ms;
  const note = big === 'L' ? '' : ` [measured on ${big}; the bar is for L]`;
  const bar = (name, value, pass, detail) => { bars.push({ name, value, pass, detail }); };
  const nat = T(big, 'tierlens-native'), duck = T(big, 'duckdb-native'), raw = T(big, 'raw-scan');
  if (ok(nat) && ok(duck)) bar(`native ≥ 4× faster than DuckDB native${note}`, duck.ms / nat.ms, duck.ms / nat.ms >= 4, `${fmt(duck.ms / nat.ms, 2)}× (${fmt(nat.ms / 1000, 2)} s vs ${fmt(duck.ms / 1000, 2)} s)${duck.agree === false ? ' — DuckDB DISAGREES' : ''}`);
  else bar(`native ≥ 4× faster than DuckDB native${note}`, null, null, 'not measured');
  if (ok(nat) && ok(raw)) bar(`native within 2× of the raw field scan${note}`, nat.ms / raw.ms, nat.ms / raw.ms <= 2, `${fmt(nat.ms / raw.ms, 2)}× the raw scan time`);
  else bar(`native within 2× of the raw field scan${note}`, null, null, 'not measured');
  if (ok(nat)) bar(`native peak RSS ≤ 400 MB${note}`, nat.peakKb / 1024, nat.peakKb / 1024 <= 400, `${fmt(nat.peakKb / 1024, 0)} MB`);
  const tb = T(big, 'tierlens-browser'), drain = T(big, 'drain'), dw = T(big, 'duckdb-wasm');
  if (ok(tb) && ok(drain)) bar(`browser within 1.3× of File.stream() drain${note}`, tb.ms / drain.ms, tb.ms / drain.ms <= 1.3, `${fmt(tb.ms / drain.ms, 2)}× the drain time`);
  else bar(`browser within 1.3× of File.stream() drain${note}`, null, null, 'not measured' + (tb && tb.skipped ? ': ' + tb.skipped : ''));
  if (ok(tb) && ok(dw)) bar(`browser ≥ 2× faster than DuckDB-WASM${note}`, dw.ms / tb.ms, dw.ms / tb.ms >= 2, `${fmt(dw.ms / tb.ms, 2)}× (in page, start-up excluded)${dw.agree === false ? ' — DuckDB-WASM DISAGREES' : ''}`);
  else bar(`browser ≥ 2× faster than DuckDB-WASM${note}`, null, null, 'not measured');
  if (ok(tb) && tb.heapBytes) bar(`browser wasm heap ≤ 512 MB${note}`, tb.heapBytes / MB, tb.heapBytes / MB <= 512, `${fmt(tb.heapBytes / MB, 0)} MB (renderer RSS ${fmt(tb.peakKb / 1024, 0)} MB)`);
  else bar(`browser wasm heap ≤ 512 MB${note}`, null, null, 'not measured');
  const stb = small && T(small, 'tierlens-browser'), sdw = small && T(small, 'duckdb-wasm');
  if (ok(stb) && ok(sdw)) {
    const x = (sdw.ms + (sdw.startupMs || 0)) / stb.ms;
    bar('S: file chosen → dashboard ≥ 5× faster than DuckDB-WASM incl. its start-up', x, x >= 5, `${fmt(x, 2)}× (tierlens ${fmt(stb.ms / 1000, 2)} s; DuckDB-WASM ${fmt(sdw.startupMs / 1000, 2)} s start-up + ${fmt(sdw.ms / 1000, 2)} s)`);
  } else bar('S: file chosen → dashboard ≥ 5× faster than DuckDB-WASM incl. its start-up', null, null, 'not measured');
  const re = ok(tb) && tb.reevalMs;
  bar(`re-evaluation ≤ 50 ms${note}`, re || null, re ? re <= 50 : null, re ? `${fmt(re, 1)} ms` : 'not measured');
  const first = Object.values(results.sizes).map((s) => s.tools['tierlens-browser']).find((r) => r && r.download);
  if (first) bar('page download ≤ 2.5 MB gzip', first.download.gzip / MB, first.download.gzip / MB <= 2.5, `${fmt(first.download.gzip / MB, 2)} MB gzip (${fmt(first.download.raw / MB, 2)} MB raw)`);
  else bar('page download ≤ 2.5 MB gzip', null, null, 'not measured');
  const ff = Object.values(results.sizes).map((s) => s.tools['tierlens-browser']).find((r) => r && r.firstFrameMs);
  if (ff) bar('first frame ≤ 1.5 s', ff.firstFrameMs / 1000, ff.firstFrameMs <= 1500, `${fmt(ff.firstFrameMs / 1000, 2)} s`);
  else bar('first frame ≤ 1.5 s', null, null, 'not measured');
  log('\nbars (issue #4):');
  for (const b of bars) log(`  ${b.pass === null ? 'n/a ' : b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.detail}`);
  return bars;
}

main().catch((e) => { console.error(e); process.exit(1); });
