// tierlens — the shared launcher of the browser end-to-end tests (node + playwright-core + Debian's
// Chromium, headless). Every scenario (scenarios/*.mjs) gets one environment from here: the static
// server, the browser launcher, checks, screenshots and the CLI to compare reports with.
//
// [SECTION] arguments and checks
// [SECTION] static server
// [SECTION] screenshots
// [SECTION] browser and pages
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

// [SECTION] arguments and checks ---------------------------------------------------------------------
export function parseArgs(argv) {
  const args = { dist: 'dist', cli: 'build-native/tierlens', out: 'test-artifacts', keep: false, only: [] };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dist') args.dist = argv[++i];
    else if (a === '--cli') args.cli = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--keep') args.keep = true;
    else if (a === '--only') args.only.push(...argv[++i].split(','));
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

export class Checks {
  constructor() { this.passed = 0; this.failed = 0; this.failures = []; this.scenario = ''; }
  check(name, ok, detail = '') {
    const full = this.scenario ? `[${this.scenario}] ${name}` : name;
    if (ok) { this.passed++; console.log(`  ok   ${full}`); }
    else { this.failed++; this.failures.push(full); console.log(`  FAIL ${full}${detail ? ' — ' + detail : ''}`); }
    return ok;
  }
  async step(name, fn) {
    try { return await fn(); } catch (e) { this.check(name, false, (e && e.stack) || String(e)); return undefined; }
  }
}

// [SECTION] static server ----------------------------------------------------------------------------
function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

// python3's http.server on a free port, checked to serve our own index.html (a fixed port may be someone
// else's server). Throws when it cannot be started.
export async function startServer(dist) {
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  let stderr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', dist],
                       { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr.on('data', (d) => { stderr += d; });
    const base = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (proc.exitCode !== null) break;
      try {
        const r = await fetch(base + 'index.html');
        if (r.ok && (await r.text()) === index) return { proc, base, port };
        break;   // someone else's server: try another port
      } catch (e) { /* not up yet */ }
    }
    proc.kill();
  }
  throw new Error('could not start http.server: ' + stderr);
}

// [SECTION] screenshots ------------------------------------------------------------------------------
// Variance of luminance of a PNG, computed in the page (a blank canvas has ~0), and how many distinct colours
// (4 bits a channel) it has; rect [x, y, w, h] in CSS px (times dpr in the image): only that part.
async function imageStats(page, file, rect = null, dpr = 1) {
  const b64 = fs.readFileSync(file).toString('base64');
  return page.evaluate(async ({ data, rect, dpr }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const r = rect ? rect.map((v) => Math.round(v * dpr)) : [0, 0, c.width, c.height];
    const d = ctx.getImageData(r[0], r[1], r[2], r[3]).data;
    let n = 0, sum = 0, sum2 = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 16) {
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += y; sum2 += y * y; n++;
      colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
    }
    const mean = sum / n;
    return { width: img.width, height: img.height, variance: sum2 / n - mean * mean, colours: colours.size };
  }, { data: b64, rect, dpr });
}

// [SECTION] browser and pages ------------------------------------------------------------------------
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'];

// Everything a scenario needs. `env.cli(args)` runs the native CLI and returns its stdout (a Buffer).
export function makeEnv(args, server, checks) {
  const DIST = path.resolve(args.dist), CLI = path.resolve(args.cli), OUT = path.resolve(args.out);
  const SHOTS = path.join(OUT, 'screenshots');
  fs.mkdirSync(SHOTS, { recursive: true });
  const contexts = [], temps = [];
  const env = {
    DIST, CLI, OUT, SHOTS, base: server.base,
    check: (...a) => checks.check(...a),
    step: (...a) => checks.step(...a),
    hasCli: () => fs.existsSync(CLI),
    cli(cliArgs, opts = {}) { return execFileSync(CLI, cliArgs, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], ...opts }); },
    // the CLI's result with its exit code and stderr, never throwing
    cliRun(cliArgs) {
      try { return { code: 0, stdout: env.cli(cliArgs), stderr: '' }; }
      catch (e) { return { code: e.status, stdout: e.stdout || Buffer.alloc(0), stderr: String(e.stderr || '') }; }
    },
    tempDir(tag) { const d = fs.mkdtempSync(path.join(os.tmpdir(), `tl-e2e-${tag}-`)); temps.push(d); return d; },
    // one browser at a time: an idle page still draws (software GL), and CI has 2 cores
    // extra: more context options, e.g. { serviceWorkers: 'block' } where a test routes the page's requests
    async launch(dpr = 1, viewport = { width: 1280, height: 860 }, extra = {}) {
      await env.closeBrowsers();
      const dir = env.tempDir('profile');
      const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: '/usr/bin/chromium', headless: true, viewport, deviceScaleFactor: dpr, args: LAUNCH_ARGS, acceptDownloads: true, ...extra,
      });
      contexts.push(ctx);
      return ctx;
    },
    async closeBrowsers() { for (const c of contexts.splice(0)) { try { await c.close(); } catch (e) { /* ignore */ } } },
    // records requests that leave the page's origin and page errors
    watchPage(page) {
      const outside = [], errors = [];
      page.on('request', (r) => {
        const u = r.url();
        if (!(u.startsWith(server.base) || u.startsWith('data:') || u.startsWith('blob:'))) outside.push(u);
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/GL Driver Message|GPU stall/.test(m.text())) errors.push(m.text());
      });
      return { outside, errors };
    },
    async openApp(ctx, query = '') {
      const page = ctx.pages()[0] || await ctx.newPage();
      const watch = env.watchPage(page);
      await page.goto(server.base + query, { waitUntil: 'load' });
      await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
      const firstFrame = await page.evaluate(() => window.tierlens.timing.firstFrame);
      return { page, watch, firstFrame };
    },
    // waits until every file is read (at least n files), then a few frames
    async untilRead(page, n) {
      await page.waitForFunction((k) => { const f = window.tierlens.files(); return f.length >= k && f.every((x) => x.state !== 'reading'); },
                                 n, { timeout: 120000 });
      await page.evaluate(() => window.tierlens.frames(3));
    },
    async shot(page, name) {
      await page.evaluate(() => window.tierlens.frames(4));
      const file = path.join(SHOTS, name + '.png');
      await page.locator('#canvas').screenshot({ path: file });
      const st = await imageStats(page, file);
      env.check(`screenshot ${name} is not blank`, st.variance > 50, `variance ${st.variance.toFixed(1)} ${st.width}x${st.height}`);
      return st;
    },
    // imageStats of a part of a screenshot taken with shot(): rect [x, y, w, h] in CSS px
    areaStats(page, name, rect, dpr = 1) { return imageStats(page, path.join(SHOTS, name + '.png'), rect, dpr); },
    async cleanup() {
      await env.closeBrowsers();
      if (!args.keep) for (const d of temps) { try { fs.rmSync(d, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
    },
  };
  return env;
}
