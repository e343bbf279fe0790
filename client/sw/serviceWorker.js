// Whyboard's service worker: keeps the app shell so a board page opens without the network (the board itself is in
// IndexedDB). Pages go to the network first and fall back to the cached shell; built assets (hashed, immutable) come
// from the cache. The API and the sync socket always go to the network. Each build gets its own cache; the old one is
// dropped when the new worker takes over. The version and the asset list are filled in at build time (vite.config.ts).
const VERSION = __VERSION__;
const ASSETS = __ASSETS__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('whyboard-') && key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || /^\/(api|sync)\//.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // A board's address has its own shell, which asks for the board's chunks with the entry (see vite.config.ts).
    const shell = /^\/b\//.test(url.pathname) ? '/board.html' : '/index.html';
    event.respondWith(fetch(request).catch(() => caches.match(shell, { cacheName: VERSION })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: VERSION }).then((hit) => hit ?? fetch(request)));
});
