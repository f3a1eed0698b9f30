// Archives and workbooks in the page: a ZIP of a folder of exports, an .xlsx written by openpyxl and a gzip,
// each uploaded through the real <input type=file>; every report equals `tierlens evaluate` on the same file
// byte for byte (in en and zh); a damaged ZIP fails the damaged file with its message and the dashboard says
// so at the top, while the archive's other files are kept; a workbook's notes sheet is said to be left out.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAKE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'archive', 'make.py');

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli(), 'build it first (cmake --build build-native)')) return;
  const dir = env.tempDir('archives');
  const sample = path.join(dir, 'sample');
  fs.mkdirSync(sample);
  env.cli(['sample', '--out', sample, '--rows', '20000', '--seed', '11']);
  // Debian's python3-openpyxl is for /usr/bin/python3 (scripts/install-deps.sh installs it)
  execFileSync(fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', [MAKE, sample, dir]);
  const at = (n) => path.join(dir, n);
  await env.step('a ZIP of a folder of exports', () => same(env, 'zip', [at('all.zip')], 3));
  if (env.check('openpyxl wrote orders.xlsx', fs.existsSync(at('orders.xlsx')), 'apt-get install python3-openpyxl'))
    await env.step('an .xlsx workbook', () => same(env, 'xlsx', [at('orders.xlsx'), path.join(sample, 'bindings.csv'), path.join(sample, 'standards.csv')], 3));
  await env.step('a gzip', () => same(env, 'gzip', [at('orders.csv.gz'), path.join(sample, 'bindings.csv'), path.join(sample, 'standards.csv')], 3));
  await env.step('a damaged ZIP', () => damaged(env, at('damaged.zip')));
  await env.step('columns guessed from values', () => guessed(env, dir));
}

// A file whose headers say nothing (列1…): its columns are taken from their values, and since those guesses
// decide the numbers the dashboard says so at the top (as for a file that failed), in the page's language.
async function guessed(env, dir) {
  const file = path.join(dir, 'guess.csv');
  fs.writeFileSync(file, '列1,列2,列3,列4\n6921000000000000001,10000001,2023-06-01 10:00:00,已完成\n' +
                         '6921000000000000002,10000002,2023-06-02 11:00:00,已完成\n6921000000000000003,10000001,2023-06-03 12:00:00,已完成\n');
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await page.setInputFiles('#file', [file]);
  await env.untilRead(page, 1);
  await page.evaluate(() => window.tierlens.showPanel('dashboard'));
  await page.evaluate(() => window.tierlens.frames(4));
  const banner = await page.evaluate(() => window.tierlens.widgetRect('failed_banner_fix'));
  env.check('guessed: the banner at the top says the columns were guessed', !!banner, String(banner));
  const r = JSON.parse(await page.evaluate(() => window.tierlens.report('zh')));
  const codes = r.data_quality.files[0].warnings.map((w) => w.code);
  env.check('guessed: the report carries the guesses (file.column_from_values)', codes.includes('file.column_from_values'), codes.join(','));
  await env.shot(page, 'archive-guessed-banner-zh');
  env.check('guessed: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
  await ctx.close();
}

async function same(env, tag, files, n) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await page.setInputFiles('#file', files);
  await env.untilRead(page, n);
  for (const lang of ['en', 'zh']) {
    const got = Buffer.from(await page.evaluate((l) => window.tierlens.report(l), lang), 'utf8');
    const exp = env.cli(['evaluate', '--lang', lang, '--format', 'json', ...files], { stdio: ['ignore', 'pipe', 'ignore'] });
    const ok = Buffer.compare(got, exp) === 0;
    if (!ok) {
      fs.writeFileSync(path.join(env.OUT, `report-web-${tag}-${lang}.json`), got);
      fs.writeFileSync(path.join(env.OUT, `report-cli-${tag}-${lang}.json`), exp);
    }
    env.check(`${tag}: report('${lang}') equals the CLI's on the same files byte for byte`, ok, ok ? '' : `saved under ${env.OUT}`);
  }
  const list = await page.evaluate(() => window.tierlens.files());
  env.check(`${tag}: every file inside read (${n})`, list.length === n && list.every((f) => f.state === 'done'), JSON.stringify(list));
  if (tag === 'zip')
    env.check('zip: files named by their path in the archive, kinds told by their headers',
              list.map((f) => `${f.name}:${f.kind}`).join(',') === 'all.zip/导出/订单.csv:orders,all.zip/导出/绑定商家.csv:bindings,all.zip/导出/行业标准.csv:standards',
              JSON.stringify(list.map((f) => f.name)));
  if (tag === 'xlsx') {
    const toast = (await page.evaluate(() => window.tierlens.uiState())).toast;
    env.check('xlsx: the notes sheet is said to be left out (a toast)', toast.includes('说明') && toast.includes('未读取'), toast);
    await page.evaluate(() => window.tierlens.showPanel('files'));
    await env.shot(page, 'archive-xlsx-files-zh');
  }
  env.check(`${tag}: no request left 127.0.0.1`, watch.outside.length === 0, watch.outside.join(', '));
  env.check(`${tag}: no page errors`, watch.errors.length === 0, watch.errors.join(' | '));
  await ctx.close();
}

async function damaged(env, file) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await page.setInputFiles('#file', [file]);
  await env.untilRead(page, 3);
  const list = await page.evaluate(() => window.tierlens.files());
  const bad = list.find((f) => f.name.endsWith('订单.csv'));
  env.check('damaged: the damaged orders file failed with archive.damaged', bad && bad.state === 'failed' && JSON.stringify(bad).includes('archive.damaged'),
            JSON.stringify(list));
  env.check('damaged: the archive\'s other files are kept', list.filter((f) => f.state === 'done').length === 2, JSON.stringify(list));
  const r = JSON.parse(await page.evaluate(() => window.tierlens.report('en')));
  const failed = (r.data_quality.files || []).filter((f) => f.error);
  env.check('damaged: the report names the failed file and why', failed.length === 1 && failed[0].error.code === 'archive.damaged', JSON.stringify(failed));
  await page.evaluate(() => window.tierlens.showPanel('dashboard'));
  await env.shot(page, 'archive-damaged-dashboard-zh');
  await page.evaluate(() => window.tierlens.setLanguage('en'));
  await env.shot(page, 'archive-damaged-dashboard-en');
  env.check('damaged: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
  await ctx.close();
}
