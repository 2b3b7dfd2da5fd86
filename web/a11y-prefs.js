// a11y-prefs.js: the reader's display preferences for the guide and the console: high-contrast theme and text size
// (kept in localStorage as 'fhl-theme' and 'fhl-font-scale'; without a stored choice prefers-contrast: more picks the
// theme), and prefers-reduced-motion. Runs in <head> before the first paint (a file: the page's CSP forbids inline
// scripts), sets classes on <html> for guide.css, and defines window.FirehoseLabPrefs, which main_web.cpp reads before
// the console's first frame and lab-api.js follows (lab.setTheme / lab.setFontScale). Also wires the guide's
// "Display" toolbar and the "Skip to the console" link once the page is parsed. No dependencies.
'use strict';
(() => {
  const root = document.documentElement;
  const THEME_KEY = 'fhl-theme', SCALE_KEY = 'fhl-font-scale';
  const SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75, 2];
  const mq = (q) => (window.matchMedia ? matchMedia(q) : { matches: false, addEventListener() {} });
  const moreContrast = mq('(prefers-contrast: more)');
  const reduceMotion = mq('(prefers-reduced-motion: reduce)');
  const listeners = [];

  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ } }
  function nearestScale(x) {
    return SCALES.reduce((best, s) => (Math.abs(s - x) < Math.abs(best - x) ? s : best), 1);
  }

  // A stored choice wins; otherwise the system's preference.
  function storedTheme() {
    const t = read(THEME_KEY);
    return t === 'high-contrast' || t === 'default' ? t : null;
  }
  function storedScale() {
    const x = Number(read(SCALE_KEY));
    return read(SCALE_KEY) !== null && isFinite(x) && x > 0 ? nearestScale(x) : null;
  }
  const state = {
    theme: storedTheme() || (moreContrast.matches ? 'high-contrast' : 'default'),
    fontScale: storedScale() || 1,
    reducedMotion: reduceMotion.matches,
  };

  function apply() {
    root.classList.toggle('high-contrast', state.theme === 'high-contrast');
    root.classList.toggle('reduced-motion', state.reducedMotion);
    root.style.setProperty('--fhl-font-scale', String(state.fontScale));  // CSSOM: allowed by the CSP
    root.classList.toggle('font-scaled', state.fontScale !== 1);
    syncToolbar();
    for (const fn of listeners) { try { fn(current()); } catch (e) { console.error(e); } }
  }
  function current() { return { theme: state.theme, fontScale: state.fontScale, reducedMotion: state.reducedMotion }; }

  const prefs = {
    SCALES,
    current,
    setTheme(name) {
      if (name !== 'default' && name !== 'high-contrast') throw new RangeError('theme must be "default" or "high-contrast"');
      state.theme = name;
      write(THEME_KEY, name);
      apply();
    },
    setFontScale(x) {
      if (typeof x !== 'number' || !isFinite(x) || x <= 0) throw new RangeError('font scale must be a number > 0');
      state.fontScale = nearestScale(x);
      write(SCALE_KEY, String(state.fontScale));
      apply();
    },
    // One step up (+1) or down (-1) in SCALES.
    stepFontScale(dir) {
      const i = SCALES.indexOf(state.fontScale);
      prefs.setFontScale(SCALES[Math.max(0, Math.min(SCALES.length - 1, i + (dir > 0 ? 1 : -1)))]);
    },
    // fn(current()) after every change (lab-api.js passes them to the console).
    subscribe(fn) { listeners.push(fn); },
  };
  window.FirehoseLabPrefs = prefs;

  moreContrast.addEventListener('change', () => {
    if (storedTheme()) return;  // the reader's own choice stays
    state.theme = moreContrast.matches ? 'high-contrast' : 'default';
    apply();
  });
  reduceMotion.addEventListener('change', () => { state.reducedMotion = reduceMotion.matches; apply(); });

  // [SECTION] the guide's Display toolbar and the skip link (once the page is parsed)
  const $ = (id) => document.getElementById(id);
  function syncToolbar() {
    const contrast = $('display-contrast');
    if (!contrast) return;
    contrast.setAttribute('aria-pressed', String(state.theme === 'high-contrast'));
    const pct = Math.round(state.fontScale * 100) + '%';
    $('display-size').textContent = pct;
    $('display-smaller').disabled = state.fontScale <= SCALES[0];
    $('display-larger').disabled = state.fontScale >= SCALES[SCALES.length - 1];
  }
  function wire() {
    const contrast = $('display-contrast');
    if (contrast) {
      contrast.addEventListener('click', () => prefs.setTheme(state.theme === 'high-contrast' ? 'default' : 'high-contrast'));
      $('display-smaller').addEventListener('click', () => prefs.stepFontScale(-1));
      $('display-larger').addEventListener('click', () => prefs.stepFontScale(+1));
    }
    const skip = $('skip-to-console');
    if (skip) {
      skip.addEventListener('click', (e) => {
        e.preventDefault();
        if (window.lab && window.lab.ui && window.lab.ui.focusConsole) window.lab.ui.focusConsole();
        else if ($('canvas')) $('canvas').focus();
      });
    }
    syncToolbar();
  }
  apply();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
