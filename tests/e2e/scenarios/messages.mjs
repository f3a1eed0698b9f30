// Messages a person can act on, in the page's language: a file that cannot be used is named at the top
// of the dashboard (with the fix, and a button to the Files tab); the same file's report equals the
// CLI's; a rules error (1e400) and a share link holding one are explained in zh and en, never with an
// internal exception text, and the page keeps working.
import fs from 'node:fs';
import path from 'node:path';

const CJK = /[\u4e00-\u9fff]/;

export async function run(env) {
  const dir = env.tempDir('messages');
  const standards = path.join(dir, 'standards_own_names.csv');
  fs.writeFileSync(standards, '行业,数值\n服饰,100\n');   // a header the engine cannot place (月订单达标线 is read as the standard now: docs/columns.md)
  const notes = path.join(dir, 'orders_no_pay_time.csv');
  fs.writeFileSync(notes, '主订单编号,店铺ID\n1,M1\n');            // an orders export without its pay time
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await page.evaluate(() => window.tierlens.loadSample());
  await page.setInputFiles('#file', [standards, notes]);
  await env.untilRead(page, 6);
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    await page.evaluate(() => window.tierlens.showPanel('dashboard'));
    await page.evaluate(() => window.tierlens.frames(4));
    const files = await page.evaluate(() => window.tierlens.files());
    const std = files.find((f) => f.name === 'standards_own_names.csv'), ord = files.find((f) => f.name === 'orders_no_pay_time.csv');
    env.check(`${lang}: a file of no known kind failed as such`, std && std.state === 'failed' && std.error_code === 'file.unknown_kind', JSON.stringify(std));
    env.check(`${lang}: an orders file without pay time failed with missing columns`, ord && ord.state === 'failed' &&
              ord.error_code === 'file.missing_columns' && ord.error.includes(lang === 'zh' ? '支付完成时间' : 'Pay time'), JSON.stringify(ord));
    const text = (std && std.error) || '';
    env.check(`${lang}: the message names the file, the headers and the fix in the page's words`,
              text.includes('standards_own_names.csv') && text.includes('数值') &&
              (lang === 'zh' ? CJK.test(text.replace(/standards_own_names\.csv|行业|数值/g, '')) && text.includes('文件')
                             : /kind/.test(text) && !CJK.test(text.replace(/[“”]|行业|数值|主订单编号|店铺ID|支付完成时间|服务商ID|绑定开始时间|月份|支付订单量|月度达标标准|[（）、]/g, ''))), text);
    env.check(`${lang}: no internal exception text`, !/exception|json\.|what\(\)/i.test(text), text);
    const banner = await page.evaluate(() => window.tierlens.widgetRect('failed_banner_fix'));
    env.check(`${lang}: the dashboard names the files that could not be used, at the top`, !!banner && banner[1] < 300, JSON.stringify(banner));
    await env.shot(page, `dashboard-failed-file-${lang}-dpr1`);
  }
  // the banner's button opens the Files tab
  const b = await page.evaluate(() => window.tierlens.widgetRect('failed_banner_fix'));
  if (b) {
    await page.mouse.click(b[0] + b[2] / 2, b[1] + b[3] / 2);
    await page.evaluate(() => window.tierlens.frames(4));
    env.check('the banner\'s button opens the Files tab', (await page.evaluate(() => window.tierlens.uiState())).panel === 'files');
    await env.shot(page, 'files-failed-file-en-dpr1');
  }
  // the page's report equals the CLI's, failed files included
  if (env.hasCli()) {
    // the demo's files are in memory only: a page with just the two bad files, against the CLI
    const p2 = await ctx.newPage();
    const w2 = env.watchPage(p2);
    await p2.goto(env.base, { waitUntil: 'load' });
    await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
    await p2.setInputFiles('#file', [standards, notes]);
    await env.untilRead(p2, 2);
    for (const lang of ['zh', 'en']) {
      const got = Buffer.from(await p2.evaluate((l) => window.tierlens.report(l), lang), 'utf8');
      const cli = env.cliRun(['evaluate', '--lang', lang, '--format', 'json', standards, notes]);
      env.check(`${lang}: the CLI exits 3 for files it could not use`, cli.code === 3, `exit ${cli.code}`);
      env.check(`${lang}: the page's report of the failed files equals the CLI's byte for byte`, Buffer.compare(got, cli.stdout) === 0,
                `web ${got.length} B vs cli ${cli.stdout.length} B`);
    }
    env.check('failed files: no page errors', w2.errors.length === 0, w2.errors.join(' | '));
    await p2.close();
  }
  // a rules error: explained in the page's language, the current rules kept
  const bad = '{"schema":"tierlens.rules/1","window_months":1e400,"tiers":[{"id":"base"}]}';
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    const err = await page.evaluate((t) => window.tierlens.setRules(t).then(() => '', (e) => e.message), bad);
    env.check(`${lang}: a rule set with 1e400 is refused with a message in the page's language`,
              err && (lang === 'zh' ? err.includes('太大') : err.includes('too large')) && !/json\.exception|out_of_range/.test(err), err);
    await page.evaluate(() => window.tierlens.showPanel('rules'));
    await env.shot(page, `rules-error-${lang}-dpr1`);
  }
  const rules = JSON.parse(await page.evaluate(() => window.tierlens.getRules()));
  env.check('after a refused rule set the current rules are kept', rules.window_months === 3);
  // a share link whose rules hold 1e400: a message, not an exception text; the page works
  const link = env.base + '?lang=zh#rules=' + Buffer.from(bad).toString('base64url');
  const p3 = await ctx.newPage();
  const w3 = env.watchPage(p3);
  await p3.goto(link, { waitUntil: 'load' });
  await p3.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
  await p3.evaluate(() => window.tierlens.frames(3));
  const toast = (await p3.evaluate(() => window.tierlens.uiState())).toast;
  env.check('a share link with 1e400: the page says what is wrong, in zh by default', toast.includes('分享链接') && toast.includes('太大') &&
            !/json\.exception|out_of_range/.test(toast), toast);
  await env.shot(p3, 'share-link-error-zh-dpr1');
  const rep = JSON.parse(await p3.evaluate(() => window.tierlens.loadSample()));
  env.check('after a bad share link the page still evaluates', rep.providers && rep.providers.length === 3);
  env.check('messages: no page errors', watch.errors.length === 0 && w3.errors.length === 0, watch.errors.concat(w3.errors).join(' | '));
}
