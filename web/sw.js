// tierlens — the service worker: after one visit the page loads and evaluates with the network off.
// One cache per build (build-wasm.sh writes the build id below): a new build is installed beside the
// old one and waits; the page says a new version is ready, and only when the person reloads does it
// take over (and the old cache is deleted) — never a mix of old and new files. Only the page's own
// files are cached; the data a person opens is never fetched, so it is never here.
'use strict';
const BUILD = '__TIERLENS_BUILD__';
const CACHE = 'tierlens-' + BUILD;
const ASSETS = ['index.html', 'glyphs.js', 'host.js', 'app.js', 'app.wasm', 'build.json'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS.map((a) => new Request(a, { cache: 'reload' })))));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tierlens-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// the page asks the waiting build to take over (the person chose to reload)
self.addEventListener('message', (e) => { if (e.data === 'tierlens:activate') self.skipWaiting(); });

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // the page itself, whatever its query or hash (?lang=, #rules=): this build's index.html
  const key = req.mode === 'navigate' ? 'index.html' : req;
  e.respondWith(caches.open(CACHE)
    .then((c) => c.match(key, { ignoreSearch: true }))
    .then((hit) => hit || fetch(req)));
});
