// Eligibility (issue #14 part 1) in the page: tests/fixtures/eligibility's orders and rules dropped first (no
// providers file: nothing checked, no eligibility line), then its providers file through the same input. The
// file is detected as a providers file; SP3 (certified 2023-09-01, after 31 Aug) gets the "not eligible" line
// on its dashboard and its silver tier stays; the providers ranking gains the eligibility column; the page's
// report is the CLI's byte for byte (same files, same order) in zh and en. Screenshots in zh and en.
import path from 'node:path';

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli(), 'build it first')) return;
  const fix = path.resolve('tests/fixtures/eligibility');
  const [orders, rules, providers] = ['orders.csv', 'rules.json', 'providers.csv'].map((f) => path.join(fix, f));
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  const T = (fn, arg) => page.evaluate(fn, arg);
  const dashboard = async (id) => {
    await T((p) => { window.tierlens.selectProvider(p); window.tierlens.showPanel('dashboard'); return window.tierlens.frames(4); }, id);
  };

  await env.step('without a providers file: nothing checked', async () => {
    await page.setInputFiles('#file', [orders, rules]);
    await env.untilRead(page, 2);
    const r = JSON.parse(await T(() => window.tierlens.report('en')));
    env.check('the report says eligibility was not checked', r.eligibility.checked === false && r.providers.every((p) => p.eligibility === null),
              JSON.stringify(r.eligibility));
    await dashboard('SP3');
    env.check('no eligibility line on the dashboard', (await T(() => window.tierlens.widgetRect('eligibility_line'))) === null &&
              (await T(() => window.tierlens.widgetRect('eligibility_badge'))) === null);
  });

  await env.step('a providers file dropped: SP3 is not eligible for the Sep 2023 grade', async () => {
    await page.setInputFiles('#file', [providers]);
    await env.untilRead(page, 3);
    const files = await T(() => window.tierlens.files());
    env.check('detected as orders, rules, providers', files.map((f) => f.kind).join(',') === 'orders,rules,providers', JSON.stringify(files));
    const r = JSON.parse(await T(() => window.tierlens.report('zh')));
    const sp3 = r.providers.find((p) => p.id === 'SP3');
    env.check('SP3: not eligible, certified 2023-09-01, its silver tier kept',
              sp3 && sp3.tier === 'silver' && sp3.eligibility.status === 'not_eligible' && sp3.eligibility.certified_since === '2023-09-01' &&
              sp3.eligibility.grade_month === '2023-09', JSON.stringify(sp3 && sp3.eligibility));
    env.check('3 eligible, 1 not eligible, 1 unknown', r.eligibility.eligible === 3 && r.eligibility.not_eligible === 1 && r.eligibility.unknown === 1,
              JSON.stringify(r.eligibility));
    await dashboard('SP3');
    const line = await T(() => window.tierlens.widgetRect('eligibility_line'));
    env.check('the dashboard header has the eligibility line', line !== null && line[2] > 50, JSON.stringify(line));
    env.check('and a "not eligible" mark under the tier', (await T(() => window.tierlens.widgetRect('eligibility_badge'))) !== null);
    await env.shot(page, 'eligibility-dashboard-zh');
    await T(() => window.tierlens.setLanguage('en'));
    await dashboard('SP3');
    await env.shot(page, 'eligibility-dashboard-en');
    await T(() => { window.tierlens.showPanel('providers'); return window.tierlens.frames(4); });
    env.check('the providers ranking has the eligibility column', (await T(() => window.tierlens.widgetRect('providers_head_9'))) !== null);
    await env.shot(page, 'eligibility-providers-en');
    await T(() => { window.tierlens.showPanel('files'); return window.tierlens.frames(4); });
    await env.shot(page, 'eligibility-files-en');
    await T(() => window.tierlens.setLanguage('zh'));
  });

  await env.step('the page\'s report is the CLI\'s', async () => {
    for (const lang of ['zh', 'en']) {
      const got = Buffer.from(await T((l) => window.tierlens.report(l), lang), 'utf8');
      const exp = env.cli(['evaluate', '--lang', lang, orders, rules, providers, '--format', 'json']);
      env.check(`report('${lang}') equals the CLI's byte for byte`, Buffer.compare(got, exp) === 0, `web ${got.length} B vs cli ${exp.length} B`);
    }
  });
  env.check('no request left 127.0.0.1', watch.outside.length === 0, watch.outside.join(', '));
  env.check('no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
