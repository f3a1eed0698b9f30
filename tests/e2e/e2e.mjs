// tierlens — browser end-to-end tests (node + playwright-core + Debian's Chromium, headless).
//
//   node tests/e2e/e2e.mjs --dist dist --cli build-native/tierlens --out test-artifacts [--keep]
//
// Serves dist/ with python3 http.server on a free 127.0.0.1 port (checked to serve our index.html),
// then: sample data → dashboard; CSVs written by the native CLI (UTF-8 and GBK) uploaded through the
// real <input type=file>; window.tierlens.report() compared byte for byte with `tierlens evaluate`;
// no request may leave 127.0.0.1; screenshots (zh/en × panels × dpr 1/2, plus dpr 1.5) must not be blank.
// Prints `e2e: N passed, M failed` and exits non-zero on any failure.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

// ---- arguments ------------------------------------------------------------------------------------
const args = { dist: 'dist', cli: 'build-native/tierlens', out: 'test-artifacts', keep: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--dist') args.dist = process.argv[++i];
  else if (a === '--cli') args.cli = process.argv[++i];
  else if (a === '--out') args.out = process.argv[++i];
  else if (a === '--keep') args.keep = true;
  else { console.error(`e2e: unknown argument ${a}`); process.exit(2); }
}
const DIST = path.resolve(args.dist), CLI = path.resolve(args.cli), OUT = path.resolve(args.out);
const SHOTS = path.join(OUT, 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

let passed = 0, failed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`  ok   ${name}`); }
  else { failed++; failures.push(name); console.log(`  FAIL ${name}${detail ? ' — ' + detail : ''}`); }
  return ok;
}
async function step(name, fn) {
  try { return await fn(); } catch (e) { check(name, false, (e && e.stack) || String(e)); return undefined; }
}

// ---- static server ----------------------------------------------------------------------------------
function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}
async function startServer() {
  const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', DIST],
                       { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const base = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (proc.exitCode !== null) break;
      try {
        const r = await fetch(base + 'index.html');
        const body = await r.text();
        if (r.ok && body === index) return { proc, base, port };
        break;   // someone else's server: try another port
      } catch (e) { /* not up yet */ }
    }
    proc.kill();
    if (attempt === 4) throw new Error('could not start http.server: ' + stderr);
  }
  throw new Error('could not start http.server');
}

// ---- PNG non-blank check (variance of luminance, computed in the page) -----------------------------------
async function imageStats(page, file) {
  const b64 = fs.readFileSync(file).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0, sum = 0, sum2 = 0;
    for (let i = 0; i < d.length; i += 16) {
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += y; sum2 += y * y; n++;
    }
    const mean = sum / n;
    return { width: img.width, height: img.height, variance: sum2 / n - mean * mean };
  }, b64);
}

// ---- browser -------------------------------------------------------------------------------------------
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'];
const profiles = [];
async function launch(dpr, viewport = { width: 1280, height: 860 }) {
  // one browser at a time: an idle page still draws (software GL), and CI has 2 cores
  for (const c of contexts.splice(0)) { try { await c.close(); } catch (e) { /* ignore */ } }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-'));
  profiles.push(dir);
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport, deviceScaleFactor: dpr, args: LAUNCH_ARGS,
    acceptDownloads: true,
  });
  return ctx;
}

function watchPage(page, base, label) {
  const outside = [], errors = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(base) || u.startsWith('data:') || u.startsWith('blob:'))) outside.push(u);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/GL Driver Message|GPU stall/.test(m.text())) errors.push(m.text());
  });
  return { outside, errors, label };
}

