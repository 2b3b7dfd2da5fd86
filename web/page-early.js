// page-early.js: runs in <head> before the first paint (a file, not an inline script, for the page's CSP): applies the
// guide's remembered state (collapsed or open, localStorage) so the layout does not jump. No dependencies.
'use strict';
(() => {
  const root = document.documentElement;
  try { if (localStorage.getItem('fhl-guide-collapsed') === '1') root.classList.add('guide-collapsed'); } catch (e) { /* private mode */ }
  if (window.matchMedia && matchMedia('(max-width: 899px)').matches) {
    try { if (localStorage.getItem('fhl-guide-drawer-open') !== '1') root.classList.add('guide-collapsed'); } catch (e) { /* private mode */ }
  }
})();
