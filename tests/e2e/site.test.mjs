// site.test.mjs: end-to-end tests of the static site for courses (issue 5): served under a sub-path, the landing and
// embed pages, offline after the first visit (service worker), a .wasm with the wrong MIME type, the single-file
// build from file://, and no Content-Security-Policy violation on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBrowser, SITE, RESULTS, poll } from './lab_page.mjs';
import { serve } from './serve.mjs';

let env;
before(async () => { env = await startBrowser({ prefix: '/course/lab/' }); });
after(async () => { if (env) await env.close(); });

// A context whose pages record CSP violations (window.__csp) and console messages about the policy.
async function newPage(browser, options = {}) {
  const context = await browser.newContext(Object.assign({ viewport: { width: 1280, height: 800 } }, options));
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) problems.push('console: ' + m.text()); });
  const console = [];
  page.on('console', (m) => console.push(m.text()));
  return { context, page, problems, console };
}

async function assertNoViolations(page, problems) {
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(problems, []);
}

test('the lab, embed.html and teachers.html load under a sub-path without CSP violations', async () => {
  assert.match(env.server.url, /\/course\/lab\/$/);
  const { context, page, problems } = await newPage(env.browser);
  // The lab at the sub-path's directory URL.
  await page.goto(env.server.url + '?persist=off');
  await page.evaluate(() => window.lab.ready);
  const r = await page.evaluate(async () => ({
    template: (await fetch('firehose-lab.template.json')).status,
    stacks: (await window.lab.send('CloudFormation', 'ListStacks', {})).StackSummaries.length,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
    inlineScripts: [...document.scripts].filter((s) => !s.src && s.type !== 'application/json').length,
  }));
  assert.equal(r.template, 200);
  assert.equal(r.stacks, 0);
  assert.match(r.csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.equal(r.inlineScripts, 0);
  await assertNoViolations(page, problems);

  // embed.html: the same lab, compact, guide collapsed.
  await page.goto(env.server.url + 'embed.html?persist=off');
  await page.evaluate(() => window.lab.ready);
  const e = await page.evaluate(() => ({
    embed: document.documentElement.classList.contains('embed'),
    collapsed: document.documentElement.classList.contains('guide-collapsed'),
    introShown: document.querySelector('.intro').offsetParent !== null,
    canvasWidth: document.getElementById('canvas').getBoundingClientRect().width,
  }));
  assert.deepEqual({ embed: e.embed, collapsed: e.collapsed, introShown: e.introShown },
                   { embed: true, collapsed: true, introShown: false });
  assert.ok(e.canvasWidth > 1200, 'the console takes the width');
  await page.goto(env.server.url + 'index.html?embed=1&guide=hidden&persist=off');
  await page.evaluate(() => window.lab.ready);
  assert.equal(await page.evaluate(() => document.getElementById('guide').offsetParent), null, 'guide=hidden');
  await assertNoViolations(page, problems);

  // teachers.html: links resolve under the sub-path; the iframe snippet carries a title.
  await page.goto(env.server.url + 'teachers.html');
  const t = await page.evaluate(async () => {
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((h) => !h.includes('#'));
    const statuses = {};
    for (const h of links) statuses[h.replace(location.href.replace(/teachers\.html.*$/, ''), '')] = (await fetch(h, { method: 'HEAD' })).status;
    return { title: document.title, statuses, snippet: document.querySelector('#embed pre').textContent,
             params: [...document.querySelectorAll('#params tbody th code')].map((c) => c.textContent) };
  });
  assert.equal(t.title, 'Firehose Lab for teachers');
  assert.deepEqual(t.statuses, { 'index.html': 200, 'embed.html': 200, 'firehose-lab.html': 200,
                                 'firehose-lab.template.json': 200 });
  assert.match(t.snippet, /<iframe src="[^"]*embed\.html[^"]*"\s+title="[^"]+"/);
  assert.deepEqual(t.params, ['start', 'speed', 'interval', 'size', 'seed', 'rate', 'steps', 'questions', 'reveal',
                              'origins', 'persist', 'embed', 'guide', 'config']);
  await page.screenshot({ path: path.join(RESULTS, 'site-teachers.png'), fullPage: true });
  await assertNoViolations(page, problems);
  await context.close();
});

test('after the first visit the lab opens offline (service worker), also with URL parameters', async () => {
  const server = await serve(SITE, 0, '127.0.0.1', { prefix: '/course/lab/' });
  const { context, page, problems } = await newPage(env.browser);
  try {
    await page.goto(server.url + '?persist=off');
    await page.evaluate(() => window.lab.ready);
    // Installed and activated: every precached file is in the versioned cache.
    const cached = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => /^firehose-lab-[0-9a-f]{16}$/.test(k)));
      return { scope: reg.scope, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    });
    assert.equal(new URL(cached.scope).pathname, '/course/lab/');
    for (const f of ['index.html', 'embed.html', 'firehose_lab.js', 'firehose_lab.wasm', 'lab-api.js', 'guide.css',
                     'lab-config.js', 'firehose-lab.template.json']) {
      assert.ok(cached.urls.includes('/course/lab/' + f), f + ' precached');
    }
    assert.ok(!cached.urls.includes('/course/lab/firehose-lab.html'), 'the single-file build is not precached');

    server.setOffline(true);
    assert.equal(await page.evaluate(() => fetch('/elsewhere.txt').then(() => 'reached', () => 'failed')), 'failed');
    for (const query of ['?persist=off', '?persist=off&speed=10&start=deployed']) {
      await page.goto(server.url + query);
      await page.evaluate(() => window.lab.ready);
      const r = await page.evaluate(async () => ({
        frames: window.lab.stats().framesRendered,
        stacks: (await window.lab.send('CloudFormation', 'ListStacks', {})).StackSummaries.length,
        speed: window.lab.getSpeed(),
        template: (await (await fetch('firehose-lab.template.json')).json()).Resources !== undefined,
      }));
      assert.ok(r.frames >= 1);
      assert.equal(r.template, true);
      if (query.includes('deployed')) assert.deepEqual([r.stacks, r.speed], [1, 10]);
    }
    await page.goto(server.url + 'teachers.html');
    assert.equal(await page.title(), 'Firehose Lab for teachers');
    await assertNoViolations(page, problems);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a .wasm served as application/octet-stream still loads (ArrayBuffer fallback)', async () => {
  const server = await serve(SITE, 0, '127.0.0.1', { types: { '.wasm': 'application/octet-stream' } });
  const { context, page, problems, console } = await newPage(env.browser, { serviceWorkers: 'block' });
  try {
    const wasmType = new Promise((resolve) => page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) resolve(r.headers()['content-type']);
    }));
    await page.goto(server.url + '?persist=off');
    await page.evaluate(() => window.lab.ready);
    assert.equal(await wasmType, 'application/octet-stream');
    assert.ok(console.some((t) => /falling back to ArrayBuffer instantiation/.test(t)), 'the fallback path ran');
    const buckets = await page.evaluate(async () => (await window.lab.send('S3', 'ListBuckets', {})).Buckets.length);
    assert.equal(buckets, 0);
    await assertNoViolations(page, problems);
  } finally {
    await context.close();
    await server.close();
  }
});