async function openApp(ctx, base, query = '') {
  const page = ctx.pages()[0] || await ctx.newPage();
  const w = watchPage(page, base);
  const t0 = Date.now();
  await page.goto(base + query, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
  const firstFrame = await page.evaluate(() => window.tierlens.timing.firstFrame);
  return { page, watch: w, firstFrame, wall: Date.now() - t0 };
}

async function shot(page, name) {
  await page.evaluate(() => window.tierlens.frames(4));
  const file = path.join(SHOTS, name + '.png');
  await page.locator('#canvas').screenshot({ path: file });
  const st = await imageStats(page, file);
  check(`screenshot ${name} is not blank`, st.variance > 50, `variance ${st.variance.toFixed(1)} ${st.width}x${st.height}`);
  return st;
}

// ---- main ---------------------------------------------------------------------------------------------------
let server;
const contexts = [];
try {
  server = await startServer();
  console.log(`e2e: serving ${DIST} at ${server.base}`);
  check('http.server serves our index.html', true);

  // ---- 1. sample data, dashboard, screenshots at dpr 1 and 2 -------------------------------------------------
  for (const dpr of [1, 2]) {
    const ctx = await launch(dpr);
    contexts.push(ctx);
    const { page, watch, firstFrame } = await openApp(ctx, server.base);
    console.log(`e2e: dpr ${dpr}: first frame after ${firstFrame.toFixed(0)} ms`);
    await step(`dpr ${dpr}: empty state`, async () => { await shot(page, `start-zh-dpr${dpr}`); });
    const rep = await page.evaluate(() => window.tierlens.loadSample());
    const r = JSON.parse(rep);
    check(`dpr ${dpr}: sample report has 3 providers`, r.providers && r.providers.length === 3, `got ${r.providers && r.providers.length}`);
    check(`dpr ${dpr}: report schema`, r.schema === 'tierlens.report/1');
    // canvas backing store = CSS size × dpr (crisp text)
    const cs = await page.evaluate(() => { const c = document.getElementById('canvas'); return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }; });
    check(`dpr ${dpr}: canvas backing store is CSS × dpr`, cs.w === Math.round(cs.cw * dpr) && cs.h === Math.round(cs.ch * dpr), JSON.stringify(cs));
    for (const lang of ['zh', 'en']) {
      await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
      for (const panel of ['dashboard', 'merchants', 'quality', 'rules', 'providers', 'months', 'files']) {
        if (dpr === 2 && !['dashboard', 'merchants', 'quality', 'rules'].includes(panel)) continue;
        await page.evaluate((p) => window.tierlens.showPanel(p), panel);
        await step(`shot ${panel}-${lang}-dpr${dpr}`, () => shot(page, `${panel}-${lang}-dpr${dpr}`));
      }
    }
    await page.evaluate(() => window.tierlens.setLanguage('zh'));
    if (dpr === 1) await step('merchants panel and re-evaluation', () => merchantsAndReevaluation(page));
    check(`dpr ${dpr}: no request left 127.0.0.1`, watch.outside.length === 0, watch.outside.join(', '));
    check(`dpr ${dpr}: no page errors`, watch.errors.length === 0, watch.errors.join(' | '));
  }

  // ---- 2. dpr 1.5 and clicking: a mouse click at CSS coordinates hits the right ImGui widget ---------------------
  await step('dpr 1.5: click the "try sample" button', async () => {
    const ctx = await launch(1.5, { width: 1100, height: 760 });
    contexts.push(ctx);
    const { page } = await openApp(ctx, server.base);
    await shot(page, 'start-zh-dpr1.5');
    // the sample button sits in the top bar: find it by scanning the top bar row for a click that loads data
    const hit = await clickUntilData(page);
    check('dpr 1.5: clicking the sample button loads the sample', hit, 'no click in the top bar loaded data');
    if (hit) await shot(page, 'dashboard-zh-dpr1.5');
  });

  // ---- 2b. text input bridges: IME composition, paste, copy (ImGui SetClipboardTextFn -> navigator.clipboard) ---
  await step('IME and clipboard bridges', async () => {
    const ctx = await launch(1);
    contexts.push(ctx);
    const { page, watch } = await openApp(ctx, server.base);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base.replace(/\/$/, '') });
    await page.evaluate(async () => { await window.tierlens.loadSample(); window.tierlens.showPanel('merchants'); await window.tierlens.frames(4); });
    const r = await page.evaluate(() => window.tierlens.widgetRect('merchant_search'));
    await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await page.evaluate(() => window.tierlens.frames(4));
    check('clicking the search box focuses the IME input', await page.evaluate(() => document.activeElement && document.activeElement.id === 'ime'));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'fu', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '服饰' });
    await page.evaluate(() => window.tierlens.frames(4));
    let st = await page.evaluate(() => window.tierlens.uiState());
    check('IME commit reaches the ImGui field', st.merchant_filter === '服饰', JSON.stringify(st));
    await shot(page, 'merchants-search-ime-dpr1');
    await page.keyboard.type('x');
    await page.evaluate(() => window.tierlens.frames(3));
    st = await page.evaluate(() => window.tierlens.uiState());
    check('plain typing is not doubled', st.merchant_filter === '服饰x', JSON.stringify(st));
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', '店铺');
      document.getElementById('ime').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.evaluate(() => window.tierlens.frames(3));
    st = await page.evaluate(() => window.tierlens.uiState());
    check('paste reaches the ImGui field', st.merchant_filter === '服饰x店铺', JSON.stringify(st));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.evaluate(() => window.tierlens.frames(3));
    const clip = await page.evaluate(() => navigator.clipboard.readText().catch((e) => 'ERR ' + e));
    check('copy from an ImGui field reaches the system clipboard', clip === '服饰x店铺', clip);
    check('bridges: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
  });

  // ---- 3. CLI-generated CSVs through the real <input type=file>, byte-for-byte report ---------------------------
  if (!fs.existsSync(CLI)) {
    check(`CLI present at ${CLI}`, false, 'build it first (cmake --build build-native)');
  } else {
    for (const enc of ['utf-8', 'gbk', 'utf-16le']) {
      await step(`upload ${enc} sample files`, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tl-e2e-${enc}-`));
        profiles.push(dir);
        const sampleArgs = ['sample', '--out', dir];
        if (enc === 'gbk') sampleArgs.push('--encoding', 'gbk');
        execFileSync(CLI, sampleArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
        const orders = path.join(dir, 'orders.csv'), bindings = path.join(dir, 'bindings.csv'), standards = path.join(dir, 'standards.csv');
        if (enc === 'utf-16le') {  // Excel's "Unicode text": UTF-16 LE with a BOM
          for (const f of [orders, bindings]) {
            const text = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
            fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
          }
        }
        const expected = execFileSync(CLI, ['evaluate', '--orders', orders, '--bindings', bindings, '--standards', standards, '--format', 'json'],
                                      { maxBuffer: 1 << 28 });
        const ctx = await launch(1);
        contexts.push(ctx);
        const { page, watch } = await openApp(ctx, server.base);
        const before = await page.evaluate(() => window.tierlens.files().length);
        await page.setInputFiles('#file', [orders, bindings, standards]);
        await page.waitForFunction((n) => {
          const f = window.tierlens.files();
          return f.length >= n + 3 && f.every((x) => x.state !== 'reading');
        }, before, { timeout: 120000 });
        await page.evaluate(() => window.tierlens.frames(3));
        const got = Buffer.from(await page.evaluate(() => window.tierlens.report()), 'utf8');
        const same = Buffer.compare(got, expected) === 0;
        if (!same) {
          fs.writeFileSync(path.join(OUT, `report-web-${enc}.json`), got);
          fs.writeFileSync(path.join(OUT, `report-cli-${enc}.json`), expected);
        }
        check(`${enc}: window.tierlens.report() equals the CLI report byte for byte`, same,
              same ? '' : `web ${got.length} B vs cli ${expected.length} B (saved under ${OUT})`);
        if (enc === 'utf-8') {
          // the "export report" menu item downloads the same complete report
          const dl = await downloadReport(page);
          check('utf-8: the downloaded report equals the CLI report byte for byte', dl && Buffer.compare(dl, expected) === 0,
                dl ? `download ${dl.length} B vs cli ${expected.length} B` : 'no download');
        }
        if (enc === 'utf-8') {
          const rd = await page.evaluate(() => window.tierlens.timing.read);
          check('utf-8: files are read by the reader worker into reused buffers (BYOB) and cut there', rd.worker && rd.byob && rd.cutInWorker,
                JSON.stringify(rd));
        }
        const files = await page.evaluate(() => window.tierlens.files());
        check(`${enc}: files detected as orders, bindings, standards`,
              files.map((f) => f.kind).join(',') === 'orders,bindings,standards', JSON.stringify(files));
        await page.evaluate(() => window.tierlens.showPanel('files'));
        await shot(page, `files-${enc}-dpr1`);
        // a rules change re-evaluates without re-reading
        const rep2 = await page.evaluate(async () => {
          const r = JSON.parse(window.tierlens.getRules());
          r.tiers[1].all[0].value = 1;
          return window.tierlens.setRules(JSON.stringify(r));
        });
        const r2 = JSON.parse(rep2);
        check(`${enc}: setRules re-evaluates (silver paid-order bar = 1)`,
              r2.providers.every((p) => p.tiers[1].conditions[0].bar === 1));
        check(`${enc}: no request left 127.0.0.1`, watch.outside.length === 0, watch.outside.join(', '));
        check(`${enc}: no page errors`, watch.errors.length === 0, watch.errors.join(' | '));
      });
    }
  }

  // ---- 3a. the fallbacks of reading give the same report: no worker (the main thread reads), and no BYOB reader
  if (fs.existsSync(CLI)) await step('reading fallbacks', () => readingFallbacks());

  // ---- 3b. a big file: progress frames keep coming while it is read, and Cancel stops it -------------------------
  if (fs.existsSync(CLI)) await step('cancel while reading', () => cancelWhileReading());

  // ---- 4. share link round trip (rules in the URL hash, never data) ----------------------------------------------
  await step('share link', async () => {
    const ctx = await launch(1);
    contexts.push(ctx);
    let { page } = await openApp(ctx, server.base);
    const link = await page.evaluate(async () => {
      const r = JSON.parse(window.tierlens.getRules());
      r.window_months = 2;
      r.name = '测试规则';
      await window.tierlens.setRules(r);
      return window.tierlens.shareLink();
    });
    check('share link carries rules in the hash only', /#rules=[A-Za-z0-9_-]+$/.test(link) && !link.includes('?'), link.slice(0, 80));
    const p2 = await ctx.newPage();
    await p2.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+\//, server.base));
    await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
    await p2.evaluate(() => window.tierlens.frames(2));
    const rules = JSON.parse(await p2.evaluate(() => window.tierlens.getRules()));
    check('share link restores the rules', rules.window_months === 2 && rules.name === '测试规则', JSON.stringify(rules).slice(0, 120));
  });
} catch (e) {
  check('e2e harness', false, (e && e.stack) || String(e));
} finally {
  for (const c of contexts) { try { await c.close(); } catch (e) { /* ignore */ } }
  if (server) server.proc.kill();
  if (!args.keep) for (const d of profiles) { try { fs.rmSync(d, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
}

// The merchants panel shows the engine's table of the selected provider (the UI gets the tables as structs,
// not in its report JSON), also after a rules change; window and rules changes re-evaluate quickly.
async function merchantsAndReevaluation(page) {
  const T = (fn, arg) => page.evaluate(fn, arg);
  const full = JSON.parse(await T(() => window.tierlens.report()));
  await T(() => { window.tierlens.showPanel('merchants'); return window.tierlens.frames(4); });
  let st = await T(() => window.tierlens.uiState());
  const mv = st.merchants_view;
  const prov = full.providers.find((p) => p.id === mv.provider);
  check('merchants panel shows the selected provider\'s table', prov && mv.eval === st.eval_count && mv.rows > 0 &&
        mv.total === prov.merchants.length && mv.first === prov.merchants[0].id, JSON.stringify(mv));
  // a rules change: the panel shows the new evaluation's rows
  const rules = JSON.parse(await T(() => window.tierlens.getRules()));
  const orig = JSON.stringify(rules);
  rules.qualified_compare = rules.qualified_compare === '>' ? '>=' : '>';
  const rr = await T((r) => window.tierlens.applyRules(r), JSON.stringify(rules));
  await T(() => window.tierlens.frames(3));
  st = await T(() => window.tierlens.uiState());
  check('merchants panel shows rows after a rules change', st.merchants_view.eval === st.eval_count && st.merchants_view.rows === mv.rows &&
        st.merchants_view.total === mv.total, JSON.stringify(st.merchants_view));
  await shot(page, 'merchants-after-rules-zh-dpr1');
  // another provider picked: its table is fetched on demand
  const other = full.providers.find((p) => p.id !== mv.provider);
  await T((id) => { window.tierlens.selectProvider(id); return window.tierlens.frames(4); }, other.id);
  st = await T(() => window.tierlens.uiState());
  check('merchants panel follows the provider picked', st.merchants_view.provider === other.id && st.merchants_view.total === other.merchants.length &&
        st.merchants_view.first === other.merchants[0].id, JSON.stringify(st.merchants_view));
  await T((id) => { window.tierlens.selectProvider(id); return window.tierlens.frames(2); }, mv.provider);
  const full2 = JSON.parse(await T(() => window.tierlens.report()));
  const p2 = full2.providers.find((p) => p.id === mv.provider);
  check('after a rules change, report() has the new rules and every merchant table', full2.rules.qualified_compare === rules.qualified_compare &&
        p2 && p2.merchants.length === mv.total);
  const rw = await T(async () => {
    const w = JSON.parse(window.tierlens.report()).window.data_months;
    return window.tierlens.setWindow(w[0] + '..' + w[Math.min(2, w.length - 1)]);
  });
  const rd = await T(() => window.tierlens.setWindow(''));
  await T((r) => window.tierlens.applyRules(r), orig);
  const f = (x) => `${x.ms.toFixed(1)} ms (evaluation ${x.evalMs.toFixed(1)})`;
  console.log(`e2e: re-evaluation on the sample, until the frame showing it is drawn: rules ${f(rr)}, window ${f(rw)}, default window ${f(rd)}`);
  check('setWindow / applyRules resolve once the new result is drawn', [rr, rw, rd].every((x) => x.ms > 0 && x.ms >= x.evalMs && x.evalMs >= x.engineMs));
  await T(() => window.tierlens.showPanel('dashboard'));
}

// The export menu's "download report" item (clicked like a person would) and the file it saves.
async function downloadReport(page) {
  await page.evaluate(() => window.tierlens.showPanel('dashboard'));
  await page.evaluate(() => window.tierlens.frames(3));
  const ex = await page.evaluate(() => window.tierlens.widgetRect('export'));
  if (!ex) return null;
  await page.mouse.click(ex[0] + ex[2] / 2, ex[1] + ex[3] / 2);
  await page.evaluate(() => window.tierlens.frames(4));
  const it = await page.evaluate(() => window.tierlens.widgetRect('export_report'));
  if (!it) return null;
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }),
                                 page.mouse.click(it[0] + it[2] / 2, it[1] + it[3] / 2)]);
  return fs.readFileSync(await dl.path());
}

// A ~600 MB orders file: while it is read the app keeps drawing progress frames, and a real click on the
// overlay's Cancel button stops the reading long before the end; the page stays usable. (300 MB became too
// little once the browser read it in ~2 s: the click could come after the end.)
// A file of several chunks read the usual way (a worker, BYOB), by the main thread, and by the main thread
// with the stream's own chunks (a browser whose Blob streams are not byte streams): one report, the CLI's.
async function readingFallbacks() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-e2e-paths-'));
  profiles.push(dir);
  execFileSync(CLI, ['sample', '--out', dir, '--rows', '40000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const names = ['orders.csv', 'bindings.csv', 'standards.csv'].map((n) => path.join(dir, n));
  const expected = execFileSync(CLI, ['evaluate', '--orders', names[0], '--bindings', names[1], '--standards', names[2], '--format', 'json'],
                                { maxBuffer: 1 << 28 });
  const ctx = await launch(1);
  contexts.push(ctx);
  const ways = [
    { name: 'worker, BYOB, cut there', worker: true, byob: true, cut: true, init: null },
    // the worker's engine cannot start (its app.js does not load): the worker hands over the bytes as read
    { name: 'worker, BYOB, bytes', worker: true, byob: true, cut: false, init: null, workerAppJs: false },
    { name: 'main thread, BYOB', worker: false, byob: true, cut: false, init: () => { window.Worker = undefined; } },
    { name: 'main thread, stream chunks', worker: false, byob: false, cut: false, init: () => {
      window.Worker = undefined;
      const getReader = ReadableStream.prototype.getReader;
      ReadableStream.prototype.getReader = function (o) {
        if (o && o.mode === 'byob') throw new TypeError('no byte streams here');
        return getReader.call(this, o);
      };
    } },
  ];
  for (const way of ways) {
    const page = await ctx.newPage();
    const watch = watchPage(page, server.base);
    if (way.init) await page.addInitScript(way.init);
    let appJs = 0;   // the page's own app.js loads; the worker's (the second request) fails when asked to
    if (way.workerAppJs === false) await page.route('**/app.js', (route) => (appJs++ === 0 ? route.continue() : route.fulfill({ status: 404, body: '' })));
    await page.goto(server.base, { waitUntil: 'load' });
    await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await page.setInputFiles('#file', names);
    await page.waitForFunction(() => window.tierlens.files().length >= 3 && window.tierlens.files().every((x) => x.state !== 'reading'),
                               null, { timeout: 120000 });
    await page.evaluate(() => window.tierlens.frames(2));
    const rd = await page.evaluate(() => window.tierlens.timing.read);
    const got = Buffer.from(await page.evaluate(() => window.tierlens.report()), 'utf8');
    check(`read by ${way.name}: that way was taken, in several chunks`,
          rd.worker === way.worker && rd.byob === way.byob && rd.cutInWorker === way.cut && rd.chunks > 3 &&
          (way.workerAppJs !== false || appJs === 2), JSON.stringify(rd) + ` app.js requests ${appJs}`);
    check(`read by ${way.name}: the report equals the CLI's byte for byte`, Buffer.compare(got, expected) === 0,
          `web ${got.length} B vs cli ${expected.length} B`);
    const errors = watch.errors.filter((e) => way.workerAppJs !== false || !/404|Failed to load resource/.test(e));   // the failure asked for
    check(`read by ${way.name}: no page errors`, errors.length === 0, errors.join(' | '));
    await page.close();
  }
}

