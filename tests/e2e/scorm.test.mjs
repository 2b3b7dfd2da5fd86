// scorm.test.mjs: the SCORM packages in a test LMS. The LMS page (written into a temp dir at test time) runs
// scorm-again's SCORM 1.2 or 2004 runtime from node_modules and opens the unzipped package's index.html in an
// iframe; the student works through the guide, the LMS closes the SCO, and the test reads what the LMS got
// (lesson status, score, exit, session time, suspend data); a new browser context launched with the LMS's data
// (loadFromJSON, entry 'resume') must show the same done steps and answers. Also the resume point's worst case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, SITE, deployLabStack, poll, sleep } from './lab_page.mjs';
import { serve } from './serve.mjs';

const PACKAGES = process.env.FHL_SCORM_DIR || path.join(path.dirname(SITE), 'scorm');
const STEPS = ['deploy-stack', 'spot-buffering', 'open-stream', 'send-demo-data', 'watch-incoming', 'objects-delivered',
               'browse-bucket', 'athena-query', 'answer-ticker', 'buffering-experiment', 'athena-reminds'];
const QUESTION = 'SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks ' +
                 'GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1';
const FREE_TEXT = 'SQL straight over files: like SQLite on CSV files, or Hive over HDFS. Ça marche.';

// The test LMS: both runtimes, an iframe for the SCO, a log of every call the SCO makes.
const LMS_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script><script src="scorm2004.js"></script></head>
<body style="margin:0">
<iframe id="sco" style="width:1440px;height:1100px;border:0"></iframe>
<script>
  const standard = new URLSearchParams(location.search).get('standard') || '1.2';
  window.lmsLog = [];
  window.launch = (cmi) => {
    const settings = { autocommit: false, logLevel: 5 };
    const api = standard === '2004' ? (window.API_1484_11 = new Scorm2004API(settings))
                                    : (window.API = new Scorm12API(settings));
    if (cmi) api.loadFromJSON(cmi);
    const p = standard === '2004' ? '' : 'LMS';
    api.on(p + 'Initialize', () => lmsLog.push(['Initialize']));
    api.on(p + 'SetValue.cmi.*', (element, value) => lmsLog.push(['SetValue', element, String(value)]));
    api.on(p + 'Commit', () => lmsLog.push(['Commit']));
    api.on(standard === '2004' ? 'Terminate' : 'LMSFinish', () => lmsLog.push(['Finish']));
    document.getElementById('sco').src = 'pkg/index.html?persist=' + (window.persist || 'on');
  };
  window.closeSco = () => { document.getElementById('sco').src = 'about:blank'; };
  window.cmi = () => (standard === '2004' ? window.API_1484_11 : window.API).cmi;
