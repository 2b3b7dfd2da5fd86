// lab-api.js: loads firehose_lab.js/.wasm and defines window.lab, the page's JS API over the wasm exports
// (JSON in, JSON out). No dependencies. Shows loading/error states in #status; uncaught errors set window.labError.
// Persistence (lab.persistence) comes from lab-store.js when the page loads it first; the saved lab is read while the
// module downloads and restored inside main(), before the first frame.
'use strict';
(() => {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');
  let M = null;              // the module, once instantiated
  let firstFrameMs = null;   // performance.now() when the first frame was drawn
  let loadedMs = null;       // performance.now() when the module was instantiated (main() has run)
  let settleReady;

  // An AWS error answer of lab.send: name = the AWS error code, message = its text, status = the HTTP status.
  class LabApiError extends Error {
    constructor(code, message, status) {
      super(message);
      this.name = code;
      this.code = code;
      this.status = status;
    }
  }

  // Starts reading the saved lab now (IndexedDB), in parallel with the module's download.
  const persistence = window.FirehoseLabStore ? window.FirehoseLabStore.begin() : null;

  const ready = new Promise((resolve, reject) => { settleReady = { resolve, reject }; });
  ready.catch(() => {});  // failures are shown and recorded by fail(); awaiting callers still see them

  function fail(what) {
    const err = what instanceof Error ? what : new Error(String(what && what.message || what));
    const text = err.name && err.name !== 'Error' ? err.name + ': ' + err.message : err.message;
    console.error('firehose-lab:', err);
    settleReady.reject(err);
    if (window.labError) return;  // the first error is the one shown and kept
    window.labError = text;
    status.textContent = 'Firehose Lab stopped.\n' + text;
    status.className = 'error';
    status.hidden = false;
  }
  window.labError = null;
  window.addEventListener('error', (e) => fail(e.error || e.message));
  window.addEventListener('unhandledrejection', (e) => {
    if (!(e.reason instanceof LabApiError)) fail(e.reason);  // an AWS error answer is a result, not a crash
  });

  const loaded = new Promise((resolve, reject) => {
    if (typeof WebAssembly !== 'object') throw new Error('This browser does not support WebAssembly.');
    const script = document.createElement('script');
    script.src = 'firehose_lab.js';
    script.onerror = () => reject(new Error('Could not load firehose_lab.js.'));
    script.onload = async () => {
      if (persistence) await persistence.loading;  // bounded: lab-store.js times out and continues without storage
      await configReady();
      if (typeof createFirehoseLab !== 'function') {
        reject(new Error('firehose_lab.js did not define createFirehoseLab.'));
        return;
      }
      createFirehoseLab({
        // Called by main_web.cpp.
        onFirstFrame: () => loaded.then(() => {
          firstFrameMs = performance.now();
          status.hidden = true;
          settleReady.resolve(lab);
        }),
        onLabCreated: (module) => {
          if (persistence) persistence.restoreInto(module);
          applyConfig(module);
        },
        onFatal: (message) => fail(new Error(message)),
        onAbort: (what) => fail(new Error('The WebAssembly module stopped: ' + what)),
        print: (text) => console.log(text),
        printErr: (text) => console.warn(text),
      }).then((module) => {
        M = module;
        loadedMs = performance.now();
        if (persistence) persistence.attach(lab, M);
        resolve(lab);
      }, reject);
    };
    // The single-file build has the module on the page already: no download.
    if (typeof createFirehoseLab === 'function') script.onload();
    else document.head.appendChild(script);
  });
  loaded.catch(fail);

  // [SECTION] teacher configuration (lab-config.js: window.fhlConfig), applied inside main() before the first frame.
  async function configReady() {
    const config = window.fhlConfig;
    if (!config) return;
    await config.ready;
    // persist=off from a lab file arrives after lab-store.js started reading: nothing is restored or saved then.
    if (config.values.persist === 'off' && config.source.from.persist === 'file' && persistence) {
      persistence.state.pending = null;
      persistence.state.disabled = true;
    }
  }
  function callSync(module, service, action, request) {
    const args = [service, action, JSON.stringify(request)].map((s) => {
      const n = module.lengthBytesUTF8(s) + 1;
      const p = module._malloc(n);
      module.stringToUTF8(s, p, n);
      return p;
    });
    try { return JSON.parse(module.UTF8ToString(module._fhl_send(...args))); } finally { args.forEach((p) => module._free(p)); }
  }
  // start=deployed: the lab's stack from the lab template with the teacher's interval/size, run to CREATE_COMPLETE
  // (only on a lab without stacks: a restored lab keeps what it has). Then the clock's initial speed.
  function applyConfig(module) {
    const config = window.fhlConfig;
    if (!config) return;
    const v = config.values;
    if (v.start === 'deployed') {
      const stacks = callSync(module, 'CloudFormation', 'ListStacks', {});
      const any = stacks.ok && (stacks.body.StackSummaries || []).some((x) => x.StackStatus !== 'DELETE_COMPLETE');
      if (!any) deployLabStack(module, v, config);
    }
    if (config.source.from.speed !== 'default') module._fhl_set_speed(v.speed);
  }
  function deployLabStack(module, v, config) {
    const name = 'firehose-lab';
    const r = callSync(module, 'CloudFormation', 'CreateStack', {
      StackName: name, TemplateBody: module.UTF8ToString(module._fhl_lab_template()),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: [{ ParameterKey: 'BufferIntervalSeconds', ParameterValue: String(v.interval) },
                   { ParameterKey: 'BufferSizeMBs', ParameterValue: String(v.size) }] });
    let status = r.ok ? 'CREATE_IN_PROGRESS' : null;
    for (let i = 0; r.ok && i < 120 && status.endsWith('_IN_PROGRESS'); i++) {
      module._fhl_advance(5);
      const d = callSync(module, 'CloudFormation', 'DescribeStacks', { StackName: name });
      status = d.ok ? d.body.Stacks[0].StackStatus : 'UNKNOWN';
    }
    if (status !== 'CREATE_COMPLETE') {
      config.report('start=deployed: the lab stack could not be created (' +
                    (r.ok ? status : r.error.code + ': ' + r.error.message) + '); the lab starts without it.');
    }
  }

  function need() {
    if (!M) throw new Error('The lab is still loading: await lab.ready (or lab.loaded) first.');
  }
  function text(ptr) { return M.UTF8ToString(ptr); }
  // Strings go in through malloc, not the stack: request bodies can be megabytes (PutRecordBatch).
  function withStrings(strings, fn) {
    const ptrs = strings.map((s) => {
      const n = M.lengthBytesUTF8(s) + 1;
      const p = M._malloc(n);
      M.stringToUTF8(s, p, n);
      return p;
    });
    try { return fn(...ptrs); } finally { ptrs.forEach((p) => M._free(p)); }
  }
  function checkNumber(name, x) {
    if (typeof x !== 'number' || !(x >= 0) || !isFinite(x)) {
      throw new RangeError(name + ' must be a finite number >= 0');
    }
  }

  const lab = {
    ready,    // resolves (with lab) once the first frame was drawn
    loaded,   // resolves once the core runs (lab.send works even without WebGL2)
    LabApiError,
    // Resolves the response body, or rejects with a LabApiError (name = AWS error code, .status).
    send(service, action, request = {}) {
      return loaded.then(() => {
        const body = typeof request === 'string' ? request : JSON.stringify(request);
        const args = [String(service), String(action), body];
        const r = JSON.parse(withStrings(args, (s, a, b) => text(M._fhl_send(s, a, b))));
        if (r.ok) return r.body;
        throw new LabApiError(r.error.code, r.error.message, r.error.status);
      });
    },
    // The lab guide's progress (Lab GetLabProgress), synchronously: call after lab.loaded.
    progress() {
      need();
      const r = JSON.parse(withStrings(['Lab', 'GetLabProgress', '{}'], (s, a, b) => text(M._fhl_send(s, a, b))));
      if (r.ok) return r.body;
      throw new LabApiError(r.error.code, r.error.message, r.error.status);
    },
    // Simulated time: advance(seconds) moves it now and returns lab.now(); speed = simulated s per wall s (0 pauses).
    advance(seconds) { need(); checkNumber('seconds', seconds); M._fhl_advance(seconds); return lab.now(); },
    setSpeed(x) { need(); checkNumber('speed', x); M._fhl_set_speed(x); },
    getSpeed() { need(); return M._fhl_get_speed(); },
    now() { need(); return text(M._fhl_now_iso()); },  // ISO-8601 UTC, e.g. 2026-01-01T00:00:00.000Z
    ui: {
      // Named widgets drawn in the last frame: {name: {x, y, width, height}} in CSS pixels of the canvas.
      widgets() { need(); return JSON.parse(text(M._fhl_widgets_json())); },
      rect(name) { return lab.ui.widgets()[name] || null; },
      // Keyboard focus to the console with its first widget focused (the "Skip to the console" link).
      focusConsole() {
        canvas.focus();
        if (M) { M.fhlFocusChange = 1; M._fhl_html5_wake(); }
      },
    },
    // Frame loop counters: framesRendered, ticks, lastFrameCpuMs, loopRunning, devicePixelRatio, seed, ...
    stats() { need(); return Object.assign(JSON.parse(text(M._fhl_frame_stats())), { loadedMs, firstFrameMs }); },
    redraw() { need(); M._fhl_request_frame(); },
    // The lab's CloudFormation template as JSON text (the copy built into the module).
    labTemplate() { need(); return text(M._fhl_lab_template()); },
  };
  // [SECTION] display preferences (a11y-prefs.js keeps them in localStorage and on <html>; main() read the first ones)
  const displayPrefs = window.FirehoseLabPrefs || null;
  function applyDisplay(p) {
    if (!M) return;
    withStrings([p.theme], (t) => M._fhl_set_theme(t));
    M._fhl_set_font_scale(p.fontScale);
    M._fhl_set_reduced_motion(p.reducedMotion ? 1 : 0);
  }
  if (displayPrefs) {
    displayPrefs.subscribe(applyDisplay);
    loaded.then(() => applyDisplay(displayPrefs.current()), () => {});
  }
  Object.assign(lab, {
    // 'default' or 'high-contrast', for the console and the guide; remembered (localStorage 'fhl-theme').
    setTheme(name) {
      if (name !== 'default' && name !== 'high-contrast') throw new RangeError('theme must be "default" or "high-contrast"');
      if (displayPrefs) displayPrefs.setTheme(name); else { need(); withStrings([name], (t) => M._fhl_set_theme(t)); }
    },
    // Text size, 0.85..2 (snapped to the guide's steps); remembered (localStorage 'fhl-font-scale').
    setFontScale(x) {
      checkNumber('scale', x);
      if (displayPrefs) displayPrefs.setFontScale(x); else { need(); M._fhl_set_font_scale(x); }
    },
    // What the console applies: {theme, fontScale, reducedMotion, fontSizePx, cursorBlink, navKeyboard, colors}.
    displayPrefs() { need(); return JSON.parse(text(M._fhl_display_prefs())); },
    // Lab::generation(): changes whenever anything observable in the lab changes.
    generation() { need(); return M._fhl_generation(); },
  });
  window.lab = lab;
  if (window.FirehoseLabHttp) window.FirehoseLabHttp.attach(lab, loaded.then(() => M));  // lab.requestHandler

  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  canvas.focus();
})();
