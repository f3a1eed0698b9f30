// Share link round trip: the rules travel in the URL hash (never data), and a link opens with them.
export async function run(env) {
  const ctx = await env.launch(1);
  const { page } = await env.openApp(ctx);
  const link = await page.evaluate(async () => {
    const r = JSON.parse(window.tierlens.getRules());
    r.window_months = 2;
    r.name = '测试规则';
    await window.tierlens.setRules(r);
    return window.tierlens.shareLink();
  });
  env.check('share link carries rules in the hash only', /#rules=[A-Za-z0-9_-]+$/.test(link) && !link.includes('?'), link.slice(0, 80));
  const p2 = await ctx.newPage();
  await p2.goto(link.replace(/^http:\/\/127\.0\.0\.1:\d+\//, env.base));
  await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
  await p2.evaluate(() => window.tierlens.frames(2));
  const rules = JSON.parse(await p2.evaluate(() => window.tierlens.getRules()));
  env.check('share link restores the rules', rules.window_months === 2 && rules.name === '测试规则', JSON.stringify(rules).slice(0, 120));
}