</script>
</body></html>`;

let browser, tmp;
const servers = {};

function unzip(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('unzip', ['-q', '-o', zip, '-d', dir]);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-e', zip, dir]);
  }
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fhl-scorm-'));
  for (const [standard, tag] of [['1.2', '12'], ['2004', '2004']]) {
    const zip = path.join(PACKAGES, `firehose-lab-scorm${tag}.zip`);
    assert.ok(fs.existsSync(zip), `${zip} missing: build the fhl_scorm_packages target`);
    const dir = path.join(tmp, tag);
    unzip(zip, path.join(dir, 'pkg'));
    for (const f of ['scorm12.js', 'scorm2004.js']) {
      fs.copyFileSync(path.join(ROOT, 'node_modules/scorm-again/dist', f), path.join(dir, f));
    }
    fs.writeFileSync(path.join(dir, 'lms.html'), LMS_HTML);
    servers[standard] = await serve(dir, 0);
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await s.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// [SECTION] the package itself
test('each package has its manifest at the root, launches index.html and holds every file it lists', () => {
  for (const [tag, schemaversion, scormType] of [['12', '1.2', 'adlcp:scormtype="sco"'],
                                                   ['2004', '2004 4th Edition', 'adlcp:scormType="sco"']]) {
    const dir = path.join(tmp, tag, 'pkg');
    const manifest = fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
    assert.match(manifest, new RegExp(`<schemaversion>${schemaversion}</schemaversion>`));
    assert.match(manifest, new RegExp(`<resource [^>]*${scormType}[^>]*href="index.html"`));
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    for (const f of ['index.html', 'lab-api.js', 'lms-scorm.js', 'lms-embed.js', 'firehose_lab.js', 'firehose_lab.wasm',
                     'firehose-lab.template.json']) {
      assert.ok(listed.includes(f), `${tag}: ${f} listed`);
    }
    for (const f of listed) assert.ok(fs.existsSync(path.join(dir, f)), `${tag}: ${f} is in the zip`);
    assert.ok(!listed.includes('firehose-lab.html'), 'the single-file page is left out');
  }
});

// [SECTION] helpers
async function openLms(standard, cmi) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(servers[standard].url + 'lms.html?standard=' + standard);
  await page.evaluate((c) => window.launch(c), cmi || null);
  const frame = await poll(() => page.frames().find((f) => f.url().includes('/pkg/index.html')), { what: 'SCO frame' });
  await frame.waitForFunction(() => window.lab && window.FirehoseLabLms, null, { timeout: 30000 });
  await frame.evaluate(() => window.lab.ready.then(() => true));
  await frame.evaluate(() => window.FirehoseLabLms.ready.then(() => true));
  return { context, page, frame, errors };
}

const send = (frame, service, action, request = {}) =>
  frame.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
const done = (frame) => frame.evaluate(() => window.lab.progress().Steps.filter((s) => s.Done).map((s) => s.Id));
const shownDone = (frame) => frame.evaluate(() => [...document.querySelectorAll('#steps > li.done')].map((li) => li.dataset.step));
async function waitDone(frame, ids) {
  await poll(async () => { const d = await shownDone(frame); return ids.every((id) => d.includes(id)); },
             { timeoutMs: 20000, what: 'guide shows ' + ids.join(', ') });
}

// Closes the SCO as an LMS does (the frame navigates away: pagehide -> LMSFinish) and returns what the LMS kept.
async function closeSco(page, standard) {
  await page.evaluate(() => window.closeSco());
  await poll(() => page.evaluate(() => window.lmsLog.some((e) => e[0] === 'Finish')), { what: 'LMSFinish' });
  return page.evaluate((s) => {
    const c = window.cmi();
    // exit and session_time are write-only in the data model: the last value the SCO set.
    const last = (element) => window.lmsLog.filter((e) => e[0] === 'SetValue' && e[1] === element).map((e) => e[2]).pop();
    return s === '2004'
      ? { completion_status: c.completion_status, success_status: c.success_status, exit: last('cmi.exit'),
          score: { raw: c.score.raw, min: c.score.min, max: c.score.max, scaled: c.score.scaled },
          progress_measure: c.progress_measure, session_time: last('cmi.session_time'), suspend_data: c.suspend_data,
          log: window.lmsLog }
      : { lesson_status: c.core.lesson_status, exit: last('cmi.core.exit'), session_time: last('cmi.core.session_time'),
          score: { raw: c.core.score.raw, min: c.core.score.min, max: c.core.score.max },
          suspend_data: c.suspend_data, log: window.lmsLog };
  }, standard);
}

// The first part of the guide: deploy, spot the hints, the free text (and a ticker answer before any data: wrong).
async function firstPart(frame) {
  await deployLabStack(frame);
  await frame.fill('#answer-interval', '60');
  await frame.fill('#answer-size', '1');
  await frame.click('#answer-buffering-submit');
  await frame.fill('#answer-athena', FREE_TEXT);
  await frame.dispatchEvent('#answer-athena', 'change');
  await frame.fill('#answer-ticker', 'QXZ');
  await frame.click('#answer-ticker-submit');
  await waitDone(frame, ['deploy-stack', 'spot-buffering', 'athena-reminds']);
}

// Stream, demo data, monitoring, deliveries, browsing (what the console's clicks record, through the same actions).
async function streamPart(frame) {
  const { LabStream: ls } = await frame.evaluate(() => window.lab.progress());
  await send(frame, 'Lab', 'RecordLabActivity', { Activity: 'OpenedDeliveryStream' });
  await send(frame, 'Lab', 'StartDemoData', { DeliveryStreamName: ls.DeliveryStreamName });
  await frame.evaluate(() => window.lab.advance(150));
  await send(frame, 'Lab', 'RecordLabActivity', { Activity: 'ViewedIncomingRecords' });
  await send(frame, 'Lab', 'StopDemoData', { DeliveryStreamName: ls.DeliveryStreamName });
  await frame.evaluate(() => window.lab.advance(70));
  await send(frame, 'Lab', 'RecordLabActivity', { Activity: 'OpenedObject' });
  await waitDone(frame, ['open-stream', 'send-demo-data', 'watch-incoming', 'objects-delivered', 'browse-bucket']);
  return ls;
}

// Athena's question, the ticker answer and the experiment (the guide's own forms).
async function lastPart(frame, ls) {
  const { QueryExecutionId: id } = await send(frame, 'Athena', 'StartQueryExecution', {
    QueryString: QUESTION, QueryExecutionContext: { Database: 'stocks_db' },
    ResultConfiguration: { OutputLocation: `s3://${ls.BucketName}/athena-results/` } });
  await poll(async () => (await send(frame, 'Athena', 'GetQueryExecution', { QueryExecutionId: id }))
    .QueryExecution.Status.State === 'SUCCEEDED', { timeoutMs: 30000, what: 'query SUCCEEDED' });
  const { ResultSet: { Rows: [, best] } } = await send(frame, 'Athena', 'GetQueryResults', { QueryExecutionId: id });
  await frame.fill('#answer-ticker', best.Data[0].VarCharValue);
  await frame.click('#answer-ticker-submit');
  await frame.click('#experiment-run');
  await waitDone(frame, STEPS);
  return best.Data[0].VarCharValue;
}

