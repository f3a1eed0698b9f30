// Reach: after one visit the page reloads and evaluates with the network off (web/sw.js); a new build
// is announced and taken on reload, its old cache deleted; dist/tierlens.html opened from disk (file://)
// loads the sample and reads an uploaded file with the CLI's report byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib.mjs';

export async function run(env) {
  await env.step('offline after one visit', () => offlineReload(env));
  await env.step('a new build is announced and taken on reload', () => update(env));
  await env.step('the single file from disk', () => singleFile(env));
}

async function controlled(page) {
  await page.waitForFunction(async () => {
    if (!navigator.serviceWorker.controller) return false;
    const c = await caches.open((await caches.keys()).find((k) => k.startsWith('tierlens-')) || 'none');
    return (await c.keys()).length >= 6;
  }, null, { timeout: 30000, polling: 200 });
}

async function offlineReload(env) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await controlled(page);
  const build = await page.evaluate(() => document.querySelector('meta[name="tierlens-build"]').content);
  env.check('dist/ carries a build id', /^[0-9a-f]{12}$/.test(build), build);
  const cached = await page.evaluate(async () => {
    const out = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) out.push(k + ' ' + new URL(r.url).pathname);
    return out;
  });
  env.check('the service worker caches exactly this build\'s files', cached.length === 6 && cached.every((c) => c.startsWith('tierlens-' + build + ' ')),
            cached.join(', '));
  await ctx.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
  const r = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  env.check('offline: the page reloads and evaluates the sample', r.providers && r.providers.length === 3);
  if (env.hasCli()) {
    const dir = env.tempDir('offline');
    env.cli(['sample', '--out', dir, '--rows', '5000']);
    const files = ['orders.csv', 'bindings.csv', 'standards.csv'].map((n) => path.join(dir, n));
    const p2 = await ctx.newPage();
    await p2.goto(env.base, { waitUntil: 'load' });   // still offline: a second tab opens from the cache
    await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await p2.setInputFiles('#file', files);
    await env.untilRead(p2, 3);
    const got = Buffer.from(await p2.evaluate(() => window.tierlens.report('en')), 'utf8');
    const exp = env.cli(['evaluate', '--lang', 'en', '--format', 'json', ...files]);
    env.check('offline: an uploaded file gives the CLI\'s report byte for byte', Buffer.compare(got, exp) === 0, `web ${got.length} B vs cli ${exp.length} B`);
    const rd = await p2.evaluate(() => window.tierlens.timing.read);
    env.check('offline: the reader worker still cuts the files', rd.worker && rd.cutInWorker, JSON.stringify(rd));
    await p2.close();
  }
  await ctx.setOffline(false);
  env.check('offline: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}

// A copy of dist/ on its own server: visited once, then its files change (a new build): the page says a
// new version is ready; the button reloads into it and the old build's cache is gone.
async function update(env) {
  const dir = env.tempDir('update-dist');
  for (const f of fs.readdirSync(env.DIST)) fs.copyFileSync(path.join(env.DIST, f), path.join(dir, f));
  const server = await startServer(dir);
  try {
    const ctx = await env.launch(1);
    const page = await ctx.newPage();
    await page.goto(server.base, { waitUntil: 'load' });
    await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await controlled(page);
    const oldBuild = await page.evaluate(() => document.querySelector('meta[name="tierlens-build"]').content);
    const newBuild = 'a' + oldBuild.slice(1) === oldBuild ? 'b' + oldBuild.slice(1) : 'a' + oldBuild.slice(1);
    for (const f of ['sw.js', 'index.html']) {
      const p = path.join(dir, f);
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').split(oldBuild).join(newBuild));
    }
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const announced = await page.waitForFunction(() => window.tierlens.uiState().update_ready, null, { timeout: 30000, polling: 200 })
      .then(() => true, () => false);
    const still = await page.evaluate(async () => ({ build: document.querySelector('meta[name="tierlens-build"]').content, caches: await caches.keys() }));
    env.check('a new build is announced while the old one keeps serving', announced && still.build === oldBuild &&
              still.caches.includes('tierlens-' + oldBuild), JSON.stringify(still));
    await env.shot(page, 'update-ready-zh-dpr1');
    const b = await page.evaluate(() => window.tierlens.widgetRect('update_ready'));
    env.check('the page shows a reload button for the new version', !!b);
    if (!b) return;
    await Promise.all([page.waitForEvent('load', { timeout: 30000 }), page.mouse.click(b[0] + b[2] / 2, b[1] + b[3] / 2)]);
    await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await page.waitForFunction(async (nb) => (await caches.keys()).join() === 'tierlens-' + nb, newBuild, { timeout: 30000, polling: 200 });
    const now = await page.evaluate(() => document.querySelector('meta[name="tierlens-build"]').content);
    env.check('after the reload the page is the new build, and only its cache is left', now === newBuild, `${now} (expected ${newBuild})`);
  } finally {
    server.proc.kill();
  }
}

async function singleFile(env) {
  const file = path.join(env.DIST, 'tierlens.html');
  if (!env.check('dist/tierlens.html exists', fs.existsSync(file))) return;
  const size = fs.statSync(file).size;
  console.log(`e2e: dist/tierlens.html is ${(size / 1e6).toFixed(2)} MB`);
  const ctx = await env.launch(1);
  const page = await ctx.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!/^(data|blob|file):/.test(r.url())) requests.push(r.url()); });
  await page.goto('file://' + file, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
  const r = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  env.check('file://: the single file loads the sample', r.providers && r.providers.length === 3);
  await env.shot(page, 'single-file-dashboard-zh-dpr1');
  if (env.hasCli()) {
    const dir = env.tempDir('single');
    env.cli(['sample', '--out', dir, '--rows', '30000']);
    const files = ['orders.csv', 'bindings.csv', 'standards.csv'].map((n) => path.join(dir, n));
    const p2 = await ctx.newPage();
    p2.on('pageerror', (e) => errors.push(String(e)));
    await p2.goto('file://' + file, { waitUntil: 'load' });
    await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await p2.setInputFiles('#file', files);
    await env.untilRead(p2, 3);
    const got = Buffer.from(await p2.evaluate(() => window.tierlens.report('en')), 'utf8');
    const exp = env.cli(['evaluate', '--lang', 'en', '--format', 'json', ...files]);
    env.check('file://: an uploaded file gives the CLI\'s report byte for byte', Buffer.compare(got, exp) === 0, `web ${got.length} B vs cli ${exp.length} B`);
    const rd = await p2.evaluate(() => window.tierlens.timing.read);
    console.log(`e2e: single file read: ${JSON.stringify(rd)}`);
    env.check('file://: the reader worker reads and cuts the files there too', rd.worker && rd.cutInWorker, JSON.stringify(rd));
  }
  env.check('file://: nothing is requested', requests.length === 0, requests.join(', '));
  env.check('file://: no page errors', errors.length === 0, errors.join(' | '));
}
