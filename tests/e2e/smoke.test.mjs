// smoke.test.mjs: end-to-end smoke test of the built page (build/wasm/site) in headless Chromium through
// playwright-core (node:test). Needs `cmake --build --preset wasm` first; run: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, openLab as open, sleep, startBrowser } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });
const openLab = (options) => open(env, options);

test('the page loads, draws its first frame and answers lab.send', async () => {
  const { context, page, pageErrors } = await openLab({ query: '?seed=42&start=2026-01-01T00:00:00Z' });
  try {
    const stats = await page.evaluate(() => window.lab.stats());
    assert.ok(stats.framesRendered >= 1, 'a frame was drawn');
    assert.equal(stats.seed, '42');
    assert.equal(stats.startTime, '2026-01-01T00:00:00.000Z');
    assert.match(await page.evaluate(() => window.lab.now()), /^2026-01-01T00:0\d:\d\d\.\d{3}Z$/);
    assert.equal(await page.locator('#status').isHidden(), true, 'the loading message is gone');
    await page.screenshot({ path: path.join(RESULTS, 'smoke.png') });

    const buckets = await page.evaluate(() => window.lab.send('S3', 'ListBuckets', {}));
    assert.ok(Array.isArray(buckets.Buckets), 'ListBuckets answers a Buckets array');

    // An AWS error answer rejects with name = AWS error code, message, status.
    const err = await page.evaluate(() => window.lab.send('NoSuchService', 'Nothing', {}).then(
      () => null, (e) => ({ name: e.name, message: e.message, status: e.status })));
    assert.ok(err && err.name && err.message && typeof err.status === 'number', JSON.stringify(err));

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('paused and idle, the page stops drawing; the JS API wakes it', async () => {
  const { context, page, pageErrors } = await openLab();
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    assert.equal(await page.evaluate(() => window.lab.getSpeed()), 0);
    await sleep(1200);  // input settles after 0.5 s, layouts after 2 frames
    const a = await page.evaluate(() => window.lab.stats());
    await sleep(2000);
    const b = await page.evaluate(() => window.lab.stats());
    assert.equal(b.framesRendered - a.framesRendered, 0, 'no frames drawn while idle');
    assert.equal(b.loopRunning, false, 'no animation-frame loop while idle');

    const before = await page.evaluate(() => window.lab.now());
    const after = await page.evaluate(() => window.lab.advance(60));
    assert.equal(Date.parse(after) - Date.parse(before), 60000);
    await page.waitForFunction((n) => window.lab.stats().framesRendered > n, b.framesRendered);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('high-DPI: the backing store follows CSS size x devicePixelRatio, also after a resize', async () => {
  const { context, page, pageErrors } = await openLab({ deviceScaleFactor: 2, viewport: { width: 800, height: 600 } });
  try {
    let s = await page.evaluate(() => window.lab.stats());
    assert.deepEqual([s.devicePixelRatio, ...s.cssSize, ...s.framebuffer], [2, 800, 600, 1600, 1200]);
    await page.screenshot({ path: path.join(RESULTS, 'smoke-dpr2.png') });
    await page.setViewportSize({ width: 640, height: 480 });
    await page.waitForFunction(() => window.lab.stats().framebuffer[0] === 1280);
    s = await page.evaluate(() => window.lab.stats());
    assert.deepEqual([...s.cssSize, ...s.framebuffer], [640, 480, 1280, 960]);
    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
