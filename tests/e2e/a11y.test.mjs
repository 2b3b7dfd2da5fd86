// a11y.test.mjs: accessibility of the page in headless Chromium (issue 5): the live regions announce a stack deploy,
// deliveries (coalesced) and Athena results/failures from the lab's real state; the console works by keyboard alone
// (skip link, Tab into the canvas, Tab to a navigation entry, Enter opens it, Tab out at the ends); the high-contrast
// theme and text size persist across a reload and reach ImGui's style; prefers-reduced-motion and prefers-contrast
// reach the module. Screenshots in test-results/a11y-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, deployLabStack, openLab, poll, sleep, startBrowser, waitForWidgets } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const STREAM = 'ie-tech-mba-stream';
const QUERY = '?seed=7&start=2026-01-01T00:00:00Z';

const liveText = (page, id) => page.evaluate((i) => document.getElementById(i).textContent, id);
async function waitForLive(page, id, re, what) {
  return poll(async () => {
    await page.evaluate(async () => { await window.FirehoseLabAnnouncer.poll(); window.FirehoseLabAnnouncer.flush(); });
    const t = await liveText(page, id);
    return re.test(t) ? t : null;
  }, { timeoutMs: 30000, intervalMs: 300, what });
}
// n PutRecordBatch records of stock ticks (newline-delimited JSON, base64).
function ticks(n, offset = 0) {
  const records = [];
  for (let i = 0; i < n; i++) {
    const tick = { ticker_symbol: ['QXZ', 'AMZN', 'ABC'][(i + offset) % 3], sector: 'TECHNOLOGY',
                   change: ((i % 7) - 3) / 10, price: 50 + i };
    records.push({ Data: Buffer.from(JSON.stringify(tick) + '\n').toString('base64') });
  }
  return records;
}

