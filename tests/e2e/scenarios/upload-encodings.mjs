// CSVs written by the native CLI (UTF-8, GBK, UTF-16 LE) uploaded through the real <input type=file>:
// window.tierlens.report(lang) equals `tierlens evaluate --lang LANG` byte for byte; the export menu's
// download (the page's language, zh) equals the CLI's zh report; a rules change re-evaluates.
import fs from 'node:fs';
import path from 'node:path';

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli(), 'build it first (cmake --build build-native)')) return;
  for (const enc of ['utf-8', 'gbk', 'utf-16le']) await env.step(`upload ${enc} sample files`, () => upload(env, enc));
}

async function upload(env, enc) {
  const dir = env.tempDir(enc);
  env.cli(['sample', '--out', dir, ...(enc === 'gbk' ? ['--encoding', 'gbk'] : [])]);
  const orders = path.join(dir, 'orders.csv'), bindings = path.join(dir, 'bindings.csv'), standards = path.join(dir, 'standards.csv');
  if (enc === 'utf-16le') {   // Excel's "Unicode text": UTF-16 LE with a BOM
    for (const f of [orders, bindings]) {
      const text = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    }
  }
  const expected = (lang) => env.cli(['evaluate', '--lang', lang, '--orders', orders, '--bindings', bindings, '--standards', standards, '--format', 'json']);
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await page.setInputFiles('#file', [orders, bindings, standards]);
  await env.untilRead(page, 3);
  for (const lang of ['en', 'zh']) {
    const got = Buffer.from(await page.evaluate((l) => window.tierlens.report(l), lang), 'utf8');
    const exp = expected(lang);
    const same = Buffer.compare(got, exp) === 0;
    if (!same) {
      fs.writeFileSync(path.join(env.OUT, `report-web-${enc}-${lang}.json`), got);
      fs.writeFileSync(path.join(env.OUT, `report-cli-${enc}-${lang}.json`), exp);
    }
    env.check(`${enc}: report('${lang}') equals the CLI's --lang ${lang} report byte for byte`, same,
              same ? '' : `web ${got.length} B vs cli ${exp.length} B (saved under ${env.OUT})`);
  }
  if (enc === 'utf-8') {
    const dl = await downloadReport(page);
    const exp = expected('zh');
    env.check('utf-8: the downloaded report (page in zh) equals the CLI\'s zh report byte for byte', dl && Buffer.compare(dl, exp) === 0,
              dl ? `download ${dl.length} B vs cli ${exp.length} B` : 'no download');
    const rd = await page.evaluate(() => window.tierlens.timing.read);
    env.check('utf-8: files are read by the reader worker into reused buffers (BYOB) and cut there', rd.worker && rd.byob && rd.cutInWorker,
              JSON.stringify(rd));
  }
  const files = await page.evaluate(() => window.tierlens.files());
  env.check(`${enc}: files detected as orders, bindings, standards`,
            files.map((f) => f.kind).join(',') === 'orders,bindings,standards', JSON.stringify(files));
  await page.evaluate(() => window.tierlens.showPanel('files'));
  await env.shot(page, `files-${enc}-dpr1`);
  const r2 = JSON.parse(await page.evaluate(async () => {
    const r = JSON.parse(window.tierlens.getRules());
    r.tiers[1].all[0].value = 1;
    return window.tierlens.setRules(JSON.stringify(r));
  }));
  env.check(`${enc}: setRules re-evaluates (silver paid-order bar = 1)`, r2.providers.every((p) => p.tiers[1].conditions[0].bar === 1));
  env.check(`${enc}: no request left 127.0.0.1`, watch.outside.length === 0, watch.outside.join(', '));
  env.check(`${enc}: no page errors`, watch.errors.length === 0, watch.errors.join(' | '));
}

// The export menu's "download report" item, clicked like a person would, and the file it saves.
async function downloadReport(page) {
  await page.evaluate(() => window.tierlens.showPanel('dashboard'));
  await page.evaluate(() => window.tierlens.frames(3));
  const ex = await page.evaluate(() => window.tierlens.widgetRect('export'));
  if (!ex) return null;
  await page.mouse.click(ex[0] + ex[2] / 2, ex[1] + ex[3] / 2);
  await page.evaluate(() => window.tierlens.frames(4));
  const it = await page.evaluate(() => window.tierlens.widgetRect('export_report'));
  if (!it) return null;
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.mouse.click(it[0] + it[2] / 2, it[1] + it[3] / 2)]);
  return fs.readFileSync(await dl.path());
}
