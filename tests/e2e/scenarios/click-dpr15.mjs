// dpr 1.5: a real mouse click at the CSS coordinates where the app drew "试用示例数据" loads the sample.
export async function run(env) {
  const ctx = await env.launch(1.5, { width: 1100, height: 760 });
  const { page } = await env.openApp(ctx);
  await env.shot(page, 'start-zh-dpr1.5');
  const r = await page.evaluate(() => window.tierlens.widgetRect('try_sample'));
  env.check('dpr 1.5: the sample button was drawn', !!r);
  if (!r) return;
  await page.mouse.move(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await page.evaluate(() => window.tierlens.frames(2));
  await page.mouse.down();
  await page.evaluate(() => window.tierlens.frames(2));
  await page.mouse.up();
  await page.evaluate(() => window.tierlens.frames(3));
  const hit = (await page.evaluate(() => window.tierlens.files().length)) > 0;
  env.check('dpr 1.5: clicking the sample button loads the sample', hit);
  if (hit) await env.shot(page, 'dashboard-zh-dpr1.5');
}
