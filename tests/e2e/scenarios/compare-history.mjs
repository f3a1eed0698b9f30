// The rule comparison, the grade-history chart and the providers table (issue #14 leftovers), on
// tests/fixtures/plan with its rules (silver: paid orders >= 40 and (active >= 4 or qualified >= 2)):
// - "载入对比规则… / Load rules to compare" clicked like a person would, given tests/fixtures/plan_rules_r2.json
//   (silver's bars lowered to 15 and 2): the comparison panel lists exactly the providers the CLI's
//   `evaluate --compare-rules` says change tier (SP1: base → silver), and the page's report equals the CLI's
//   with --compare-rules byte for byte in zh and en; "copy the current rules" changes nobody's tier; clearing
//   the comparison gives the plain report back;
// - the months panel draws the grade-history chart: per grade the tier the CLI's --history says, and the
//   silver bar line; the chart's pixels are not blank;
// - the providers table fits: its last column's header lies within the canvas at 1280 and at 900 px (where
//   it scrolls), and a clipped header ends in "…", never "?".
// Screenshots in zh and en (dpr 1 and 2) go to <out>/screenshots.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const FIX = path.join(ROOT, 'tests/fixtures/plan');
const FILES = ['orders.csv', 'bindings.csv', 'standards.csv', 'rules.json'].map((f) => path.join(FIX, f));
const R2 = path.join(ROOT, 'tests/fixtures/plan_rules_r2.json');
const H = 1400;   // a window tall enough for the months panel's history chart

