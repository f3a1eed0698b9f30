// The report to forward: the export menu's "download report (HTML)" clicked like a person would, in zh and
// en, for the provider picked. The download is the provider's HTML report (tierlens-<provider>-<YYYY-MM>.html:
// no script, the CSP, no order id); opened from disk it draws with no request and no CSP complaint, and it
// prints (page.pdf, A4). Screenshots and PDFs go to <out>/screenshots.
import fs from 'node:fs';
import path from 'node:path';

async function clickExportHtml(page) {
  await page.evaluate(() => window.tierlens.showPanel('dashboard'));
  await page.evaluate(() => window.tierlens.frames(3));
  const ex = await page.evaluate(() => window.tierlens.widgetRect('export'));
  if (!ex) throw new Error('no export button');
  await page.mouse.click(ex[0] + ex[2] / 2, ex[1] + ex[3] / 2);
  await page.evaluate(() => window.tierlens.frames(4));
  const it = await page.evaluate(() => window.tierlens.widgetRect('export_html'));
  if (!it) throw new Error('no "download report (HTML)" item in the export menu');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.mouse.click(it[0] + it[2] / 2, it[1] + it[3] / 2)]);
  return dl;
}

export async function run(env) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  const report = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
  const prov = report.providers[1] || report.providers[0];   // not the one selected by default
  await page.evaluate((id) => { window.tierlens.selectProvider(id); return window.tierlens.frames(3); }, prov.id);
  for (const lang of ['zh', 'en']) {
    await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
    const dl = await env.step(`${lang}: export → download report (HTML)`, () => clickExportHtml(page));
    if (!dl) continue;
    const name = dl.suggestedFilename();
    const html = fs.readFileSync(await dl.path(), 'utf8');
    env.check(`${lang}: file name tierlens-${prov.id}-<YYYY-MM>.html`, new RegExp(`^tierlens-${prov.id}-\\d{4}-\\d{2}\\.html$`).test(name), name);
    env.check(`${lang}: an HTML document`, html.startsWith('<!DOCTYPE html>'));
    env.check(`${lang}: in the page's language`, html.includes(lang === 'zh' ? '<html lang="zh-CN">' : '<html lang="en">'));
    env.check(`${lang}: no script, the CSP`, !html.includes('<script') &&
              html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`));
    env.check(`${lang}: the picked provider's report, with its plan`, html.includes(`<h1>${prov.id}`) &&
              !report.providers.some((p) => p.id !== prov.id && html.includes(`>${p.id}<`)) && html.includes(lang === 'zh' ? '行动计划' : '>Plan<'));
    const merchants = prov.merchants || [];
    env.check(`${lang}: the provider's merchant table`, merchants.length > 0 && merchants.slice(0, 20).every((m) => html.includes(`>${m.id}<`)),
              `${merchants.length} merchants`);
    const file = path.join(env.SHOTS, `report-html-${lang}.html`);
    fs.writeFileSync(file, html);

    // opened from disk, as whoever receives it would
    const rp = await ctx.newPage();
    const outside = [], complaints = [];
    rp.on('request', (r) => { if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) outside.push(r.url()); });
    rp.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') complaints.push(m.text()); });
    rp.on('pageerror', (e) => complaints.push(String(e)));
    await rp.setViewportSize({ width: 900, height: 1200 });
    await rp.goto('file://' + file, { waitUntil: 'load' });
    const seen = await rp.evaluate(() => ({
      title: document.title, svgs: document.querySelectorAll('svg').length, tables: document.querySelectorAll('table').length,
      bars: document.querySelectorAll('svg rect').length, scripts: document.scripts.length, width: document.documentElement.scrollWidth,
    }));
    env.check(`${lang}: the report draws its charts and tables`, seen.svgs >= 1 && seen.bars >= 1 && seen.tables >= 4 && seen.scripts === 0, JSON.stringify(seen));
    env.check(`${lang}: no horizontal scrolling at 900 px`, seen.width <= 900, JSON.stringify(seen));
    await rp.screenshot({ path: path.join(env.SHOTS, `report-html-${lang}.png`), fullPage: true });
    await rp.screenshot({ path: path.join(env.SHOTS, `report-html-${lang}-top.png`) });
    const pdf = await rp.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    fs.writeFileSync(path.join(env.SHOTS, `report-html-${lang}.pdf`), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    console.log(`e2e: ${lang}: ${name}: ${html.length} bytes, PDF ${pdf.length} bytes, ${pages} pages`);
    env.check(`${lang}: prints to PDF`, pdf.subarray(0, 5).toString() === '%PDF-' && pages >= 1, `${pdf.length} bytes, ${pages} pages`);
    env.check(`${lang}: opened from disk, no request and no complaint (CSP)`, outside.length === 0 && complaints.length === 0,
              [...outside, ...complaints].join(' | '));
    await rp.close();
  }
  env.check('no request left 127.0.0.1', watch.outside.length === 0, watch.outside.join(', '));
  env.check('no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
