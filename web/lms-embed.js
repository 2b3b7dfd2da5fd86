// lms-embed.js: the postMessage bridge for a page framed by a site that is not a SCORM LMS: progress messages to
// the parent window and a few commands from it. No dependencies; loaded after lms-scorm.js (whose
// window.FirehoseLabLms computes the progress summary) and lab-config.js (window.fhlConfig.values.origins).
// Inactive when the page is not framed or when lms-scorm.js found a SCORM API (the LMS gets the progress then).
//
// Messages to the parent (plain objects; every one has type and version: 1):
//   {type: 'firehose-lab:ready', version: 1}                         once, when the lab runs and takes commands
//   {type: 'firehose-lab:progress', version: 1, steps: [{id, title, done}], done, total, score, maxScore, status}
//       after ready and whenever a step, the score or the status changes; score 0..maxScore (100) is the share of
//       the shown steps done (a question step counts while its answer is right); status is 'incomplete',
//       'completed', or with values.masteryScore 'passed'/'failed' (see lms-scorm.js)
//   {type: 'firehose-lab:step-done', version: 1, step: '<step id>'}  when a step becomes done in this session
//   {type: 'firehose-lab:response', version: 1, id, command, ok, ...} the answer to a command (below)
// targetOrigin: each origin in values.origins (the one matching document.referrer when it does, so only the
// framing site receives them). Without values.origins the messages above go to '*': they hold no answers, names
// or other personal data, only step ids, titles and counts, and commands are then not accepted at all.
//
// Commands from the parent: {type: 'firehose-lab:command', version: 1, command, id?, ...}
//   command 'get-progress'                 -> a 'firehose-lab:progress' message with the same id
//   command 'set-speed', speed: 0..3600    -> sets the clock (simulated seconds per wall second; 0 pauses);
//                                             response {ok: true, speed}
//   command 'reset'                        -> response {ok: true}, then the lab starts afresh (the page reloads);
//                                             only when values.origins comes from the teacher's lab file
//                                             (config=lab.json on the page's origin), never from origins= in the
//                                             address, which whoever frames the page chooses
// A command is obeyed only when it comes from the parent window and its origin is listed in values.origins
// (scheme://host[:port], exactly). Every other message is ignored and counted in FirehoseLabEmbed.stats.ignored;
// the first one is logged to the console. A listed origin sending a bad command gets {ok: false, error}.
'use strict';
(() => {
  const TYPE = 'firehose-lab:';
  const MAX_SPEED = 3600;
  const stats = { sent: 0, obeyed: 0, rejected: 0, ignored: 0 };
  const api = { active: false, origins: [], stats };
  window.FirehoseLabEmbed = api;

  let framed = false;
  try { framed = window.parent != null && window.parent !== window; } catch (e) { framed = true; }
  const lms = window.FirehoseLabLms;
  if (!framed || !lms || lms.standard || !window.lab) return;

  // values.origins (lab-config.js, already checked there): 'https://lms.example.edu' entries. Read on every use:
  // a lab file's values arrive after this script runs (fhlConfig.ready).
  const config = () => window.fhlConfig || { values: {}, source: { from: {} } };
  function origins() {
    const list = [];
    for (const o of Array.isArray(config().values.origins) ? config().values.origins : []) {
      let origin = null;
      try { origin = new URL(String(o)).origin; } catch (e) { /* not a URL */ }
      if (origin && /^https?:/.test(origin) && String(o).replace(/\/$/, '') === origin) list.push(origin);
    }
    api.origins = list;
    return list;
  }
  // Only origins from the teacher's lab file (config=, a file on this page's own origin) may reset the lab: a page
  // that frames this one chooses its address, so origins= in the address could name any site.
  const originsFromFile = () => ((config().source || {}).from || {}).origins === 'file';
  api.active = true;

  function targets() {
    const list = origins();
    if (!list.length) return ['*'];
    let referrer = null;
    try { referrer = document.referrer ? new URL(document.referrer).origin : null; } catch (e) { /* none */ }
    return list.includes(referrer) ? [referrer] : list;
  }
  function post(message, origin) {
    const m = Object.assign({ type: '', version: 1 }, message);
    for (const target of origin ? [origin] : targets()) {
      try { window.parent.postMessage(m, target); } catch (e) { /* a detached parent */ }
    }
    stats.sent++;
  }
  function progressMessage(s, extra) {
    return Object.assign({ type: TYPE + 'progress', steps: s.steps, done: s.done, total: s.total, score: s.score,
                           maxScore: s.maxScore, status: s.status }, extra || {});
  }

  // [SECTION] progress to the parent
  let ready = false, latest = null, lastKey = null, doneBefore = null;
  function onSummary(s) {
    latest = s;
    if (!ready) return;
    const done = new Set(s.steps.filter((x) => x.done).map((x) => x.id));
    if (doneBefore) for (const id of done) if (!doneBefore.has(id)) post({ type: TYPE + 'step-done', step: id });
    doneBefore = done;
    const key = JSON.stringify([s.steps.map((x) => x.done), s.score, s.status]);
    if (key !== lastKey) {
      lastKey = key;
      post(progressMessage(s));
    }
  }
  lms.watch(onSummary);
  Promise.resolve(lms.ready).then(() => {
    ready = true;
    post({ type: TYPE + 'ready' });
    if (latest) onSummary(latest);
  });

  // [SECTION] commands from the parent
  let loggedIgnored = false;
  function ignore(e, why) {
    stats.ignored++;
    if (loggedIgnored) return;
    loggedIgnored = true;
    console.warn('firehose-lab: ignored a message from ' + (e.origin || 'an unknown origin') + ' (' + why + '); ' +
                 'further ignored messages are only counted (FirehoseLabEmbed.stats.ignored)');
  }
  function reply(e, d, body) {
    post(Object.assign({ type: TYPE + 'response', id: d.id === undefined ? null : d.id, command: d.command }, body), e.origin);
  }

  window.addEventListener('message', (e) => {
    const d = e.data;
    if (!d || typeof d !== 'object' || d.type !== TYPE + 'command') { ignore(e, 'not a firehose-lab command'); return; }
    if (e.source !== window.parent) { ignore(e, 'not from the framing page'); return; }
    if (!origins().includes(e.origin)) { ignore(e, 'origin not listed in values.origins'); return; }
    if (!ready) { stats.rejected++; reply(e, d, { ok: false, error: 'The lab is still loading: wait for firehose-lab:ready.' }); return; }
    try {
      if (d.command === 'get-progress') {
        const s = lms.summarize(window.lab.progress());
        post(progressMessage(s, { id: d.id === undefined ? null : d.id }), e.origin);
      } else if (d.command === 'set-speed') {
        const speed = d.speed;
        if (typeof speed !== 'number' || !(speed >= 0 && speed <= MAX_SPEED)) {
          stats.rejected++;
          reply(e, d, { ok: false, error: 'speed must be a number from 0 to ' + MAX_SPEED + '.' });
          return;
        }
        window.lab.setSpeed(speed);
        reply(e, d, { ok: true, speed });
      } else if (d.command === 'reset') {
        if (!originsFromFile()) {
          stats.rejected++;
          reply(e, d, { ok: false, error: 'reset needs origins from the lab file (config=), not from the address.' });
          return;
        }
        reply(e, d, { ok: true });
        const p = window.lab.persistence;
        setTimeout(() => { if (p) p.reset(); else location.reload(); }, 0);
      } else {
        stats.rejected++;
        reply(e, d, { ok: false, error: 'Unknown command: use get-progress, set-speed or reset.' });
        return;
      }
      stats.obeyed++;
    } catch (err) {
      stats.rejected++;
      reply(e, d, { ok: false, error: String(err && err.message || err) });
    }
  });
})();