export async function run(env) {
  if (!env.check(`CLI present at ${env.CLI}`, env.hasCli(), 'build it first')) return;
  const cliJson = (lang, extra = []) => env.cli(['evaluate', '--lang', lang, '--format', 'json', ...FILES, ...extra]);
  const expected = JSON.parse(cliJson('en', ['--compare-rules', R2]).toString('utf8')).comparison;
  const expChanged = expected.providers.filter((p) => p.tier !== p.other_tier).map((p) => p.id);
  env.check('the CLI says SP1 goes from base to silver under the lower bars (the known answer)',
            JSON.stringify(expected.providers.filter((p) => p.id === 'SP1').map((p) => [p.tier, p.other_tier])) === '[["base","silver"]]' &&
            expChanged.join(',') === 'SP1', JSON.stringify(expected));

  const ctx = await env.launch(1, { width: 1280, height: 800 });
  const { page, watch } = await env.openApp(ctx);
  const T = (fn, arg) => page.evaluate(fn, arg);
  await page.setInputFiles('#file', FILES);
  await env.untilRead(page, 4);
  const click = async (name) => {
    const r = await T((n) => window.tierlens.widgetRect(n), name);
    if (!r) return false;
    await page.mouse.move(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await T(() => window.tierlens.frames(2));
    await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await T(() => window.tierlens.frames(4));
    return true;
  };
  const ui = () => T(() => window.tierlens.uiState());
  const sameAsCli = async (tag, extra) => {
    for (const lang of ['zh', 'en']) {
      const got = Buffer.from(await T((l) => window.tierlens.report(l), lang), 'utf8');
      const exp = cliJson(lang, extra);
      const ok = Buffer.compare(got, exp) === 0;
      if (!ok) {
        fs.writeFileSync(path.join(env.OUT, `report-web-${tag}-${lang}.json`), got);
        fs.writeFileSync(path.join(env.OUT, `report-cli-${tag}-${lang}.json`), exp);
      }
      env.check(`${tag}: report('${lang}') equals the CLI's byte for byte`, ok, ok ? `${got.length} B` : `saved under ${env.OUT}`);
    }
  };
  await sameAsCli('no comparison', []);

  await env.step('load rules to compare through the panel\'s button', async () => {
    await T(() => { window.tierlens.showPanel('compare'); return window.tierlens.frames(4); });
    env.check('the comparison panel says there is nothing to compare yet', (await ui()).compare_view.total === 0);
    await env.shot(page, 'compare-empty-zh');
    const r = await T(() => window.tierlens.widgetRect('compare_load'));
    if (!env.check('"载入对比规则…" drawn', !!r)) return;
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2)]);
    await chooser.setFiles(R2);
    await page.waitForFunction(() => window.tierlens.getCompareRules() !== '', null, { timeout: 10000 });
    await T(() => window.tierlens.frames(6));
    const v = (await ui()).compare_view;
    env.check('the panel lists exactly the providers the CLI says change tier (SP1)', v.changed.join(',') === expChanged.join(',') &&
              v.rows === expChanged.length && v.total === expected.providers.length, JSON.stringify(v));
    const rep = JSON.parse(await T(() => window.tierlens.report('en')));
    env.check('the report carries the CLI\'s comparison', JSON.stringify(rep.comparison) === JSON.stringify(expected), JSON.stringify(rep.comparison));
    await env.shot(page, 'compare-r2-zh');
    await T(() => window.tierlens.setLanguage('en'));
    await T(() => window.tierlens.frames(4));
    await env.shot(page, 'compare-r2-en');
    await T(() => window.tierlens.setLanguage('zh'));
  });
  await sameAsCli('--compare-rules', ['--compare-rules', R2]);

  await env.step('a refused rules file is said in the page\'s words, the comparison kept', async () => {
    let err = '';
    try { await T(() => window.tierlens.setCompareRules('{"schema":"tierlens.rules/1","window_months":1e400,"tiers":[{"id":"base"}]}')); }
    catch (e) { err = String(e.message || e); }
    const st = await ui();
    env.check('refused with a message, no internal text', err !== '' && st.compare_error !== '' && !/exception|what\(\)|basic_string|json\.exception/i.test(st.compare_error),
              `${err} | ${st.compare_error}`);
    env.check('the comparison loaded before stays', st.compare_view.changed.join(',') === 'SP1', JSON.stringify(st.compare_view));
  });

  await env.step('copy of the current rules: nobody changes', async () => {
    env.check('clicked "复制当前规则来修改"', await click('compare_copy'));
    const v = (await ui()).compare_view;
    env.check('an unedited copy changes no provider\'s tier', v.changed.length === 0 && v.total === expected.providers.length, JSON.stringify(v));
    const rep = JSON.parse(await T(() => window.tierlens.report('zh')));
    env.check('the report\'s comparison names the copy and has no change', !!rep.comparison && rep.comparison.providers.every((p) => p.changed_by.length === 0 && p.tier === p.other_tier),
              JSON.stringify(rep.comparison));
    await env.shot(page, 'compare-copy-zh');
  });

  // The copy edited with the editor's widgets: silver's paid orders bar 40 -> 60 drops SP2 (57 orders) to base.
  // The page's report then equals the CLI's with --compare-rules <the edited rules, as the page exports them>.
  await env.step('edit the copy\'s bar in the page: SP2 falls to base', async () => {
    env.check('opened the editor', await click('compare_edit'));
    env.check('clicked silver\'s paid-orders bar', await click('rule_value_silver_all_0'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');
    await page.keyboard.press('Enter');
    await T(() => window.tierlens.frames(6));
    const edited = await T(() => window.tierlens.getCompareRules());
    const silver = JSON.parse(edited).tiers.find((t) => t.id === 'silver');
    env.check('the compared rules now ask silver for 60 paid orders', silver.all[0].metric === 'paid_orders' && silver.all[0].value === 60, JSON.stringify(silver));
    env.check('the current rules are untouched (40)', JSON.parse(await T(() => window.tierlens.getRules())).tiers.find((t) => t.id === 'silver').all[0].value === 40);
    const v = (await ui()).compare_view;
    const file = path.join(env.tempDir('compare'), 'edited.json');
    fs.writeFileSync(file, edited);
    const cli = JSON.parse(cliJson('en', ['--compare-rules', file]).toString('utf8')).comparison;
    const cliChanged = cli.providers.filter((p) => p.tier !== p.other_tier).map((p) => p.id);
    env.check('the CLI on the edited rules: SP2 silver -> base', cliChanged.join(',') === 'SP2' &&
              JSON.stringify(cli.providers.find((p) => p.id === 'SP2')) .includes('"other_tier":"base"'), JSON.stringify(cli));
    env.check('the panel lists the same change (SP2)', v.changed.join(',') === cliChanged.join(','), JSON.stringify(v));
    await env.shot(page, 'compare-edited-zh');
    await T(() => window.tierlens.setLanguage('en'));
    await env.shot(page, 'compare-edited-en');
    await T(() => window.tierlens.setLanguage('zh'));
    await sameAsCli('edited copy', ['--compare-rules', file]);
  });

  await env.step('clear the comparison', async () => {
    env.check('clicked "清除对比"', await click('compare_clear'));
    const rep2 = JSON.parse(await T(() => window.tierlens.report('zh')));
    env.check('cleared: no comparison in the report', !('comparison' in rep2) && (await T(() => window.tierlens.getCompareRules())) === '');
  });
  await sameAsCli('cleared', []);

  await env.step('grade-history chart', async () => {
    const hist = JSON.parse(cliJson('en', ['--history']).toString('utf8')).history;
    // the chart sits below the month chart and its table: a tall window shows it without scrolling (the
    // wheel reaches GLFW's passive listener, which complains on the console)
    await page.setViewportSize({ width: 1280, height: H });
    for (const id of ['SP1', 'SP2']) {
      await T((p) => { window.tierlens.selectProvider(p); window.tierlens.showPanel('months'); return window.tierlens.frames(4); }, id);
      let rect;
      const v = (await ui()).history_view;
      const want = hist.map((g) => { const p = g.providers.find((x) => x.id === id); return p ? p.tier : ''; });
      const months = hist.map((g) => g.month);
      env.check(`${id}: the chart shows the CLI's grades and tiers (${months.join(', ')}: ${want.join(', ')})`,
                v.provider === id && want.length > 0 && v.tiers.join(',') === want.join(',') && v.grades.join(',') === months.join(','), JSON.stringify(v));
      env.check(`${id}: silver's paid-orders bar is drawn as a line`, v.bar_lines.includes('silver'), JSON.stringify(v.bar_lines));
      for (const lang of ['zh', 'en']) {
        await T((l) => window.tierlens.setLanguage(l), lang);
        const st = await env.shot(page, `history-chart-${id}-${lang}`);
        rect = await T(() => window.tierlens.widgetRect('history_chart'));
        if (!env.check(`${id} ${lang}: chart on screen`, !!rect && rect[1] >= 0 && rect[1] + rect[3] <= H, JSON.stringify(rect))) continue;
        const a = await env.areaStats(page, `history-chart-${id}-${lang}`, rect);
        env.check(`${id} ${lang}: the chart's area is drawn (not blank)`, a.variance > 100 && a.colours > 8, JSON.stringify(a) + ' ' + st.width);
      }
      await T(() => window.tierlens.setLanguage('zh'));
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await env.step('providers table fits; clipped headers end in "…"', async () => {
    for (const width of [1280, 900]) {
      await page.setViewportSize({ width, height: 800 });
      await T(() => { window.tierlens.showPanel('providers'); return window.tierlens.frames(6); });
      for (const lang of ['zh', 'en']) {
        await T((l) => window.tierlens.setLanguage(l), lang);
        await T(() => window.tierlens.frames(4));
        const last = await T(() => window.tierlens.widgetRect('providers_head_8'));
        const first = await T(() => window.tierlens.widgetRect('providers_head_0'));
        if (width === 1280)
          env.check(`${width} ${lang}: the last column's header is inside the canvas`, !!last && last[0] >= 0 && last[0] + last[2] <= width - 4, JSON.stringify(last));
        else
          env.check(`${width} ${lang}: the table scrolls sideways (first column shown, the last beyond)`, !!first && first[0] >= 0 && first[0] < 100,
                    JSON.stringify({ first, last }));
        await env.shot(page, `providers-${width}-${lang}`);
        const f = (await ui()).fonts;
        env.check(`${width} ${lang}: clipped text ends in "…" (U+2026, in the atlas), not the fallback "?"`,
                  f.every((x) => x.ellipsis === 0x2026 && x.ellipsis_glyph && x.ellipsis_count === 1), JSON.stringify(f));
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await env.step('HiDPI: the comparison and the history chart at dpr 2', async () => {
    const c2 = await env.launch(2, { width: 1280, height: H });
    const { page: p2, watch: w2 } = await env.openApp(c2);
    await p2.setInputFiles('#file', FILES);
    await env.untilRead(p2, 4);
    await p2.evaluate((t) => window.tierlens.setCompareRules(t), fs.readFileSync(R2, 'utf8'));
    await p2.evaluate(() => { window.tierlens.showPanel('compare'); return window.tierlens.frames(4); });
    await env.shot(p2, 'compare-r2-zh-dpr2');
    await p2.evaluate(() => { window.tierlens.selectProvider('SP1'); window.tierlens.showPanel('months'); window.tierlens.setLanguage('en'); return window.tierlens.frames(4); });
    await env.shot(p2, 'history-chart-SP1-en-dpr2');
    const rect = await p2.evaluate(() => window.tierlens.widgetRect('history_chart'));
    const a = rect && await env.areaStats(p2, 'history-chart-SP1-en-dpr2', rect, 2);
    env.check('dpr 2: the history chart is drawn (not blank)', !!a && a.width === 2560 && a.variance > 100 && a.colours > 8, JSON.stringify({ rect, a }));
    env.check('dpr 2: no page errors', w2.errors.length === 0, w2.errors.join(' | '));
  });
  env.check('no request left 127.0.0.1', watch.outside.length === 0, watch.outside.join(', '));
  env.check('no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
