// athena_page_bench.mjs: the lab's two Athena questions over 1,000,000 stock-ticker records in the real page (headless
// Chromium): does the UI keep >= 30 fps while a query runs, and how long does the query take in the page? Fills a
// bucket with ~70 NDJSON objects of ~1 MB (seeded, generated here) through lab.send('S3','PutObject'), makes the table
// with Athena DDL, then runs each question twice (first run: objects not parsed yet; repeat run) while a rAF loop in
// the page records every frame. Prints one JSON line per figure; exits 1 when an answer is wrong.
// Run: node tests/bench/athena_page_bench.mjs [records]   (default 1000000; FHL_SITE_DIR picks another site;
// ATHENA_BENCH_PERSIST=on|off|both (default both), ATHENA_BENCH_VIEWPORT=WxH (default 1280x800))
import os from 'node:os';
import { SITE, clickWidget, startBrowser } from '../e2e/lab_page.mjs';

const RECORDS = Number(process.argv[2] || 1_000_000);
const OBJECTS = 70;
const SEED = 20261126;
const BUCKET = 'athena-page-bench-data';
const RESULTS_BUCKET = 'athena-page-bench-results';
const DATABASE = 'bench_db';
const TABLE = 'stock_ticks';
// B reads its own table over the same objects, columns in another order: the SerDe cache key includes the columns,
// so B's first run parses every object again (with one table, B would reuse A's parses and never run cold).
const TABLE_B = 'stock_ticks_b';
const QUERY_TIMEOUT_MS = 600000;
const FRAME_BUDGET_MS = 1000 / 30;
const QUESTIONS = {
  A: `SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM ${TABLE} GROUP BY ticker_symbol ` +
     'ORDER BY total_change DESC LIMIT 1',
  B: `SELECT ticker_symbol, max_by(price, "$path") - min_by(price, "$path") AS improvement FROM ${TABLE_B} ` +
     'GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1',
};
const emit = (o) => console.log(JSON.stringify(o));
const load = () => os.loadavg().map((x) => +x.toFixed(2));

// [SECTION] records: the demo generator's model (src/core/demo_producer.cpp: 16 tickers, a random walk in cents with a
// per-ticker drift), driven by a seeded mulberry32 so the data and the answers are the same on every run.
const TICKERS = [
  ['QXZ', 'HEALTHCARE', 8451], ['ASD', 'FINANCIAL', 6822], ['BFH', 'RETAIL', 3910], ['CVB', 'TECHNOLOGY', 12034],
  ['DFG', 'ENERGY', 4592], ['EHY', 'MANUFACTURING', 2745], ['GHJ', 'TECHNOLOGY', 21280], ['HJK', 'HEALTHCARE', 9613],
  ['JKL', 'ENERGY', 1172], ['KFU', 'AUTOMOTIVE', 5860], ['MJN', 'RETAIL', 7305], ['NGC', 'FINANCIAL', 14390],
  ['PLM', 'MEDIA', 2217], ['RFV', 'TECHNOLOGY', 16440], ['TGH', 'AUTOMOTIVE', 3584], ['WSB', 'FINANCIAL', 5126],
];
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Same text as fhl::FormatCents: "-0.05", "84.51", "84.5", "84".
function formatCents(cents) {
  const m = Math.abs(cents);
  let s = (cents < 0 ? '-' : '') + Math.floor(m / 100);
  const rest = m % 100;
  if (rest !== 0) s += '.' + Math.floor(rest / 10) + (rest % 10 !== 0 ? String(rest % 10) : '');
  return s;
}
const pad = (n, w = 2) => String(n).padStart(w, '0');

