// The privacy promise, proven in the browser: the page's Content-Security-Policy is in force (requests to
// another origin are refused by the browser itself), the app works under it (the reader worker cuts files,
// the engine evaluates), nothing but the page's own origin is asked for while files are uploaded,
// evaluated, re-evaluated and exported, and nothing of the data is stored beyond the tab.
import path from 'node:path';

export async function run(env) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  const csp = await page.evaluate(() => (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '');
  env.check('the page ships a Content-Security-Policy', /default-src 'none'/.test(csp) && /connect-src 'self'/.test(csp) &&
            /script-src 'self' 'wasm-unsafe-eval'/.test(csp), csp);
  // another origin: refused by the browser (a CSP violation), for a fetch, an image and a script
  const refused = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    let fetchFailed = false;
    try { await fetch('http://127.0.0.2:9/leak'); } catch (e) { fetchFailed = true; }
    const img = new Image(); img.src = 'http://127.0.0.2:9/leak.png';
    const s = document.createElement('script'); s.src = 'http://127.0.0.2:9/leak.js'; document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 300));
    return { fetchFailed, seen };
  });
  env.check('a fetch to another origin is refused by the CSP', refused.fetchFailed && refused.seen.some((d) => d.startsWith('connect-src')),
            JSON.stringify(refused));
  env.check('an image and a script from another origin are refused by the CSP',
            refused.seen.some((d) => d.startsWith('img-src')) && refused.seen.some((d) => d.startsWith('script-src')), JSON.stringify(refused));
  env.check('the refused requests never reached the network', watch.outside.every((u) => u.startsWith('http://127.0.0.2:9/')), watch.outside.join(', '));
  watch.outside.length = 0;
  // the app under the CSP: files read by the worker (cut there), evaluated, re-evaluated, exported
  if (env.hasCli()) {
    const dir = env.tempDir('privacy');
    env.cli(['sample', '--out', dir, '--rows', '20000']);
    await page.setInputFiles('#file', ['orders.csv', 'bindings.csv', 'standards.csv'].map((n) => path.join(dir, n)));
    await env.untilRead(page, 3);
    const rd = await page.evaluate(() => window.tierlens.timing.read);
    env.check('under the CSP the reader worker still reads and cuts the files', rd.worker && rd.cutInWorker, JSON.stringify(rd));
    await page.evaluate(() => window.tierlens.setWindow(''));
    const r = JSON.parse(await page.evaluate(() => window.tierlens.report()));
    env.check('under the CSP the engine evaluates', r.providers && r.providers.length > 0);
    await page.evaluate(async () => {
      const rules = JSON.parse(window.tierlens.getRules());
      rules.qualified_compare = '>=';
      await window.tierlens.applyRules(rules);
      window.tierlens.summary();
    });
    const csv = await page.evaluate(() => window.tierlens.report('zh').length);
    env.check('under the CSP exports are made', csv > 1000);
  }
  env.check('no request left the page\'s origin while files were read, evaluated and exported', watch.outside.length === 0, watch.outside.join(', '));
  env.check('no page errors under the CSP', watch.errors.filter((e) => !/Content Security Policy|127\.0\.0\.2/.test(e)).length === 0, watch.errors.join(' | '));
  // nothing of the data is stored beyond the tab: only the language (and no databases, no caches)
  const stored = await page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    idb: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    cached: await (async () => {   // the service worker's copy of the page's own files (web/sw.js), nothing else
      const out = [];
      for (const k of self.caches ? await caches.keys() : []) for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname);
      return out;
    })(),
  }));
  const own = new Set(['/index.html', '/glyphs.js', '/host.js', '/app.js', '/app.wasm', '/build.json']);
  env.check('nothing of the data is stored beyond the tab (only the language, and the page\'s own files for offline use)',
            stored.local.every((k) => k === 'tierlens.lang') && stored.session.length === 0 && stored.idb.length === 0 &&
            stored.cached.every((u) => own.has(u)), JSON.stringify(stored));
}
