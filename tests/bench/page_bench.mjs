// page_bench.mjs: the page's weight and start-up time. Bytes of everything the page loads (html, js, wasm) raw and
// brotli-compressed (quality 11, as a static host would pre-compress), and time from navigation to the first drawn
// frame in Debian's headless Chromium (median of N fresh loads). Prints one JSON line per figure.
// Run: node tests/bench/page_bench.mjs [runs]   (after `cmake --build --preset wasm`)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SITE, openLab, startBrowser } from '../e2e/lab_page.mjs';

const runs = Number(process.argv[2] || 7);
const KiB = 1024;

// Everything index.html loads: itself, every local script and stylesheet it links (read from the html, so a new
// file is counted), and the module lab-api.js fetches (firehose_lab.js, firehose_lab.wasm).
const html = fs.readFileSync(path.join(SITE, 'index.html'), 'utf8');
const loaded = new Set(['index.html']);
for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"#:?]+)"/g)) {
  if (/\.(js|css)$/.test(m[1])) loaded.add(m[1]);
}
loaded.add('firehose_lab.js').add('firehose_lab.wasm');
let raw = 0, brotli = 0;
for (const name of loaded) {
  const bytes = fs.readFileSync(path.join(SITE, name));
  const compressed = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  raw += bytes.length; brotli += compressed.length;
  console.log(JSON.stringify({ benchmark: `page/bytes/${name}`, raw_kib: +(bytes.length / KiB).toFixed(1),
                               brotli_kib: +(compressed.length / KiB).toFixed(1) }));
}
console.log(JSON.stringify({ benchmark: 'page/bytes/total', raw_kib: +(raw / KiB).toFixed(1),
                             brotli_kib: +(brotli / KiB).toFixed(1), raw_target_kib: 1.3 * 1024, brotli_target_kib: 512 }));

const env = await startBrowser();
try {
  const firstFrame = [], loaded = [];
  for (let i = 0; i < runs; ++i) {
    const { context, page } = await openLab(env);
    await page.waitForFunction(() => window.lab.stats().firstFrameMs !== null);
    const s = await page.evaluate(() => window.lab.stats());
    firstFrame.push(s.firstFrameMs); loaded.push(s.loadedMs);
    await context.close();
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(JSON.stringify({ benchmark: 'page/navigation_to_first_frame_ms', runs, median: +median(firstFrame).toFixed(0),
                               min: +Math.min(...firstFrame).toFixed(0), max: +Math.max(...firstFrame).toFixed(0),
                               module_ready_median: +median(loaded).toFixed(0), target: 1000 }));
} finally {
  await env.close();
}