test('the live regions announce the stack, deliveries and Athena results', { timeout: 180000 }, async () => {
  const { context, page, pageErrors } = await openLab(env, { query: QUERY });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    assert.equal(await page.getAttribute('#live-status', 'aria-live'), 'polite');
    assert.equal(await page.getAttribute('#live-alert', 'aria-live'), 'assertive');
    await page.evaluate(() => window.FirehoseLabAnnouncer.poll());  // the baseline: nothing old is announced
    assert.equal(await liveText(page, 'live-status'), '');

    const { BucketName: bucket } = await deployLabStack(page);
    const stackText = await waitForLive(page, 'live-status', /Stack firehose-lab is CREATE_COMPLETE\./, 'stack announcement');
    assert.doesNotMatch(await liveText(page, 'live-alert'), /firehose-lab/, 'a successful stack is not an alert');

    // One delivery: key, size, records and bucket.
    await send('Firehose', 'PutRecordBatch', { DeliveryStreamName: STREAM, Records: ticks(118) });
    await page.evaluate(() => window.lab.advance(61));
    const one = await waitForLive(page, 'live-status', /Firehose delivered /, 'delivery announcement');
    assert.match(one, new RegExp('Firehose delivered stocks/2026/01/01/00/ie-tech-mba-stream-1-… \\(\\d+\\.\\d KB, 118 records\\) ' +
                                 'to bucket ' + bucket + '\\.'));

    // Three deliveries between two looks: one sentence.
    await page.evaluate(async ([stream, data]) => {
      for (const d of data) {
        await window.lab.send('Firehose', 'PutRecordBatch', { DeliveryStreamName: stream, Records: d });
        window.lab.advance(61);
      }
    }, [STREAM, [ticks(10, 1), ticks(20, 2), ticks(30, 0)]]);
    const three = await waitForLive(page, 'live-status', /3 objects delivered/, 'coalesced deliveries');
    assert.match(three, new RegExp('3 objects delivered to bucket ' + bucket + ' \\([\\d.]+ KB, 60 records\\)\\.'));

    // Athena: a query's result, then a failing one as an alert.
    const output = 's3://' + bucket + '/athena-results/';
    await send('Athena', 'StartQueryExecution', {
      QueryString: 'SELECT ticker_symbol, count(*) AS n FROM stock_ticks GROUP BY ticker_symbol',
      QueryExecutionContext: { Database: 'stocks_db' }, ResultConfiguration: { OutputLocation: output } });
    const ok = await waitForLive(page, 'live-status', /Athena query succeeded/, 'query announcement');
    assert.match(ok, /Athena query succeeded with 3 rows, [\d.]+ KB scanned\./);
    await send('Athena', 'StartQueryExecution', {
      QueryString: 'SELECT no_such_column FROM stock_ticks',
      QueryExecutionContext: { Database: 'stocks_db' }, ResultConfiguration: { OutputLocation: output } });
    const failed = await waitForLive(page, 'live-alert', /Athena query failed: /, 'failure alert');
    assert.match(failed, /no_such_column/);

    // A failing stack: its failed resource and its status are alerts.
    await send('CloudFormation', 'CreateStack', {
      StackName: 'broken', TemplateBody: JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket',
        Properties: { BucketName: bucket } } } }) });
    for (let i = 0; i < 12; i++) await page.evaluate(() => window.lab.advance(5));
    const alert = await waitForLive(page, 'live-alert', /Stack broken is ROLLBACK/, 'stack failure alert');
    assert.match(alert, /Stack broken: Bucket CREATE_FAILED/);

    const log = await page.evaluate(() => window.FirehoseLabAnnouncer.log.map((m) => m.text));
    assert.ok(log.includes(stackText.match(/Stack firehose-lab is CREATE_COMPLETE\./)[0]) ||
              log.some((t) => t.includes('Stack firehose-lab is CREATE_COMPLETE')));
    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('keyboard only: skip link, Tab to a navigation entry, Enter opens it, Tab leaves at the ends', { timeout: 120000 },
     async () => {
  const { context, page, pageErrors } = await openLab(env, { query: QUERY });
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    await deployLabStack(page);
    const focusRect = () => page.evaluate(() => { window.lab.redraw(); return window.lab.displayPrefs().keyboardFocus; });
    const same = (a, b) => a && b && ['x', 'y', 'width', 'height'].every((k) => Math.abs(a[k] - b[k]) < 0.5);
    assert.equal(await page.evaluate(() => window.lab.displayPrefs().navKeyboard), true);

    // The skip link is the page's first stop (before the guide's toggle); Enter on it puts the focus on the console's
    // first widget.
    await page.focus('#guide-toggle');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-to-console');
    assert.ok(await page.locator('#skip-to-console').isVisible(), 'the skip link shows while focused');
    await page.keyboard.press('Enter');
    await poll(async () => (await page.evaluate(() => document.activeElement.id)) === 'canvas', { what: 'canvas focus' });
    const first = await poll(focusRect, { what: 'the first widget focused' });
    const outline = await page.evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
    assert.notEqual(outline, 'none', 'the canvas shows its focus');

    // Tab to "Amazon Data Firehose" in the navigation and open it with Enter.
    const target = await page.evaluate(() => window.lab.ui.rect('Nav/Firehose'));
    assert.ok(target, 'Nav/Firehose is drawn');
    assert.equal((await page.evaluate(() => Object.keys(window.lab.ui.widgets()))).some((n) => n.startsWith('Firehose/Stream/')), false,
                 'the lab starts in CloudFormation');
    // Each Tab: wait until the focus moved (frames may lag behind the keys on a busy machine), then settle.
    const seen = [];
    let prev = JSON.stringify(await focusRect());
    for (let presses = 0; presses < 40 && !same(JSON.parse(prev), target); presses++) {
      await page.keyboard.press('Tab');
      await poll(async () => JSON.stringify(await focusRect()) !== prev, { what: 'the focus to move after Tab' });
      await sleep(200);
      prev = JSON.stringify(await focusRect());
      seen.push(prev);
    }
    assert.ok(same(await focusRect(), target), `Tab reached Nav/Firehose: ${seen.join(' ')}`);
    await page.screenshot({ path: path.join(RESULTS, 'a11y-keyboard-focus.png') });
    await page.keyboard.press('Enter');
    await waitForWidgets(page, new RegExp('^Firehose/Stream/' + STREAM + '$'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'focus stayed in the console');

    // Shift+Tab from the first widget leaves the canvas backwards (to the guide's last control).
    await page.evaluate(() => window.lab.ui.focusConsole());
    await poll(async () => same(await focusRect(), first), { what: 'first widget again' });
    await page.keyboard.press('Shift+Tab');
    await poll(async () => (await page.evaluate(() => document.activeElement.id)) !== 'canvas', { what: 'focus left the canvas' });
    const left = await page.evaluate(() => ({ id: document.activeElement.id, inGuide: !!document.activeElement.closest('#guide') }));
    assert.ok(left.inGuide, 'Shift+Tab went to the guide: ' + JSON.stringify(left));
    // Tab from there comes back into the console at its first widget.
    await page.keyboard.press('Tab');
    await poll(async () => (await page.evaluate(() => document.activeElement.id)) === 'canvas', { what: 'back in the canvas' });
    await poll(async () => same(await focusRect(), first), { what: 'first widget after Tab in' });
    // Arrow keys are ImGui's while the canvas has focus; outside the canvas ImGui gets no keys.
    await page.keyboard.press('ArrowDown');
    await sleep(200);
    assert.ok(await focusRect(), 'arrow keys keep a keyboard focus in the console');
    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('high contrast and text size persist across a reload and reach the console', { timeout: 120000 }, async () => {
  const { context, page, pageErrors } = await openLab(env, { query: QUERY });
  try {
    const before = await page.evaluate(() => window.lab.displayPrefs());
    assert.equal(before.theme, 'default');
    assert.notEqual(before.colors.windowBg, '#000000');
    assert.equal(await page.getAttribute('#display-contrast', 'aria-pressed'), 'false');
    await page.click('#display-contrast');
    await page.click('#display-larger');
    await page.click('#display-larger');
    await page.click('#display-larger');  // 100% -> 115% -> 130% -> 150%
    assert.equal(await page.getAttribute('#display-contrast', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('#display-size'), '150%');
    const stored = await page.evaluate(() => [localStorage.getItem('fhl-theme'), localStorage.getItem('fhl-font-scale')]);
    assert.deepEqual(stored, ['high-contrast', '1.5']);

    const check = async (when) => {
      const p = await poll(async () => {
        const d = await page.evaluate(() => { window.lab.redraw(); return window.lab.displayPrefs(); });
        return d.colors.windowBg === '#000000' && Math.abs(d.fontSizePx - 22.5) < 0.01 ? d : null;
      }, { what: 'high contrast at 150% ' + when });
      assert.equal(p.theme, 'high-contrast');
      assert.equal(p.fontScale, 1.5);
      assert.equal(p.colors.text, '#ffffff');
      assert.equal(p.colors.navHighlight, '#ffff00');
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('high-contrast')), 'guide in high contrast');
      const bg = await page.evaluate(() => getComputedStyle(document.getElementById('guide')).backgroundColor);
      assert.equal(bg, 'rgb(0, 0, 0)');
      // The canvas itself: its bottom-right corner is the page background, now black.
      await sleep(300);
      const shot = await page.screenshot({ path: path.join(RESULTS, `a11y-high-contrast-150-${when}.png`) });
      assert.ok(shot.length > 1000);
      const nav = await page.evaluate(() => window.lab.ui.rect('Nav/Athena'));
      const navDefault = 15 + 12;  // line height + padding at 100%: the entries grew with the text
      assert.ok(nav.height > navDefault * 1.2, 'navigation entries are taller at 150%: ' + nav.height);
    };
    await check('before-reload');
    await page.reload();
    await page.evaluate(() => window.lab.ready);
    await check('after-reload');
    assert.equal(await page.getAttribute('#display-contrast', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('#display-size'), '150%');

    // lab.setTheme / lab.setFontScale do the same from a script, and back.
    await page.evaluate(() => { window.lab.setTheme('default'); window.lab.setFontScale(1); });
    const back = await page.evaluate(() => window.lab.displayPrefs());
    assert.equal(back.theme, 'default');
    assert.equal(back.fontScale, 1);
    assert.equal(await page.evaluate(() => localStorage.getItem('fhl-theme')), 'default');
    await assert.rejects(page.evaluate(() => window.lab.setTheme('neon')), /theme must be/);
    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('prefers-reduced-motion and prefers-contrast reach the module', { timeout: 120000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await page.emulateMedia({ contrast: 'more' });
    await page.goto(env.server.url + QUERY);
    await page.evaluate(() => window.lab.ready);
    let p = await page.evaluate(() => window.lab.displayPrefs());
    assert.equal(p.reducedMotion, true);
    assert.equal(p.cursorBlink, false, 'no blinking text cursor');
    assert.equal(p.theme, 'high-contrast', 'prefers-contrast: more picks high contrast when nothing is stored');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('reduced-motion')));
    // The guide has no transitions or animations then.
    const moving = await page.evaluate(() => Array.from(document.querySelectorAll('#guide *')).filter((el) => {
      const s = getComputedStyle(el);
      return parseFloat(s.transitionDuration) > 0 || (s.animationName && s.animationName !== 'none');
    }).length);
    assert.equal(moving, 0);
    await page.screenshot({ path: path.join(RESULTS, 'a11y-prefers-contrast.png') });

    // The system preference changes while the page is open.
    await page.emulateMedia({ reducedMotion: 'no-preference', contrast: 'no-preference' });
    p = await poll(async () => {
      const d = await page.evaluate(() => window.lab.displayPrefs());
      return !d.reducedMotion && d.theme === 'default' ? d : null;
    }, { what: 'preferences follow the system' });
    assert.equal(p.cursorBlink, true);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
