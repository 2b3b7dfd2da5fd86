// guide.test.mjs: the lab guide beside the console in headless Chromium: it renders as HTML, its steps follow the lab's
// real state (a stream and records made through lab.send), the ticker answer is checked, the experiment table fills,
// answers reach lab.progress(), and the sidebar collapses (remembered) and becomes a drawer on narrow screens.
// Screenshots go to test-results/guide-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, openLab, poll, startBrowser } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

// AAA has the larger sum(change) (4 vs 3); BBB the larger last-minus-first price (3 vs 1).
const RECORDS = [
  { ticker_symbol: 'AAA', sector: 'TECHNOLOGY', change: 3, price: 13 },
  { ticker_symbol: 'BBB', sector: 'ENERGY', change: 1, price: 50 },
  { ticker_symbol: 'AAA', sector: 'TECHNOLOGY', change: 1, price: 14 },
  { ticker_symbol: 'BBB', sector: 'ENERGY', change: 2, price: 53 },
];

const stepDone = (page, id) => page.locator('#step-' + id).evaluate((el) => el.classList.contains('done'));

test('the guide follows the lab, checks answers and runs the experiment', async () => {
  const { context, page, pageErrors } = await openLab(env, {
    query: '?seed=3&start=2026-03-14T09:00:00Z', viewport: { width: 1366, height: 768 } });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    assert.match(await page.locator('#guide h1').innerText(), /Athena/);
    assert.equal(await page.locator('#steps > li').count(), 11);
    await poll(async () => /of 11 steps done/.test(await page.locator('#progress-text').innerText()),
               { what: 'progress text' });
    assert.equal(await page.locator('#step-send-demo-data .step-status').innerText(), 'Not yet');

    // A stream of our own unless the lab already has one.
    let progress = await page.evaluate(() => window.lab.progress());
    let stream = progress.LabStream && progress.LabStream.DeliveryStreamName;
    if (!stream) {
      stream = 'guide-e2e';
      await send('S3', 'CreateBucket', { Bucket: 'guide-e2e-bucket' });
      await send('Firehose', 'CreateDeliveryStream', {
        DeliveryStreamName: stream, DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          RoleARN: 'arn:aws:iam::123456789012:role/firehose-role', BucketARN: 'arn:aws:s3:::guide-e2e-bucket',
          Prefix: 'stocks/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] } } });
      await page.evaluate(() => window.lab.advance(6));
    }
    await poll(async () => /Your stream: /.test(await page.locator('#lab-stream-info').innerText()),
               { what: 'stream info' });

    await send('Firehose', 'PutRecordBatch', {
      DeliveryStreamName: stream,
      Records: RECORDS.map((r) => ({ Data: Buffer.from(JSON.stringify(r)).toString('base64') })) });
    await poll(() => stepDone(page, 'send-demo-data'), { what: 'send-demo-data done' });
    assert.equal(await page.locator('#step-send-demo-data .step-status').innerText(), 'Done');
    assert.equal(await stepDone(page, 'objects-delivered'), false);
    await page.evaluate(() => window.lab.advance(61));
    await poll(() => stepDone(page, 'objects-delivered'), { what: 'objects-delivered done' });

    // The ticker answer: typed key by key (the console must not swallow the keys), checked, case-insensitive.
    await page.locator('#answer-ticker').pressSequentially('zzz');
    await page.locator('#answer-ticker-submit').click();
    await poll(async () => /does not appear/.test(await page.locator('#answer-ticker-feedback').innerText()),
               { what: 'wrong-ticker feedback' });
    await page.locator('#answer-ticker').fill(' aaa ');
    await page.locator('#answer-ticker-submit').click();
    await poll(async () => /^Correct/.test(await page.locator('#answer-ticker-feedback').innerText()),
               { what: 'right-ticker feedback' });
    assert.match(await page.locator('#answer-ticker-feedback').innerText(), /definition A/);
    await poll(() => stepDone(page, 'answer-ticker'), { what: 'answer-ticker done' });

    // The buffering hints spotted in the template (checked against the real stream).
    await page.locator('#answer-interval').fill('60');
    await page.locator('#answer-size').fill('1');
    await page.locator('#answer-buffering-submit').click();
    await poll(async () => /^Right/.test(await page.locator('#answer-buffering-feedback').innerText()),
               { what: 'buffering feedback' });

    // The experiment: 10 records/s for 10 minutes under the four default hints.
    await page.locator('#experiment-rate').fill('10');
    await page.locator('#experiment-minutes').fill('10');
    await page.locator('#experiment-run').click();
    await page.locator('#experiment-table').waitFor({ state: 'visible' });
    const header = await page.locator('#experiment-table thead th').allInnerTexts();
    assert.deepEqual(header.map((h) => h.replace(/\s+/g, ' ')), ['Hints', '60 s 1 MB', '300 s 5 MB', '900 s 128 MB', '0 s 1 MB']);
    const objectsPerHour = await page.locator('#experiment-table tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(objectsPerHour, ['60', '12', '6', '3,600']);
    assert.match(await page.locator('#experiment-summary').innerText(), /fresher/);
    await poll(() => stepDone(page, 'buffering-experiment'), { what: 'experiment step done' });

    // Free text, saved on change, and everything readable through lab.progress().
    await page.locator('#answer-athena').fill('SQL over plain files, like grep with a query language.');
    await page.locator('#answer-ticker').focus();  // blur: the change event saves it
    await poll(async () => {
      const p = await page.evaluate(() => window.lab.progress());
      return p.Answers['athena-reminds'] && p.Answers['athena-reminds'].Answer.startsWith('SQL over plain files');
    }, { what: 'free text in progress' });
    progress = await page.evaluate(() => window.lab.progress());
    assert.equal(progress.Answers['answer-ticker'].Answer, 'AAA');
    assert.equal(progress.Answers['answer-ticker'].Correct, true);
    assert.equal(progress.Answers['spot-buffering'].Correct, true);
    assert.equal(progress.LastExperiment.Results.length, 4);
    assert.ok(progress.Completed >= 6, `completed ${progress.Completed}`);
    await poll(async () => (await page.locator('#progress-text').innerText()) ===
                           `${progress.Completed} of 11 steps done`, { what: 'summary updated' });

    await page.screenshot({ path: path.join(RESULTS, 'guide-1366.png') });
    assert.deepEqual(pageErrors, []);
    assert.equal(await page.evaluate(() => window.labError ?? null), null);
  } finally {
    await context.close();
  }
});

test('the guide collapses to a tab (remembered) and is a drawer on narrow screens', async () => {
  const { context, page, pageErrors } = await openLab(env, { viewport: { width: 1366, height: 768 } });
  try {
    const canvasWidth = async () => (await page.locator('#canvas').boundingBox()).width;
    const open = await canvasWidth();
    assert.ok(open > 900 && open < 1366 - 300, `canvas beside the guide: ${open}`);
    await page.locator('#guide-toggle').click();
    assert.equal(await page.locator('#guide-toggle').getAttribute('aria-expanded'), 'false');
    assert.ok(await canvasWidth() > 1366 - 60, 'the canvas takes the freed width');
    // The console redraws at its new size.
    await poll(async () => {
      const w = await page.evaluate(() => { window.lab.redraw(); return window.lab.stats(); });
      return w && (await page.evaluate(() => document.getElementById('canvas').width)) >= 1300;
    }, { what: 'canvas backing store resized' });
    await page.reload();
    await page.evaluate(() => window.lab.ready);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('guide-collapsed')), true);
    await page.locator('#guide-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('guide-collapsed')), false);

    // Narrow: a drawer over the full-width console, closed at first, opened by the tab, closed with Escape.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.evaluate(() => localStorage.removeItem('fhl-guide-drawer-open'));
    await page.reload();
    await page.evaluate(() => window.lab.ready);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('guide-collapsed')), true);
    assert.ok(await canvasWidth() >= 799, 'full-width console');
    await page.screenshot({ path: path.join(RESULTS, 'guide-800-closed.png') });
    await page.locator('#guide-toggle').click();
    assert.ok((await page.locator('#guide-body').boundingBox()).width > 300, 'drawer open');
    assert.ok(await canvasWidth() >= 799, 'the drawer lies over the console');
    await page.screenshot({ path: path.join(RESULTS, 'guide-800.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('guide-collapsed')), true);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