async function cancelWhileReading() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-e2e-big-'));
  profiles.push(dir);
  execFileSync(CLI, ['sample', '--out', dir, '--rows', '2000000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const orders = path.join(dir, 'orders.csv');
  const size = fs.statSync(orders).size;
  const ctx = await launch(1);
  contexts.push(ctx);
  const { page, watch } = await openApp(ctx, server.base);
  const stats = () => page.evaluate(() => JSON.parse(window.Module.UTF8ToString(window.Module._tl_frame_stats())));
  const startReading = async () => {
    await page.setInputFiles('#file', [orders]);
    await page.waitForFunction(() => window.tierlens.files().some((f) => f.state === 'reading' && f.rows > 0) &&
                               window.tierlens.widgetRect('cancel_reading'), null, { timeout: 30000, polling: 50 });
  };
  const clickCancel = async () => {
    const r = await page.evaluate(() => window.tierlens.widgetRect('cancel_reading'));
    if (r) await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await page.waitForFunction(() => window.tierlens.files().every((f) => f.state !== 'reading'), null, { timeout: 60000, polling: 50 });
    return !!r;
  };
  await startReading();
  const s0 = await stats();
  await page.waitForTimeout(600);
  const s1 = await stats();
  const reading = await page.evaluate(() => window.tierlens.files().some((f) => f.state === 'reading'));
  check('while a big file is read, progress frames keep being drawn', !reading || s1.drawn > s0.drawn, `${s0.drawn} -> ${s1.drawn} frames`);
  const t0 = Date.now();
  const clicked = await clickCancel();
  const ms = Date.now() - t0;
  const files = await page.evaluate(() => window.tierlens.files());
  const f = files[0];
  check('clicking Cancel stops reading the file', clicked && f && f.state === 'cancelled', JSON.stringify(files));
  console.log(`e2e: cancel: reading stopped ${ms} ms after the click (file ${(size / 1e6).toFixed(0)} MB)`);
  check('cancel takes effect within 2 s', ms < 2000, `${ms} ms`);
  await shot(page, 'after-cancel-zh-dpr1');
  // the progress overlay, once more (then cancelled again)
  await startReading();
  await shot(page, 'reading-progress-zh-dpr1');
  await clickCancel();
  // the page still works: the sample loads and the dashboard is drawn
  const rep = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  check('after a cancel, the page still evaluates', rep.providers && rep.providers.length === 3);
  check('cancel: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}

async function clickUntilData(page) {
  // The app reports where it drew the "试用示例数据" button (CSS px); a real mouse click there must load data.
  const r = await page.evaluate(() => window.tierlens.widgetRect('try_sample'));
  if (!r) return false;
  await page.mouse.move(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await page.evaluate(() => window.tierlens.frames(2));
  await page.mouse.down();
  await page.evaluate(() => window.tierlens.frames(2));
  await page.mouse.up();
  await page.evaluate(() => window.tierlens.frames(3));
  return (await page.evaluate(() => window.tierlens.files().length)) > 0;
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
if (failures.length) console.log('failed: ' + failures.join('; '));
process.exit(failed ? 1 : 0);
