// embed.test.mjs: the postMessage bridge (web/lms-embed.js) with the embed page inside a cross-origin iframe. The
// site is served on one port, the parent page (written into a temp dir) on another: http://127.0.0.1:<B> is the
// origin the teacher lists, http://localhost:<B> is another origin on the same server. Progress reaches the listed
// parent; commands from it are obeyed; an unlisted parent gets nothing and its commands are ignored and counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, SITE, deployLabStack, poll, sleep } from './lab_page.mjs';
import { serve } from './serve.mjs';

const PARENT_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Course page</title></head><body style="margin:0">
<iframe id="lab" style="width:1200px;height:900px;border:0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
  window.openLab = (src) => { document.getElementById('lab').src = src; };
  window.command = (message) => document.getElementById('lab').contentWindow.postMessage(message, '*');
</script>
</body></html>`;

let browser, site, parent, tmp, listed, unlisted, embedPage;
before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fhl-embed-'));
  fs.writeFileSync(path.join(tmp, 'parent.html'), PARENT_HTML);
  site = await serve(SITE, 0);
  parent = await serve(tmp, 0);
  listed = `http://127.0.0.1:${parent.port}`;
  unlisted = `http://localhost:${parent.port}`;
  embedPage = fs.existsSync(path.join(SITE, 'embed.html')) ? 'embed.html?' : 'index.html?embed=1&';
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await parent?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// Opens the parent page at `origin` with the lab framed from the site; labFile: the teacher's lab.json (served by a
// route on the site's origin), query: more of the lab's address.
async function open(origin, { labFile = null, query = '' } = {}) {
  // No service worker: requests (lab.json) go through the test's route, and a reset reloads from the network.
  const context = await browser.newContext({ viewport: { width: 1280, height: 960 }, serviceWorkers: 'block' });
  if (labFile) {
    await context.route(`${site.url}lab.json`, (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify(labFile) }));
  }
  const page = await context.newPage();
  const errors = [], console_ = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => console_.push(m.text()));
  await page.goto(`${origin}/parent.html`);
  await page.evaluate((src) => window.openLab(src), `${site.url}${embedPage}${labFile ? 'config=lab.json&' : ''}${query}`);
  const frame = await poll(() => page.frames().find((f) => f.url().startsWith(site.url)), { what: 'lab frame' });
  await frame.waitForFunction(() => window.lab && window.FirehoseLabLms, null, { timeout: 30000 });
  await frame.evaluate(() => window.lab.ready.then(() => true));
  await frame.evaluate(() => window.FirehoseLabLms.ready.then(() => true));
  return { context, page, frame, errors, console: console_ };
}

const received = (page, type) => page.evaluate((t) => window.received.filter((m) => !t || m.data.type === t), type);
async function waitFor(page, predicate, what) {
  return poll(async () => {
    const all = await page.evaluate(() => window.received);
    return all.find((m) => predicate(m.data)) || null;
  }, { what, timeoutMs: 20000 });
}

