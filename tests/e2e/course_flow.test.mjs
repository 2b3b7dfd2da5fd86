// course_flow.test.mjs: the whole course lab in headless Chromium, as a student does it: the page starts as an empty
// account; deploy the lab template by clicking through CloudFormation (capabilities checkbox included), spot the
// buffering hints, send demo data, watch Incoming records, browse an object, ask Athena and answer the guide's
// question; then reload the page and find the stack, stream, objects, queries, guide progress and clock as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, clickWidget, openLab, poll, sleep, startBrowser, waitForWidgets } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const STACK = 'firehose-lab';
const STREAM = 'ie-tech-mba-stream';
const QUESTION = 'SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks ' +
                 'GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1';

const stepDone = (page, id) => page.evaluate((i) => document.getElementById(`step-${i}`).classList.contains('done'), id);

// Everything the student could look at, through the one entry point.
async function observe(page, bucket) {
  return page.evaluate(async ([b, stack, stream]) => {
    const send = (s, a, r = {}) => window.lab.send(s, a, r);
    const objects = (await send('S3', 'ListObjectsV2', { Bucket: b })).Contents;
    const first = objects.find((o) => o.Key.startsWith('stocks/'));
    const { QueryExecutionIds: queries } = await send('Athena', 'ListQueryExecutions', {});
    return {
      now: window.lab.now(),
      stack: (await send('CloudFormation', 'DescribeStacks', { StackName: stack })).Stacks,
      events: (await send('CloudFormation', 'DescribeStackEvents', { StackName: stack })).StackEvents.length,
      stream: (await send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: stream })).DeliveryStreamDescription,
      objects,
      firstBody: (await send('S3', 'GetObject', { Bucket: b, Key: first.Key })).Body,
      queries,
      results: (await send('Athena', 'GetQueryResults', { QueryExecutionId: queries[queries.length - 1] })).ResultSet,
      tables: (await send('Glue', 'GetTables', { DatabaseName: 'stocks_db' })).TableList.map((t) => t.Name),
      progress: window.lab.progress(),
    };
  }, [bucket, STACK, STREAM]);
}

