// sdk_v3_page_bench.mjs: Firehose PutRecordBatch through the real AWS SDK for JavaScript v3 (bundled with esbuild) and
// lab.requestHandler in headless Chromium: requests/s and records/s for batches of 500 and of 1 record, the share of
// the time spent inside the handler (wasm exchange included), and lab.send's PutRecordBatch as the baseline without
// the SDK or HTTP. Prints one JSON line per figure. Run: node tests/bench/sdk_v3_page_bench.mjs [seconds-per-case=3]
// (FHL_SITE_DIR picks another site).
import assert from 'node:assert/strict';
import { deployLabStack, startBrowser } from '../e2e/lab_page.mjs';
import { openLabWithSdk } from '../e2e/fixtures/sdk_bundle.mjs';

const SECONDS = Number(process.argv[2] || 3);
const RUNS = 3;

const env = await startBrowser();
try {
  const { context, page, pageErrors } = await openLabWithSdk(env, { query: '?seed=3' });
  await page.evaluate(() => window.lab.setSpeed(0));
  const { DeliveryStreamName: stream } = await deployLabStack(page);
  assert.ok(await page.evaluate(() => !!window.lab.requestHandler), 'lab.requestHandler is missing');

  // One case: repeats `way` (sdk or send) with `batch` records of ~85 bytes for `seconds`; returns the rates.
  const runCase = (way, batch) => page.evaluate(async ({ way, batch, stream, seconds }) => {
    const lab = window.lab;
    const fh = window.awsSdk.firehose;
    // Time spent inside the handler: request bytes -> wasm -> response object.
    let handlerMs = 0;
    const timed = {
      handle: async (request, options) => {
        const t0 = performance.now();
        try { return await lab.requestHandler.handle(request, options); } finally { handlerMs += performance.now() - t0; }
      },
      updateHttpClientConfig: (k, v) => lab.requestHandler.updateHttpClientConfig(k, v),
      httpHandlerConfigs: () => lab.requestHandler.httpHandlerConfigs(),
    };
    const client = new fh.FirehoseClient(lab.sdkConfig({ requestHandler: timed }));
    const records = Array.from({ length: batch }, (_, i) => JSON.stringify({
      ticker_symbol: 'AMZN', sector: 'TECHNOLOGY', change: (i % 7) - 3.25, price: 100 + (i % 1000) / 8 }));
    const sdkRecords = records.map((r) => ({ Data: new TextEncoder().encode(r) }));
    const sendRecords = records.map((r) => ({ Data: btoa(r) }));
    const once = way === 'sdk'
      ? () => client.send(new fh.PutRecordBatchCommand({ DeliveryStreamName: stream, Records: sdkRecords }))
      : () => lab.send('Firehose', 'PutRecordBatch', { DeliveryStreamName: stream, Records: sendRecords });
    for (let i = 0; i < 5; i++) await once();  // warm-up (signing keys, JIT)
    handlerMs = 0;
    let requests = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      const r = await once();
      if (r.FailedPutCount !== 0) throw new Error('FailedPutCount ' + r.FailedPutCount);
      requests++;
    }
    const ms = performance.now() - t0;
    return { requests, ms, handlerMs: way === 'sdk' ? handlerMs : null };
  }, { way, batch, stream, seconds: SECONDS });

  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  for (const [way, batch] of [['sdk', 500], ['send', 500], ['sdk', 1], ['send', 1]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runCase(way, batch));
    const rps = runs.map((r) => r.requests / (r.ms / 1000));
    const m = median(rps);
    console.log(JSON.stringify({
      benchmark: `sdk_v3/page/PutRecordBatch_${batch}/${way === 'sdk' ? 'sdk_requestHandler' : 'lab_send'}`,
      runs: RUNS, seconds: SECONDS, requests_per_s: +m.toFixed(1), records_per_s: Math.round(m * batch),
      ms_per_request: +(1000 / m).toFixed(3),
      handler_share: way === 'sdk' ? +median(runs.map((r) => r.handlerMs / r.ms)).toFixed(2) : undefined,
      all_requests_per_s: rps.map((x) => +x.toFixed(1)),
    }));
  }
  assert.deepEqual(pageErrors, []);
  await context.close();
} finally {
  await env.close();
}