test('a listed parent gets ready, progress and step-done, and its commands are obeyed', { timeout: 180000 }, async () => {
  const { context, page, frame, errors } = await open(listed, { labFile: { origins: [listed] } });
  try {
    const ready = await waitFor(page, (d) => d.type === 'firehose-lab:ready', 'ready');
    assert.equal(ready.origin, site.url.replace(/\/$/, ''));
    assert.deepEqual(ready.data, { type: 'firehose-lab:ready', version: 1 });
    const first = await waitFor(page, (d) => d.type === 'firehose-lab:progress', 'first progress');
    assert.equal(first.data.version, 1);
    assert.equal(first.data.done, 0);
    assert.equal(first.data.total, 11);
    assert.equal(first.data.score, 0);
    assert.equal(first.data.maxScore, 100);
    assert.equal(first.data.status, 'incomplete');
    assert.deepEqual(first.data.steps.map((s) => s.id).slice(0, 2), ['deploy-stack', 'spot-buffering']);
    assert.ok(first.data.steps.every((s) => s.done === false && typeof s.title === 'string'));
    assert.ok(!('Answers' in first.data) && !('answers' in first.data), 'no answers leave the page');

    // A step done in the lab: step-done, then a progress message with it.
    await deployLabStack(frame);
    const stepDone = await waitFor(page, (d) => d.type === 'firehose-lab:step-done', 'step-done');
    assert.deepEqual(stepDone.data, { type: 'firehose-lab:step-done', version: 1, step: 'deploy-stack' });
    const after = await waitFor(page, (d) => d.type === 'firehose-lab:progress' && d.done === 1, 'progress with 1 done');
    assert.equal(after.data.score, 9);  // 1 of 11
    assert.equal(after.data.steps[0].done, true);

    // Commands.
    await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'get-progress', id: 7 }));
    const answer = await waitFor(page, (d) => d.type === 'firehose-lab:progress' && d.id === 7, 'get-progress answer');
    assert.equal(answer.data.done, 1);
    await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'set-speed', speed: 0, id: 8 }));
    const paused = await waitFor(page, (d) => d.type === 'firehose-lab:response' && d.id === 8, 'set-speed answer');
    assert.deepEqual(paused.data, { type: 'firehose-lab:response', version: 1, id: 8, command: 'set-speed', ok: true, speed: 0 });
    assert.equal(await frame.evaluate(() => window.lab.getSpeed()), 0);
    await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'set-speed', speed: 60, id: 9 }));
    await waitFor(page, (d) => d.type === 'firehose-lab:response' && d.id === 9 && d.ok, 'set-speed 60');
    assert.equal(await frame.evaluate(() => window.lab.getSpeed()), 60);
    for (const [id, bad] of [[10, { command: 'set-speed', speed: -1 }], [11, { command: 'set-speed', speed: '10' }],
                             [12, { command: 'set-speed', speed: 3601 }], [13, { command: 'explode' }]]) {
      await page.evaluate((m) => window.command(m), Object.assign({ type: 'firehose-lab:command', version: 1, id }, bad));
      const r = await waitFor(page, (d) => d.type === 'firehose-lab:response' && d.id === id, `refusal ${id}`);
      assert.equal(r.data.ok, false);
      assert.ok(r.data.error.length > 0);
    }
    assert.equal(await frame.evaluate(() => window.lab.getSpeed()), 60);

    // reset: the lab starts afresh (the page reloads and says ready again, with nothing done).
    await page.evaluate(() => { window.received.length = 0; });
    await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'reset', id: 14 }));
    const reset = await waitFor(page, (d) => d.type === 'firehose-lab:response' && d.id === 14, 'reset answer');
    assert.equal(reset.data.ok, true);
    await waitFor(page, (d) => d.type === 'firehose-lab:ready', 'ready after reset');
    const fresh = await waitFor(page, (d) => d.type === 'firehose-lab:progress', 'progress after reset');
    assert.equal(fresh.data.done, 0);
    const newFrame = page.frames().find((f) => f.url().startsWith(site.url));
    assert.deepEqual(await newFrame.evaluate(() => window.lab.send('CloudFormation', 'ListStacks', {}).then((r) => r.StackSummaries)), []);
    // Every message came from the lab's origin.
    assert.ok((await received(page)).every((m) => m.origin === site.url.replace(/\/$/, '')));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an unlisted parent gets no messages and its commands are ignored, counted and logged once', { timeout: 120000 }, async () => {
  const { context, page, frame, errors, console: logs } = await open(unlisted, { labFile: { origins: [listed] } });
  try {
    await sleep(2500);  // ready and progress were posted by now, to the listed origin only
    assert.deepEqual(await received(page), []);
    assert.equal(await frame.evaluate(() => window.lab.getSpeed()), 1);
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'set-speed', speed: 0 }));
    }
    await page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'reset' }));
    await page.evaluate(() => window.command('hello'));
    await poll(() => frame.evaluate(() => window.FirehoseLabEmbed.stats.ignored >= 5), { what: 'five ignored' });
    assert.equal(await frame.evaluate(() => window.lab.getSpeed()), 1);
    const stats = await frame.evaluate(() => window.FirehoseLabEmbed.stats);
    assert.equal(stats.ignored, 5);
    assert.equal(stats.obeyed, 0);
    const warned = logs.filter((t) => t.includes('firehose-lab: ignored a message'));
    assert.equal(warned.length, 1, JSON.stringify(warned));
    assert.ok(warned[0].includes(unlisted));
    assert.deepEqual(await received(page), []);
    assert.ok((await frame.evaluate(() => window.lab.progress().Steps.length)) === 11, 'the lab still runs');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('without origins progress goes to any parent and no command is taken; origins= in the address cannot reset',
     { timeout: 120000 }, async () => {
  let s = await open(unlisted);
  try {
    await waitFor(s.page, (d) => d.type === 'firehose-lab:ready', 'ready to *');
    await waitFor(s.page, (d) => d.type === 'firehose-lab:progress', 'progress to *');
    await s.page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'get-progress', id: 1 }));
    await poll(() => s.frame.evaluate(() => window.FirehoseLabEmbed.stats.ignored >= 1), { what: 'ignored' });
    assert.equal((await received(s.page, 'firehose-lab:progress')).filter((m) => m.data.id === 1).length, 0);
  } finally {
    await s.context.close();
  }
  s = await open(unlisted, { query: 'origins=' + encodeURIComponent(unlisted) });
  try {
    // The bridge listens once the lab is ready; a command posted before that would be lost.
    await waitFor(s.page, (d) => d.type === 'firehose-lab:ready', 'ready with origins=');
    await s.page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'get-progress', id: 2 }));
    await waitFor(s.page, (d) => d.type === 'firehose-lab:progress' && d.id === 2, 'get-progress with origins=');
    await s.page.evaluate(() => window.command({ type: 'firehose-lab:command', version: 1, command: 'reset', id: 3 }));
    const r = await waitFor(s.page, (d) => d.type === 'firehose-lab:response' && d.id === 3, 'reset refused');
    assert.equal(r.data.ok, false);
    assert.match(r.data.error, /lab file/);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});
