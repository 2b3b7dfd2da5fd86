// lms-scorm.js: reports the lab guide's progress to a learning management system through SCORM 1.2 (window.API)
// or SCORM 2004 4th edition (window.API_1484_11), and keeps a compact resume point in cmi.suspend_data.
// No dependencies; loaded after lab-api.js and guide.js. Reads window.lab (progress, send, advance, setSpeed) and
// window.fhlConfig (lab-config.js, optional: the steps and questions asked). Defines window.FirehoseLabLms, which
// lms-embed.js also uses.
//
// What the LMS sees (SCORM 1.2 names; the 2004 names follow in brackets):
//   - on load: LMSInitialize [Initialize]; cmi.core.lesson_status = 'incomplete' unless the LMS already has
//     'completed' or 'passed' [cmi.completion_status = 'incomplete' unless 'completed'], then LMSCommit [Commit].
//   - score: the share of the steps the student is asked to do (fhlConfig steps= and questions=) that are done, as
//     a percentage: cmi.core.score.raw 0..100 with score.min 0 and score.max 100 [also cmi.score.scaled 0..1 and
//     cmi.progress_measure]. A question step counts only while its latest answer is right (the step stays done).
//   - status: 'completed' once every step is done. With a mastery score (cmi.student_data.mastery_score, 0..100
//     [cmi.scaled_passing_score x 100]) it is judged as SCORM 1.2 LMSs do: 'passed' as soon as score.raw >= the
//     mastery score, 'failed' when every step is done below it (a question's latest answer is wrong),
//     'incomplete' before [cmi.success_status 'passed' / 'failed' / 'unknown'; cmi.completion_status 'completed'
//     once every step is done]. A reported 'completed' or 'passed' is never taken back.
//   - cmi.core.exit = 'suspend' while incomplete, '' after [cmi.exit 'suspend' / 'normal'].
//   - cmi.core.session_time HHHH:MM:SS.SS since LMSInitialize [cmi.session_time as ISO 8601 PT#H#M#S].
//   - cmi.suspend_data: the resume point (below), never longer than 4,096 characters (SCORM 1.2's CMIString4096;
//     2004 allows 64,000, the same string is used).
//   - LMSCommit when the progress changes, at most every COMMIT_GAP_MS; LMSFinish [Terminate] on pagehide.
//
// The resume point, version 1 ('FHL1'; fields ';'-separated, values percent-encoded, unknown fields ignored):
//   d=<hex bit mask of done steps, bit i = STEP_IDS[i]>  t=<lab time, epoch s>  z=<seed, for reference; only
//   below 2^53>  v=<clock speed>
//   k=<stack name>  p=<ParameterKey>:<ParameterValue>,...  r=1 (demo data running)
//   e=<records/s>,<duration s>,<interval>:<size>.<interval>:<size>...  (the last buffering experiment)
//   b=<interval>,<size>,<correct 0|1>   x=<correct 0|1>,<ticker>   m=<correct 0|1>,<free text>
// The free text gets what is left of the 4,096 characters (cut at a character boundary); if the stack's parameters
// alone would not fit they are left out (the stack is then redeployed with the template's defaults).
// On launch with a resume point and a fresh lab (nothing done, no stack; the browser's own saved lab may already
// hold more), the lab is rebuilt: the stack redeployed with its parameters and created over simulated time, the
// clock moved forward to the saved lab time, demo data restarted, the experiment rerun, then the done steps and
// answers merged back in with Lab RestoreLabProgress. The guide says "Resumed from your last session."
'use strict';
(() => {
  const VERSION = 'FHL1';
  const MAX_SUSPEND_CHARS = 4096;
  const COMMIT_GAP_MS = 5000;      // at most one LMSCommit every 5 s while the progress changes
  const POLL_MS = 1000;
  const MAX_FIND_TRIES = 7;        // the ADL findAPI algorithm's limit of parent windows
  const MAX_TICKER_CHARS = 32;
  // LabGuide::kStepIds, in order (src/core/lab_guide.h): the bit positions of d=.
  const STEP_IDS = ['deploy-stack', 'spot-buffering', 'open-stream', 'send-demo-data', 'watch-incoming',
                    'objects-delivered', 'browse-bucket', 'athena-query', 'answer-ticker', 'buffering-experiment',
                    'athena-reminds'];
  const QUESTIONS = ['spot-buffering', 'answer-ticker', 'athena-reminds'];
  const MAX_ADVANCE_S = 2678400;   // Lab AdvanceClock's limit per call (31 days)
  const RESUMED_TEXT = 'Resumed from your last session.';

  // [SECTION] finding the LMS API (ADL's findAPI: up to 7 parents, then the opener and its parents)
  function findIn(win, name) {
    let tries = 0;
    try {
      while (win[name] == null && win.parent != null && win.parent !== win) {
        if (++tries > MAX_FIND_TRIES) return null;
        win = win.parent;
      }
      return win[name] || null;
    } catch (e) {
      return null;  // a cross-origin window: the LMS is not there
    }
  }
  function findApi(name) {
    let api = findIn(window, name);
    try { if (!api && window.opener) api = findIn(window.opener, name); } catch (e) { /* cross-origin opener */ }
    return api;
  }

  // One interface over both standards.
  function adapter() {
    const a2004 = findApi('API_1484_11');
    if (a2004 && typeof a2004.Initialize === 'function') {
      return {
        standard: '2004', api: a2004,
        init: () => a2004.Initialize(''), get: (k) => a2004.GetValue(k), set: (k, v) => a2004.SetValue(k, String(v)),
        commit: () => a2004.Commit(''), finish: () => a2004.Terminate(''), error: () => a2004.GetLastError(),
      };
    }
    const a12 = findApi('API');
    if (a12 && typeof a12.LMSInitialize === 'function') {
      return {
        standard: '1.2', api: a12,
        init: () => a12.LMSInitialize(''), get: (k) => a12.LMSGetValue(k), set: (k, v) => a12.LMSSetValue(k, String(v)),
        commit: () => a12.LMSCommit(''), finish: () => a12.LMSFinish(''), error: () => a12.LMSGetLastError(),
      };
    }
    return null;
  }

  // [SECTION] times
  // SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours capped at 9999).
  function timespan12(ms) {
    let cs = Math.max(0, Math.round(ms / 10));
    cs = Math.min(cs, 9999 * 360000 + 359999);
    const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, f = cs % 100;
    const p2 = (n) => String(n).padStart(2, '0');
    return String(h).padStart(4, '0') + ':' + p2(m) + ':' + p2(s) + '.' + p2(f);
  }
  // SCORM 2004 timeinterval (ISO 8601 duration): PT#H#M#S with at most two decimals.
  function timespan2004(ms) {
    const cs = Math.max(0, Math.round(ms / 10));
    const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return 'PT' + h + 'H' + m + 'M' + (Number.isInteger(s) ? s : s.toFixed(2)) + 'S';
  }

  // [SECTION] progress summary (shared with lms-embed.js)
  // The steps the student is asked to do: the teacher's steps= and questions= (lab-config.js; a step whose question
  // is not asked does not count, as in guide.js), else every step the page shows.
  const QUESTION_STEPS = ['spot-buffering', 'answer-ticker', 'athena-reminds'];
  function shownStepIds(progress) {
    const ids = progress.Steps.map((s) => s.Id);
    const c = window.fhlConfig;
    if (c && typeof c.stepShown === 'function') {
      return ids.filter((id) => c.stepShown(id) &&
                                (!QUESTION_STEPS.includes(id) || typeof c.questionAsked !== 'function' || c.questionAsked(id)));
    }
    if (typeof document === 'undefined' || !document.getElementById('steps')) return ids;
    return ids.filter((id) => {
      const li = document.getElementById('step-' + id);
      return li && !li.hidden && getComputedStyle(li).display !== 'none';
    });
  }

  // {steps:[{id, title, done}], done, total, score (0..100), maxScore: 100, complete, status}
  function summarize(progress, mastery = null) {
    const shown = new Set(shownStepIds(progress));
    const answers = progress.Answers || {};
    const steps = progress.Steps.filter((s) => shown.has(s.Id)).map((s) => ({ id: s.Id, title: s.Title, done: !!s.Done }));
    let points = 0, done = 0;
    for (const s of steps) {
      if (!s.done) continue;
      ++done;
      if (!QUESTIONS.includes(s.id) || (answers[s.id] && answers[s.id].Correct === true)) ++points;
    }
    const total = steps.length;
    const score = total ? Math.round(100 * points / total) : 0;
    const complete = total > 0 && done === total;
    let status = complete ? 'completed' : 'incomplete';
    if (mastery != null) status = score >= mastery ? 'passed' : complete ? 'failed' : 'incomplete';
    return { steps, done, total, score, maxScore: 100, complete, status, mastery };
  }

  // Calls fn(summary, progress) every POLL_MS once the lab runs (and now, if it already does).
  const watchers = [];
  function watch(fn) { watchers.push(fn); }

  // [SECTION] the resume point
  const enc = encodeURIComponent;
  function dec(s) { try { return decodeURIComponent(s); } catch (e) { return null; } }
  const num = (x) => (typeof x === 'number' && isFinite(x) ? String(Math.round(x * 1000) / 1000) : '0');
  const bit = (b) => (b ? '1' : '0');

  // The longest prefix of text (whole characters) whose encoding fits in `room` characters.
  function fitText(text, room) {
    const chars = Array.from(text);
    if (enc(text).length <= room) return text;
    let lo = 0, hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (enc(chars.slice(0, mid).join('')).length <= room) lo = mid; else hi = mid - 1;
    }
    return chars.slice(0, lo).join('');
  }

  // Lone UTF-16 surrogates (a broken paste) cannot be percent-encoded: they become U+FFFD.
  function wellFormed(text) {
    return Array.from(String(text), (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : c)).join('');
  }

  // state: {done:[ids], t, seed, speed, stack:{name, params:[[key, value]]}|null, demo, experiment:{rate, duration,
  // hints:[[interval, size]]}|null, answers:{'spot-buffering':{interval, size, correct}, 'answer-ticker':{value,
  // correct}, 'athena-reminds':{value, correct}}} -> a string of at most MAX_SUSPEND_CHARS characters. Every field
  // but p= and m= is bounded (at most ~700 characters together); p= is added only if it fits, m= gets the rest.
  function encodeSuspendData(state) {
    let mask = 0;
    for (const id of state.done || []) { const i = STEP_IDS.indexOf(id); if (i >= 0) mask |= 1 << i; }
    const parts = [VERSION, 'd=' + mask.toString(16)];
    if (state.t != null && isFinite(state.t)) parts.push('t=' + Math.floor(state.t));
    if (state.seed != null && /^\d{1,20}$/.test(String(state.seed))) parts.push('z=' + state.seed);
    if (state.speed != null) parts.push('v=' + num(state.speed));
    const stack = state.stack && state.stack.name ? state.stack : null;
    if (stack) parts.push('k=' + enc(Array.from(wellFormed(stack.name)).slice(0, 128).join('')));
    if (state.demo) parts.push('r=1');
    const x = state.experiment;
    if (x && Array.isArray(x.hints) && x.hints.length) {
      parts.push('e=' + num(x.rate) + ',' + num(x.duration) + ',' +
                 x.hints.slice(0, 8).map(([i, s]) => num(i) + ':' + num(s)).join('.'));
    }
    const a = state.answers || {};
    const b = a['spot-buffering'];
    if (b) parts.push('b=' + num(b.interval) + ',' + num(b.size) + ',' + bit(b.correct));
    const tk = a['answer-ticker'];
    if (tk && typeof tk.value === 'string') {
      parts.push('x=' + bit(tk.correct) + ',' + enc(Array.from(wellFormed(tk.value)).slice(0, MAX_TICKER_CHARS).join('')));
    }
    let out = parts.join(';');
    if (stack && stack.params && stack.params.length) {
      const p = ';p=' + stack.params.map(([k, v]) => enc(wellFormed(k)) + ':' + enc(wellFormed(v))).join(',');
      if (out.length + p.length <= MAX_SUSPEND_CHARS) out += p;
    }
    const m = a['athena-reminds'];
    if (m && typeof m.value === 'string') {
      const head = ';m=' + bit(m.correct) + ',';
      const room = MAX_SUSPEND_CHARS - out.length - head.length;
      if (room >= 0) out += head + enc(fitText(wellFormed(m.value), room));
    }
    if (out.length > MAX_SUSPEND_CHARS) throw new Error('resume point too long: ' + out.length);  // cannot happen
    return out;
  }

  // The inverse; null for anything that is not a version-1 resume point.
  function decodeSuspendData(text) {
    if (typeof text !== 'string' || !text.startsWith(VERSION + ';')) return null;
    const state = { done: [], t: null, seed: null, speed: null, stack: null, demo: false, experiment: null, answers: {} };
    for (const field of text.split(';').slice(1)) {
      const at = field.indexOf('=');
      if (at < 1) return null;
      const key = field.slice(0, at), value = field.slice(at + 1);
      const n = Number(value);
      if (key === 'd') {
        const mask = parseInt(value, 16);
        if (!/^[0-9a-f]+$/.test(value) || !isFinite(mask)) return null;
        state.done = STEP_IDS.filter((id, i) => mask & (1 << i));
      } else if (key === 't') {
        if (!isFinite(n)) return null;
        state.t = n;
      } else if (key === 'z') {
        if (/^\d{1,20}$/.test(value)) state.seed = value;
      } else if (key === 'v') {
        if (isFinite(n) && n >= 0) state.speed = n;
      } else if (key === 'k') {
        const name = dec(value);
        if (name == null) return null;
        state.stack = Object.assign(state.stack || { params: [] }, { name });
      } else if (key === 'p') {
        const params = [];
        for (const kv of value.split(',')) {
          const [k, v] = kv.split(':');
          const dk = dec(k || ''), dv = dec(v || '');
          if (!dk || dv == null) return null;
          params.push([dk, dv]);
        }
        state.stack = Object.assign(state.stack || { name: null }, { params });
      } else if (key === 'r') {
        state.demo = value === '1';
      } else if (key === 'e') {
        const [rate, duration, hints] = value.split(',');
        state.experiment = { rate: Number(rate), duration: Number(duration),
                             hints: (hints || '').split('.').filter(Boolean).map((h) => h.split(':').map(Number)) };
      } else if (key === 'b') {
        const [i, s, c] = value.split(',');
        state.answers['spot-buffering'] = { interval: Number(i), size: Number(s), correct: c === '1' };
      } else if (key === 'x' || key === 'm') {
        const comma = value.indexOf(',');
        const v = dec(value.slice(comma + 1));
        if (comma < 0 || v == null) return null;
        state.answers[key === 'x' ? 'answer-ticker' : 'athena-reminds'] = { value: v, correct: value[0] === '1' };
      }
    }
    if (state.stack && !state.stack.name) state.stack = null;
    return state;
  }

  // [SECTION] reading the lab into a resume point
  const send = (service, action, request) => window.lab.send(service, action, request || {});
  let seed = null;

  async function captureState(progress) {
    const state = { done: progress.Steps.filter((s) => s.Done).map((s) => s.Id), t: Math.floor(progress.Now),
                    seed, speed: window.lab.getSpeed(), stack: null, demo: false, experiment: null, answers: {} };
    const ls = progress.LabStream;
    if (ls && ls.StackName) {
      const params = [];
      try {
        const { Stacks: [stack] } = await send('CloudFormation', 'DescribeStacks', { StackName: ls.StackName });
        for (const p of (stack && stack.Parameters) || []) params.push([p.ParameterKey, p.ParameterValue]);
      } catch (e) { /* deleted meanwhile: no parameters */ }
      state.stack = { name: ls.StackName, params };
    }
    if (ls) {
      try {
        state.demo = !!(await send('Lab', 'DescribeDemoData', { DeliveryStreamName: ls.DeliveryStreamName })).Running;
      } catch (e) { /* no stream */ }
    }
    const x = progress.LastExperiment;
    if (x && Array.isArray(x.Results)) {
      state.experiment = { rate: x.RecordsPerSecond, duration: x.DurationSeconds,
                           hints: x.Results.map((r) => [r.IntervalInSeconds, r.SizeInMBs]) };
    }
    const a = progress.Answers || {};
    const sb = a['spot-buffering'];
    if (sb && sb.Answer) {
      state.answers['spot-buffering'] = { interval: sb.Answer.IntervalInSeconds, size: sb.Answer.SizeInMBs,
                                          correct: sb.Correct === true };
    }
    for (const q of ['answer-ticker', 'athena-reminds']) {
      if (a[q] && typeof a[q].Answer === 'string') state.answers[q] = { value: a[q].Answer, correct: a[q].Correct === true };
    }
    return state;
  }

  // [SECTION] rebuilding the lab from a resume point
  async function deploy(stack) {
    const body = typeof window.lab.labTemplate === 'function' ? window.lab.labTemplate()
      : await (await fetch('firehose-lab.template.json')).text();
    const create = (params) => send('CloudFormation', 'CreateStack', {
      StackName: stack.name, TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: params.map(([k, v]) => ({ ParameterKey: k, ParameterValue: v })) });
    try {
      await create(stack.params || []);
    } catch (e) {
      console.warn('firehose-lab: redeploying with the saved parameters failed (' + e.message + '); using the defaults');
      await create([]);
    }
    for (let i = 0; i < 120; i++) {
      const { Stacks: [s] } = await send('CloudFormation', 'DescribeStacks', { StackName: stack.name });
      if (s.StackStatus === 'CREATE_COMPLETE') return;
      if (!s.StackStatus.endsWith('_IN_PROGRESS')) throw new Error(stack.name + ' ended in ' + s.StackStatus);
      window.lab.advance(5);
    }
    throw new Error(stack.name + ' was not created in 600 simulated seconds');
  }

  // Returns true when something was restored.
  async function rebuild(state) {
    const lab = window.lab;
    let progress = lab.progress();
    const stacks = (await send('CloudFormation', 'ListStacks', {})).StackSummaries || [];
    const fresh = progress.Completed === 0 && stacks.length === 0;
    if (fresh) {
      if (state.stack) {
        try { await deploy(state.stack); } catch (e) { console.warn('firehose-lab: could not redeploy the stack:', e); }
      }
      let behind = state.t != null ? state.t - lab.progress().Now : 0;
      while (behind > 0.5) {
        const step = Math.min(behind, MAX_ADVANCE_S);
        lab.advance(step);
        behind -= step;
      }
      progress = lab.progress();
      if (state.demo && progress.LabStream) {
        await send('Lab', 'StartDemoData', { DeliveryStreamName: progress.LabStream.DeliveryStreamName }).catch(() => {});
      }
      const x = state.experiment;
      if (x && x.hints.length) {
        await send('Lab', 'RunBufferingExperiment', {
          RecordsPerSecond: x.rate, DurationSeconds: x.duration,
          Hints: x.hints.map(([i, s]) => ({ IntervalInSeconds: i, SizeInMBs: s })) }).catch(() => {});
      }
      if (state.speed != null) lab.setSpeed(state.speed);
    }
    const answers = {};
    const a = state.answers;
    if (a['spot-buffering']) {
      answers['spot-buffering'] = { Answer: { IntervalInSeconds: a['spot-buffering'].interval,
                                              SizeInMBs: a['spot-buffering'].size },
                                    Correct: a['spot-buffering'].correct };
    }
    for (const q of ['answer-ticker', 'athena-reminds']) {
      if (a[q]) answers[q] = { Answer: a[q].value, Correct: a[q].correct };
    }
    const r = await send('Lab', 'RestoreLabProgress', { Completed: state.done, Answers: answers });
    return fresh || r.StepsRestored > 0 || r.AnswersRestored > 0;
  }

  // Lets the guide reload its forms and shows the message in its status line.
  function tellStudent() {
    try { window.dispatchEvent(new CustomEvent('lab-persistence', { detail: { kind: 'lms-resumed', message: RESUMED_TEXT } })); } catch (e) { /* old browser */ }
    const el = document.getElementById('persistence-message');
    if (el) el.textContent = RESUMED_TEXT;
    try { window.lab.redraw(); } catch (e) { /* no canvas */ }
  }

  // [SECTION] the SCORM session
  const lms = adapter();
  const session = {
    standard: lms ? lms.standard : null,
    initialized: false, finished: false, startedMs: 0, mastery: null,
    written: {},          // element -> last value written
    commits: 0, lastCommitMs: -Infinity, commitTimer: null,
    resumeKey: null,      // the resume point without its time fields: a change means progress
    suspendData: '',
    resumed: null,        // null, or {steps, answers} restored at launch
    errors: [],
  };

  function set(element, value) {
    value = String(value);
    if (session.written[element] === value) return false;
    if (String(lms.set(element, value)) !== 'true') {
      session.errors.push(element + ': ' + lms.error());
      return false;
    }
    session.written[element] = value;
    return true;
  }

  function commitNow() {
    clearTimeout(session.commitTimer);
    session.commitTimer = null;
    if (!session.initialized || session.finished) return;
    set(lms.standard === '1.2' ? 'cmi.core.session_time' : 'cmi.session_time', sessionTime());
    lms.commit();
    session.commits++;
    session.lastCommitMs = performance.now();
  }
  function commitSoon() {
    if (session.commitTimer) return;
    const wait = Math.max(0, session.lastCommitMs + COMMIT_GAP_MS - performance.now());
    session.commitTimer = setTimeout(commitNow, wait);
  }
  function sessionTime() {
    const ms = performance.now() - session.startedMs;
    return lms.standard === '1.2' ? timespan12(ms) : timespan2004(ms);
  }

  // Never report less than the LMS already has: completed/passed stay.
  let reportedStatus = '';       // 1.2: the LMS's 'completed'/'passed', or ''; 2004: success 'passed', or ''
  let completedBefore = false;   // 2004: cmi.completion_status was 'completed'
  function statusToReport(summary) {
    const s = summary.status;
    if (reportedStatus === 'passed') return 'passed';
    if (reportedStatus === 'completed' && s === 'incomplete') return 'completed';
    return s;
  }

  function report(summary, suspendData) {
    let changed = false;
    const status = statusToReport(summary);
    if (lms.standard === '1.2') {
      changed = set('cmi.core.lesson_status', status) || changed;
      changed = set('cmi.core.score.min', 0) || changed;
      changed = set('cmi.core.score.max', summary.maxScore) || changed;
      changed = set('cmi.core.score.raw', summary.score) || changed;
      changed = set('cmi.core.exit', status === 'incomplete' ? 'suspend' : '') || changed;
    } else {
      const completion = summary.complete || completedBefore ? 'completed' : 'incomplete';
      const success = status === 'passed' || status === 'failed' ? status : 'unknown';
      if (completion === 'completed') completedBefore = true;
      changed = set('cmi.completion_status', completion) || changed;
      changed = set('cmi.success_status', success) || changed;
      changed = set('cmi.score.min', 0) || changed;
      changed = set('cmi.score.max', summary.maxScore) || changed;
      changed = set('cmi.score.raw', summary.score) || changed;
      changed = set('cmi.score.scaled', summary.score / 100) || changed;
      changed = set('cmi.progress_measure', summary.total ? Math.round(1000 * summary.done / summary.total) / 1000 : 0) || changed;
      changed = set('cmi.exit', completion === 'incomplete' ? 'suspend' : 'normal') || changed;
    }
    if (status !== 'incomplete') reportedStatus = status;
    if (suspendData != null) changed = set('cmi.suspend_data', suspendData) || changed;
    return changed;
  }

  function start() {
    session.startedMs = performance.now();
    if (String(lms.init()) !== 'true') {
      console.warn('firehose-lab: the LMS refused to initialise (error ' + lms.error() + ')');
      return null;
    }
    session.initialized = true;
    const get = (k) => { const v = lms.get(k); return v == null ? '' : String(v); };
    let mastery = '';
    if (lms.standard === '1.2') {
      reportedStatus = get('cmi.core.lesson_status');
      mastery = get('cmi.student_data.mastery_score');
    } else {
      completedBefore = get('cmi.completion_status') === 'completed';
      reportedStatus = get('cmi.success_status') === 'passed' ? 'passed' : '';
      const scaled = get('cmi.scaled_passing_score');
      mastery = scaled === '' ? '' : String(Number(scaled) * 100);
    }
    if (reportedStatus !== 'completed' && reportedStatus !== 'passed') reportedStatus = '';
    const m = Number(mastery);
    session.mastery = mastery !== '' && isFinite(m) && m >= 0 && m <= 100 ? m : null;
    const saved = get('cmi.suspend_data');
    if (lms.standard === '1.2' ? !reportedStatus : !completedBefore) {
      set(lms.standard === '1.2' ? 'cmi.core.lesson_status' : 'cmi.completion_status', 'incomplete');
      commitNow();
    }
    return saved;
  }

  function finish() {
    if (!session.initialized || session.finished) return;
    try {
      if (session.latest) report(session.latest.summary, session.latest.suspendData);
      commitNow();
      lms.finish();
    } finally {
      session.finished = true;
    }
  }

  // [SECTION] start-up
  const api = {
    standard: session.standard,
    session,
    summarize, shownStepIds, watch, encodeSuspendData, decodeSuspendData, timespan12, timespan2004,
    MAX_SUSPEND_CHARS, STEP_IDS, RESUMED_TEXT,
    finish,
    ready: null,  // resolves once the resume point (if any) was applied and the first report sent
  };
  window.FirehoseLabLms = api;

  const savedData = lms ? start() : null;
  if (lms) window.addEventListener('pagehide', finish);
  if (!window.lab) return;

  let polling = false;
  async function tick() {
    // No LMS and nobody watching (lms-embed.js registers, maybe after this script's start): nothing to report.
    if (polling || (!session.initialized && !watchers.length)) return;
    polling = true;
    try {
      const progress = window.lab.progress();
      const summary = summarize(progress, session.mastery);
      for (const fn of watchers) { try { fn(summary, progress); } catch (e) { console.warn('firehose-lab:', e); } }
      if (session.initialized && !session.finished) {
        const state = await captureState(progress);
        const key = encodeSuspendData(Object.assign({}, state, { t: null, speed: null }));
        let data = null;
        if (key !== session.resumeKey || !session.latest) {
          session.resumeKey = key;
          data = encodeSuspendData(state);
          session.suspendData = data;
        }
        session.latest = { summary, suspendData: session.suspendData };
        if (report(summary, data)) commitSoon();
      }
    } catch (e) {
      console.warn('firehose-lab: progress report failed:', e);
    } finally {
      polling = false;
    }
  }

  api.ready = window.lab.loaded.then(async () => {
    const lab = window.lab;
    const info = await lab.send('Lab', 'DescribeLab', {}).catch(() => null);
    if (info && Number.isSafeInteger(info.Seed)) seed = String(info.Seed);  // a 64-bit seed may not survive JSON
    if (savedData) {
      const state = decodeSuspendData(savedData);
      if (!state) {
        console.warn('firehose-lab: the LMS resume point is not one this page wrote; starting without it');
      } else {
        try {
          if (await rebuild(state)) {
            session.resumed = { steps: state.done.length, answers: Object.keys(state.answers).length };
            tellStudent();
          }
        } catch (e) {
          console.warn('firehose-lab: could not resume from the LMS resume point:', e);
        }
      }
    }
    await tick();
    setInterval(tick, POLL_MS);
    return api;
  });
  api.ready.catch(() => {});
})();