// Returns {objects: [{key, base64, bytes}], expected: per-ticker figures for the checks, bytes, records}.
function generate() {
  const rand = mulberry32(SEED);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const price = TICKERS.map((t) => t[2]);
  const drift = TICKERS.map((t) => t[2] * (rand() * 0.001 - 0.0004));
  // Per ticker: sum of change in cents (exact), and the prices in its first and last object (in key order).
  const per = TICKERS.map(() => ({ sumCents: 0, first: null, last: null }));
  const objects = [];
  const perObject = Math.ceil(RECORDS / OBJECTS);
  const t0 = Date.UTC(2026, 10, 26, 8, 0, 0);
  let bytes = 0;
  for (let o = 0, left = RECORDS; left > 0; ++o) {
    // Firehose's layout: stocks/yyyy/MM/dd/HH/<stream>-1-yyyy-MM-dd-HH-mm-ss-<uuid>; one object per simulated minute,
    // so key order is generation order.
    const d = new Date(t0 + o * 60000);
    const [Y, M, D, h, m, s] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()),
                                pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
    const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
    const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const key = `stocks/${Y}/${M}/${D}/${h}/firehose-lab-stream-1-${Y}-${M}-${D}-${h}-${m}-${s}-${uuid}`;
    const n = Math.min(perObject, left);
    left -= n;
    const lines = new Array(n);
    for (let r = 0; r < n; ++r) {
      const i = Math.floor(rand() * TICKERS.length);
      const sigma = Math.max(1, price[i] * 0.003);
      let change = Math.round(drift[i] + gauss() * sigma);
      if (price[i] + change < 100) change = 100 - price[i];
      price[i] += change;
      lines[r] = `{"ticker_symbol":"${TICKERS[i][0]}","sector":"${TICKERS[i][1]}","change":${formatCents(change)},` +
                 `"price":${formatCents(price[i])}}`;
      const p = per[i];
      p.sumCents += change;
      if (!p.first) p.first = { object: o, firstCents: price[i], minCents: price[i], maxCents: price[i] };
      if (p.first.object === o) track(p.first, price[i]);
      if (!p.last || p.last.object !== o) p.last = { object: o, firstCents: price[i], minCents: price[i], maxCents: price[i] };
      track(p.last, price[i]);
    }
    const body = Buffer.from(lines.join('\n') + '\n');
    bytes += body.length;
    objects.push({ key, base64: body.toString('base64'), bytes: body.length });
  }
  return { objects, per, bytes };
}
function track(slot, cents) {
  slot.minCents = Math.min(slot.minCents, cents);
  slot.maxCents = Math.max(slot.maxCents, cents);
}

// A: the ticker with the highest sum(change), rounded to 2 decimals (sums in cents are exact).
function expectA(per) {
  let best = -1;
  per.forEach((p, i) => { if (best < 0 || p.sumCents > per[best].sumCents) best = i; });
  return { ticker: TICKERS[best][0], value: per[best].sumCents / 100 };
}
// B: max_by/min_by over "$path" tie within an object (every record of an object has the same $path), so Athena's
// answer may take any record of the ticker's last/first object. `strict`: the lab engine's rule (the first record of
// the object in file order wins a tie); `plausible(ticker, value)`: some choice of records gives that answer.
function expectB(per) {
  const improvement = per.map((p) => (p.last.firstCents - p.first.firstCents) / 100);
  let best = 0;
  improvement.forEach((v, i) => { if (v > improvement[best]) best = i; });
  const lowest = per.map((p) => (p.last.minCents - p.first.maxCents) / 100);
  const highest = per.map((p) => (p.last.maxCents - p.first.minCents) / 100);
  const plausible = (ticker, value) => {
    const i = TICKERS.findIndex((t) => t[0] === ticker);
    if (i < 0 || !(value >= lowest[i] - 1e-9 && value <= highest[i] + 1e-9)) return false;
    return per.every((_, j) => j === i || lowest[j] <= value + 1e-9);  // nobody is certainly better
  };
  return { ticker: TICKERS[best][0], value: improvement[best], plausible };
}