test('a student deploys the lab by clicking, completes the guide up to the Athena answer, and a reload keeps it all',
     { timeout: 300000 }, async () => {
  // A tall window: the wizard's Next and Submit buttons sit below its forms, as in the console.
  const { context, page, pageErrors } = await openLab(env, { query: '?seed=5&start=2026-09-01T08:00:00Z',
                                                          viewport: { width: 1440, height: 1300 } });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    // A fresh account: nothing deployed, nothing done.
    assert.deepEqual((await send('Firehose', 'ListDeliveryStreams')).DeliveryStreamNames, []);
    assert.deepEqual((await send('S3', 'ListBuckets')).Buckets, []);
    assert.equal(await stepDone(page, 'deploy-stack'), false);

    // CloudFormation -> Create stack -> the lab template -> name -> parameters -> review.
    await clickWidget(page, 'Nav/CloudFormation');
    await waitForWidgets(page, /^CloudFormation\/Empty$/);
    await clickWidget(page, 'CloudFormation/Create stack');
    await clickWidget(page, 'CloudFormation/Template/Lab template');
    await clickWidget(page, 'CloudFormation/Next');
    await waitForWidgets(page, /^CloudFormation\/Parameter\/BufferIntervalSeconds$/);
    // The stack name field proposes the lab's name (firehose-lab); the parameters keep their defaults.
    await clickWidget(page, 'CloudFormation/Next');
    await waitForWidgets(page, /^CloudFormation\/Capabilities\/Acknowledge$/);
    await page.screenshot({ path: path.join(RESULTS, 'course-flow-capabilities.png') });
    // Submit stays disabled until the IAM acknowledgement is ticked.
    await clickWidget(page, 'CloudFormation/Submit');
    assert.deepEqual((await send('CloudFormation', 'ListStacks')).StackSummaries, []);
    await clickWidget(page, 'CloudFormation/Capabilities/Acknowledge');
    await clickWidget(page, 'CloudFormation/Submit');
    await poll(async () => (await send('CloudFormation', 'ListStacks')).StackSummaries.length === 1,
               { what: 'stack created' });
    // Simulated time moves at 1x; 10x gets the stack done in a few wall seconds.
    await clickWidget(page, 'Clock/Speed/10x');
    await poll(async () => (await send('CloudFormation', 'DescribeStacks', { StackName: STACK })).Stacks[0]
      .StackStatus === 'CREATE_COMPLETE', { timeoutMs: 60000, what: 'CREATE_COMPLETE' });
    await clickWidget(page, 'Clock/Pause');
    await clickWidget(page, 'CloudFormation/Tab/Events');
    await waitForWidgets(page, /^CloudFormation\/Event\/0$/);
    await page.screenshot({ path: path.join(RESULTS, 'course-flow-stack-events.png') });
    const [stack] = (await send('CloudFormation', 'DescribeStacks', { StackName: STACK })).Stacks;
    const outputs = Object.fromEntries(stack.Outputs.map((o) => [o.OutputKey, o.OutputValue]));
    const bucket = outputs.BucketName;
    assert.match(bucket, /^ie-tech-mba-message-queue-sink-[0-9a-f]{8}-bucket$/);
    await poll(() => stepDone(page, 'deploy-stack'), { what: 'guide: deploy-stack done' });

    // Spot the buffering values in the template, answered in the guide.
    await clickWidget(page, 'CloudFormation/Tab/Template');
    await waitForWidgets(page, /^CloudFormation\/Template\/Highlight$/);
    await page.fill('#answer-interval', '60');
    await page.fill('#answer-size', '1');
    await page.click('#answer-buffering-submit');
    await poll(() => stepDone(page, 'spot-buffering'), { what: 'guide: spot-buffering done' });

    // Firehose -> stream -> Test with demo data -> Start; Monitoring shows Incoming records.
    await clickWidget(page, 'Nav/Firehose');
    await clickWidget(page, `Firehose/Stream/${STREAM}`);
    await clickWidget(page, 'Firehose/Tab/Test with demo data');
    await clickWidget(page, 'Firehose/Start sending demo data');
    await clickWidget(page, 'Clock/Speed/1x');
    await clickWidget(page, 'Firehose/Tab/Monitoring');
    await waitForWidgets(page, /^Firehose\/Monitoring\/Chart\/Incoming records \(per second\)\/Has data$/,
                         { timeoutMs: 30000 });
    for (const id of ['open-stream', 'send-demo-data', 'watch-incoming']) {
      await poll(() => stepDone(page, id), { what: `guide: ${id} done` });
    }
    // Five simulated minutes of deliveries at 60x, then stop the producer.
    await clickWidget(page, 'Clock/Speed/60x');
    const list = () => send('S3', 'ListObjectsV2', { Bucket: bucket, Prefix: 'stocks/' });
    await poll(async () => (await list()).KeyCount >= 4, { timeoutMs: 60000, what: 'four deliveries' });
    await clickWidget(page, 'Clock/Pause');
    await clickWidget(page, 'Firehose/Tab/Test with demo data');
    await clickWidget(page, 'Firehose/Stop sending demo data');
    await poll(() => stepDone(page, 'objects-delivered'), { what: 'guide: objects-delivered done' });

    // Browse to an object in the S3 console.
    const [object] = (await list()).Contents;
    await clickWidget(page, 'Nav/S3');
    await clickWidget(page, `S3/Bucket/${bucket}`);
    const parts = object.Key.split('/');
    for (let i = 1; i < parts.length; ++i) await clickWidget(page, `S3/Folder/${parts.slice(0, i).join('/')}/`);
    await clickWidget(page, `S3/Object/${object.Key}`);
    await poll(() => stepDone(page, 'browse-bucket'), { what: 'guide: browse-bucket done' });

    // Athena: result location, the lab's table, the question.
    await clickWidget(page, 'Nav/Athena');
    await clickWidget(page, 'Athena/Settings/Edit');
    await clickWidget(page, 'Athena/Settings/Save');
    await clickWidget(page, 'Athena/View/Editor');
    await clickWidget(page, 'Athena/Database');
    await clickWidget(page, 'Athena/Database/stocks_db');
    await clickWidget(page, 'Athena/Editor');
    await page.keyboard.type(QUESTION, { delay: 2 });
    await page.keyboard.press('Control+Enter');
    await waitForWidgets(page, /^Athena\/Results\/Row\/1$/, { timeoutMs: 30000 });
    await poll(() => stepDone(page, 'athena-query'), { what: 'guide: athena-query done' });
    const { QueryExecutionIds: [queryId] } = await send('Athena', 'ListQueryExecutions', {});
    const { ResultSet: { Rows: [, best] } } = await send('Athena', 'GetQueryResults', { QueryExecutionId: queryId });
    const ticker = best.Data[0].VarCharValue;

    // The guide's first question: a wrong answer is not yet; the one Athena found is right.
    const wrong = ticker === 'QXZ' ? 'AMZN' : 'QXZ';
    await page.fill('#answer-ticker', wrong);
    await page.click('#answer-ticker-submit');
    await poll(() => page.evaluate(() => document.getElementById('answer-ticker-feedback').textContent.length > 0),
               { what: 'feedback for the wrong answer' });
    assert.equal(await stepDone(page, 'answer-ticker'), false);
    await page.fill('#answer-ticker', ` ${ticker.toLowerCase()} `);
    await page.click('#answer-ticker-submit');
    await poll(() => stepDone(page, 'answer-ticker'), { what: 'guide: answer-ticker done' });
    await page.screenshot({ path: path.join(RESULTS, 'course-flow-guide.png') });

    const progress = await page.evaluate(() => window.lab.progress());
    const done = Object.fromEntries(progress.Steps.map((s) => [s.Id, s.Done]));
    for (const id of ['deploy-stack', 'spot-buffering', 'open-stream', 'send-demo-data', 'watch-incoming',
                      'objects-delivered', 'browse-bucket', 'athena-query', 'answer-ticker']) {
      assert.equal(done[id], true, `lab.progress(): ${id}`);
    }

    // Reload: the saved lab comes back exactly.
    const before = await observe(page, bucket);
    await page.evaluate(() => window.lab.persistence.save());
    // Reopen paused (the clock's speed is page state, not lab state: ?speed=0 keeps the restored clock still).
    await page.goto(page.url() + '&speed=0');
    await page.evaluate(() => window.lab.ready);
    const restored = await observe(page, bucket);
    assert.deepEqual(restored, before);
    assert.equal(await stepDone(page, 'answer-ticker'), true);
    await page.screenshot({ path: path.join(RESULTS, 'course-flow-after-reload.png') });

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
