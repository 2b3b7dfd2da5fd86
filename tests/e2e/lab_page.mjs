// lab_page.mjs: shared set-up for the end-to-end tests: serve build/wasm/site, launch Debian's headless Chromium
// (WebGL2 through SwiftShader) with playwright-core, open the lab, and click named ImGui widgets.
// Test files only; depends on playwright-core and serve.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = process.env.FHL_SITE_DIR || path.join(ROOT, 'build/wasm/site');
export const RESULTS = path.join(ROOT, 'test-results');
// See /work/shared/reference/toolchain.md: SwiftShader gives headless Chromium WebGL2 without a GPU.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts the static server and the browser; returns {server, browser, close()}. serveOptions: serve.mjs's options
// (prefix, types).
export async function startBrowser(serveOptions = {}) {
  assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `${SITE}/index.html missing: build the wasm preset first`);
  const server = await serve(SITE, 0, '127.0.0.1', serveOptions);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  fs.mkdirSync(RESULTS, { recursive: true });
  return { server, browser, async close() { await browser.close(); await server.close(); } };
}

// Opens the page and waits for its first frame; collects page errors.
export async function openLab(env, { query = '', deviceScaleFactor = 1, viewport = { width: 1280, height: 800 } } = {}) {
  const context = await env.browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url + query);
  await page.evaluate(() => window.lab.ready);
  return { context, page, pageErrors };
}

// Polls an async predicate in node until it returns a truthy value (or throws on timeout); returns that value.
export async function poll(predicate, { timeoutMs = 15000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// Waits until the widget `name` was drawn (lab.ui.rect), then clicks its centre with the real mouse.
// ImGui sees one click per frame, so clicks are spaced by the caller's waits for their effects.
export async function clickWidget(page, name, { timeoutMs = 15000 } = {}) {
  const handle = await page.waitForFunction((n) => {
    window.lab.redraw();
    return window.lab.ui.rect(n);
  }, name, { timeout: timeoutMs, polling: 100 });
  const r = await handle.jsonValue();
  const canvas = await page.locator('canvas').boundingBox();
  await page.mouse.move(canvas.x + r.x + r.width / 2, canvas.y + r.y + r.height / 2);
  await sleep(100);
  await page.mouse.down();
  await sleep(60);
  await page.mouse.up();
  await sleep(400);
}

// Waits until a widget whose name matches `re` is drawn; returns the names that match.
export async function waitForWidgets(page, re, { timeoutMs = 15000 } = {}) {
  const handle = await page.waitForFunction((source) => {
    window.lab.redraw();
    const names = Object.keys(window.lab.ui.widgets()).filter((n) => new RegExp(source).test(n));
    return names.length ? names : null;
  }, re.source, { timeout: timeoutMs, polling: 200 });
  return handle.jsonValue();
}

// Deploys the lab's CloudFormation template (the copy the site serves) through lab.send, advancing simulated time
// until the stack is CREATE_COMPLETE, and returns its outputs as {OutputKey: OutputValue}. For tests whose subject
// comes after deployment; the deployment by clicking is tested in course_flow.test.mjs.
export async function deployLabStack(page, { stackName = 'firehose-lab', parameters = [] } = {}) {
  return page.evaluate(async ([name, params]) => {
    const body = await (await fetch('firehose-lab.template.json')).text();
    await window.lab.send('CloudFormation', 'CreateStack', {
      StackName: name, TemplateBody: body, Parameters: params, Capabilities: ['CAPABILITY_NAMED_IAM'] });
    for (let i = 0; i < 60; i++) {
      const { Stacks: [stack] } = await window.lab.send('CloudFormation', 'DescribeStacks', { StackName: name });
      if (stack.StackStatus === 'CREATE_COMPLETE') {
        return Object.fromEntries((stack.Outputs || []).map((o) => [o.OutputKey, o.OutputValue]));
      }
      if (!stack.StackStatus.endsWith('_IN_PROGRESS')) {
        throw new Error(`${name}: ${stack.StackStatus} ${stack.StackStatusReason || ''}`);
      }
      window.lab.advance(5);
    }
    throw new Error(`${name} did not complete in 300 simulated seconds`);
  }, [stackName, parameters]);
}
