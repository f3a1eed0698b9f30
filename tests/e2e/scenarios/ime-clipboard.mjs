// Text input bridges: IME composition, plain typing, paste, and copy (ImGui's clipboard -> the system's).
export async function run(env) {
  const ctx = await env.launch(1);
  const { page, watch } = await env.openApp(ctx);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base.replace(/\/$/, '') });
  await page.evaluate(async () => { await window.tierlens.loadSample(); window.tierlens.showPanel('merchants'); await window.tierlens.frames(4); });
  const r = await page.evaluate(() => window.tierlens.widgetRect('merchant_search'));
  await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
  await page.evaluate(() => window.tierlens.frames(4));
  env.check('clicking the search box focuses the IME input', await page.evaluate(() => document.activeElement && document.activeElement.id === 'ime'));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'fu', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '服饰' });
  await page.evaluate(() => window.tierlens.frames(4));
  let st = await page.evaluate(() => window.tierlens.uiState());
  env.check('IME commit reaches the ImGui field', st.merchant_filter === '服饰', JSON.stringify(st));
  await env.shot(page, 'merchants-search-ime-dpr1');
  await page.keyboard.type('x');
  await page.evaluate(() => window.tierlens.frames(3));
  st = await page.evaluate(() => window.tierlens.uiState());
  env.check('plain typing is not doubled', st.merchant_filter === '服饰x', JSON.stringify(st));
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '店铺');
    document.getElementById('ime').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.evaluate(() => window.tierlens.frames(3));
  st = await page.evaluate(() => window.tierlens.uiState());
  env.check('paste reaches the ImGui field', st.merchant_filter === '服饰x店铺', JSON.stringify(st));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.evaluate(() => window.tierlens.frames(3));
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch((e) => 'ERR ' + e));
  env.check('copy from an ImGui field reaches the system clipboard', clip === '服饰x店铺', clip);
  env.check('bridges: no page errors', watch.errors.length === 0, watch.errors.join(' | '));
}
