// tierlens web — glyph rasteriser for the ImGui atlas (called from web/fonts.cpp through EM_JS).
// Text is drawn by the browser's own font stack, so Chinese needs no font download at all.
'use strict';
window.tlGlyphs = (() => {
  const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", ' +
    '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", ' +
    '"Droid Sans Fallback", sans-serif';
  const EM = [14 / 17, 15.5 / 20, 27 / 34];     // em size / line height per face (regular, bold, big)
  const WEIGHT = ['400', '600', '700'];
  let canvas = null, ctx = null;

  function context(w, h) {
    if (!canvas) {
      canvas = document.createElement('canvas');
      ctx = null;
    }
    if (canvas.width < w || canvas.height < h || !ctx) {
      canvas.width = Math.max(canvas.width, w, 64);
      canvas.height = Math.max(canvas.height, h, 64);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    return ctx;
  }
  function spec(face, line) {
    return `${WEIGHT[face]} ${Math.max(1, Math.round(line * EM[face]))}px ${FAMILY}`;
  }
  function baseline(c, line) {
    const m = c.measureText('Mg中');
    const fa = m.fontBoundingBoxAscent || m.actualBoundingBoxAscent || line * 0.8;
    const fd = m.fontBoundingBoxDescent || m.actualBoundingBoxDescent || line * 0.2;
    return Math.round((line - (fa + fd)) / 2 + fa);
  }

  function measure(face, line, cps, out) {
    const c = context(64, 64);
    c.font = spec(face, line);
    c.textBaseline = 'alphabetic';
    const base = baseline(c, line);
    for (let i = 0; i < cps.length; i++) {
      const s = String.fromCodePoint(cps[i]);
      const m = c.measureText(s);
      const adv = Math.max(0, Math.round(m.width));
      const l = m.actualBoundingBoxLeft || 0, r = m.actualBoundingBoxRight || 0;
      const a = m.actualBoundingBoxAscent || 0, d = m.actualBoundingBoxDescent || 0;
      let x0 = Math.floor(-l) - 1, x1 = Math.ceil(r) + 1, y0 = Math.floor(base - a) - 1, y1 = Math.ceil(base + d) + 1;
      if (r - -l <= 0 || a + d <= 0) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }   // no ink (space)
      out.set([adv, x0, y0, x1, y1], i * 5);
    }
  }

  // Draws the glyphs packed in rows on a scratch canvas (only as big as they need, so the read-back is
  // small when a rebuild adds a few characters), then copies each into its rect of the atlas.
  function draw(jobs, n, lines, atlasPtr, w, h) {
    const W = Math.max(64, Math.min(w, 1024));
    const at = new Int32Array(n * 2);
    let sx = 0, sy = 0, row = 0;
    for (let i = 0; i < n; i++) {
      const gw = jobs[i * 8 + 4], gh = jobs[i * 8 + 5];
      if (sx + gw > W) { sx = 0; sy += row; row = 0; }
      at[i * 2] = sx; at[i * 2 + 1] = sy;
      sx += gw; row = Math.max(row, gh);
    }
    const H = Math.max(1, sy + row);
    const c = context(W, H);
    c.clearRect(0, 0, W, H);
    c.fillStyle = '#fff';
    c.textBaseline = 'alphabetic';
    const bases = [];
    for (let f = 0; f < 3; f++) { c.font = spec(f, lines[f]); bases.push(baseline(c, lines[f])); }
    let face = -1;
    for (let i = 0; i < n; i++) {
      const o = i * 8, f = jobs[o], cp = jobs[o + 1], gw = jobs[o + 4], gh = jobs[o + 5], x = at[i * 2], y = at[i * 2 + 1];
      if (f !== face) { face = f; c.font = spec(f, lines[f]); }
      c.save();
      c.beginPath(); c.rect(x, y, gw, gh); c.clip();
      c.fillText(String.fromCodePoint(cp), x + jobs[o + 6], y + jobs[o + 7] + bases[f]);
      c.restore();
    }
    const img = c.getImageData(0, 0, W, H).data;
    const heap = Module.HEAPU8;              // read fresh: memory growth replaces the buffer
    for (let i = 0; i < n; i++) {
      const o = i * 8, x = jobs[o + 2], y = jobs[o + 3], gw = jobs[o + 4], gh = jobs[o + 5];
      for (let yy = 0; yy < gh; yy++) {
        let src = ((at[i * 2 + 1] + yy) * W + at[i * 2]) * 4 + 3, dst = atlasPtr + (y + yy) * w + x;
        for (let xx = 0; xx < gw; xx++, src += 4) heap[dst++] = img[src];
      }
    }
  }
  return { measure, draw };
})();
