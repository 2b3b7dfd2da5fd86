// persistence.test.mjs: the saved lab in headless Chromium: a damaged save in IndexedDB gives a clear message and a
// fresh lab (the bytes are kept aside, the page does not stop); a bad import is refused and changes nothing; an
// exported lab imports back exactly; Reset lab empties the account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deployLabStack, openLab, poll, startBrowser } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const stackNames = (page) => page.evaluate(async () =>
  (await window.lab.send('CloudFormation', 'ListStacks', {})).StackSummaries.map((s) => s.StackName + ' ' + s.StackStatus));

test('damaged save, refused import, export/import round trip and reset', { timeout: 180000 }, async () => {
  const { context, page, pageErrors } = await openLab(env, { query: '?seed=9&start=2026-10-01T10:00:00Z' });
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    const { BucketName: bucket } = await deployLabStack(page);
    await page.evaluate(() => window.lab.advance(90));
    const before = { stacks: await stackNames(page), now: await page.evaluate(() => window.lab.now()) };
    assert.deepEqual(before.stacks, ['firehose-lab CREATE_COMPLETE']);

    // Export: the bytes of the whole lab.
    await page.evaluate(() => window.lab.persistence.save());
    const exported = await page.evaluate(async () =>
      Array.from(new Uint8Array(await window.lab.persistence.exportBlob().arrayBuffer())));
    assert.equal(String.fromCharCode(...exported.slice(0, 7)), 'FHLSNAP');

    // A damaged file is refused with a clear message; the lab stays as it was.
    const damaged = exported.slice();
    damaged[damaged.length - 5] ^= 0xff;
    const refused = await page.evaluate(async (bytes) => {
      try { await window.lab.persistence.importFile(new Uint8Array(bytes).buffer); return null; } catch (e) { return e.message; }
    }, damaged);
    assert.match(refused, /damaged/);
    assert.deepEqual(await stackNames(page), before.stacks);
    assert.equal(await page.evaluate(() => window.lab.now()), before.now);

    // Reset lab: a fresh account after the reload.
    await page.evaluate(() => window.lab.persistence.reset());
    await page.waitForFunction(() => window.lab && window.lab.persistence && document.readyState === 'complete');
    await page.evaluate(() => window.lab.ready);
    assert.deepEqual(await stackNames(page), []);
    await page.evaluate(() => window.lab.setSpeed(0));  // the clock as exported, not a few ms later

    // Import the exported lab: everything is back, and it is saved again.
    await page.evaluate((bytes) => window.lab.persistence.importFile(new Uint8Array(bytes).buffer), exported);
    assert.deepEqual(await stackNames(page), before.stacks);
    assert.equal(await page.evaluate(() => window.lab.now()), before.now);
    const listed = await page.evaluate((b) => window.lab.send('S3', 'HeadBucket', { Bucket: b }), bucket);
    assert.ok(listed);

    // Damage the saved lab inside IndexedDB, then reload: a message, a fresh lab, the bytes set aside.
    await page.evaluate(() => window.lab.persistence.save());
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('firehose-lab', 1);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('lab', 'readwrite');
        const store = tx.objectStore('lab');
        const get = store.get('current');
        get.onsuccess = () => store.put(new Blob([new Uint8Array([1, 2, 3, 4, 5])]), get.result.key);
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.reload();
    await page.evaluate(() => window.lab.ready);
    const message = await poll(() => page.evaluate(() => window.lab.persistence.lastMessage), { what: 'message' });
    assert.match(message, /damaged|could not|fresh/i);
    assert.deepEqual(await stackNames(page), []);
    const keys = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('firehose-lab', 1);
      open.onsuccess = () => {
        const r = open.result.transaction('lab').objectStore('lab').getAllKeys();
        r.onsuccess = () => { open.result.close(); resolve(r.result.map(String)); };
      };
    }));
    assert.ok(keys.some((k) => k.startsWith('damaged-')), keys.join(', '));

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