test('the single-file build opens from file:// and runs demo data to a flush', async () => {
  const file = path.join(SITE, 'firehose-lab.html');
  assert.ok(fs.existsSync(file), file + ' missing: build fhl_single_html');
  const { context, page, problems } = await newPage(env.browser);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(pathToFileURL(file).href + '?speed=0');
    await page.evaluate(() => window.lab.ready);
    const r = await page.evaluate(async () => {
      const lab = window.lab;
      await lab.send('CloudFormation', 'CreateStack', { StackName: 'firehose-lab', TemplateBody: lab.labTemplate(),
                                                        Capabilities: ['CAPABILITY_NAMED_IAM'] });
      for (let i = 0; i < 60; i++) {
        const { Stacks: [s] } = await lab.send('CloudFormation', 'DescribeStacks', { StackName: 'firehose-lab' });
        if (s.StackStatus === 'CREATE_COMPLETE') break;
        lab.advance(5);
      }
      const { LabStreamName: stream, LabBucketName: bucket } = await lab.send('Lab', 'DescribeLab', {});
      await lab.send('Lab', 'StartDemoData', { DeliveryStreamName: stream, RecordsPerSecond: 10 });
      lab.advance(61);
      const listed = await lab.send('S3', 'ListObjectsV2', { Bucket: bucket });
      const scripts = [...document.scripts].filter((s) => s.src).length;
      return { objects: listed.KeyCount, speed: lab.getSpeed(), scripts,
               templateLink: document.querySelector('a[href^="blob:"]') !== null };
    });
    assert.ok(r.objects >= 1, 'the first object was delivered');
    assert.equal(r.speed, 0);
    assert.equal(r.scripts, 0, 'everything inline');
    assert.equal(r.templateLink, true, 'the template link points at the built-in copy');
    assert.deepEqual(requests.filter((u) => !/^(file|data|blob):/.test(u)), [], 'no network requests');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(RESULTS, 'site-single-file.png') });
    await assertNoViolations(page, problems);
  } finally {
    await context.close();
  }
});

test('the single-file build reads its embedded lab file', async () => {
  const src = fs.readFileSync(path.join(SITE, 'firehose-lab.html'), 'utf8');
  assert.ok(src.includes('<script type="application/json" id="fhl-lab-file">{}</script>'));
  const dir = fs.mkdtempSync(path.join(RESULTS, 'single-'));
  const file = path.join(dir, 'week3.html');
  fs.writeFileSync(file, src.replace('id="fhl-lab-file">{}<', 'id="fhl-lab-file">{"start": "deployed", "interval": 300, "size": 0}<'));
  const { context, page, problems } = await newPage(env.browser);
  try {
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => window.lab.ready);
    await poll(() => page.evaluate(() => !document.getElementById('config-messages').hidden), { what: 'the banner' });
    const r = await page.evaluate(async () => {
      const d = await window.lab.send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: 'ie-tech-mba-stream' });
      return { hints: d.DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints,
               messages: [...document.querySelectorAll('#config-messages li')].map((li) => li.textContent),
               source: window.fhlConfig.source.file };
    });
    assert.deepEqual(r.hints, { IntervalInSeconds: 300, SizeInMBs: 1 });
    assert.equal(r.source, 'embedded');
    assert.deepEqual(r.messages, ['Lab file embedded in this page: size 0: must be a whole number of MB from 1 to 128; using 1.']);
    await assertNoViolations(page, problems);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
