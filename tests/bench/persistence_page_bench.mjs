// persistence_page_bench.mjs: save and restore of a lab holding 100 MB of objects in the real page (headless
// Chromium): fills 100 objects of 1 MiB through lab.send('S3','PutObject'), times lab.persistence.save() (snapshot +
// IndexedDB write) and a reload (navigation -> lab.ready with the restored lab, and the restore call itself).
// Prints one JSON line per figure. Run: node tests/bench/persistence_page_bench.mjs (FHL_SITE_DIR picks another site).
import assert from 'node:assert/strict';
import { startBrowser } from '../e2e/lab_page.mjs';

const OBJECTS = 100;
const OBJECT_BYTES = 1 << 20;
const SAVES = 3;

const env = await startBrowser();
try {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url + '?seed=5');
  await page.evaluate(() => window.lab.ready);
  const hasStore = await page.evaluate(() => !!window.lab.persistence);
  assert.ok(hasStore, 'lab.persistence is missing: index.html must load lab-store.js before lab-api.js');
  await page.evaluate(() => window.lab.setSpeed(0));

  // [SECTION] fill 100 MB of objects through the S3 API
  const fillMs = await page.evaluate(async ({ objects, objectBytes }) => {
    const lab = window.lab;
    const bucket = 'persistence-bench-100mb';
    await lab.send('S3', 'CreateBucket', { Bucket: bucket });
    const t0 = performance.now();
    for (let i = 0; i < objects; ++i) {
      const chars = new Array(objectBytes / 1024);
      const block = String.fromCharCode(97 + (i % 26)).repeat(1023) + '\n';
      chars.fill(block);
      const body = btoa(chars.join(''));
      await lab.send('S3', 'PutObject', { Bucket: bucket, Key: `bulk/object-${i}.json`, Body: body });
    }
    return performance.now() - t0;
  }, { objects: OBJECTS, objectBytes: OBJECT_BYTES });
  console.log(JSON.stringify({ benchmark: 'persistence/page/fill_100MB_via_PutObject_ms', value: +fillMs.toFixed(0) }));

  // [SECTION] save: snapshot + IndexedDB write
  const saves = [];
  for (let i = 0; i < SAVES; ++i) {
    saves.push(await page.evaluate(async () => {
      await window.lab.send('Lab', 'AdvanceClock', { Seconds: 1 });  // a change, so the save is a real one
      const t0 = performance.now();
      const saved = await window.lab.persistence.save();
      return { total_ms: performance.now() - t0, snapshot_ms: saved.snapshotMs, bytes: saved.bytes };
    }));
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(JSON.stringify({
    benchmark: 'persistence/page/save_100MB_ms', runs: SAVES,
    median: +median(saves.map((s) => s.total_ms)).toFixed(0),
    snapshot_median_ms: +median(saves.map((s) => s.snapshot_ms)).toFixed(0),
    snapshot_mb: +(saves[0].bytes / 1e6).toFixed(1), all: saves.map((s) => +s.total_ms.toFixed(0)), target: 1000,
  }));

  // [SECTION] restore: reload the page; the saved lab comes back before the first frame
  const before = await page.evaluate(async () => ({
    clock: (await window.lab.send('Lab', 'GetClock')).Now,
    keys: (await window.lab.send('S3', 'ListObjectsV2', {
      Bucket: 'persistence-bench-100mb', Prefix: 'bulk/' })).KeyCount,
  }));
  const restores = [];
  for (let i = 0; i < SAVES; ++i) {
    await page.reload();
    await page.evaluate(() => window.lab.ready);
    const r = await page.evaluate(async () => {
      const nav = performance.getEntriesByType('navigation')[0];
      const lab = window.lab;
      return {
        ready_ms: lab.stats().firstFrameMs - (nav ? nav.startTime : 0),
        restore: lab.persistence.restoreStats,
        message: lab.persistence.lastMessage,
        clock: (await lab.send('Lab', 'GetClock')).Now,
        keys: (await lab.send('S3', 'ListObjectsV2', {
          Bucket: 'persistence-bench-100mb', Prefix: 'bulk/' })).KeyCount,
      };
    });
    assert.equal(r.message, null, r.message);
    assert.equal(r.keys, before.keys);
    assert.equal(r.clock, before.clock);
    restores.push(r);
  }
  console.log(JSON.stringify({
    benchmark: 'persistence/page/restore_100MB_ms', runs: SAVES,
    restore_call_median: +median(restores.map((r) => r.restore.ms)).toFixed(0),
    navigation_to_ready_median: +median(restores.map((r) => r.ready_ms)).toFixed(0),
    all_restore_call: restores.map((r) => +r.restore.ms.toFixed(0)),
    all_navigation_to_ready: restores.map((r) => +r.ready_ms.toFixed(0)),
    restored_mb: +(restores[0].restore.bytes / 1e6).toFixed(1), target: 1000,
  }));
  assert.deepEqual(pageErrors, []);
  await context.close();
} finally {
  await env.close();
}
