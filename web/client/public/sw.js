// Kith's service worker: the app shell (the page and its hashed assets) works offline; the data
// (/api, /mcp) always comes from the server, never from a cache, so nothing stale is shown as current.
const CACHE = 'kith-shell-v1';

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch('/', { cache: 'no-store' });
  const html = await page.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.put('/', page);
  await cache.addAll(['/manifest.webmanifest', '/icon.svg', ...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/mcp' || url.pathname.startsWith('/slack/')) return;
  if (request.mode === 'navigate') {
    // The newest page when online (and kept for later), the kept one offline.
    event.respondWith(fetch(request).then((res) => {
      if (res.ok) { const copy = res.clone(); void caches.open(CACHE).then((c) => c.put('/', copy)); }
      return res;
    }).catch(() => caches.match('/')));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request).then((res) => {
    if (res.ok && url.pathname.startsWith('/assets/')) { const copy = res.clone(); void caches.open(CACHE).then((c) => c.put(request, copy)); }
    return res;
  })));
});
