// A file of several chunks read the usual way (a worker, BYOB, cut there), by a worker whose engine
// cannot start (bytes handed over), by the main thread, and by the main thread with the stream's own
// chunks (a browser whose Blob streams are not byte streams): each gives the CLI's report.
import path from 'node:path';

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli())) return;
  const dir = env.tempDir('paths');
  env.cli(['sample', '--out', dir, '--rows', '40000']);
  const names = ['orders.csv', 'bindings.csv', 'standards.csv'].map((n) => path.join(dir, n));
  const expected = env.cli(['evaluate', '--lang', 'en', '--orders', names[0], '--bindings', names[1], '--standards', names[2], '--format', 'json']);
  // no service worker: the test fails the worker's app.js on purpose, which a cached copy would hide
  const ctx = await env.launch(1, undefined, { serviceWorkers: 'block' });
  const ways = [
    { name: 'worker, BYOB, cut there', worker: true, byob: true, cut: true, init: null },
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
    const watch = env.watchPage(page);
    if (way.init) await page.addInitScript(way.init);
    let appJs = 0;   // the page's own app.js loads; the worker's (the second request) fails when asked to
    if (way.workerAppJs === false) await page.route('**/app.js', (route) => (appJs++ === 0 ? route.continue() : route.fulfill({ status: 404, body: '' })));
    await page.goto(env.base, { waitUntil: 'load' });
    await page.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0, null, { timeout: 30000 });
    await page.setInputFiles('#file', names);
    await env.untilRead(page, 3);
    const rd = await page.evaluate(() => window.tierlens.timing.read);
    const got = Buffer.from(await page.evaluate(() => window.tierlens.report('en')), 'utf8');
    env.check(`read by ${way.name}: that way was taken, in several chunks`,
              rd.worker === way.worker && rd.byob === way.byob && rd.cutInWorker === way.cut && rd.chunks > 3 &&
              (way.workerAppJs !== false || appJs === 2), JSON.stringify(rd) + ` app.js requests ${appJs}`);
    env.check(`read by ${way.name}: the report equals the CLI's byte for byte`, Buffer.compare(got, expected) === 0,
              `web ${got.length} B vs cli ${expected.length} B`);
    const errors = watch.errors.filter((e) => way.workerAppJs !== false || !/404|Failed to load resource/.test(e));   // the failure asked for
    env.check(`read by ${way.name}: no page errors`, errors.length === 0, errors.join(' | '));
    await page.close();
  }
}
