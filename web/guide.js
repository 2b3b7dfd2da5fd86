// guide.js: the lab guide beside the console: layout (collapsible sidebar / drawer, remembered in localStorage), step
// status from lab.progress() (Lab GetLabProgress, polled each second), answers, the buffering experiment and the
// lab file toolbar (lab.persistence, when present). No dependencies; loaded after lab-api.js.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const guide = $('guide');
  const toggle = $('guide-toggle');
  const narrow = window.matchMedia ? matchMedia('(max-width: 899px)') : { matches: false, addEventListener() {} };
  const POLL_MS = 1000;
  const DEFAULT_HINTS = [[60, 1], [300, 5], [900, 128], [0, 1]];
  let labLoaded = false;    // lab.loaded resolved: lab.send and lab.progress work

  // [SECTION] layout
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ } }
  function collapsed() { return root.classList.contains('guide-collapsed'); }
  function syncToggle() {
    const c = collapsed();
    toggle.setAttribute('aria-expanded', String(!c));
    toggle.title = c ? 'Show the lab guide' : 'Hide the lab guide';
    toggle.querySelector('.toggle-label').textContent = c ? 'Lab guide' : 'Hide guide';
  }
  function setCollapsed(c) {
    root.classList.toggle('guide-collapsed', c);
    if (narrow.matches) store('fhl-guide-drawer-open', c ? '0' : '1');
    else store('fhl-guide-collapsed', c ? '1' : '0');
    syncToggle();
    canvasMayHaveResized();
  }
  toggle.addEventListener('click', () => setCollapsed(!collapsed()));
  narrow.addEventListener('change', () => {
    let c;
    try {
      c = narrow.matches ? localStorage.getItem('fhl-guide-drawer-open') !== '1'
                         : localStorage.getItem('fhl-guide-collapsed') === '1';
    } catch (e) { c = narrow.matches; }
    root.classList.toggle('guide-collapsed', c);
    syncToggle();
  });
  // The drawer closes with Escape.
  guide.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && narrow.matches && !collapsed()) { setCollapsed(true); toggle.focus(); }
  });
  syncToggle();

  // The console reads the canvas size every frame but sleeps when idle: wake it whenever the canvas changes size.
  function canvasMayHaveResized() {
    try { if (window.lab && labLoaded) window.lab.redraw(); } catch (e) { /* still loading */ }
  }
  if (window.ResizeObserver) new ResizeObserver(canvasMayHaveResized).observe($('canvas'));

  // Keys and pastes typed into the guide belong to the guide, not to the console (it listens on the window).
  for (const type of ['keydown', 'keyup', 'keypress', 'paste']) guide.addEventListener(type, (e) => e.stopPropagation());

  // [SECTION] talking to the lab
  function send(action, request) { return window.lab.send('Lab', action, request || {}); }
  function readProgress() {
    if (typeof window.lab.progress === 'function') return Promise.resolve().then(() => window.lab.progress());
    return send('GetLabProgress');
  }

  // [SECTION] rendering progress
  let lastDone = null;      // step id -> done, from the previous render
  let lastProgress = null;  // the last GetLabProgress answer (teacher configuration re-renders with it)
  let answersFilled = false;
  function formatTime(epochS) { return new Date(epochS * 1000).toISOString().replace('.000Z', 'Z').replace('T', ' '); }

  function render(p) {
    lastProgress = p;
    const announce = [];
    const done = {};
    for (const s of p.Steps) {
      done[s.Id] = s.Done;
      const li = $('step-' + s.Id);
      if (!li) continue;
      li.classList.toggle('done', s.Done);
      const status = li.querySelector('.step-status');
      const text = s.Done ? 'Done' : 'Not yet';
      if (status.textContent !== text) status.textContent = text;
      status.title = s.Done && s.CompletedAt ? 'Done at ' + formatTime(s.CompletedAt) + ' (lab time)' : '';
      const hint = li.querySelector('.hint-text');
      if (hint && hint.textContent !== s.Hint) hint.textContent = s.Hint;
      if (lastDone && s.Done && !lastDone[s.Id]) announce.push('Step done: ' + s.Title + '.');
    }
    lastDone = done;
    const c = countedProgress(p);
    const text = c.completed + ' of ' + c.total + ' steps done';
    if ($('progress-text').textContent !== text) $('progress-text').textContent = text;
    $('progress-bar').max = c.total;
    $('progress-bar').value = c.completed;
    if (announce.length) $('guide-announce').textContent = announce.join(' ');

    const info = $('lab-stream-info');
    if (p.LabStream) {
      const s = p.LabStream;
      const t = 'Your stream: ' + s.DeliveryStreamName + (s.StackName ? ' (stack ' + s.StackName + ')' : '') +
                '. It writes into bucket ' + s.BucketName + ' under ' + (s.Prefix || '(no prefix)') + '.';
      if (info.textContent !== t) info.textContent = t;
      info.hidden = false;
    } else {
      info.hidden = true;
    }

    if (!answersFilled) {  // once, so polling never overwrites what the student is typing
      answersFilled = true;
      const a = p.Answers || {};
      const b = a['spot-buffering'];
      if (b && b.Answer) {
        $('answer-interval').value = b.Answer.IntervalInSeconds;
        $('answer-size').value = b.Answer.SizeInMBs;
        showFeedback('answer-buffering-feedback', b.Correct, b.Feedback);
      }
      const t = a['answer-ticker'];
      if (t) { $('answer-ticker').value = t.Answer; showFeedback('answer-ticker-feedback', t.Correct, t.Feedback); }
      const r = a['athena-reminds'];
      if (r && typeof r.Answer === 'string') $('answer-athena').value = r.Answer;
      if (p.LastExperiment) renderExperiment(p.LastExperiment);
    }
  }

  // [SECTION] teacher configuration (lab-config.js: window.fhlConfig): steps shown, questions asked, answers revealed,
  // the experiment's rate. Progress counts only the steps the student is asked to do.
  const config = window.fhlConfig || null;
  const QUESTION_FORMS = { 'spot-buffering': ['form-spot-buffering'], 'answer-ticker': ['form-answer-ticker'],
                           'athena-reminds': ['answer-athena', 'answer-athena-feedback'] };
  function stepCounted(id) {
    if (!config) return true;
    return config.stepShown(id) && (!QUESTION_FORMS[id] || config.questionAsked(id));
  }
  function countedProgress(p) {
    if (!config) return { completed: p.Completed, total: p.Total };
    const steps = p.Steps.filter((s) => stepCounted(s.Id));
    return { completed: steps.filter((s) => s.Done).length, total: steps.length };
  }
  function applyConfig() {
    const v = config.values;
    for (const li of document.querySelectorAll('#steps > .step')) {
      li.classList.toggle('config-hidden', !config.stepShown(li.dataset.step));
    }
    for (const [q, ids] of Object.entries(QUESTION_FORMS)) {
      for (const id of ids) $(id).classList.toggle('config-not-asked', !config.questionAsked(q));
      const label = document.querySelector('label[for="answer-athena"]');
      if (q === 'athena-reminds' && label) label.classList.toggle('config-not-asked', !config.questionAsked(q));
    }
    $('experiment-rate').value = v.rate;
    // The teacher's hints for a stack the student deploys (start=empty with interval or size set).
    if (v.start !== 'deployed' && (config.source.from.interval !== 'default' || config.source.from.size !== 'default')) {
      const note = document.createElement('p');
      note.className = 'config-reveal';
      note.id = 'config-deploy-parameters';
      note.textContent = 'For this class, set the stack\'s parameters BufferIntervalSeconds to ' + v.interval +
                         ' and BufferSizeMBs to ' + v.size + ' when you create it.';
      $('step-deploy-stack').insertBefore(note, $('step-deploy-stack').querySelector('.hint'));
    }
    if (lastProgress) render(lastProgress);
  }
  // reveal=1: the expected answer under the feedback, after a submission.
  async function revealAnswer(question, feedbackId) {
    if (!config || !config.values.reveal) return;
    let text = '';
    try {
      const info = lastProgress && lastProgress.LabStream;
      if (!info) return;
      if (question === 'spot-buffering') {
        const d = await window.lab.send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: info.DeliveryStreamName });
        const h = d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints;
        text = 'Expected answer: ' + h.IntervalInSeconds + ' seconds and ' + h.SizeInMBs + ' MB.';
      } else if (question === 'answer-ticker') {
        const best = await bestTickerBySum(info.BucketName, info.Prefix || '');
        text = best ? 'Expected answer (largest sum of changes so far): ' + best.ticker + ' (' + best.sum.toFixed(2) + ').' : '';
      }
    } catch (e) { text = ''; }
    let el = $(feedbackId + '-reveal');
    if (!el) {
      el = document.createElement('p');
      el.id = feedbackId + '-reveal';
      el.className = 'config-reveal';
      $(feedbackId).after(el);
    }
    el.textContent = text;
  }
  // Sum of "change" per ticker over the delivered objects (at most 1000), as the Athena query would compute it.
  async function bestTickerBySum(bucket, prefix) {
    const sums = new Map();
    let token, objects = 0;
    do {
      const page = await window.lab.send('S3', 'ListObjectsV2', Object.assign({ Bucket: bucket, Prefix: prefix },
                                                                               token ? { ContinuationToken: token } : {}));
      for (const o of page.Contents || []) {
        if (++objects > 1000) break;
        const body = atob((await window.lab.send('S3', 'GetObject', { Bucket: bucket, Key: o.Key })).Body || '');
        for (const m of body.matchAll(/\{[^{}]*\}/g)) {
          try {
            const r = JSON.parse(m[0]);
            const t = r.ticker_symbol || r.TICKER_SYMBOL, c = Number(r.change !== undefined ? r.change : r.CHANGE);
            if (t && isFinite(c)) sums.set(t, (sums.get(t) || 0) + c);
          } catch (e) { /* not a record */ }
        }
      }
      token = page.IsTruncated && objects <= 1000 ? page.NextContinuationToken : null;
    } while (token);
    let best = null;
    for (const [ticker, sum] of sums) if (!best || sum > best.sum) best = { ticker, sum };
    return best;
  }

  function showFeedback(id, correct, text) {
    const el = $(id);
    el.textContent = text || '';
    el.classList.toggle('ok', correct === true);
    el.classList.toggle('wrong', correct === false);
  }
  function errorText(e) { return (e && e.code ? e.code + ': ' : '') + (e && e.message ? e.message : String(e)); }

  let polling = false;
  async function refresh() {
    if (!labLoaded || polling) return;
    polling = true;
    try { render(await readProgress()); } catch (e) { $('progress-text').textContent = 'Progress unavailable: ' + errorText(e); }
    polling = false;
  }

  // [SECTION] answers
  async function submit(question, answer) {
    const r = await send('SubmitLabAnswer', { QuestionId: question, Answer: answer });
    refresh();
    return r;
  }

  $('form-spot-buffering').addEventListener('submit', async (e) => {
    e.preventDefault();
    const interval = $('answer-interval').value.trim(), size = $('answer-size').value.trim();
    if (interval === '' || size === '') {
      showFeedback('answer-buffering-feedback', false, 'Enter both numbers: the interval in seconds and the size in MB.');
      return;
    }
    try {
      const r = await submit('spot-buffering', { IntervalInSeconds: Number(interval), SizeInMBs: Number(size) });
      showFeedback('answer-buffering-feedback', r.Correct, r.Feedback);
      revealAnswer('spot-buffering', 'answer-buffering-feedback');
    } catch (err) { showFeedback('answer-buffering-feedback', false, errorText(err)); }
  });

  $('form-answer-ticker').addEventListener('submit', async (e) => {
    e.preventDefault();
    const ticker = $('answer-ticker').value;
    if (!ticker.trim()) { showFeedback('answer-ticker-feedback', false, 'Enter a ticker symbol, e.g. QXZ.'); return; }
    try {
      const r = await submit('answer-ticker', ticker);
      showFeedback('answer-ticker-feedback', r.Correct, r.Feedback);
      revealAnswer('answer-ticker', 'answer-ticker-feedback');
    } catch (err) { showFeedback('answer-ticker-feedback', false, errorText(err)); }
  });

  const athena = $('answer-athena');
  async function saveAthena() {
    try {
      const r = await submit('athena-reminds', athena.value);
      showFeedback('answer-athena-feedback', null, r.Feedback);
    } catch (err) { showFeedback('answer-athena-feedback', false, errorText(err)); }
  }
  athena.addEventListener('change', saveAthena);

  // [SECTION] the experiment
  const hintRows = $('experiment-hints');
  DEFAULT_HINTS.forEach(([interval, size], i) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<th scope="row">' + (i + 1) + '</th>' +
      '<td><input type="number" min="0" max="900" step="1" id="experiment-interval-' + i + '" aria-label="Variant ' + (i + 1) + ' interval in seconds"></td>' +
      '<td><input type="number" min="1" max="128" step="1" id="experiment-size-' + i + '" aria-label="Variant ' + (i + 1) + ' size in MB"></td>';
    hintRows.appendChild(tr);
    $('experiment-interval-' + i).value = interval;
    $('experiment-size-' + i).value = size;
  });

  function bytesText(b) {
    if (b >= 1024 * 1024) return (b / 1048576).toFixed(b >= 10 * 1048576 ? 0 : 1) + ' MB';
    if (b >= 1024) return (b / 1024).toFixed(b >= 10240 ? 0 : 1) + ' KB';
    return Math.round(b) + ' B';
  }
  function secondsText(s) {
    if (s >= 120) return (s / 60).toFixed(s >= 600 ? 0 : 1) + ' min';
    return (Math.round(s * 10) / 10) + ' s';
  }
  function numberText(n) { return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10); }

  function renderExperiment(x) {
    const table = $('experiment-table');
    const results = x.Results || [];
    const head = table.tHead, body = table.tBodies[0];
    head.innerHTML = '';
    body.innerHTML = '';
    const hr = head.insertRow();
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.textContent = 'Hints';
    hr.appendChild(corner);
    for (const r of results) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.innerHTML = '<span class="hint-s"></span><br><span class="hint-mb"></span>';
      th.firstChild.textContent = r.IntervalInSeconds + ' s';
      th.lastChild.textContent = r.SizeInMBs + ' MB';
      th.setAttribute('aria-label', r.IntervalInSeconds + ' s / ' + r.SizeInMBs + ' MB');
      hr.appendChild(th);
    }
    const rows = [
      ['Objects per hour', (r) => numberText(r.ObjectsPerHour)],
      ['Object size (mean)', (r) => bytesText(r.MeanObjectSizeBytes)],
      ['Records per object', (r) => numberText(r.MeanRecordsPerObject)],
      ['Wait before S3 (mean)', (r) => secondsText(r.MeanFreshnessSeconds)],
      ['Wait before S3 (max)', (r) => secondsText(r.MaxFreshnessSeconds)],
      ['Flushes: size / interval', (r) => r.FlushReasons.Size + ' / ' + r.FlushReasons.Interval],
    ];
    for (const [label, cell] of rows) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = label;
      tr.appendChild(th);
      for (const r of results) tr.insertCell().textContent = cell(r);
    }
    $('experiment-caption').textContent = 'The same demo load for each pair of hints: ' + x.RecordsPerSecond +
      ' records/s for ' + secondsText(x.DurationSeconds) + ' (' + x.RecordsSent.toLocaleString('en-US') + ' records).';
    table.hidden = false;
    $('experiment-summary').textContent = interpret(results);
  }

  // One sentence on the trade-off: the freshest and the stalest variant.
  function interpret(results) {
    if (!results.length) return '';
    const byWait = results.slice().sort((a, b) => a.MeanFreshnessSeconds - b.MeanFreshnessSeconds);
    const fast = byWait[0], slow = byWait[byWait.length - 1];
    const name = (r) => r.IntervalInSeconds + ' s / ' + r.SizeInMBs + ' MB';
    const sized = results.filter((r) => r.FlushReasons.Size > 0).map(name);
    let s;
    if (fast === slow) {
      s = 'With ' + name(fast) + ', records wait ' + secondsText(fast.MeanFreshnessSeconds) + ' on average and S3 gets ' +
          numberText(fast.ObjectsPerHour) + ' objects an hour.';
    } else {
      s = 'Smaller buffers make data fresher but write more, smaller objects: ' + name(fast) + ' writes ' +
          numberText(fast.ObjectsPerHour) + ' objects an hour of ' + bytesText(fast.MeanObjectSizeBytes) +
          ' with records waiting ' + secondsText(fast.MeanFreshnessSeconds) + ' on average, while ' + name(slow) +
          ' writes ' + numberText(slow.ObjectsPerHour) + ' of ' + bytesText(slow.MeanObjectSizeBytes) + ' and records wait ' +
          secondsText(slow.MeanFreshnessSeconds) + '.';
    }
    if (sized.length) s += ' At this rate the size limit is reached first for ' + sized.join(', ') + '.';
    else s += ' At this rate the interval always comes first: the size limit is never reached.';
    return s;
  }

  $('experiment-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const hints = [];
    for (let i = 0; i < DEFAULT_HINTS.length; i++) {
      const interval = $('experiment-interval-' + i).value.trim(), size = $('experiment-size-' + i).value.trim();
      if (interval === '' && size === '') continue;
      if (interval === '' || size === '') {
        showFeedback('experiment-status', false, 'Row ' + (i + 1) + ' needs both an interval and a size (or neither).');
        return;
      }
      hints.push({ IntervalInSeconds: Number(interval), SizeInMBs: Number(size) });
    }
    if (!hints.length) { showFeedback('experiment-status', false, 'Fill in at least one pair of hints.'); return; }
    const rate = Number($('experiment-rate').value), minutes = Number($('experiment-minutes').value);
    const button = $('experiment-run');
    button.disabled = true;
    showFeedback('experiment-status', null, 'Running…');
    await new Promise((r) => setTimeout(r, 30));  // let "Running…" paint before the synchronous run
    try {
      const t0 = performance.now();
      const x = await send('RunBufferingExperiment',
                           { RecordsPerSecond: rate, DurationSeconds: Math.round(minutes * 60), Hints: hints });
      renderExperiment(x);
      showFeedback('experiment-status', null, 'Done in ' + Math.round(performance.now() - t0) + ' ms of your computer\'s time.');
      refresh();
    } catch (err) {
      showFeedback('experiment-status', false, errorText(err));
    } finally {
      button.disabled = false;
    }
  });

  // [SECTION] lab file toolbar (lab.persistence from lab-store.js)
  const persistence = () => (window.lab && window.lab.persistence) || null;
  function syncToolbar() {
    const ok = !!persistence();
    for (const id of ['lab-reset', 'lab-export', 'lab-import']) {
      $(id).disabled = !ok;
      $(id).title = ok ? '' : 'Saving the lab is not available in this browser.';
    }
  }
  function showPersistence(text) { $('persistence-message').textContent = text || ''; }
  // After a reset or an import the lab brings its own answers (or none): start the forms from what it holds.
  function reloadAnswers() {
    for (const id of ['answer-interval', 'answer-size', 'answer-ticker', 'answer-athena']) $(id).value = '';
    for (const id of ['answer-buffering-feedback', 'answer-ticker-feedback', 'answer-athena-feedback', 'experiment-summary']) {
      showFeedback(id, null, '');
    }
    $('experiment-table').hidden = true;
    answersFilled = false;
    lastDone = null;
  }
  async function run(what, fn) {
    try { await fn(); } catch (err) { showPersistence(what + ' failed: ' + errorText(err)); }
    const p = persistence();
    if (p && p.lastMessage) showPersistence(p.lastMessage);
    reloadAnswers();
    refresh();
  }
  $('lab-reset').addEventListener('click', () => {
    if (!persistence()) return;
    if (!window.confirm('Reset the lab? Every stack, stream, object, query and answer is deleted and the lab starts ' +
                        'again from the beginning. Export the lab first if you want to keep it.')) return;
    run('Reset', () => persistence().reset());
  });
  $('lab-export').addEventListener('click', () => { if (persistence()) run('Export', () => persistence().download()); });
  $('lab-import').addEventListener('click', () => { if (persistence()) $('lab-import-file').click(); });
  $('lab-import-file').addEventListener('change', (e) => {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (file && persistence()) run('Import', () => persistence().importFile(file));
  });
  window.addEventListener('lab-persistence', (e) => {
    const p = persistence();
    if (p && p.lastMessage) showPersistence(p.lastMessage);
    // Only a different lab (restored, imported, reset) brings other answers; a routine save keeps the forms as they are.
    const kind = e.detail && e.detail.kind;
    if (kind === 'saved' || kind === 'save-failed') return;
    reloadAnswers();
    refresh();
  });
  syncToolbar();

  // [SECTION] start
  if (config) config.ready.then(applyConfig);
  if (!window.lab) { $('progress-text').textContent = 'The lab did not load.'; return; }
  window.lab.loaded.then(() => {
    labLoaded = true;
    // Opened from file:// (the single-file build), the template link shows the module's own copy.
    if (location.protocol === 'file:' && window.lab.labTemplate) {
      const url = URL.createObjectURL(new Blob([window.lab.labTemplate()], { type: 'application/json' }));
      for (const a of document.querySelectorAll('a[href="firehose-lab.template.json"]')) a.href = url;
    }
    syncToolbar();
    refresh();
    setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
    canvasMayHaveResized();
  }, (err) => { $('progress-text').textContent = 'The lab did not load: ' + errorText(err); });
})();
