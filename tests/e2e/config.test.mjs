// config.test.mjs: end-to-end tests of the teacher configuration (web/lab-config.js): bad URL parameters each show
// their message and the lab still works; a corrupted, missing or foreign lab file does the same; start=deployed with
// interval/size; a lab file's steps/questions/rate/reveal in the guide; the URL wins over the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startBrowser, poll, RESULTS } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { if (env) await env.close(); });

// Opens index.html with `query`; `files` answers extra URLs (name -> body text, or null for a 404) through page.route.
async function open(query, { files = {} } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  for (const [name, body] of Object.entries(files)) {
    await page.route('**/' + name, (route) => (body === null
      ? route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })
      : route.fulfill({ status: 200, contentType: 'application/json', body })));
  }
  await page.goto(env.server.url + query);
  await page.evaluate(() => window.lab.ready);
  await page.evaluate(() => window.fhlConfig.ready);
  return { context, page, pageErrors };
}

// The banner's messages as the student sees them (empty when hidden).
function bannerMessages(page) {
  return page.evaluate(() => {
    const box = document.getElementById('config-messages');
    if (!box || box.hidden || box.offsetParent === null) return [];
    return [...box.querySelectorAll('li')].map((li) => li.textContent);
  });
}

// The lab answers and time runs: a working lab, whatever the configuration said.
async function assertWorkingLab(page) {
  const r = await page.evaluate(async () => {
    const before = window.lab.now();
    window.lab.advance(10);
    const buckets = await window.lab.send('S3', 'ListBuckets', {});
    return { before, after: window.lab.now(), ok: Array.isArray(buckets.Buckets), csp: window.__csp };
  });
  assert.ok(r.ok);
  assert.equal(Date.parse(r.after) - Date.parse(r.before), 10000);
  assert.deepEqual(r.csp, [], 'no CSP violations');
}