// [SECTION] in the page: frame recording around one query
// Installs a rAF loop, starts `sql`, polls GetQueryExecution after every frame (a task posted from the rAF callback,
// so it runs after the frame's work slice) and stops at a final state. Returns the frame timestamps and timings.
async function pageRunQuery({ sql, database, output, timeoutMs }) {
  const lab = window.lab;
  const stamps = [];
  let id = null, final = null, endMs = null, startCallMs = null, t0 = null;
  const drawCpuMs = [];  // the page's own DrawFrame CPU time after each frame of the query (lab.stats().lastFrameCpuMs)
  let lastDrawn = lab.stats().framesRendered;
  // Autosaves (lab-store.js: a snapshot of the whole lab, on the main thread) that finished during the query.
  const saves = [];
  let lastSave = lab.persistence ? lab.persistence.lastSaved : null;
  let resolveDone;
  const done = new Promise((r) => { resolveDone = r; });
  const channel = new MessageChannel();
  channel.port1.onmessage = async () => {
    if (final || !id) return;
    const s = lab.stats();
    if (s.framesRendered !== lastDrawn) { drawCpuMs.push(s.lastFrameCpuMs); lastDrawn = s.framesRendered; }
    const saved = lab.persistence ? lab.persistence.lastSaved : null;
    if (saved && saved !== lastSave) { saves.push({ ms: saved.ms, snapshot_ms: saved.snapshotMs, bytes: saved.bytes }); }
    lastSave = saved;
    let q;
    try {
      q = (await lab.send('Athena', 'GetQueryExecution', { QueryExecutionId: id })).QueryExecution;
    } catch (e) {
      q = { Status: { State: 'ERROR', StateChangeReason: `${e.name}: ${e.message}` } };
    }
    const now = performance.now();
    if (['SUCCEEDED', 'FAILED', 'CANCELLED', 'ERROR'].includes(q.Status.State)) {
      final = q; endMs = now; resolveDone();
    } else if (now - t0 > timeoutMs) {
      final = q; endMs = now; resolveDone();
    }
  };
  const frame = (t) => {
    stamps.push(t);
    if (final) return;
    channel.port2.postMessage(0);
    requestAnimationFrame(frame);
  };
  // A steady loop first (a few frames), then the query.
  await new Promise((r) => {
    let n = 0;
    const warm = (t) => { stamps.push(t); if (++n === 5) r(); else requestAnimationFrame(warm); };
    requestAnimationFrame(warm);
  });
  requestAnimationFrame(frame);
  const before = lab.stats();
  t0 = performance.now();
  const started = await lab.send('Athena', 'StartQueryExecution', {
    QueryString: sql, QueryExecutionContext: { Database: database }, ResultConfiguration: { OutputLocation: output } });
  startCallMs = performance.now() - t0;
  id = started.QueryExecutionId;
  await done;
  // One more frame, so the frame that shows the answer is in the record too.
  await new Promise((r) => requestAnimationFrame((t) => { stamps.push(t); r(); }));
  const after = lab.stats();
  return { id, t0, endMs, startCallMs, stamps, state: final.Status.State, reason: final.Status.StateChangeReason || null,
           statistics: final.Statistics, statsBefore: before, statsAfter: after,
           drawCpuMs, saves };
}

// rAF timestamps of an idle second (no query), as a baseline for the frame rate headless Chromium gives the page.
async function pageIdleFrames(ms) {
  const stamps = [];
  await new Promise((r) => {
    const t0 = performance.now();
    const frame = (t) => { stamps.push(t); if (t - t0 < ms) requestAnimationFrame(frame); else r(); };
    requestAnimationFrame(frame);
  });
  return stamps;
}

// rAF timestamps while the page redraws every frame (lab.redraw() from a rAF callback) with no query: what drawing
// alone costs, to compare the query's frames with.
async function pageRedrawFrames(ms) {
  const stamps = [];
  const lab = window.lab;
  await new Promise((r) => {
    const t0 = performance.now();
    const frame = (t) => { stamps.push(t); lab.redraw(); if (t - t0 < ms) requestAnimationFrame(frame); else r(); };
    requestAnimationFrame(frame);
  });
  return stamps;
}

