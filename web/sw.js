// sw.js: the service worker that keeps the lab working offline after the first visit: it precaches the site's files
// into a versioned cache and answers from it, under any sub-path (URLs are relative to this file). No dependencies.
// The build (site/tools/build_site.mjs) fills in VERSION (a hash of the files) and PRECACHE; old caches are deleted
// when a new version activates.
'use strict';
const VERSION = 'dev';
const PRECACHE = [/* FHL_PRECACHE */];
const PREFIX = 'firehose-lab-';
const CACHE = PREFIX + VERSION;
const RUNTIME = PREFIX + 'runtime';   // other same-origin GETs (a lab file, SCORM files): network first
const BASE = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(PRECACHE.map((p) => new URL(p, BASE).href)))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE && k !== RUNTIME)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The precached copy of a request, if any: the page itself ('./', './?speed=60') is index.html.
function precached(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.href === BASE || (request.mode === 'navigate' && url.href.endsWith('/'))) url.href = new URL('index.html', url).href;
  return caches.open(CACHE).then((cache) => cache.match(url.href));
}

// A precached file is answered from the cache at once and refreshed from the network behind it (the next load sees
// a changed file even when sw.js itself did not change); anything else goes to the network first.
const refreshed = new Set();  // once per file while this worker runs (it stops when idle), not on every request
function refresh(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.href.endsWith('/')) url.href = new URL('index.html', url).href;
  if (refreshed.has(url.href)) return Promise.resolve();
  refreshed.add(url.href);
  return fetch(url.href, { credentials: 'same-origin' }).then((response) => {
    if (response.ok && response.type === 'basic') return caches.open(CACHE).then((cache) => cache.put(url.href, response));
    return undefined;
  }, () => undefined);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(BASE)) return;
  event.respondWith(precached(request).then((hit) => {
    if (hit) {
      event.waitUntil(refresh(request));
      return hit;
    }
    return fetch(request).then((response) => {
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        caches.open(RUNTIME).then((cache) => cache.put(request, copy));
      }
      return response;
    }, (error) => caches.open(RUNTIME).then((cache) => cache.match(request))
      .then((r) => r || Promise.reject(error)));
  }));
});