function sets(log, element) { return log.filter((e) => e[0] === 'SetValue' && e[1] === element).map((e) => e[2]); }

// [SECTION] SCORM 1.2: a whole run over two sessions, then a third launch of the finished lab
test('SCORM 1.2: progress, score and a resume point reach the LMS; a relaunch resumes where the student left',
     { timeout: 300000 }, async () => {
  // Session 1: the first three steps, then the LMS closes the SCO.
  let s = await openLms('1.2', { core: { student_id: 's1', student_name: 'Student, Test', entry: 'ab-initio' } });
  await firstPart(s.frame);
  const t1 = await s.frame.evaluate(() => window.lab.progress().Now);
  await s.frame.evaluate(() => window.lab.setSpeed(0));
  await sleep(1500);  // a poll of lms-scorm.js after the last step
  const one = await closeSco(s.page, '1.2');
  assert.deepEqual(s.errors, []);
  await s.context.close();
  assert.deepEqual(one.log[0], ['Initialize']);
  assert.deepEqual(one.log[1], ['SetValue', 'cmi.core.lesson_status', 'incomplete']);
  assert.equal(one.lesson_status, 'incomplete');
  assert.equal(one.exit, 'suspend');
  assert.deepEqual(one.score, { raw: '27', min: '0', max: '100' });  // 3 of 11 steps
  assert.match(one.session_time, /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.ok(one.log.filter((e) => e[0] === 'Commit').length >= 2, 'committed at start and on progress');
  assert.ok(one.suspend_data.startsWith('FHL1;d=403;'), one.suspend_data);  // bits 0, 1 and 10
  assert.ok(one.suspend_data.length <= 4096);
  assert.match(one.suspend_data, /;k=firehose-lab;/);
  assert.match(one.suspend_data, /;b=60,1,1/);

  // Session 2: a new browser (no saved lab) launched with what the LMS kept.
  s = await openLms('1.2', { core: { student_id: 's1', student_name: 'Student, Test', entry: 'resume',
                                     lesson_status: one.lesson_status, score: one.score },
                             suspend_data: one.suspend_data });
  let frame = s.frame;
  await waitDone(frame, ['deploy-stack', 'spot-buffering', 'athena-reminds']);
  assert.deepEqual((await done(frame)).sort(), ['athena-reminds', 'deploy-stack', 'spot-buffering']);
  assert.equal(await frame.inputValue('#answer-interval'), '60');
  assert.equal(await frame.inputValue('#answer-size'), '1');
  assert.equal(await frame.inputValue('#answer-athena'), FREE_TEXT);
  assert.equal(await frame.inputValue('#answer-ticker'), 'QXZ');
  assert.equal(await frame.textContent('#persistence-message'), 'Resumed from your last session.');
  const [stack] = (await send(frame, 'CloudFormation', 'DescribeStacks', { StackName: 'firehose-lab' })).Stacks;
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.ok(await frame.evaluate(() => window.lab.progress().Now) >= Math.floor(t1), 'the clock is at least where it was');
  // The rest of the lab.
  const ls = await streamPart(frame);
  const ticker = await lastPart(frame, ls);
  await sleep(1500);
  const two = await closeSco(s.page, '1.2');
  assert.deepEqual(s.errors, []);
  await s.context.close();
  assert.equal(two.lesson_status, 'completed');
  assert.equal(two.exit, '');
  assert.deepEqual(two.score, { raw: '100', min: '0', max: '100' });
  assert.ok(two.suspend_data.startsWith('FHL1;d=7ff;'), two.suspend_data);
  assert.ok(two.suspend_data.length <= 4096);
  assert.deepEqual(sets(two.log, 'cmi.core.lesson_status').slice(-1), ['completed']);
  const raws = sets(two.log, 'cmi.core.score.raw').map(Number);
  assert.deepEqual(raws, [...raws].sort((a, b) => a - b), 'the score only grows over the run');
  const calls = (log) => JSON.stringify(Object.entries(log.reduce((n, e) => ((n[e[0]] = (n[e[0]] || 0) + 1), n), {})));
  console.log('# SCORM 1.2 calls: session 1', calls(one.log), 'session 2', calls(two.log));
  console.log('# SCORM 1.2 run: lesson_status', JSON.stringify(sets(one.log, 'cmi.core.lesson_status')), '->',
              JSON.stringify(sets(two.log, 'cmi.core.lesson_status')), 'score.raw', JSON.stringify(raws),
              'suspend_data', two.suspend_data.length, 'chars:', two.suspend_data);

  // Session 3: the finished lab launched again: everything shown done, and the LMS never hears 'incomplete'.
  s = await openLms('1.2', { core: { entry: '', lesson_status: 'completed', score: two.score },
                             suspend_data: two.suspend_data });
  frame = s.frame;
  await waitDone(frame, STEPS);
  assert.equal(await frame.inputValue('#answer-ticker'), ticker);
  await sleep(1500);
  const three = await closeSco(s.page, '1.2');
  await s.context.close();
  assert.equal(three.lesson_status, 'completed');
  assert.deepEqual(sets(three.log, 'cmi.core.lesson_status').filter((v) => v !== 'completed'), []);
});

// [SECTION] SCORM 2004 4th edition, with a passing score from the LMS
test('SCORM 2004: completion, success against cmi.scaled_passing_score, scaled score and resume',
     { timeout: 300000 }, async () => {
  let s = await openLms('2004', { learner_id: 's2', learner_name: 'Student, Test', scaled_passing_score: '0.5' });
  await firstPart(s.frame);
  await sleep(1500);
  const one = await closeSco(s.page, '2004');
  assert.deepEqual(s.errors, []);
  await s.context.close();
  assert.equal(one.completion_status, 'incomplete');
  // The page reports 'unknown' below the passing score; the LMS itself judges score.scaled against
  // cmi.scaled_passing_score when both are set (SCORM 2004 RTE), so it reads 'failed' for 0.27 < 0.5.
  assert.deepEqual(sets(one.log, 'cmi.success_status'), ['unknown']);
  assert.equal(one.success_status, 'failed');
  assert.equal(one.exit, 'suspend');
  assert.equal(one.score.scaled, '0.27');
  assert.equal(one.score.raw, '27');
  assert.equal(one.progress_measure, '0.273');
  assert.match(one.session_time, /^PT\d+H\d+M\d+(\.\d{1,2})?S$/);
  assert.ok(one.suspend_data.startsWith('FHL1;d=403;'));

  s = await openLms('2004', { learner_id: 's2', entry: 'resume', completion_status: 'incomplete',
                              scaled_passing_score: '0.5', suspend_data: one.suspend_data });
  await waitDone(s.frame, ['deploy-stack', 'spot-buffering', 'athena-reminds']);
  assert.equal(await s.frame.inputValue('#answer-athena'), FREE_TEXT);
  await streamPart(s.frame);  // 8 of 11 = 73 >= 50: passed, not yet completed
  await sleep(1500);
  const two = await closeSco(s.page, '2004');
  assert.deepEqual(s.errors, []);
  await s.context.close();
  assert.equal(two.success_status, 'passed');
  assert.equal(two.completion_status, 'incomplete');
  assert.equal(two.exit, 'suspend');
  assert.equal(two.score.scaled, '0.73');
  console.log('# SCORM 2004 run: completion', JSON.stringify(sets(two.log, 'cmi.completion_status')), 'success',
              JSON.stringify(sets(one.log, 'cmi.success_status').concat(sets(two.log, 'cmi.success_status'))));
});

// [SECTION] the resume point's size
test('the resume point never exceeds 4,096 characters and keeps what fits', { timeout: 60000 }, async () => {
  const s = await openLms('1.2', null);
  try {
    const r = await s.frame.evaluate(() => {
      const L = window.FirehoseLabLms;
      const worst = {
        done: L.STEP_IDS, t: 99999999999, seed: '18446744073709551615', speed: 3600.125,
        stack: { name: 'S'.repeat(300), params: [['StreamName', 'x'.repeat(64)], ['BufferIntervalSeconds', '900'],
                                                 ['BufferSizeMBs', '128'], ['Prefix', 'é/'.repeat(512)]] },
        demo: true,
        experiment: { rate: 1000000, duration: 100000000, hints: Array.from({ length: 12 }, () => [900, 128]) },
        answers: { 'spot-buffering': { interval: -123456789.125, size: 1e9, correct: true },
                   'answer-ticker': { value: '😀'.repeat(10000), correct: true },
                   'athena-reminds': { value: '😀\uD800%;,=é'.repeat(2000), correct: true } },
      };
      const out = {};
      const full = L.encodeSuspendData(worst);
      out.worst = full.length;
      const back = L.decodeSuspendData(full);
      out.worstDone = back.done.length;
      // The text comes back as a prefix of what was typed (the lone surrogate as U+FFFD), hundreds of characters long.
      const typed = worst.answers['athena-reminds'].value.split('\uD800').join('\uFFFD');
      out.worstText = back.answers['athena-reminds'].value.length;
      out.worstTextIsPrefix = typed.startsWith(back.answers['athena-reminds'].value);
      out.ticker = Array.from(back.answers['answer-ticker'].value).length;
      // Without the text and the parameters: the bounded fields alone.
      const bounded = JSON.parse(JSON.stringify(worst));
      delete bounded.answers['athena-reminds'];
      bounded.stack.params = [];
      out.bounded = L.encodeSuspendData(bounded).length;
      // Text lengths around the limit: the result is 4,096 characters at most, exactly 4,096 once the text is cut.
      out.sweep = [0, 1, 4000, 4082, 4083, 4084, 5000, 10000].map((n) => {
        const e = L.encodeSuspendData({ done: [], answers: { 'athena-reminds': { value: 'a'.repeat(n), correct: true } } });
        return [n, e.length, L.decodeSuspendData(e).answers['athena-reminds'].value.length];
      });
      // Parameters that fit are kept, with every character that needs escaping.
      const odd = { done: ['deploy-stack'], stack: { name: 'firehose-lab', params: [['Prefix', 'a:b,c;d=e%f/é']] },
                    answers: { 'answer-ticker': { value: 'q,x;z', correct: false } } };
      out.odd = L.decodeSuspendData(L.encodeSuspendData(odd));
      out.garbage = [L.decodeSuspendData(''), L.decodeSuspendData('FHL2;d=1'), L.decodeSuspendData('FHL1;d=zz'),
                     L.decodeSuspendData('FHL1;k=%E0%A4%A')];
      out.times = [L.timespan12(0), L.timespan12(3723456), L.timespan12(1e12), L.timespan2004(3723456), L.timespan2004(60000)];
      return out;
    });
    console.log('# resume point: worst case', r.worst, 'chars; bounded fields alone', r.bounded, 'chars');
    // Never over; under only by less than one character's encoding (an emoji is 12 characters percent-encoded).
    assert.ok(r.worst <= 4096 && r.worst > 4096 - 12, `worst case: ${r.worst}`);
    assert.equal(r.worstDone, 11);
    assert.ok(r.worstTextIsPrefix);
    assert.ok(r.worstText > 300, `free text kept: ${r.worstText}`);
    assert.equal(r.ticker, 32);
    assert.ok(r.bounded < 1000, `bounded fields: ${r.bounded}`);
    // 'FHL1;d=0;m=1,' is 13 characters: 4,083 text characters fit exactly.
    assert.deepEqual(r.sweep, [[0, 13, 0], [1, 14, 1], [4000, 4013, 4000], [4082, 4095, 4082], [4083, 4096, 4083],
                               [4084, 4096, 4083], [5000, 4096, 4083], [10000, 4096, 4083]]);
    assert.deepEqual(r.odd.stack, { name: 'firehose-lab', params: [['Prefix', 'a:b,c;d=e%f/é']] });
    assert.deepEqual(r.odd.answers['answer-ticker'], { value: 'q,x;z', correct: false });
    assert.deepEqual(r.garbage, [null, null, null, null]);
    assert.deepEqual(r.times, ['0000:00:00.00', '0001:02:03.46', '9999:59:59.99', 'PT1H2M3.46S', 'PT0H1M0S']);
  } finally {
    await s.context.close();
  }
});
