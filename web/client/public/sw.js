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
  // the feed and the reminder links are the server's to answer, and never the page to keep as '/'
  if (url.pathname.startsWith('/api/') || url.pathname === '/mcp' || url.pathname.startsWith('/slack/') || url.pathname.startsWith('/calendar/') || url.pathname.startsWith('/r/')) return;
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

// Reminders by web push (app/reminders): the payload is {title, body, tag, url, actions: [{action, title, url}]}.
self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(data.title || 'Kith', {
    body: data.body, tag: data.tag, data, icon: '/icon-192.png',
    actions: (data.actions || []).map((a) => ({ action: a.action, title: a.title })),
  }));
});

// Done and Snooze act through the notification's one-use signed links; a click elsewhere opens Kith.
self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  const chosen = (data.actions || []).find((a) => a.action === event.action);
  if (chosen) event.waitUntil(fetch(chosen.url, { method: 'POST', headers: { accept: 'application/json' } }));
  else event.waitUntil(self.clients.openWindow(data.url || '/'));
});