// [SECTION] frame figures
const quantile = (sorted, q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
function intervals(stamps) {
  const out = [];
  for (let i = 1; i < stamps.length; ++i) out.push(stamps[i] - stamps[i - 1]);
  return out;
}
function frameFigures(gaps) {
  const sorted = [...gaps].sort((a, b) => a - b);
  const r = (x) => (x === null ? null : +x.toFixed(1));
  return { p50_frame_ms: r(quantile(sorted, 0.5)), p95_frame_ms: r(quantile(sorted, 0.95)),
           max_frame_ms: r(sorted.length ? sorted[sorted.length - 1] : null),
           frames_over_33ms: gaps.filter((g) => g > FRAME_BUDGET_MS).length };
}

// [SECTION] main
const gen0 = performance.now();
const data = generate();
const A = expectA(data.per), B = expectB(data.per);
emit({ benchmark: 'athena/page/data', records: RECORDS, objects: data.objects.length, bytes: data.bytes,
       seed: SEED, generate_ms: +(performance.now() - gen0).toFixed(0), expected_A: { ticker: A.ticker, value: A.value },
       expected_B_first_record_rule: { ticker: B.ticker, value: B.value } });

// Persistence modes: 'on' is the page as shipped (lab-store.js autosaves the lab as it changes, a whole-lab
// snapshot on the main thread); 'off' (?persist=off) isolates the query's own cost. ATHENA_BENCH_PERSIST=on|off|both.
const MODES = (process.env.ATHENA_BENCH_PERSIST || 'both') === 'both' ? ['on', 'off'] : [process.env.ATHENA_BENCH_PERSIST];
// The page's size (SwiftShader rasterises it on the CPU: a smaller one costs less to draw). ATHENA_BENCH_VIEWPORT=WxH.
const [VIEW_W, VIEW_H] = (process.env.ATHENA_BENCH_VIEWPORT || '1280x800').split('x').map(Number);
let wrong = 0;
const env = await startBrowser();
try {
  for (const mode of MODES) await runMode(mode);
} finally {
  await env.close();
}

async function runMode(mode) {
  const tag = `athena/page/persist_${mode}`;
  const context = await env.browser.newContext({ viewport: { width: VIEW_W, height: VIEW_H } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url + '?speed=0&seed=7' + (mode === 'off' ? '&persist=off' : ''));
  emit({ benchmark: `${tag}/setup`, viewport: `${VIEW_W}x${VIEW_H}`, site: SITE, loadavg: load() });
  await page.evaluate(() => window.lab.ready);
  // A clean saved lab: this origin's IndexedDB may hold an earlier run's lab (a fresh context, but be sure).
  const restored = await page.evaluate(() => window.lab.persistence?.restoreStats ?? null);
  if (restored) throw new Error(`the page restored a saved lab (${JSON.stringify(restored)}): expected a fresh one`);
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);

  // Idle baseline: is rAF at ~60 Hz in this headless Chromium?
  const idle = intervals(await page.evaluate(pageIdleFrames, 1000));
  emit({ benchmark: `${tag}/idle_raf_baseline`, frames: idle.length,
         fps: +(1000 * idle.length / idle.reduce((a, b) => a + b, 0)).toFixed(1), ...frameFigures(idle), loadavg: load() });

  // Fill the bucket through S3 PutObject, one ~1 MB object per call.
  await send('S3', 'CreateBucket', { Bucket: BUCKET });
  await send('S3', 'CreateBucket', { Bucket: RESULTS_BUCKET });
  const fill0 = performance.now();
  for (const o of data.objects) await send('S3', 'PutObject', { Bucket: BUCKET, Key: o.key, Body: o.base64 });
  const fillMs = performance.now() - fill0;
  const listed = [];
  for (let token; ;) {
    const r = await send('S3', 'ListObjectsV2', { Bucket: BUCKET, Prefix: 'stocks/', ...(token ? { ContinuationToken: token } : {}) });
    listed.push(...(r.Contents || []));
    if (!r.IsTruncated) break;
    token = r.NextContinuationToken;
  }
  emit({ benchmark: `${tag}/fill_via_PutObject_ms`, value: +fillMs.toFixed(0), objects: listed.length,
         mb: +(listed.reduce((n, o) => n + o.Size, 0) / 1e6).toFixed(1) });
  if (listed.length !== data.objects.length) throw new Error(`listed ${listed.length} objects, put ${data.objects.length}`);
  // The database and table, with Athena DDL (as tests/bench/athena_workload.h).
  const output = `s3://${RESULTS_BUCKET}/athena-results/`;
  const ddl = async (sql) => {
    const r = await page.evaluate(pageRunQuery, { sql, database: DATABASE, output, timeoutMs: 60000 });
    if (r.state !== 'SUCCEEDED') throw new Error(`${sql}: ${r.state} ${r.reason}`);
  };
  await ddl(`CREATE DATABASE ${DATABASE}`);
  await ddl(`CREATE EXTERNAL TABLE \`${TABLE}\` (\`ticker_symbol\` string, \`sector\` string, \`change\` double, ` +
            `\`price\` double) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/stocks/'`);
  await ddl(`CREATE EXTERNAL TABLE \`${TABLE_B}\` (\`price\` double, \`change\` double, \`sector\` string, ` +
            `\`ticker_symbol\` string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://${BUCKET}/stocks/'`);

  // The student's view while a query runs: the Athena console (the first visit shows its settings).
  await clickWidget(page, 'Nav/Athena');
  const view = await page.evaluate(() => Object.keys(window.lab.ui.widgets()).filter((n) => n.startsWith('Athena/')).slice(0, 6));
  const redraw = intervals(await page.evaluate(pageRedrawFrames, 2000));
  emit({ benchmark: `${tag}/redraw_every_frame_baseline`, view, frames: redraw.length,
         fps: +(1000 * redraw.length / redraw.reduce((a, b) => a + b, 0)).toFixed(1), ...frameFigures(redraw),
         loadavg: load() });

  for (const [name, sql] of Object.entries(QUESTIONS)) {
    for (const run of ['first', 'repeat']) {
      const r = await page.evaluate(pageRunQuery, { sql, database: DATABASE, output, timeoutMs: QUERY_TIMEOUT_MS });
      // Frames of the query: from the last frame before the start to the first frame after SUCCEEDED was seen.
      const startIdx = Math.max(0, r.stamps.findIndex((t) => t > r.t0) - 1);
      let endIdx = r.stamps.findIndex((t) => t >= r.endMs);
      if (endIdx < 0) endIdx = r.stamps.length - 1;
      const during = r.stamps.slice(startIdx, endIdx + 1);
      const gaps = intervals(during);
      const wallMs = r.endMs - r.t0;
      const framesInQuery = r.stamps.filter((t) => t > r.t0 && t <= r.endMs).length;
      const fps = framesInQuery / (wallMs / 1000);

      let answer = null, correct = false;
      if (r.state === 'SUCCEEDED') {
        const res = await send('Athena', 'GetQueryResults', { QueryExecutionId: r.id });
        const row = res.ResultSet.Rows[1]?.Data.map((d) => d.VarCharValue) ?? [];
        answer = { ticker: row[0], value: Number(row[1]), text: row[1] };
        if (name === 'A') {
          correct = answer.ticker === A.ticker && Math.round(answer.value * 100) === Math.round(A.value * 100);
        } else {
          const strict = answer.ticker === B.ticker && Math.abs(answer.value - B.value) < 0.005;
          correct = strict || B.plausible(answer.ticker, answer.value);
          answer.matches_first_record_rule = strict;
        }
      }
      if (!correct) ++wrong;
      emit({
        benchmark: `${tag}/${name}_${run}`, state: r.state, reason: r.reason ?? undefined,
        wall_ms: +wallMs.toFixed(0), start_call_ms: +r.startCallMs.toFixed(1),
        frames: framesInQuery, fps: +fps.toFixed(1), ...frameFigures(gaps), fps_target: 30, fps_ok: fps >= 30,
        engine_execution_ms: r.statistics?.EngineExecutionTimeInMillis, planning_ms: r.statistics?.QueryPlanningTimeInMillis,
        data_scanned_bytes: r.statistics?.DataScannedInBytes, scanned_ok: r.statistics?.DataScannedInBytes === data.bytes,
        max_frame_cpu_ms_before: +r.statsBefore.maxFrameCpuMs.toFixed(1),
        max_frame_cpu_ms_after: +r.statsAfter.maxFrameCpuMs.toFixed(1),
        frames_rendered: r.statsAfter.framesRendered - r.statsBefore.framesRendered,
        draw_cpu_ms_p50: r.drawCpuMs.length ? +quantile([...r.drawCpuMs].sort((a, b) => a - b), 0.5).toFixed(1) : null,
        draw_cpu_ms_max: r.drawCpuMs.length ? +Math.max(...r.drawCpuMs).toFixed(1) : null,
        mean_slice_ms: r.statistics && framesInQuery ? +(r.statistics.EngineExecutionTimeInMillis / framesInQuery).toFixed(1) : null,
        autosaves: r.saves, answer, correct, loadavg: load(),
      });
    }
  }
  if (pageErrors.length) { emit({ benchmark: `${tag}/errors`, pageErrors }); ++wrong; }
  await context.close();
}
emit({ benchmark: 'athena/page/summary', wrong_answers: wrong, loadavg: load(), cpus: os.cpus().length });
process.exit(wrong ? 1 : 0);
