// A ~600 MB orders file: while it is read the app keeps drawing progress frames, and a real click on the
// overlay's Cancel button stops the reading long before the end; the page stays usable.
import fs from 'node:fs';
import path from 'node:path';

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli())) return;
  const dir = env.tempDir('big');
  env.cli(['sample', '--out', dir, '--rows', '2000000']);
  const orders = path.join(dir, 'orders.csv');
  const size = fs.statSync(orders).size;
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
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
  env.check('while a big file is read, progress frames keep being drawn', !reading || s1.drawn > s0.drawn, `${s0.drawn} -> ${s1.drawn} frames`);
  const t0 = Date.now();
  const clicked = await clickCancel();
  const ms = Date.now() - t0;
  const files = await page.evaluate(() => window.tierlens.files());
  const f = files[0];
  env.check('clicking Cancel stops reading the file', clicked && f && f.state === 'cancelled', JSON.stringify(files));
  console.log(`e2e: cancel: reading stopped ${ms} ms after the click (file ${(size / 1e6).toFixed(0)} MB)`);
  env.check('cancel takes effect within 2 s', ms < 2000, `${ms} ms`);
  await env.shot(page, 'after-cancel-zh-dpr1');
  await startReading();
  await env.shot(page, 'reading-progress-zh-dpr1');
  await clickCancel();
  const rep = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  env.check('after a cancel, the page still evaluates', rep.providers && rep.providers.length === 3);
  env.check('cancel: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
