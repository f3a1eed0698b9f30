// Bad files in the page (the corpus of tests/badfiles): a PNG, a PDF, an .xls (an .xlsx and a zip named .csv
// are read now: the archives scenario covers them),
// an empty file, a header with no rows, NUL bytes in cells, ragged rows and a bindings file read as orders
// are added to a page that holds the sample. Each file gets the error code the CLI gives for the same
// file given the same way (expected.json's args: a file given with --orders is added with the kind
// "orders", as the Files tab's kind picker does; the others are detected), the page's report of those
// files equals the CLI's byte for byte, the sample's files are kept (3 providers), no message carries
// internal text, and the page shows no error. Bad rule sets (expected.json's rules cases) are refused
// through setRules with the CLI's text in the page's language, the current rules kept. An orders file
// too big for the page's memory fails early with its message, the rest kept (the limit lowered for it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BADFILES = path.resolve(here, '..', '..', 'badfiles');
const INTERNAL = /[Ee]xception|what\(\)|json\.|nlohmann|std::|RuntimeError|memory access out of bounds|Aborted\(/;
const CJK = /[\u4e00-\u9fff]/;
// the cases added to the page (expected.json names); rules cases are set with setRules
const FILE_CASES = ['png', 'pdf', 'xls', 'empty', 'header_only', 'nul_bytes', 'ragged', 'wrong_kind'];
const RULES_CASES = ['rules_not_json', 'rules_unknown_metric', 'rules_negative_bar', 'rules_fractional_bar', 'rules_1e400', 'rules_deep'];

export async function run(env) {
  const dir = env.tempDir('bad-files');
  execFileSync('python3', [path.join(BADFILES, 'make.py'), dir, '--small']);
  const expected = JSON.parse(fs.readFileSync(path.join(BADFILES, 'expected.json'), 'utf8'));
  const byName = Object.fromEntries(expected.cases.map((c) => [c.name, c]));
  // each file case: its file and the kind it is given as (the CLI's slot option, or detected)
  const files = FILE_CASES.map((name) => {
    const a = byName[name].args;
    const slot = a.findIndex((x) => x === '--orders' || x === '--bindings' || x === '--standards' || x === '--monthly');
    return slot >= 0 ? { name, file: a[slot + 1], kind: a[slot].slice(2) }
                     : { name, file: a[1], kind: '' };
  });
  const detected = files.filter((f) => !f.kind), forced = files.filter((f) => f.kind);
  // the CLI, as the page gets them: detected files first, then those of a kind (the CLI's order too)
  const cliArgs = detected.map((f) => path.join(dir, f.file));
  for (const f of forced) cliArgs.push('--' + f.kind, path.join(dir, f.file));
  const cli = {};
  if (env.hasCli()) {
    for (const lang of ['zh', 'en']) {
      const r = env.cliRun(['--lang', lang, 'evaluate', ...cliArgs, '--format', 'json']);
      env.check(`${lang}: the CLI exits 3 for the bad files`, r.code === 3, `exit ${r.code}: ${r.stderr.slice(0, 300)}`);
      cli[lang] = r.stdout;
    }
  }
  const cliFile = (lang, file) => {
    if (!cli[lang]) return undefined;
    return JSON.parse(cli[lang].toString('utf8')).data_quality.files.find((x) => x.name === file);
  };
  const addBadFiles = async (page) => {
    await page.setInputFiles('#file', detected.map((f) => path.join(dir, f.file)));
    await page.evaluate((list) => window.tierlens.loadFiles(list.map((f) => ({ name: f.file, bytes: new Uint8Array(f.bytes), options: { kind: f.kind } }))),
                        forced.map((f) => ({ file: f.file, kind: f.kind, bytes: Array.from(fs.readFileSync(path.join(dir, f.file))) })));
  };

  // 1. the sample, then the bad files: each fails (or not) as the CLI says; the sample is kept
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  const sample = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  env.check('the sample has 3 providers', sample.providers.length === 3, `${sample.providers.length}`);
  const before = (await page.evaluate(() => window.tierlens.files())).length;
  await addBadFiles(page);
  await env.untilRead(page, before + files.length);
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    await page.evaluate(() => window.tierlens.frames(3));
    const got = await page.evaluate(() => window.tierlens.files());
    for (const f of files) {
      const p = got.find((x) => x.name === f.file);
      const c = cliFile(lang, f.file);
      env.check(`${lang}: ${f.name} (${f.file}) is in the Files list`, !!p, JSON.stringify(got.map((x) => x.name)));
      if (!p) continue;
      if (c !== undefined) {
        const want = c && c.error ? c.error.code : '';
        env.check(`${lang}: ${f.name} gets the CLI's error code (${want || 'none'})`, p.error_code === want,
                  `page ${p.error_code || 'none'} (${p.state}), cli ${want || 'none'}`);
        if (c && c.error) env.check(`${lang}: ${f.name}: the page's message is the CLI's text with the page's fix`,
                                    p.error.startsWith(c.error.text), `page: ${p.error.slice(0, 200)} | cli: ${c.error.text.slice(0, 200)}`);
      }
      if (p.error) {
        env.check(`${lang}: ${f.name}: the message names the file`, p.error.includes(f.file), p.error.slice(0, 200));
        env.check(`${lang}: ${f.name}: no internal text in the message`, !INTERNAL.test(p.error.split(f.file).join('')), p.error.slice(0, 300));
        if (lang === 'zh') env.check(`zh: ${f.name}: the message is in Chinese`, CJK.test(p.error.replace(/“[^”]*”/g, '')), p.error.slice(0, 200));
      }
    }
    const sampleKept = got.filter((x) => !files.some((f) => f.file === x.name));
    env.check(`${lang}: the sample's files are kept and read`, sampleKept.length === before && sampleKept.every((x) => x.state === 'done'),
              JSON.stringify(sampleKept.map((x) => [x.name, x.state])));
    const rep = JSON.parse(await page.evaluate(() => window.tierlens.report()));
    env.check(`${lang}: the dashboard still has the sample's 3 providers`, rep.providers.length === 3, `${rep.providers.length}`);
    await page.evaluate(() => window.tierlens.showPanel('files'));
    await page.setViewportSize({ width: 1280, height: 2900 });   // tall: every file of the Files panel in one screenshot
    await env.shot(page, `bad-files-files-${lang}-dpr1`);
    await page.setViewportSize({ width: 1280, height: 860 });
  }
  const toast = (await page.evaluate(() => window.tierlens.uiState())).toast || '';
  env.check('no notice with internal text', !INTERNAL.test(toast), toast);

  // 2. bad rule sets: refused with the CLI's words in the page's language; the rules and the sample kept
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    for (const name of RULES_CASES) {
      const c = byName[name];
      const text = fs.readFileSync(path.join(dir, c.args[c.args.indexOf('--rules') + 1]), 'utf8');
      const err = await page.evaluate((t) => window.tierlens.setRules(t).then(() => '', (e) => e.message), text);
      env.check(`${lang}: ${name} is refused with “${c.page[lang]}”`, err.includes(c.page[lang]), err);
      env.check(`${lang}: ${name}: no internal text`, !INTERNAL.test(err), err);
    }
  }
  const rules = JSON.parse(await page.evaluate(() => window.tierlens.getRules()));
  env.check('after the refused rule sets the current rules are kept', rules.window_months === 3 && rules.tiers.length === 4, JSON.stringify(rules).slice(0, 200));
  const after = JSON.parse(await page.evaluate(() => window.tierlens.report()));
  env.check('after the refused rule sets the dashboard still has 3 providers', after.providers.length === 3);
  env.check('bad files: no page errors', watch.errors.length === 0, watch.errors.join(' | '));

  // 3. the bad files alone: the page's report equals the CLI's, byte for byte, in zh and en
  if (env.hasCli()) {
    const p2 = await ctx.newPage();
    const w2 = env.watchPage(p2);
    await p2.goto(env.base, { waitUntil: 'load' });
    await p2.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
    await addBadFiles(p2);
    await env.untilRead(p2, files.length);
    for (const lang of ['zh', 'en']) {
      const got = Buffer.from(await p2.evaluate((l) => window.tierlens.report(l), lang), 'utf8');
      env.check(`${lang}: the page's report of the bad files equals the CLI's byte for byte`, Buffer.compare(got, cli[lang]) === 0,
                `web ${got.length} B vs cli ${cli[lang].length} B`);
    }
    env.check('bad files alone: no page errors', w2.errors.length === 0, w2.errors.join(' | '));
    await p2.close();
  }

  // 4. a rule set over the engine's 16 MB limit through setRules (importing a rules file does this), on a
  //    page of its own: refused with the 16 MB message, the page working on. A known gap for now
  //    (expected.json: rules_100mb.page_known_gap): reported, not failed, while it is so.
  const p3 = await ctx.newPage();
  const w3 = env.watchPage(p3);
  await p3.goto(env.base, { waitUntil: 'load' });
  await p3.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
  await p3.evaluate(() => window.tierlens.loadSample());
  const bigErr = await p3.evaluate(() => window.tierlens.setRules('{"schema":"tierlens.rules/1","tiers":[{"id":"base"}]' +
                                                                 ' '.repeat(20 * 1000 * 1000) + '}').then(() => '', (e) => e.message));
  let works = false;
  try { works = JSON.parse(await p3.evaluate(() => window.tierlens.report())).providers.length === 3; } catch (e) { /* the page is dead */ }
  const fine = bigErr.includes('16 MB') && !INTERNAL.test(bigErr) && works && w3.errors.length === 0;
  const gap = byName.rules_100mb.page_known_gap;
  if (!gap) env.check('a 20 MB rule set is refused with the 16 MB message and the page works on', fine, `“${bigErr}”, page works after: ${works}`);
  else if (fine) console.log('  NOTE [bad-files] rules_100mb.page_known_gap looks fixed: remove it from expected.json to make this a check');
  else console.log(`  GAP  [bad-files] ${gap} (now: “${bigErr}”; the page works after: ${works})`);
  await p3.close();

  // 5. an orders file too big for the page (file.too_big_for_page, docs/limits.md): with the limit lowered
  //    to 8 MB (setMemoryLimit: the real one, 3400 MB, needs a file of ~80 million rows), a 6 MB export
  //    fails after its first 4 MB with the message that says what to do, at the top of the dashboard;
  //    the sample's work is kept; with the limit back, the same file is read.
  const p4 = await ctx.newPage();
  const w4 = env.watchPage(p4);
  await p4.goto(env.base, { waitUntil: 'load' });
  await p4.waitForFunction(() => window.tierlens && window.tierlens.timing.firstFrame > 0);
  await p4.evaluate(() => window.tierlens.loadSample());
  let rows = '主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额\n';
  for (let i = 0; rows.length < 6.5e6; ++i) rows += `${7000000000 + i},M${i % 50},2023-06-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,已完成,1.00\n`;
  const big = Array.from(Buffer.from(rows, 'utf8'));
  const n0 = (await p4.evaluate(() => window.tierlens.files())).length;
  await p4.evaluate(() => window.tierlens.setMemoryLimit(8));
  await p4.evaluate((b) => window.tierlens.loadFiles([{ name: 'big_orders.csv', bytes: new Uint8Array(b), options: { kind: 'orders' } }]), big);
  await env.untilRead(p4, n0 + 1);
  for (const lang of ['zh', 'en']) {
    await p4.evaluate((l) => window.tierlens.setLanguage(l), lang);
    await p4.evaluate(() => window.tierlens.showPanel('dashboard'));
    await p4.evaluate(() => window.tierlens.frames(3));
    const f = (await p4.evaluate(() => window.tierlens.files())).find((x) => x.name === 'big_orders.csv');
    env.check(`${lang}: a file over the page's memory fails with file.too_big_for_page`, f && f.error_code === 'file.too_big_for_page', JSON.stringify(f).slice(0, 300));
    const msg = (f && f.error) || '';
    env.check(`${lang}: its message names the file, the sizes and the way out`, msg.includes('big_orders.csv') && msg.includes('8 MB') &&
              (lang === 'zh' ? msg.includes('命令行') : msg.includes('command-line')), msg);
    env.check(`${lang}: no internal text`, !INTERNAL.test(msg), msg);
    const banner = await p4.evaluate(() => window.tierlens.widgetRect('failed_banner_fix'));
    env.check(`${lang}: the dashboard says so at the top`, Array.isArray(banner) && banner[2] > 0 && banner[1] < 300, JSON.stringify(banner));
    const r = JSON.parse(await p4.evaluate(() => window.tierlens.report()));
    env.check(`${lang}: the sample's work is kept (3 providers)`, r.providers.length === 3, `${r.providers.length}`);
    await env.shot(p4, `too-big-for-page-${lang}`);
  }
  const failed = (await p4.evaluate(() => window.tierlens.files())).find((x) => x.name === 'big_orders.csv');
  await p4.evaluate((id) => window.tierlens.remove(id), failed.id);
  await p4.evaluate(() => window.tierlens.setMemoryLimit(0));
  await p4.evaluate((b) => window.tierlens.loadFiles([{ name: 'big_orders.csv', bytes: new Uint8Array(b), options: { kind: 'orders' } }]), big);
  await env.untilRead(p4, n0 + 1);
  const again = (await p4.evaluate(() => window.tierlens.files())).find((x) => x.name === 'big_orders.csv');
  env.check('with the limit back, the same file is read', again && again.state === 'done' && !again.error_code, JSON.stringify(again).slice(0, 300));
  env.check('too big for the page: no page errors', w4.errors.length === 0, w4.errors.join(' | '));
  await p4.close();
}
