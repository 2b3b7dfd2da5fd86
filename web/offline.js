// offline.js: registers the service worker (sw.js, scope './': works under any sub-path) so the lab opens without a
// network after the first visit. Only on http(s) (not file://, e.g. the single-file build). No dependencies.
'use strict';
(() => {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const register = () => navigator.serviceWorker.register('sw.js', { scope: './' }).then((reg) => {
    window.fhlOffline = { registration: reg };
  }, (e) => console.warn('firehose-lab: offline use is not available (' + (e && e.message || e) + ')'));
  // After the page has loaded, so precaching does not compete with the module's own download.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
})();
