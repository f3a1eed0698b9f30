// The built-in sample at dpr 1 and 2: empty state, dashboard and every panel in zh and en (screenshots
// not blank), crisp canvas (backing store = CSS × dpr); the merchants panel follows the provider and the
// rules; re-evaluation timings. No request leaves the page, no page errors.
export async function run(env) {
  for (const dpr of [1, 2]) {
    const ctx = await env.launch(dpr);
    const { page, watch, firstFrame } = await env.openApp(ctx);
    console.log(`e2e: dpr ${dpr}: first frame after ${firstFrame.toFixed(0)} ms`);
    await env.step(`dpr ${dpr}: empty state`, () => env.shot(page, `start-zh-dpr${dpr}`));
    const r = JSON.parse(await page.evaluate(() => window.tierlens.loadSample()));
    env.check(`dpr ${dpr}: sample report has 3 providers`, r.providers && r.providers.length === 3, `got ${r.providers && r.providers.length}`);
    env.check(`dpr ${dpr}: report schema`, r.schema === 'tierlens.report/1');
    const cs = await page.evaluate(() => { const c = document.getElementById('canvas'); return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }; });
    env.check(`dpr ${dpr}: canvas backing store is CSS × dpr`, cs.w === Math.round(cs.cw * dpr) && cs.h === Math.round(cs.ch * dpr), JSON.stringify(cs));
    for (const lang of ['zh', 'en']) {
      await page.evaluate((l) => window.tierlens.setLanguage(l), lang);
      for (const panel of ['dashboard', 'merchants', 'quality', 'rules', 'providers', 'months', 'files']) {
        if (dpr === 2 && !['dashboard', 'merchants', 'quality', 'rules'].includes(panel)) continue;
        await page.evaluate((p) => window.tierlens.showPanel(p), panel);
        await env.step(`shot ${panel}-${lang}-dpr${dpr}`, () => env.shot(page, `${panel}-${lang}-dpr${dpr}`));
      }
    }
    await page.evaluate(() => window.tierlens.setLanguage('zh'));
    if (dpr === 1) await env.step('merchants panel and re-evaluation', () => merchantsAndReevaluation(env, page));
    env.check(`dpr ${dpr}: no request left 127.0.0.1`, watch.outside.length === 0, watch.outside.join(', '));
    env.check(`dpr ${dpr}: no page errors`, watch.errors.length === 0, watch.errors.join(' | '));
  }
}

// The merchants panel shows the selected provider's table of the current evaluation, also after a rules
// change and for another provider (no further evaluation: every table is in the one Result).
async function merchantsAndReevaluation(env, page) {
  const T = (fn, arg) => page.evaluate(fn, arg);
  const full = JSON.parse(await T(() => window.tierlens.report()));
  await T(() => { window.tierlens.showPanel('merchants'); return window.tierlens.frames(4); });
  let st = await T(() => window.tierlens.uiState());
  const mv = st.merchants_view;
  const prov = full.providers.find((p) => p.id === mv.provider);
  env.check('merchants panel shows the selected provider\'s table', prov && mv.eval === st.eval_count && mv.rows > 0 &&
            mv.total === prov.merchants.length && mv.first === prov.merchants[0].id, JSON.stringify(mv));
  const rules = JSON.parse(await T(() => window.tierlens.getRules()));
  const orig = JSON.stringify(rules);
  rules.qualified_compare = rules.qualified_compare === '>' ? '>=' : '>';
  const rr = await T((r) => window.tierlens.applyRules(r), JSON.stringify(rules));
  await T(() => window.tierlens.frames(3));
  st = await T(() => window.tierlens.uiState());
  env.check('merchants panel shows rows after a rules change', st.merchants_view.eval === st.eval_count && st.merchants_view.rows === mv.rows &&
            st.merchants_view.total === mv.total, JSON.stringify(st.merchants_view));
  await env.shot(page, 'merchants-after-rules-zh-dpr1');
  const evals = st.eval_count;
  const other = full.providers.find((p) => p.id !== mv.provider);
  await T((id) => { window.tierlens.selectProvider(id); return window.tierlens.frames(4); }, other.id);
  st = await T(() => window.tierlens.uiState());
  env.check('merchants panel follows the provider picked, without another evaluation', st.merchants_view.provider === other.id &&
            st.merchants_view.total === other.merchants.length && st.merchants_view.first === other.merchants[0].id && st.eval_count === evals,
            JSON.stringify(st.merchants_view) + ` evaluations ${evals} -> ${st.eval_count}`);
  await T((id) => { window.tierlens.selectProvider(id); return window.tierlens.frames(2); }, mv.provider);
  const full2 = JSON.parse(await T(() => window.tierlens.report()));
  const p2 = full2.providers.find((p) => p.id === mv.provider);
  env.check('after a rules change, report() has the new rules and every merchant table', full2.rules.qualified_compare === rules.qualified_compare &&
            p2 && p2.merchants.length === mv.total);
  const rw = await T(async () => {
    const w = JSON.parse(window.tierlens.report()).window.data_months;
    return window.tierlens.setWindow(w[0] + '..' + w[Math.min(2, w.length - 1)]);
  });
  const rd = await T(() => window.tierlens.setWindow(''));
  await T((r) => window.tierlens.applyRules(r), orig);
  const f = (x) => `${x.ms.toFixed(1)} ms (evaluation ${x.evalMs.toFixed(1)})`;
  console.log(`e2e: re-evaluation on the sample, until the frame showing it is drawn: rules ${f(rr)}, window ${f(rw)}, default window ${f(rd)}`);
  env.check('setWindow / applyRules resolve once the new result is drawn', [rr, rw, rd].every((x) => x.ms > 0 && x.ms >= x.evalMs && x.evalMs >= x.engineMs));
  await T(() => window.tierlens.showPanel('dashboard'));
}
