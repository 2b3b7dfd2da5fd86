// lab-config.js: the teacher's configuration of the page: URL parameters and an optional lab file (JSON), checked
// value by value into window.fhlConfig before the module starts. No dependencies; loaded first, in <head>.
// lab-api.js awaits fhlConfig.ready and applies start/speed/interval/size; guide.js applies steps/questions/reveal/rate.
//
// [SECTION] schema (also documented for teachers in site/teachers.html). Every setting can be a URL parameter
// (?speed=60&interval=120) or a key of the lab file; the URL wins over the file. A bad value is reported in the
// page's banner (#config-messages) with the reason and the value used instead; the lab always starts.
//   config=lab.json      the lab file: a relative URL on the same origin; a JSON object with the keys below
//                        (numbers may be JSON numbers, lists JSON arrays, reveal a boolean). The single-file build
//                        reads it from <script type="application/json" id="fhl-lab-file"> instead.
//   start=empty|deployed empty (default): a fresh account, the student deploys the stack. deployed: the lab's stack
//                        is created from the lab template and fast-forwarded to CREATE_COMPLETE before the first
//                        frame (only when the lab holds no stack yet, e.g. not over a saved lab). An ISO-8601 time
//                        (2026-01-01T00:00:00Z) is the clock's start time instead (main_web.cpp reads it).
//   speed=0|1|10|60      the clock's initial speed (simulated seconds per second, as the clock bar offers; 0 pauses).
//   interval=0..900      BufferIntervalSeconds when the page deploys the stack (whole seconds; default 60).
//   size=1..128          BufferSizeMBs when the page deploys the stack (whole MiB; default 1). The guide always
//                        checks the student's answer against the deployed stream's real hints.
//   seed=<integer>       the lab's random seed (0..18446744073709551615): same seed, same bucket name and demo data.
//   rate=1..2000         demo records per second for the guide's buffering experiment.
//   steps=a,b,...        the guide steps shown, by id (LabGuide::kStepIds); progress counts only these.
//   questions=a,b|none   the questions asked: spot-buffering, answer-ticker, athena-reminds. A step whose question
//                        is not asked is shown without its form and is not counted.
//   reveal=0|1           1: after a submission, the feedback also shows the expected answer.
//   origins=o1,o2        origins (https://lms.example.edu) allowed to send postMessage commands (web/lms-*.js).
//   persist=on|off       off: the lab is not saved in the browser.
//   embed=0|1            1: the compact page for iframes (also embed.html); the guide starts collapsed.
//   guide=open|collapsed|hidden  the guide's initial state (hidden: no guide at all).
// window.fhlConfig = { values, messages: [text], source: {file, from: {key: 'url'|'file'|'default'}}, ready,
//                      stepShown(id), questionAsked(id), report(text) }. URL values are there at once; a lab file's
// only once `ready` resolves (read values after it). from[key] is 'page' for embed set by embed.html's class.
'use strict';
(() => {
  const STEP_IDS = ['deploy-stack', 'spot-buffering', 'open-stream', 'send-demo-data', 'watch-incoming',
                    'objects-delivered', 'browse-bucket', 'athena-query', 'answer-ticker', 'buffering-experiment',
                    'athena-reminds'];
  const QUESTION_IDS = ['spot-buffering', 'answer-ticker', 'athena-reminds'];
  const SPEEDS = [0, 1, 10, 60];
  const MAX_SEED = 18446744073709551615n;
  const FILE_TIMEOUT_MS = 5000;

  const DEFAULTS = {
    start: 'empty', speed: 1, interval: 60, size: 1, seed: null, rate: 100, steps: STEP_IDS.slice(),
    questions: QUESTION_IDS.slice(), reveal: false, origins: [], persist: 'on', embed: false, guide: 'open',
  };

  const messages = [];
  const values = Object.assign({}, DEFAULTS, { steps: STEP_IDS.slice(), questions: QUESTION_IDS.slice() });
  const from = {};
  for (const k of Object.keys(DEFAULTS)) from[k] = 'default';
  const source = { file: null, from };

  // [SECTION] validators: each returns {value} or {error: 'why; using X'}. raw is a string (or a list for lists).
  const asList = (raw) => (Array.isArray(raw) ? raw.map(String) : String(raw).split(','))
    .map((s) => s.trim()).filter((s) => s !== '');
  const wholeNumber = (raw, lo, hi, unit) => {
    const s = String(raw).trim();
    const n = Number(s);
    if (!/^\d+$/.test(s) || !(n >= lo && n <= hi)) {
      return { error: 'must be a whole number of ' + unit + ' from ' + lo + ' to ' + hi };
    }
    return { value: n };
  };
  const VALIDATORS = {
    start(raw) {
      const s = String(raw).trim();
      if (s === 'empty' || s === 'deployed') return { value: s };
      if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(s)) return { value: 'empty', clockStart: s };
      return { error: 'must be empty or deployed (or an ISO-8601 start time such as 2026-01-01T00:00:00Z)' };
    },
    speed(raw) {
      const n = Number(String(raw).trim());
      if (String(raw).trim() === '' || !SPEEDS.includes(n)) return { error: 'must be one of the clock bar\'s speeds: 0 (paused), 1, 10 or 60' };
      return { value: n };
    },
    interval: (raw) => wholeNumber(raw, 0, 900, 'seconds'),
    size: (raw) => wholeNumber(raw, 1, 128, 'MB'),
    seed(raw) {
      const s = String(raw).trim();
      if (!/^\d{1,20}$/.test(s) || BigInt(s) > MAX_SEED) return { error: 'must be a whole number from 0 to ' + MAX_SEED };
      return { value: s };  // a string: 64-bit seeds do not fit a JS number
    },
    rate: (raw) => wholeNumber(raw, 1, 2000, 'records per second'),
    steps(raw) {
      const ids = asList(raw);
      const unknown = ids.filter((id) => !STEP_IDS.includes(id));
      const known = STEP_IDS.filter((id) => ids.includes(id));
      if (!known.length) return { error: 'names no known step (known: ' + STEP_IDS.join(', ') + ')' };
      if (unknown.length) {
        return { value: known, warning: 'unknown step ' + unknown.map((u) => '"' + u + '"').join(', ') +
                 ' ignored (known: ' + STEP_IDS.join(', ') + ')' };
      }
      return { value: known };
    },
    questions(raw) {
      const ids = asList(raw);
      if (ids.length === 1 && ids[0] === 'none') return { value: [] };
      const unknown = ids.filter((id) => !QUESTION_IDS.includes(id));
      const known = QUESTION_IDS.filter((id) => ids.includes(id));
      if (!known.length) return { error: 'must list questions from ' + QUESTION_IDS.join(', ') + ' (or none)' };
      if (unknown.length) {
        return { value: known, warning: 'unknown question ' + unknown.map((u) => '"' + u + '"').join(', ') +
                 ' ignored (known: ' + QUESTION_IDS.join(', ') + ')' };
      }
      return { value: known };
    },
    reveal(raw) {
      const s = String(raw).trim();
      if (s === '1' || s === 'true') return { value: true };
      if (s === '0' || s === 'false') return { value: false };
      return { error: 'must be 0 or 1' };
    },
    origins(raw) {
      const ok = [], bad = [];
      for (const o of asList(raw)) {
        let u = null;
        try { u = new URL(o); } catch (e) { /* bad below */ }
        if (u && (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o.replace(/\/$/, '')) ok.push(u.origin);
        else bad.push(o);
      }
      if (bad.length && !ok.length) return { error: 'must be origins such as https://lms.example.edu (scheme and host, no path)' };
      if (bad.length) return { value: ok, warning: 'not an origin (scheme://host[:port]): ' + bad.join(', ') + '; ignored' };
      return { value: ok };
    },
    persist(raw) {
      const s = String(raw).trim();
      if (s === 'on' || s === 'off') return { value: s };
      return { error: 'must be on or off' };
    },
    embed(raw) {
      const s = String(raw).trim();
      if (s === '1' || s === 'true' || s === '') return { value: true };
      if (s === '0' || s === 'false') return { value: false };
      return { error: 'must be 0 or 1' };
    },
    guide(raw) {
      const s = String(raw).trim();
      if (s === 'open' || s === 'collapsed' || s === 'hidden') return { value: s };
      return { error: 'must be open, collapsed or hidden' };
    },
  };

  const shown = (key, v) => {
    if (key === 'steps' && v.length === STEP_IDS.length) return 'all steps';
    if (key === 'questions' && v.length === QUESTION_IDS.length) return 'all questions';
    if (Array.isArray(v)) return v.length ? v.join(',') : 'none';
    if (typeof v === 'boolean') return v ? '1' : '0';
    return v === null ? 'random' : String(v);
  };
  const quote = (raw) => (Array.isArray(raw) ? raw.join(',') : typeof raw === 'object' ? JSON.stringify(raw) : String(raw));

  // Applies one setting from `where` ('url' or 'file'); prefix names the place in messages ("interval=5" or
  // "lab.json: interval 5").
  function apply(key, raw, where, label) {
    const r = VALIDATORS[key](raw);
    if (r.error) {
      messages.push(label + ': ' + r.error + '; using ' + shown(key, values[key]) + '.');
      return;
    }
    values[key] = r.value;
    from[key] = where;
    if (r.clockStart) values.clockStart = r.clockStart;
    if (r.warning) messages.push(label + ': ' + r.warning + '.');
  }

  // [SECTION] the lab file
  function applyFile(obj, name) {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      messages.push('Lab file ' + name + ': expected a JSON object such as {"speed": 60}; using the defaults.');
      return;
    }
    for (const [key, raw] of Object.entries(obj)) {
      if (key === 'config' || key === '$comment' || key === 'title') continue;
      if (!VALIDATORS[key]) {
        messages.push('Lab file ' + name + ': unknown setting "' + key + '" ignored (known: ' +
                      Object.keys(VALIDATORS).join(', ') + ').');
        continue;
      }
      if (raw === null || (typeof raw === 'object' && !Array.isArray(raw))) {
        messages.push('Lab file ' + name + ': ' + key + ' must be a string, number, boolean or list; using ' +
                      shown(key, values[key]) + '.');
        continue;
      }
      apply(key, typeof raw === 'boolean' ? (raw ? '1' : '0') : raw, 'file', 'Lab file ' + name + ': ' + key + ' ' + quote(raw));
    }
  }

  function parseFileText(text, name, id) {
    let obj;
    try { obj = JSON.parse(text); } catch (e) {
      messages.push('Lab file ' + name + ' is not valid JSON (' + e.message + '); using the defaults.');
      return;
    }
    source.file = id || name;
    applyFile(obj, name);
  }

  async function loadFile(name) {
    let url;
    try { url = new URL(name, location.href); } catch (e) { url = null; }
    if (!url || url.origin !== location.origin || /^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('//')) {
      messages.push('config=' + name + ': the lab file must be a relative URL on this site (e.g. config=lab.json); ' +
                    'using the defaults.');
      return;
    }
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(() => ctrl && ctrl.abort(), FILE_TIMEOUT_MS);
    try {
      const r = await fetch(url.href, { credentials: 'same-origin', signal: ctrl ? ctrl.signal : undefined });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      parseFileText(await r.text(), name);
    } catch (e) {
      messages.push('Lab file ' + name + ' could not be loaded (' + (e.name === 'AbortError' ? 'no answer in ' +
                    FILE_TIMEOUT_MS / 1000 + ' s' : e.message) + '); using the defaults.');
    } finally {
      clearTimeout(timer);
    }
  }

  // [SECTION] start: URL parameters now (synchronously, so the layout classes apply before the first paint), the
  // lab file (async), then the URL again on top of it.
  const params = new URLSearchParams(location.search);
  const root = document.documentElement;
  function applyUrl() {
    for (const [key, raw] of params) {
      if (VALIDATORS[key]) apply(key, raw, 'url', key + '=' + raw);
    }
  }
  if (root.classList.contains('embed')) { values.embed = true; from.embed = 'page'; }
  applyUrl();

  function applyLayout() {
    root.classList.toggle('embed', values.embed);
    const guide = values.guide !== 'open' ? values.guide : (values.embed && from.guide === 'default' ? 'collapsed' : 'open');
    root.classList.toggle('guide-hidden', guide === 'hidden');
    if (guide === 'collapsed' || guide === 'hidden') root.classList.add('guide-collapsed');
    if (guide === 'open' && from.guide !== 'default') root.classList.remove('guide-collapsed');
  }
  applyLayout();

  const embedded = document.getElementById('fhl-lab-file');
  let ready;
  if (params.has('config')) {
    ready = loadFile(params.get('config'));
  } else if (embedded && embedded.textContent.trim() && embedded.textContent.trim() !== '{}') {
    ready = Promise.resolve().then(() => parseFileText(embedded.textContent, 'embedded in this page', 'embedded'));
  } else {
    ready = Promise.resolve();
  }
  ready = ready.then(() => {
    if (source.file) {  // the URL wins: apply it again over the file's values, without repeating its messages
      const before = messages.length;
      applyUrl();
      messages.splice(before, messages.length - before);
    }
    mirrorIntoUrl();
    applyLayout();
    showMessages();
    return config;
  });

  // main_web.cpp reads seed (and start as a clock time) from the address itself: a lab file's values are written into
  // the address (history.replaceState, same document) before the module starts, so it sees them too.
  function mirrorIntoUrl() {
    const add = {};
    if (from.seed === 'file' && values.seed !== null) add.seed = values.seed;
    if (from.start === 'file' && values.clockStart) add.start = values.clockStart;
    if (!Object.keys(add).length) return;
    const url = new URL(location.href);
    for (const [k, v] of Object.entries(add)) url.searchParams.set(k, v);
    try {
      history.replaceState(history.state, '', url.href);
    } catch (e) {
      messages.push('The lab file\'s ' + Object.keys(add).join(' and ') + ' cannot be applied to a page opened ' +
                    'from a file; add ' + Object.entries(add).map(([k, v]) => k + '=' + v).join('&') +
                    ' to the address instead.');
    }
  }

  // [SECTION] the banner (#config-messages in index.html; created if the page has none)
  function showMessages() {
    if (!messages.length) return;
    for (const m of messages) console.warn('firehose-lab config:', m);
    const paint = () => {
      let box = document.getElementById('config-messages');
      if (!box) {
        box = document.createElement('div');
        box.id = 'config-messages';
        (document.getElementById('console') || document.body).appendChild(box);
      }
      box.className = 'config-messages';
      box.setAttribute('role', 'alert');
      box.textContent = '';
      const title = document.createElement('p');
      title.className = 'config-title';
      title.textContent = 'This lab\'s settings have problems; the lab runs with the values shown:';
      box.appendChild(title);
      const list = document.createElement('ul');
      for (const m of messages) {
        const li = document.createElement('li');
        li.textContent = m;
        list.appendChild(li);
      }
      box.appendChild(list);
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'config-dismiss';
      close.textContent = 'Dismiss';
      close.addEventListener('click', () => { box.hidden = true; });
      box.appendChild(close);
      box.hidden = false;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', paint, { once: true });
    else paint();
  }

  const config = {
    values, messages, source, ready,
    stepShown: (id) => values.steps.includes(id),
    questionAsked: (id) => values.questions.includes(id),
    // Adds a message to the banner (lab-api.js: a failed start=deployed).
    report(text) { messages.push(text); showMessages(); },
    STEP_IDS, QUESTION_IDS,
  };
  window.fhlConfig = config;
})();
