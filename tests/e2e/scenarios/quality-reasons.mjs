// Every reason a row can be left out for (tests/fixtures/all_reasons) shows in the data-quality panel,
// labelled in zh and en (no raw codes for labels), and the page's report equals the CLI's.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/all_reasons');

export async function run(env) {
  const files = ['orders.csv', 'bindings.csv', 'standards.csv', 'monthly.csv'].map((f) => path.join(FIX, f));
  const ctx = await env.launch(1, { width: 1280, height: 1400 });
  const { page, watch } = await env.openApp(ctx);
  await page.setInputFiles('#file', files);
  await env.untilRead(page, 4);
  await page.evaluate(() => window.tierlens.setWindow('2023-06..2023-08'));
  const r = JSON.parse(await page.evaluate(() => window.tierlens.report('en')));
  const seen = new Set(Object.keys(r.data_quality.not_counted));
  for (const f of r.data_quality.files) for (const k of Object.keys(f.rejected || {})) seen.add(k);
  env.check('the fixture makes all 19 reasons', seen.size === 19, [...seen].sort().join(','));
  if (env.hasCli()) {
    const cli = env.cli(['evaluate', '--lang', 'en', '--window', '2023-06..2023-08', '--format', 'json', ...files]);
    const got = Buffer.from(await page.evaluate(() => window.tierlens.report('en')), 'utf8');
    env.check('the report of every reason equals the CLI\'s byte for byte', Buffer.compare(got, cli) === 0, `web ${got.length} B vs cli ${cli.length} B`);
  }
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    await page.evaluate(() => window.tierlens.showPanel('quality'));
    await env.shot(page, `quality-all-reasons-${lang}-dpr1`);
  }
  env.check('quality: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
