// athena_flow.test.mjs: the lab's last step in headless Chromium: with the lab stack deployed and demo data
// delivered, the student sets the query result location, types the lab's question into the Athena editor, runs it
// with Ctrl+Enter and reads the answer from the results grid (Copy all -> clipboard); the test checks it against the same computation done here
// from the delivered objects, and that a wrong column is reported at its line and column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, clickWidget, deployLabStack, openLab, poll, sleep, startBrowser, waitForWidgets } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const STREAM = 'ie-tech-mba-stream';
const QUESTION = [
  'SELECT ticker_symbol, round(sum(change), 2) AS total_change',
  'FROM stock_ticks',
  'GROUP BY ticker_symbol',
  'ORDER BY total_change DESC',
  'LIMIT 1',
];

// Types lines into the focused editor, with Enter between lines (ImGui sees the keys through the html5 backend).
async function typeLines(page, lines) {
  for (let i = 0; i < lines.length; ++i) {
    await page.keyboard.type(lines[i], { delay: 5 });
    if (i + 1 < lines.length) await page.keyboard.press('Enter');
  }
  await sleep(300);
}

test('the lab question typed into the Athena editor answers from the delivered objects', { timeout: 180000 },
     async () => {
  const { context, page, pageErrors } = await openLab(env, { query: '?seed=11&start=2026-05-04T12:00:00Z' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    // The lab's stack: stream, bucket and the Glue table stocks_db.stock_ticks over s3://bucket/stocks/.
    await page.evaluate(() => window.lab.setSpeed(0));
    const { BucketName: bucket } = await deployLabStack(page);
    // Demo data for five simulated minutes: five interval flushes of newline-delimited records.
    await send('Lab', 'StartDemoData', { DeliveryStreamName: STREAM });
    await page.evaluate(() => window.lab.advance(5 * 60 + 30));
    await send('Lab', 'StopDemoData', { DeliveryStreamName: STREAM });

    // The same question computed here, from the objects themselves.
    const totals = new Map();
    let scanned = 0;
    for (const o of (await send('S3', 'ListObjectsV2', { Bucket: bucket, Prefix: 'stocks/' })).Contents) {
      const body = Buffer.from((await send('S3', 'GetObject', { Bucket: bucket, Key: o.Key })).Body, 'base64').toString();
      scanned += o.Size;
      for (const line of body.split('\n').filter(Boolean)) {
        const r = JSON.parse(line);
        totals.set(r.ticker_symbol, (totals.get(r.ticker_symbol) ?? 0) + r.change);
      }
    }
    const [bestTicker, bestTotal] = [...totals].sort((a, b) => b[1] - a[1])[0];

    // The student's clicks: Athena -> set the result location (first visit) -> editor.
    await clickWidget(page, 'Nav/Athena');
    await clickWidget(page, 'Athena/Settings/Edit');
    await clickWidget(page, 'Athena/Settings/Save');
    await clickWidget(page, 'Athena/View/Editor');
    await clickWidget(page, 'Athena/Database');
    await clickWidget(page, 'Athena/Database/stocks_db');
    await clickWidget(page, 'Athena/Editor');
    await typeLines(page, QUESTION);
    await page.keyboard.press('Control+Enter');
    await waitForWidgets(page, /^Athena\/Results\/Row\/1$/, { timeoutMs: 20000 });
    await page.screenshot({ path: path.join(RESULTS, 'athena-flow-results.png') });

    await clickWidget(page, 'Athena/Results/Copy all');
    const copied = await poll(async () => page.evaluate(() => navigator.clipboard.readText()), { what: 'clipboard' });
    const rows = copied.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows[0], ['ticker_symbol', 'total_change']);
    assert.equal(rows.length, 2, copied);
    assert.equal(rows[1][0], bestTicker);
    assert.equal(Number(rows[1][1]), Math.round(bestTotal * 100) / 100);

    // The execution behind the grid: succeeded, scanned exactly the objects' bytes.
    const { QueryExecutionIds: ids } = await send('Athena', 'ListQueryExecutions', {});
    const { QueryExecution: q } = await send('Athena', 'GetQueryExecution', { QueryExecutionId: ids[0] });
    assert.equal(q.Status.State, 'SUCCEEDED');
    assert.equal(q.Query.trim(), QUESTION.join('\n'));
    assert.equal(q.Statistics.DataScannedInBytes, scanned);

    // A wrong column: Athena's error, shown with its position.
    await clickWidget(page, 'Athena/Clear');
    await clickWidget(page, 'Athena/Editor');
    await typeLines(page, ['SELECT symbol', 'FROM stock_ticks']);
    await clickWidget(page, 'Athena/Run');
    await waitForWidgets(page, /^Athena\/Error$/, { timeoutMs: 20000 });
    const { QueryExecutionIds: after } = await send('Athena', 'ListQueryExecutions', {});
    const { QueryExecution: failed } = await send('Athena', 'GetQueryExecution', { QueryExecutionId: after[0] });
    assert.equal(failed.Status.State, 'FAILED');
    assert.equal(failed.Status.StateChangeReason,
      "COLUMN_NOT_FOUND: line 1:8: Column 'symbol' cannot be resolved or requester is not authorized to access requested resources");
    await page.screenshot({ path: path.join(RESULTS, 'athena-flow-error.png') });

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
