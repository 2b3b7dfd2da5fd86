// lab_flow.test.mjs: the foundation's end-to-end lab in headless Chromium: a student clicks Start sending demo
// data in the real UI, runs the clock at 60x, and finds correctly named objects holding the records, both
// through lab.send and by clicking through the S3 panel to the object viewer. Screenshots go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, clickWidget, deployLabStack, openLab, poll, startBrowser, waitForWidgets } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const STREAM = 'ie-tech-mba-stream';
// stocks/ + yyyy/MM/dd/HH/ + <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid> (aws-facts §3)
const KEY_RE = new RegExp(
  '^stocks/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/' + STREAM +
  '-1-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');
const RECORD_KEYS = ['ticker_symbol', 'sector', 'change', 'price'];

test('demo data started from the UI lands as correctly named objects about every simulated minute', async () => {
  // Start 90 s before the hour (after deploying the stack) so deliveries cross into the next hour's folder.
  const { context, page, pageErrors } = await openLab(env, { query: '?seed=7&start=2026-03-14T09:58:30Z' });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    const { BucketName: bucket, DeliveryStreamName: stream } = await deployLabStack(page);
    assert.match(bucket, /^ie-tech-mba-message-queue-sink-[0-9a-f]{8}-bucket$/);
    assert.equal(stream, STREAM);
    await page.evaluate(() => window.lab.setSpeed(1));

    // The student's clicks: Firehose -> the stream -> Test with demo data -> Start sending demo data.
    await clickWidget(page, 'Nav/Firehose');
    await clickWidget(page, `Firehose/Stream/${STREAM}`);
    await clickWidget(page, 'Firehose/Tab/Test with demo data');
    await clickWidget(page, 'Firehose/Start sending demo data');
    await poll(async () => (await send('Lab', 'DescribeDemoData', { DeliveryStreamName: STREAM })).Running,
               { what: 'demo data running' });
    await waitForWidgets(page, /^Firehose\/Stop sending demo data$/);

    // Incoming records reach the Monitoring chart within seconds (at 1x).
    await clickWidget(page, 'Firehose/Tab/Monitoring');
    await waitForWidgets(page, /^Firehose\/Monitoring\/Chart\/Incoming records \(per second\)$/);
    await poll(async () => {
      const end = Date.parse(await page.evaluate(() => window.lab.now())) / 1000;
      const r = await send('CloudWatch', 'GetMetricStatistics', {
        Namespace: 'AWS/Firehose', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'DeliveryStreamName', Value: STREAM }],
        StartTime: end - 300, EndTime: end + 1, Period: 60, Statistics: ['Sum'] });
      return r.Datapoints.reduce((sum, d) => sum + d.Sum, 0) > 0;
    }, { timeoutMs: 10000, what: 'IncomingRecords datapoints' });
    // ... and on the chart the student looks at, by the next auto refresh (10 s of lab time).
    await waitForWidgets(page, /^Firehose\/Monitoring\/Chart\/Incoming records \(per second\)\/Has data$/,
                         { timeoutMs: 15000 });
    await page.screenshot({ path: path.join(RESULTS, 'lab-flow-monitoring.png') });

    // 60x: one simulated minute per second; wait for at least two deliveries (interval flushes).
    await clickWidget(page, 'Clock/Speed/60x');
    const list = () => send('S3', 'ListObjectsV2', { Bucket: bucket, Prefix: 'stocks/' });
    await poll(async () => (await list()).KeyCount >= 3, { timeoutMs: 30000, what: 'three deliveries' });
    await clickWidget(page, 'Clock/Pause');
    const { Contents: objects } = await list();
    assert.ok(objects.length >= 3, `${objects.length} objects`);

    const deliveries = (await send('Lab', 'ListDeliveries', { DeliveryStreamName: STREAM })).Deliveries;
    let previousFlush = null;
    for (const object of objects) {
      const m = KEY_RE.exec(object.Key);
      assert.ok(m, `key shape: ${object.Key}`);
      // The folder is the hour of the oldest record's arrival, the same instant as the name's timestamp.
      assert.deepEqual(m.slice(1, 5), m.slice(5, 9), `folder hour = name hour: ${object.Key}`);
      assert.match(object.ETag, /^"[0-9a-f]{32}"$/);
      const arrival = Date.UTC(+m[5], +m[6] - 1, +m[7], +m[8], +m[9], +m[10]);
      const flushed = Date.parse(object.LastModified);
      // Interval flushes: 60 s after the oldest record (the record arrived within that second).
      assert.ok(flushed - arrival >= 60000 && flushed - arrival < 61000, `${object.Key} flushed ${flushed - arrival} ms later`);
      if (previousFlush !== null) assert.ok(flushed - previousFlush >= 60000, 'about one object per simulated minute');
      previousFlush = flushed;

      const delivery = deliveries.find((d) => d.Key === object.Key);
      assert.ok(delivery && delivery.Reason && delivery.Success, `delivery logged for ${object.Key}`);
      const got = await send('S3', 'GetObject', { Bucket: bucket, Key: object.Key });
      const body = Buffer.from(got.Body, 'base64').toString('utf8');
      assert.equal(Buffer.byteLength(body), object.Size);
      // AppendDelimiterToRecord: one demo record per line, byte for byte as the console's generator sends them.
      const lines = body.split('\n');
      assert.equal(lines.pop(), '', 'the object ends with the delimiter');
      assert.equal(lines.length, delivery.Records);
      for (const line of lines) {
        const record = JSON.parse(line);
        assert.deepEqual(Object.keys(record), RECORD_KEYS);
        assert.match(record.ticker_symbol, /^[A-Z]{2,4}$/);
        assert.equal(typeof record.price, 'number');
      }
    }
    // The hour boundary: objects whose oldest record arrived at 09:59 and at 10:00 sit in different folders.
    const hours = new Set(objects.map((o) => KEY_RE.exec(o.Key)[4]));
    assert.deepEqual([...hours].sort(), ['09', '10']);

    // The same object through the S3 panel: bucket -> folders -> object -> pretty view.
    const target = objects.find((o) => KEY_RE.exec(o.Key)[4] === '10');
    const [, yyyy, mm, dd, hh] = KEY_RE.exec(target.Key);
    await clickWidget(page, 'Nav/S3');
    await clickWidget(page, `S3/Bucket/${bucket}`);
    for (const folder of ['stocks/', `stocks/${yyyy}/`, `stocks/${yyyy}/${mm}/`, `stocks/${yyyy}/${mm}/${dd}/`,
                          `stocks/${yyyy}/${mm}/${dd}/${hh}/`]) {
      await clickWidget(page, `S3/Folder/${folder}`);
    }
    await page.screenshot({ path: path.join(RESULTS, 'lab-flow-s3-folder.png') });
    await clickWidget(page, `S3/Object/${target.Key}`);
    await clickWidget(page, 'S3/Viewer/Pretty');
    await waitForWidgets(page, /^S3\/Viewer\/Document count$/);
    await page.screenshot({ path: path.join(RESULTS, 'lab-flow-object.png') });

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
