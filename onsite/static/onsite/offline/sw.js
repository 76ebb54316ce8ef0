/* The offline check-in page's service worker, served by onsite/offline/page_views.py with `self.QAFILA` set
   before this line: the page's address, the static files it needs and a version that changes with them.
   It keeps the page and those files so that the page opens without network. The page itself is always asked
   of the network first (it changes, and tells who is logged in), the kept copy only when there is none; the
   API is never touched: the roster and the queue live in IndexedDB, not here. */
"use strict";
var PREFIX = "qafila-offline/" + self.QAFILA.slug + "/"; // app.js deletes these on a wipe
var CACHE = PREFIX + self.QAFILA.version;
var KEPT = { ignoreVary: true };
var WAIT = 5000; // a network that answers nothing is no network at a venue

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(self.QAFILA.assets.concat([self.QAFILA.page]));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(reject, WAIT);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, reject);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === self.QAFILA.page) {
    event.respondWith(fromNetwork(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(self.QAFILA.page, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(self.QAFILA.page, KEPT).then(function (kept) { return kept || Response.error(); });
    }));
  } else if (self.QAFILA.assets.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request, KEPT).then(function (kept) { return kept || fetch(request); }));
  }
});
