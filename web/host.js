// tierlens web — the page side: Emscripten Module setup, streaming local files into the engine
// (File.stream(), nothing leaves the browser), drag and drop, the IME and clipboard bridges, downloads,
// the rules share link, and the window.tierlens JS API.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());   // (no inline handlers: the CSP forbids them)
  // The WebGL context is made here, before Emscripten's GLFW asks for it (and gets this one), because
  // GLFW has no way to ask for preserveDrawingBuffer: it lets a progress frame draw just the progress
  // card over the pixels of the frame before (web/main.cpp). Otherwise GLFW's attributes.
  canvas.getContext('webgl2', { alpha: true, depth: true, stencil: true, antialias: false, preserveDrawingBuffer: true });
  let readyResolve, readyReject;
  const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
  const timing = { start: performance.now(), runtime: 0, firstFrame: 0 };
  let wasmModule = null;   // the compiled engine, for the reader worker
  let reader = null, readerFailed = false, jobSeq = 0;   // the reader worker (see READER_SRC)

  // ---- Emscripten module ----------------------------------------------------------------------
  const M = window.Module = {
    canvas,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onRuntimeInitialized() { timing.runtime = performance.now(); },
    // Compiles app.wasm as Emscripten would (streaming), and keeps the module: the reader worker gets it
    // (setup) and runs its own instance for cutting files, with nothing downloaded or compiled again.
    // The single-file build (dist/tierlens.html) carries app.wasm inline: no request at all (file://).
    instantiateWasm(imports, receive) {
      const url = 'app.wasm';
      const embedded = window.tierlensEmbedded;
      const streaming = embedded ? Promise.reject(new Error()) : WebAssembly.instantiateStreaming
        ? WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports) : Promise.reject(new Error());
      streaming.catch(() => (embedded ? Promise.resolve(embedded.wasm())
                                      : fetch(url, { credentials: 'same-origin' }).then((r) => r.arrayBuffer()))
        .then((b) => WebAssembly.instantiate(b, imports)))
        .then((r) => {
          wasmModule = r.module;
          if (reader) setUpReader(reader);
          receive(r.instance, r.module);
        }, (e) => M.onAbort(String((e && e.message) || e)));
      return {};
    },
    onAbort(what) {
      const l = $('loading');
      l.style.display = 'flex';
      l.textContent = 'tierlens: ' + text('js_loading_failed', '加载失败 / Loading failed') + ' (' + what + ')';
      readyReject(new Error(String(what)));
    },
  };
  canvas.addEventListener('webglcontextlost', (e) => { e.preventDefault(); }, false);

  function text(key, fallback) {
    try { return M.ccall('tl_ui_text', 'string', ['string'], [key]); } catch (e) { return fallback || key; }
  }
  // A string for C in the heap, for texts of any size (ccall puts 'string' arguments on the wasm stack, a
  // few MB at most: a large rule set overflowed it and killed the instance).
  function withHeapString(str, fn) {
    const n = M.lengthBytesUTF8(str) + 1, p = M._malloc(n) >>> 0;
    if (!p) return fn(0);   // no memory for it: C sees no text and says so
    try { M.stringToUTF8(str, p, n); return fn(p); } finally { M._free(p); }
  }
  function notify(msg) { try { M.ccall('tl_notify', null, ['string'], [msg]); } catch (e) { console.warn(msg); } }

  // ---- activity (the frame loop idles when nothing happens) ---------------------------------------
  let lastInput = performance.now();
  const poke = () => { lastInput = performance.now(); };
  for (const ev of ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend',
                    'resize', 'focus', 'compositionupdate'])
    window.addEventListener(ev, poke, { capture: true, passive: true });

  // ---- reading files ----------------------------------------------------------------------------
  const files = new Map();     // workspace file id -> { name, blob } (kept for re-reading with new options)
  let queue = Promise.resolve();
  let buf = { ptr: 0, cap: 0 };
  let reading = false;

  function ensureBuffer(n) {
    if (n <= buf.cap) return buf.ptr;
    if (buf.ptr) M._free(buf.ptr);
    buf.cap = Math.max(n, 1 << 20);
    buf.ptr = M._malloc(buf.cap) >>> 0;      // >>>0: pointers above 2 GB come back negative
    if (!buf.ptr) { buf.cap = 0; throw new Error('out of memory'); }
    return buf.ptr;
  }

  // Taking rows into the store is what the main thread should spend its time on while reading.
  // 1. File.stream()'s read() copies each chunk out of the browser's blob pipe on the calling thread, so a
  //    worker reads (openChunks), cuts the chunk with an engine instance of its own (READER_SRC) and hands
  //    the Cut over (transferred, not copied); the main thread takes it (Workspace::take) and hands the
  //    buffer back for the next one. Up to 16 chunks (1 MB each with BYOB) are in flight, so a fast disk
  //    cannot pile a file up in memory. The worker comes from a blob: URL (no extra file); where it cannot
  //    run (e.g. a CSP without blob: workers) the main thread reads and feeds, yielding every 100 ms.
  // 2. Progress frames: a frame's whole cost (drawing, and handing it to the compositor: under software GL
  //    ~45-50 ms for a whole frame, 15-29 ms when only the progress card is drawn again; a few ms on a GPU)
  //    is measured between our own tasks, and main.cpp spaces the frames
  //    drawn while reading so they take about a tenth of the time: 2 to 4 a second. The first frame of a
  //    reading (the overlay with Cancel) is drawn at once, and input gets a frame at once, so the Cancel
  //    button is there and reacts as usual. (A twentieth — 1 a second under software GL — looked ~1 s
  //    faster on a 10M-row file, within the run-to-run spread, and lets 600 ms pass without a frame.)
  const read = timing.read = { ms: 0, feedMs: 0, chunks: 0, bytes: 0, frames: 0, frameCostMs: 0, worker: false, byob: false, cutInWorker: false };
  const pace = { t: 0, drawn: 0 };
  function taskStart() {
    const d = M._tl_frames_drawn();
    if (pace.t && d !== pace.drawn) {
      const c = performance.now() - pace.t;      // since our previous task ended: the frame(s) drawn in between
      read.frames += d - pace.drawn;
      read.frameCostMs = read.frameCostMs ? 0.7 * read.frameCostMs + 0.3 * c : c;
      M._tl_set_reading_frame_ms(Math.min(500, Math.max(250, 10 * read.frameCostMs)));
    }
  }
  function taskEnd() { pace.t = performance.now(); pace.drawn = M._tl_frames_drawn(); }

  // Copies one chunk into the wasm heap and feeds it; false when the file stopped (cancelled or failed).
  function feed(id, chunk) {
    return counted(chunk.length, () => {
      const ptr = ensureBuffer(chunk.length);
      M.HEAPU8.set(chunk, ptr);                 // read HEAPU8 afresh: memory growth replaces the buffer
      return !!M._tl_feed(id, ptr, chunk.length);
    });
  }
  // One chunk's work in the engine, counted in the reading's timing (feedMs: the main thread's part).
  function counted(bytes, work) {
    const t = performance.now();
    const r = work();
    read.feedMs += performance.now() - t;
    read.chunks++;
    read.bytes += bytes;
    return r;
  }

  // Reads a Blob in chunks into buffers the caller hands back: with a BYOB reader (Blob.stream() is a
  // byte stream) each read lands in a buffer that is used again, so no fresh memory is touched per chunk
  // (in Chromium the default reader's new ~1 MB ArrayBuffer per chunk cost more than twice the CPU of the
  // reading itself: 0.7 against 1.6-3.1 CPU-s for 300 MB here). Without BYOB, the stream's own chunks.
  // Its source also goes into the reader worker (READER_SRC): it must not use anything outside itself.
  function openChunks(blob, chunkBytes) {
    let rd, byob = true;
    try { rd = blob.stream().getReader({ mode: 'byob' }); } catch (e) { rd = blob.stream().getReader(); byob = false; }
    return {
      byob,
      // The next chunk as { buf, n } (buf: an ArrayBuffer, n bytes of it), or null at the end. `spare` is a
      // buffer to fill (chunkBytes are made when there is none); without BYOB it is not used.
      async next(spare) {
        if (!byob) {
          const r = await rd.read();
          if (r.done) return null;
          const v = r.value;
          const buf = v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v.buffer : v.slice().buffer;
          return { buf, n: buf.byteLength };
        }
        let buf = spare || new ArrayBuffer(chunkBytes), n = 0;
        while (n < buf.byteLength) {   // a read gives what the blob's pipe has (~64-100 KB): fill the buffer
          const r = await rd.read(new Uint8Array(buf, n, buf.byteLength - n));
          if (!r.value) return null;   // cancelled
          buf = r.value.buffer;        // the same memory, as a new ArrayBuffer (the old one is detached)
          if (r.done) break;
          n += r.value.byteLength;
        }
        return n ? { buf, n } : null;
      },
      cancel() { return rd.cancel().catch(() => {}); },
    };
  }
  const CHUNK_BYTES = 1 << 20, CHUNKS_IN_FLIGHT = 16;

  // Takes one Cut the worker made (its bytes copied into the engine's Cut); false when the file stopped.
  function take(id, m) {
    const r = counted(m.bytes, () => {
      const ptr = M._tl_take_buffer(m.n) >>> 0;   // first: it may grow the memory, which replaces HEAPU8
      M.HEAPU8.set(new Uint8Array(m.cut, 0, m.n), ptr);
      return M._tl_take(id);
    });
    if (r < 0) throw new Error('the reader worker sent something that is not a chunk of this file');
    return r > 0;
  }

  // The reader worker. Once the page hands it the compiled engine (setup: the same app.wasm, so nothing
  // is downloaded or compiled again), it runs an instance of its own that never starts the UI and cuts
  // each chunk there — decoding, splitting into records, and reading orders rows' cells: the work
  // Workspace::cut does on the CLI's second thread — and hands the Cut over as bytes; the page only takes
  // it. Which side reads the cells follows the load, as in the CLI: the worker does while more than half
  // the chunks in flight wait for the page. Without an engine (not yet set up, or it failed to start)
  // the worker hands over the bytes as read and the page feeds them whole.
  // (inside a function: app.js, imported into the worker's global scope, has its own `run` and others)
  const READER_SRC = `'use strict';
    (() => {
    const openChunks = ${openChunks.toString()};
    const jobs = new Map();
    let engine = null, enginePtr = 0, engineCap = 0;
    const wake = (j) => { if (j.wake) { const w = j.wake; j.wake = null; w(); } };
    self.onmessage = (e) => {
      const m = e.data, j = jobs.get(m.job);
      if (m.setup) setup(m.setup);
      else if (m.blob) run(m.job, m.blob, m.credit, m.chunkBytes, m.file);
      else if (j && m.more) { j.credit += m.more; if (m.buf) j.spare.push(m.buf); wake(j); }
      else if (j && m.columns) { if (j.cutId >= 0) engine.ccall('tl_cut_columns', null, ['number', 'string'], [j.cutId, m.columns]); }
      else if (j && m.cancel) { j.cancelled = true; wake(j); j.rd.cancel(); }
    };
    function setup(s) {
      self.Module = {
        noInitialRun: true,
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(s.module, imports).then((inst) => receive(inst, s.module), () => {});
          return {};
        },
        onRuntimeInitialized() { engine = self.Module; },
        print() {}, printErr(t) { console.warn(t); },
      };
      // app.js next to the page, or (the single file, maybe from file://) its text: a blob of the worker's own,
      // since a page's blob: URL is another origin to a worker of an opaque (file://) origin
      const url = s.appJs ? URL.createObjectURL(new Blob([s.appJs], { type: 'text/javascript' })) : s.appUrl;
      try { importScripts(url); } catch (err) { engine = null; console.warn('tierlens reader: no engine here (' + err + ')'); }   // the page then feeds whole chunks
    }
    // the chunk in the engine's heap (read HEAPU8 afresh: memory growth replaces it)
    function toEngine(buf, n) {
      if (n > engineCap) {
        if (enginePtr) engine._free(enginePtr);
        engineCap = Math.max(n, 1 << 20);
        enginePtr = engine._malloc(engineCap) >>> 0;
        if (!enginePtr) { engineCap = 0; throw new Error('out of memory'); }
      }
      engine.HEAPU8.set(new Uint8Array(buf, 0, n), enginePtr);
      return enginePtr;
    }
    // the engine's last Cut, copied into a buffer the page hands back (fresh memory costs more than the copy)
    function cutOut(j, len, bytes, last) {
      let out = j.spare.pop();
      if (!out || out.byteLength < len) out = new ArrayBuffer(Math.max(len, 1 << 20) + (len >> 3));
      const at = engine._tl_cut_bytes() >>> 0;
      new Uint8Array(out, 0, len).set(engine.HEAPU8.subarray(at, at + len));
      postMessage({ job: j.job, cut: out, n: len, bytes, last, byob: j.rd.byob }, [out]);
    }
    async function run(job, blob, credit, chunkBytes, file) {
      const j = { job, rd: openChunks(blob, chunkBytes), credit, credit0: credit, spare: [], wake: null, cancelled: false, cutId: -1 };
      jobs.set(job, j);
      let readBuf = null;   // with an engine, the chunk is copied into it at once: one buffer does
      try {
        if (engine && file) j.cutId = engine.ccall('tl_cut_open', 'number', ['string', 'string', 'number'], [file.name, file.options, file.size]);
        for (;;) {
          while (j.credit <= 0 && !j.cancelled) await new Promise((res) => { j.wake = res; });
          if (j.cancelled) break;
          const c = await j.rd.next(j.cutId >= 0 ? readBuf : j.spare.pop());
          if (j.cancelled) break;
          if (!c) {
            if (j.cutId >= 0) { j.credit--; cutOut(j, engine._tl_cut_finish(j.cutId), 0, true); }
            break;
          }
          j.credit--;
          if (j.cutId < 0) { postMessage({ job, chunk: c.buf, n: c.n, byob: j.rd.byob }, [c.buf]); continue; }
          const ptr = toEngine(c.buf, c.n);
          if (j.rd.byob) readBuf = c.buf;
          cutOut(j, engine._tl_cut(j.cutId, ptr, c.n, j.credit < j.credit0 / 2 ? 1 : 0), c.n, false);
        }
        postMessage({ job, done: true });
      } catch (err) {
        if (j.cutId >= 0) engine = null;   // the engine failed (e.g. out of memory): later files go as bytes
        postMessage({ job, error: String((err && err.message) || err) });
      } finally {
        jobs.delete(job);
        if (j.cutId >= 0 && engine) { try { engine._tl_cut_close(j.cutId); } catch (err) { engine = null; } }
      }
    }
    })();`;
  function readerWorker() {
    if (!reader && !readerFailed) {
      try {
        const url = URL.createObjectURL(new Blob([READER_SRC], { type: 'text/javascript' }));
        reader = new Worker(url);
        URL.revokeObjectURL(url);
        if (wasmModule) setUpReader(reader);
      } catch (e) { readerFailed = true; }
    }
    return reader;
  }
  // Hands the compiled engine to the worker; where a module cannot be posted, the worker reads without it.
  function setUpReader(w) {
    // the worker's copy of app.js: the file next to the page, or (single file) the page's inline copy
    const embedded = window.tierlensEmbedded;
    const setup = embedded ? { module: wasmModule, appJs: embedded.appJs() } : { module: wasmModule, appUrl: new URL('app.js', location.href).href };
    try { w.postMessage({ setup }); } catch (e) { /* bytes, then */ }
  }

  function streamViaWorker(w, id, blob, file) {
    return new Promise((resolve, reject) => {
      const job = ++jobSeq;
      let got = false, columnsSent = false;
      const onMsg = (e) => {
        const m = e.data;
        if (m.job !== job) return;
        if (m.chunk || m.cut) {
          got = true;
          read.byob = m.byob;
          read.cutInWorker = !!m.cut;
          let more = false, err = null;
          taskStart();
          try { more = m.cut ? take(id, m) : feed(id, new Uint8Array(m.chunk, 0, m.n)); } catch (x) { err = x; }   // e.g. out of memory
          taskEnd();
          if (more && m.cut && !columnsSent) {   // the header is taken: the worker can read orders rows' cells
            const c = M.ccall('tl_columns', 'string', ['number'], [id]);
            if (c) { w.postMessage({ job, columns: c }); columnsSent = true; }
          }
          const buf = m.cut || m.chunk;
          if (more) { w.postMessage({ job, more: 1, buf }, [buf]); return; }   // the buffer goes back
          w.postMessage({ job, cancel: true });
          finish(err ? () => reject(err) : resolve);
        } else if (m.done) finish(resolve);
        else if (m.error) finish(() => reject(new Error(m.error)));
      };
      const onErr = (e) => {                  // the worker itself failed (e.g. blocked by a CSP)
        e.preventDefault();
        readerFailed = true;
        reader = null;
        w.terminate();
        finish(() => (got ? reject(new Error(e.message || 'reader failed')) : streamOnMainThread(id, blob).then(resolve, reject)));
      };
      const finish = (f) => { w.removeEventListener('message', onMsg); w.removeEventListener('error', onErr); f(); };
      w.addEventListener('message', onMsg);
      w.addEventListener('error', onErr);
      w.postMessage({ job, blob, credit: CHUNKS_IN_FLIGHT, chunkBytes: CHUNK_BYTES, file: { name: file.name, options: file.options || '', size: blob.size } });
    });
  }

  async function streamOnMainThread(id, blob) {
    const rd = openChunks(blob, CHUNK_BYTES);
    read.byob = rd.byob;
    let lastYield = performance.now(), spare = null;
    for (;;) {
      const c = await rd.next(spare);
      if (!c) break;
      if (!feed(id, new Uint8Array(c.buf, 0, c.n))) { await rd.cancel(); return; }
      spare = rd.byob ? c.buf : null;
      if (performance.now() - lastYield > 100) {   // let input and (paced) progress frames in
        taskEnd();
        await new Promise((res) => setTimeout(res, 0));
        taskStart();
        lastYield = performance.now();
      }
    }
  }

  function streamInto(id, blob, file) {
    const w = readerWorker();
    read.worker = !!w;
    return w ? streamViaWorker(w, id, blob, file) : streamOnMainThread(id, blob);
  }

  // ---- archives and workbooks (ZIP, .xlsx, gzip): told by the first bytes, read by the engine ------------
  // The engine needs random access (a ZIP's directory is at its end; Excel writes a sheet before the strings
  // it uses), so the archive's bytes are held here and the engine pulls slices through readAt; each file in
  // it is read as a file of its own, a MiB per step, yielding every 100 ms so the progress shows.
  const sources = new Map();
  let sourceSeq = 0;
  function readAt(handle, offset, ptr, n) {
    const b = sources.get(handle);
    if (!b || offset < 0 || offset + n > b.byteLength) return false;
    M.HEAPU8.set(new Uint8Array(b, offset, n), ptr >>> 0);
    return true;
  }
  async function isArchive(blob) {
    const h = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
    return (h[0] === 0x50 && h[1] === 0x4b && (h[2] === 3 || h[2] === 5)) || (h[0] === 0x1f && h[1] === 0x8b);
  }
  const ARCHIVE_LIMIT = 1 << 30;   // an archive is held whole in the page while read (docs/formats.md)
  async function readArchive(f) {
    let buf = null;
    if (f.blob.size <= ARCHIVE_LIMIT) { try { buf = await f.blob.arrayBuffer(); } catch (e) { buf = null; } }
    if (!buf) {
      M.ccall('tl_archive_refuse', null, ['string', 'number', 'number'], [f.name, f.blob.size, ARCHIVE_LIMIT]);
      return true;
    }
    const handle = ++sourceSeq;
    sources.set(handle, buf);
    try {
      const n = M.ccall('tl_archive_open', 'number', ['string', 'string', 'number', 'number'], [f.name, f.item == null ? (f.options || '') : '', buf.byteLength, handle]);
      if (n === -1) return false;   // not an archive after all
      for (let i = 0; i < n; i++) {
        if (f.item != null && i !== f.item) continue;
        if (M._tl_batch_cancelled()) break;
        const id = M.ccall('tl_archive_begin', 'number', ['number', 'string'], [i, f.item != null ? (f.options || '') : '']);
        if (id < 0) continue;
        files.set(id, { name: f.name, blob: f.blob, item: i });
        let last = performance.now();
        while (M._tl_archive_step()) {
          if (M._tl_batch_cancelled()) { M._tl_cancel(id); M._tl_archive_step(); break; }
          if (performance.now() - last > 100) {
            taskEnd();
            await new Promise((res) => setTimeout(res, 0));
            taskStart();
            last = performance.now();
          }
        }
      }
    } finally {
      M._tl_archive_end();
      sources.delete(handle);
    }
    return true;
  }

  async function readBatch(list) {
    const total = list.reduce((s, f) => s + f.blob.size, 0);
    reading = true;
    const t0 = performance.now();
    Object.assign(read, { ms: 0, feedMs: 0, chunks: 0, bytes: 0, frames: 0 });
    pace.t = 0;
    M._tl_batch_begin(list.length, total);
    try {
      for (const f of list) {
        if (M._tl_batch_cancelled()) break;
        try {
          if (await isArchive(f.blob) && await readArchive(f)) continue;
        } catch (e) {
          notify(text('js_read_failed') + ': ' + f.name + ' (' + (e && e.message || e) + ')');
          continue;
        }
        const id = M.ccall('tl_open', 'number', ['string', 'string', 'number'], [f.name, f.options || '', f.blob.size]);
        files.set(id, { name: f.name, blob: f.blob });
        try {
          await streamInto(id, f.blob, f);
        } catch (e) {
          M._tl_cancel(id);
          notify(text('js_read_failed') + ': ' + f.name + ' (' + (e && e.message || e) + ')');
        }
        M._tl_close(id);
      }
    } finally {
      read.ms = performance.now() - t0;
      M._tl_batch_end();
      reading = false;
      poke();
    }
  }

  function toItems(input) {
    const out = [];
    for (const it of Array.from(input || [])) {
      if (it instanceof Blob) out.push({ name: it.name || 'file.csv', blob: it });
      else if (it && it.name != null && it.bytes != null) {
        const bytes = typeof it.bytes === 'string' ? new TextEncoder().encode(it.bytes) : it.bytes;
        out.push({ name: String(it.name), blob: new Blob([bytes]), options: it.options ? JSON.stringify(it.options) : '' });
      }
    }
    return out;
  }

  function enqueue(list) {
    const prev = queue;                       // captured now: `queue` is reassigned below
    const p = Promise.all([ready, prev]).then(() => readBatch(list));
    queue = p.catch(() => {});
    return p;
  }

  // ---- file picker and drag & drop -----------------------------------------------------------------
  const picker = $('file');
  let pickerWhat = 0;   // web/app.hpp's Pick: 0 data files, 1 the rules, 2 the rules to compare with
  picker.addEventListener('change', async () => {
    const chosen = Array.from(picker.files || []);
    picker.value = '';
    if (!chosen.length) return;
    if (pickerWhat === 1) {
      try { await api.setRules(await chosen[0].text()); } catch (e) { /* shown in the rules panel */ }
    } else if (pickerWhat === 2) {
      try { await api.setCompareRules(await chosen[0].text()); } catch (e) { /* shown in the comparison panel */ }
    } else {
      await enqueue(toItems(chosen));
    }
  });

  let dragDepth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (dragDepth++ === 0) { $('drop').textContent = text('js_drop_overlay', '+'); document.body.classList.add('dragging'); }
  });
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  window.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    if (--dragDepth <= 0) { dragDepth = 0; document.body.classList.remove('dragging'); }
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    document.body.classList.remove('dragging');
    const entries = Array.from(e.dataTransfer.items || []).map((it) => it.webkitGetAsEntry && it.webkitGetAsEntry());
    if (entries.some((en) => en && en.isDirectory)) droppedFiles(entries).then((list) => enqueue(list));
    else enqueue(toItems(e.dataTransfer.files));
  }, true);
  // The files of dropped folders (and files), depth first in name order, named by their path in the folder;
  // hidden files (.DS_Store …) are left out, as the command line does.
  async function droppedFiles(entries) {
    const out = [];
    const walk = async (en, path) => {
      if (!en || en.name.startsWith('.')) return;
      if (en.isFile) {
        const file = await new Promise((res, rej) => en.file(res, rej)).catch(() => null);
        if (file) out.push({ name: path + en.name, blob: file });
        return;
      }
      const reader = en.createReader(), children = [];
      for (;;) {   // readEntries gives at most ~100 at a time
        const batch = await new Promise((res) => reader.readEntries(res, () => res([])));
        if (!batch.length) break;
        children.push(...batch);
      }
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const c of children) await walk(c, path + en.name + '/');
    };
    for (const en of entries) await walk(en, '');
    return out;
  }

  // ---- IME bridge ------------------------------------------------------------------------------------
  // Emscripten's GLFW delivers no composition events, so an <input> sits over the focused ImGui field,
  // receives the composition (the OS candidate window appears there) and forwards committed text.
  const ime = $('ime');
  let imeWanted = false, composing = false;
  ime.addEventListener('compositionstart', () => { composing = true; ime.classList.add('composing'); });
  ime.addEventListener('compositionend', (e) => {
    composing = false;
    ime.classList.remove('composing');
    if (e.data) M.ccall('tl_text_input', null, ['string'], [e.data]);
    ime.value = '';
  });
  // Plain keys reach ImGui through GLFW's keypress handler; text inserted without a keypress and without
  // a composition (voice input, emoji pickers, automation's insertText) is forwarded here.
  let lastKeypress = -1e9;
  window.addEventListener('keypress', () => { lastKeypress = performance.now(); }, true);
  ime.addEventListener('input', (e) => {
    if (composing || e.isComposing) return;
    if (e.inputType === 'insertText' && e.data && performance.now() - lastKeypress > 50)
      M.ccall('tl_text_input', null, ['string'], [e.data]);
    ime.value = '';
  });
  function imeUpdate(visible, x, y, h) {
    imeWanted = !!visible;
    if (imeWanted) {
      ime.style.left = Math.round(x) + 'px';
      ime.style.top = Math.round(y) + 'px';
      ime.style.height = Math.max(12, Math.round(h)) + 'px';
      if (document.activeElement !== ime) ime.focus({ preventScroll: true });
    } else if (document.activeElement === ime) {
      ime.blur();
    }
  }

  // ---- clipboard bridge ---------------------------------------------------------------------------------
  // Copy: ImGui's SetClipboardTextFn -> navigator.clipboard. Paste: the browser's paste event types the
  // text into the focused ImGui field (ImGui's own Ctrl+V sees an empty clipboard).
  function clipboardWrite(t) {
    const fallback = () => {
      const ta = document.createElement('textarea');
      ta.value = t; ta.style.position = 'fixed'; ta.style.opacity = '0';
      document.body.appendChild(ta); ta.select();
      try { document.execCommand('copy'); } catch (e) { /* ignore */ }
      ta.remove();
      if (imeWanted) ime.focus({ preventScroll: true });
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(fallback);
    else fallback();
  }
  document.addEventListener('paste', (e) => {
    if (!M._tl_wants_text || !M._tl_wants_text()) return;
    const t = e.clipboardData && e.clipboardData.getData('text/plain');
    if (t) { M.ccall('tl_text_input', null, ['string'], [t]); e.preventDefault(); poke(); }
  });

  // ---- downloads and the share link -------------------------------------------------------------------------
  function download(name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url; a.download = name; a.style.display = 'none';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  function b64urlEncode(str) {
    const bytes = new TextEncoder().encode(str);
    let bin = '';
    for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function b64urlDecode(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    const bin = atob(s), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }
  function shareLink(rulesJson) {
    const compact = JSON.stringify(JSON.parse(rulesJson));
    return location.origin + location.pathname + location.search + '#rules=' + b64urlEncode(compact);
  }
  function shareRules(rulesJson) {
    const url = shareLink(rulesJson);
    history.replaceState(null, '', url);     // the hash is never sent to the server
    clipboardWrite(url);
  }
  function rulesFromHash() {
    const m = /[#&]rules=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (!m) return;
    let json = null;   // null: the link cannot be decoded (the engine says so in the page's language)
    try { json = b64urlDecode(m[1]); } catch (e) { /* json stays null */ }
    if (json === null) M.ccall('tl_set_rules_from_link', null, ['number'], [0]);
    else withHeapString(json, (p) => M.ccall('tl_set_rules_from_link', null, ['number'], [p]));
  }

  // ---- called from C++ (EM_JS) -----------------------------------------------------------------------------
  window.tierlensHost = {
    activateUpdate,
    firstFrame() {
      timing.firstFrame = performance.now();
      $('loading').style.display = 'none';
      readyResolve();
    },
    ime: imeUpdate,
    clipboardWrite,
    active() {
      if (imeWanted && !composing && document.activeElement !== ime) ime.focus({ preventScroll: true });
      return (reading || performance.now() - lastInput < 1500) ? 1 : 0;
    },
    lastInput: () => lastInput,
    openPicker(what) {
      pickerWhat = what;
      picker.accept = what ? '.json,application/json' : '.csv,.txt,.tsv,.json,text/csv,application/json';
      picker.click();
    },
    download,
    shareRules,
    readAt,
    reread(id, optionsJson) {
      const f = files.get(id);
      if (!f) return false;
      files.delete(id);
      M._tl_remove(id);
      enqueue([{ name: f.name, blob: f.blob, options: optionsJson, item: f.item }]);   // an archive's file: that item again
      return true;
    },
  };

  // ---- the public JS API ----------------------------------------------------------------------------------
  const frameStats = () => JSON.parse(M.UTF8ToString(M._tl_frame_stats()));
  // Runs a change the way the UI's own controls do (apply returns "" or an error) and resolves when the
  // app has drawn the frame showing its evaluation: the time a person waits for the new result.
  async function untilShown(apply) {
    await ready;
    const t0 = performance.now();
    const err = apply();
    if (err) throw new Error(err);
    poke();
    const n = M._tl_eval_count();
    const st = await new Promise((res) => {
      const step = () => { const s = frameStats(); if (s.shown_eval >= n && s.shown_at > t0) res(s); else requestAnimationFrame(step); };
      requestAnimationFrame(step);
    });
    return { ms: st.shown_at - t0, evalMs: M._tl_last_eval_ms(), engineMs: M._tl_last_engine_ms(), frameMs: st.last_ms };
  }
  const api = {
    ready,
    timing,
    /** Loads files (File objects, or {name, bytes: Uint8Array|string}); resolves when read and evaluated. */
    loadFiles(list) { return enqueue(toItems(list)).then(() => api.report()); },
    /** Loads the built-in demo data set. */
    async loadSample() { await ready; await queue; M._tl_load_demo(); poke(); return api.report(); },
    /** Sets the rule set (JSON text or object); resolves to the report, rejects with the error message. */
    async setRules(json) {
      await ready;
      const t = typeof json === 'string' ? json : JSON.stringify(json);
      const err = withHeapString(t, (p) => M.ccall('tl_set_rules', 'string', ['number'], [p]));
      poke();
      if (err) throw new Error(err);
      return api.report();
    },
    getRules() { return M.ccall('tl_get_rules', 'string', [], []); },
    /** Sets the rule set to compare with (JSON text or object; null or "" clears it): what the comparison
     *  panel's "load rules to compare" does. Resolves to the report (with its "comparison"), rejects with the error. */
    async setCompareRules(json) {
      await ready;
      const t = json == null ? '' : typeof json === 'string' ? json : JSON.stringify(json);
      const err = withHeapString(t, (p) => M.ccall('tl_set_compare_rules', 'string', ['number'], [p]));
      poke();
      if (err) throw new Error(err);
      return api.report();
    },
    /** The rule set compared with (JSON text), or "" when there is none. */
    getCompareRules() { return M.ccall('tl_get_compare_rules', 'string', [], []); },
    /** setCompareRules, resolving like setWindow once the frame showing the comparison is drawn. */
    applyCompareRules(json) {
      const t = json == null ? '' : typeof json === 'string' ? json : JSON.stringify(json);
      return untilShown(() => withHeapString(t, (p) => M.ccall('tl_set_compare_rules', 'string', ['number'], [p])));
    },
    /** Re-evaluates; window "2023-06..2023-08" (or omitted for the default). Returns the complete report JSON text. */
    evaluate(window) {
      const r = M.ccall('tl_evaluate', 'string', ['string'], [window || '']);
      poke();
      if (!r) throw new Error('bad window ' + window + ' (expected like 2023-06..2023-08)');
      return r;
    },
    /** What the window picker does ("" = default window). Resolves once the frame showing the result is
     *  drawn: { ms (since the call), evalMs (the evaluation, of which engineMs in the engine), frameMs (that
     *  frame's main-thread time) }. */
    setWindow(window) {
      return untilShown(() => (M.ccall('tl_set_window', 'number', ['string'], [window || '']) ? '' : 'bad window ' + window));
    },
    /** What the rules editor does (JSON text or object); resolves like setWindow, rejects with the error. */
    applyRules(json) {
      const t = typeof json === 'string' ? json : JSON.stringify(json);
      return untilShown(() => withHeapString(t, (p) => M.ccall('tl_set_rules', 'string', ['number'], [p])));
    },
    /** The complete report JSON text (every merchant table), byte-identical to the CLI's with the same
     *  --lang: lang "zh" | "en", or omitted for the page's language. Built on demand. */
    report(lang) { return M.ccall('tl_report', 'string', ['string'], [lang || '']); },
    files() { return JSON.parse(M.ccall('tl_files', 'string', [], [])); },
    remove(id) { files.delete(id); M._tl_remove(id); poke(); },
    summary() { return M.ccall('tl_summary', 'string', [], []); },
    setMemoryLimit(mb) { M._tl_set_memory_limit(mb || 0); },   // the most an orders file may need, MB (0: the default, 3400)
    shareLink() { return shareLink(api.getRules()); },
    setLanguage(l) { M.ccall('tl_set_ui', 'number', ['string', 'string'], ['lang', l]); poke(); try { localStorage.setItem('tierlens.lang', l); } catch (e) { /* private mode */ } },
    showPanel(p) { return !!M.ccall('tl_set_ui', 'number', ['string', 'string'], ['panel', p]); },
    selectProvider(id) { M.ccall('tl_set_ui', 'number', ['string', 'string'], ['provider', id]); poke(); },
    /** UI state for tests: language, panel, merchant search text. */
    uiState() { return JSON.parse(M.ccall('tl_ui_state', 'string', [], [])); },
    /** Rect [x, y, w, h] (CSS px) of a marked widget in the last frame, e.g. "try_sample" (tests). */
    widgetRect(name) { return JSON.parse(M.ccall('tl_widget_rect', 'string', ['string'], [name])); },
    /** Resolves after n drawn frames (tests: wait for the UI to reflect a change). */
    frames(n = 3) {
      poke();
      return new Promise((res) => { const step = () => (n-- <= 0 ? res() : requestAnimationFrame(step)); requestAnimationFrame(step); });
    },
  };
  window.tierlens = api;

  // ---- offline: the service worker (web/sw.js) keeps this build's files; a new build waits until the
  // person reloads (the page says it is ready), so old and new files never mix ---------------------------
  let waitingWorker = null;
  function offline() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol) || window.tierlensEmbedded) return;
    navigator.serviceWorker.register('sw.js').then((reg) => {
      if (!reg) return;   // (service workers blocked: the page works, just not offline)
      const announce = (w) => { waitingWorker = w; M.ccall('tl_set_ui', 'number', ['string', 'string'], ['update_ready', '1']); poke(); };
      if (reg.waiting && navigator.serviceWorker.controller) announce(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const w = reg.installing;
        if (w) w.addEventListener('statechange', () => { if (w.state === 'installed' && navigator.serviceWorker.controller) announce(w); });
      });
    }, (e) => console.warn('tierlens: no offline copy (' + ((e && e.message) || e) + ')'));
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (waitingWorker && !reloading) { reloading = true; location.reload(); }
    });
  }
  function activateUpdate() {
    if (waitingWorker) waitingWorker.postMessage('tierlens:activate');
    else location.reload();
  }

  ready.then(() => {
    offline();
    let l = new URLSearchParams(location.search).get('lang');
    try { l = l || localStorage.getItem('tierlens.lang'); } catch (e) { /* ignore */ }
    if (l === 'en' || l === 'zh') M.ccall('tl_set_ui', 'number', ['string', 'string'], ['lang', l]);
    rulesFromHash();
    window.addEventListener('hashchange', rulesFromHash);
    document.title = 'tierlens · ' + text('app_title');
    // the reader worker is started once the page is drawn, not when the first file is chosen; so is the
    // engine's code compiled (App::warm_up)
    setTimeout(readerWorker, 0);
    setTimeout(() => { try { M._tl_warm_up(); } catch (e) { console.warn(e); } }, 0);
  });
})();
