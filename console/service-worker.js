// The console's service worker, emitted as /sw.js by the build (vite.config.ts fills in the
// build id and the list of files). It exists so a director in a village with no signal can reload
// the console and still reach the visit form and the drafts sealed on the phone:
// - the app shell (index.html) and every built asset are cached at install, one cache per build;
// - a page navigation goes to the network first (navigation preload: its request starts while
//   the worker starts) and falls back to the cached shell;
// - /api, /socket.io, /twilio and the queue board are never touched (network only): nothing the
//   server answers with personal data is ever stored by this worker;
// - a new build installs a new worker, which takes over at once and deletes the old build's cache.
/* global __HUTONG_BUILD__, __HUTONG_PRECACHE__ */

const BUILD = __HUTONG_BUILD__;
const PRECACHE = __HUTONG_PRECACHE__;
const CACHE_PREFIX = 'hutong-shell-';
const CACHE = `${CACHE_PREFIX}${BUILD}`;
const SHELL = '/index.html';
const NETWORK_ONLY = /^\/(?:api|socket\.io|twilio|admin\/queues)(?:\/|$)/;

self.addEventListener('install', (event) => {
  // Built assets straight from this build's cache, without starting or running this worker for
  // each (the static routing API, Chromium 123+): a page's ~100 module files otherwise queue one
  // by one through the fetch handler below. A file missing from the cache goes to the network.
  // Routes that fail to register leave the fetch handler to serve the assets, as before.
  if (typeof event.addRoutes === 'function') {
    event.waitUntil(
      event
        .addRoutes({
          condition: { urlPattern: { pathname: '/assets/*' }, requestMethod: 'GET' },
          source: { cacheName: CACHE },
        })
        .catch(() => undefined),
    );
  }
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: the files from the server, not from the browser's HTTP cache of an older build.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // The browser starts a navigation's request while it starts this worker, rather than after.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NETWORK_ONLY.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          return (await event.preloadResponse) ?? (await fetch(request));
        } catch (error) {
          const shell = await caches.match(SHELL, { cacheName: CACHE });
          if (shell) return shell;
          throw error;
        }
      })(),
    );
    return;
  }
  // Built assets have the content's hash in their names: the cached copy is the right one.
  event.respondWith(
    (async () => (await caches.match(request, { cacheName: CACHE })) ?? fetch(request))(),
  );
});