test('every bad URL parameter shows its own message, uses its default and the lab starts', async () => {
  const query = '?persist=off&start=later&speed=7&interval=5000&size=0&seed=abc&rate=99999&steps=nope' +
                '&questions=bogus&reveal=maybe&origins=not-an-origin&guide=sideways';
  const { context, page, pageErrors } = await open(query);
  const messages = await bannerMessages(page);
  const expected = [
    'start=later: must be empty or deployed (or an ISO-8601 start time such as 2026-01-01T00:00:00Z); using empty.',
    "speed=7: must be one of the clock bar's speeds: 0 (paused), 1, 10 or 60; using 1.",
    'interval=5000: must be a whole number of seconds from 0 to 900; using 60.',
    'size=0: must be a whole number of MB from 1 to 128; using 1.',
    'seed=abc: must be a whole number from 0 to 18446744073709551615; using random.',
    'rate=99999: must be a whole number of records per second from 1 to 2000; using 100.',
    'steps=nope: names no known step (known: deploy-stack, spot-buffering, open-stream, send-demo-data, ' +
      'watch-incoming, objects-delivered, browse-bucket, athena-query, answer-ticker, buffering-experiment, ' +
      'athena-reminds); using all steps.',
    'questions=bogus: must list questions from spot-buffering, answer-ticker, athena-reminds (or none); using ' +
      'all questions.',
    'reveal=maybe: must be 0 or 1; using 0.',
    'origins=not-an-origin: must be origins such as https://lms.example.edu (scheme and host, no path); using none.',
    'guide=sideways: must be open, collapsed or hidden; using open.',
  ];
  assert.deepEqual(messages, expected);
  const state = await page.evaluate(() => ({
    values: window.fhlConfig.values, speed: window.lab.getSpeed(),
    progress: document.getElementById('progress-text').textContent,
    stacks: null,
  }));
  assert.equal(state.speed, 1);
  assert.equal(state.values.interval, 60);
  assert.equal(state.values.size, 1);
  assert.equal(state.values.start, 'empty');
  assert.equal(state.values.steps.length, 11);
  assert.equal(state.progress, '0 of 11 steps done');
  await assertWorkingLab(page);
  await page.screenshot({ path: path.join(RESULTS, 'config-bad-parameters.png') });
  // The banner can be dismissed.
  await page.click('#config-messages .config-dismiss');
  assert.deepEqual(await bannerMessages(page), []);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('good values give no banner; boundaries are accepted and one past them is not', async () => {
  const { context, page } = await open('?persist=off&interval=0&size=128&speed=0&rate=2000&seed=18446744073709551615');
  assert.deepEqual(await bannerMessages(page), []);
  const v = await page.evaluate(() => ({ values: window.fhlConfig.values, speed: window.lab.getSpeed(),
                                         seed: window.lab.stats().seed, rate: document.getElementById('experiment-rate').value }));
  assert.equal(v.values.interval, 0);
  assert.equal(v.values.size, 128);
  assert.equal(v.speed, 0);
  assert.equal(v.rate, '2000');
  assert.equal(v.seed, '18446744073709551615');
  // start=empty with interval/size: the guide asks the student to enter them as the stack's parameters.
  assert.equal(await page.textContent('#config-deploy-parameters'),
               "For this class, set the stack's parameters BufferIntervalSeconds to 0 and BufferSizeMBs to 128 when you create it.");
  await context.close();
  const second = await open('?persist=off&interval=901&size=129&rate=0&seed=18446744073709551616&interval=1.5');
  const messages = await bannerMessages(second.page);
  assert.ok(messages.includes('interval=901: must be a whole number of seconds from 0 to 900; using 60.'), messages.join('\n'));
  assert.ok(messages.includes('interval=1.5: must be a whole number of seconds from 0 to 900; using 60.'));
  assert.ok(messages.includes('size=129: must be a whole number of MB from 1 to 128; using 1.'));
  assert.ok(messages.includes('rate=0: must be a whole number of records per second from 1 to 2000; using 100.'));
  assert.ok(messages.some((m) => m.startsWith('seed=18446744073709551616: must be a whole number')));
  await assertWorkingLab(second.page);
  await second.context.close();
});

test('a corrupted, missing or foreign lab file shows its message and the lab starts with the defaults', async () => {
  const cases = [
    ['broken.json', '{"speed": 60, "interval": ', /^Lab file broken\.json is not valid JSON \(.+\); using the defaults\.$/],
    ['missing.json', null, /^Lab file missing\.json could not be loaded \(HTTP 404\); using the defaults\.$/],
    ['list.json', '[1, 2]', /^Lab file list\.json: expected a JSON object such as \{"speed": 60\}; using the defaults\.$/],
  ];
  for (const [name, body, re] of cases) {
    const { context, page, pageErrors } = await open('?persist=off&config=' + name, { files: { [name]: body } });
    const messages = await bannerMessages(page);
    assert.equal(messages.length, 1, name + ': ' + messages.join('\n'));
    assert.match(messages[0], re);
    assert.equal(await page.evaluate(() => window.lab.getSpeed()), 1);
    await assertWorkingLab(page);
    assert.deepEqual(pageErrors, []);
    await context.close();
  }
  const foreign = await open('?persist=off&config=https://example.com/lab.json');
  assert.deepEqual(await bannerMessages(foreign.page), [
    'config=https://example.com/lab.json: the lab file must be a relative URL on this site (e.g. config=lab.json); ' +
    'using the defaults.']);
  await assertWorkingLab(foreign.page);
  await foreign.context.close();
});

test('start=deployed creates the stack before the first frame with interval and size applied', async () => {
  const { context, page, pageErrors } = await open('?persist=off&start=deployed&interval=90&size=3&speed=10&reveal=1');
  assert.deepEqual(await bannerMessages(page), []);
  const r = await page.evaluate(async () => {
    const { Stacks: [stack] } = await window.lab.send('CloudFormation', 'DescribeStacks', { StackName: 'firehose-lab' });
    const name = (await window.lab.send('Lab', 'DescribeLab', {})).LabStreamName;
    const d = await window.lab.send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: name });
    const p = window.lab.progress();
    return { status: stack.StackStatus, hints: d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints,
             deployDone: p.Steps.find((s) => s.Id === 'deploy-stack').Done, speed: window.lab.getSpeed() };
  });
  assert.equal(r.status, 'CREATE_COMPLETE');
  assert.deepEqual(r.hints, { IntervalInSeconds: 90, SizeInMBs: 3 });
  assert.equal(r.deployDone, true);
  assert.equal(r.speed, 10);
  // The guide's expected values are the stream's: 90 s / 3 MB is right, the template's defaults are not; reveal=1
  // shows the expected answer after a wrong submission.
  await page.fill('#answer-interval', '60');
  await page.fill('#answer-size', '1');
  await page.click('#answer-buffering-submit');
  await poll(() => page.evaluate(() => (document.getElementById('answer-buffering-feedback-reveal') || {}).textContent),
             { what: 'the revealed answer' });
  assert.equal(await page.textContent('#answer-buffering-feedback-reveal'), 'Expected answer: 90 seconds and 3 MB.');
  await page.fill('#answer-interval', '90');
  await page.fill('#answer-size', '3');
  await page.click('#answer-buffering-submit');
  await poll(() => page.evaluate(() => /^Right/.test(document.getElementById('answer-buffering-feedback').textContent)),
             { what: 'the right answer accepted' });
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('a lab file sets start, hints, steps, questions and rate; the URL wins over it', async () => {
  const file = JSON.stringify({
    start: 'deployed', interval: 120, size: 2, speed: 0, rate: 500, seed: 42,
    steps: ['send-demo-data', 'objects-delivered', 'answer-ticker', 'athena-reminds'],
    questions: ['answer-ticker'], reveal: false, colour: 'blue',
  });
  const { context, page, pageErrors } = await open('?persist=off&config=week3.json&size=4', { files: { 'week3.json': file } });
  assert.deepEqual(await bannerMessages(page), [
    'Lab file week3.json: unknown setting "colour" ignored (known: start, speed, interval, size, seed, rate, steps, ' +
    'questions, reveal, origins, persist, embed, guide).']);
  const r = await page.evaluate(async () => {
    const name = (await window.lab.send('Lab', 'DescribeLab', {})).LabStreamName;
    const d = await window.lab.send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: name });
    const visible = (id) => { const el = document.getElementById(id); return !!el && el.offsetParent !== null; };
    return {
      hints: d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints,
      speed: window.lab.getSpeed(), seed: window.lab.stats().seed, source: window.fhlConfig.source,
      rate: document.getElementById('experiment-rate').value,
      shown: [...document.querySelectorAll('#steps > .step')].filter((li) => li.offsetParent !== null).map((li) => li.dataset.step),
      tickerForm: visible('form-answer-ticker'), athenaBox: visible('answer-athena'),
      progress: document.getElementById('progress-text').textContent,
    };
  });
  assert.deepEqual(r.hints, { IntervalInSeconds: 120, SizeInMBs: 4 }, 'size=4 in the URL wins over the file');
  assert.equal(r.speed, 0);
  assert.equal(r.rate, '500');
  assert.equal(r.source.file, 'week3.json');
  assert.equal(r.source.from.size, 'url');
  assert.equal(r.source.from.interval, 'file');
  assert.deepEqual(r.shown, ['send-demo-data', 'objects-delivered', 'answer-ticker', 'athena-reminds']);
  assert.equal(r.tickerForm, true);
  assert.equal(r.athenaBox, false, 'athena-reminds is not asked');
  // Counted: send-demo-data, objects-delivered, answer-ticker (athena-reminds' question is not asked).
  assert.equal(r.progress, '0 of 3 steps done');
  // A lab file's seed reaches the module (main_web.cpp reads it from the address, where lab-config.js puts it).
  assert.equal(r.seed, '42');
  assert.match(page.url(), /[?&]seed=42(&|$)/);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('the lab with a configuration message (screenshot)', async () => {
  const { context, page } = await open('?persist=off&start=deployed&interval=5000&speed=10');
  assert.deepEqual(await bannerMessages(page), ['interval=5000: must be a whole number of seconds from 0 to 900; using 60.']);
  const hints = await page.evaluate(async () => {
    const d = await window.lab.send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: 'ie-tech-mba-stream' });
    return d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints;
  });
  assert.deepEqual(hints, { IntervalInSeconds: 60, SizeInMBs: 1 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(RESULTS, 'config-message.png') });
  await context.close();
});
