// athena_peers.mjs: the Athena benchmark's peers (issue 3): the lab's two questions over the same S3 objects as
// fhl_athena_bench, answered by DuckDB-wasm and by sql.js under node, first and repeat runs; one JSON line each.
// The objects come from `fhl_athena_bench --export=build/bench-data` (same bytes: the FNV-1a hash must match).
// Run: node tests/bench/athena_peers.mjs [build/bench-data] [repeats]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DATA = process.argv[2] || 'build/bench-data';
const REPEATS = Number(process.argv[3] || 3);
const now = () => performance.now();
const emit = (o) => console.log(JSON.stringify(o));

// [SECTION] the objects
function listFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, name));
    else out.push(name);
  }
  return out;
}
// Keys in S3's order (UTF-8 binary), as the C++ workload hashes them.
const keys = listFiles(DATA, 'stocks').sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
const bodies = keys.map((k) => fs.readFileSync(path.join(DATA, k)));
const totalBytes = bodies.reduce((n, b) => n + b.length, 0);
const mbps = (ms) => +((totalBytes / 1e6) / (ms / 1e3)).toFixed(1);

// FNV-1a 64 over every key and body in key order, in 32-bit halves (same as AthenaWorkload::content_hash).
function fnv1a(chunks) {
  let hi = 0xcbf29ce4, lo = 0x84222325;
  for (const c of chunks) {
    for (let i = 0; i < c.length; ++i) {
      lo = (lo ^ c[i]) >>> 0;
      const p = lo * 0x1b3;
      const plo = p % 4294967296;
      hi = (Math.imul(hi, 0x1b3) + (lo << 8) + Math.floor(p / 4294967296)) >>> 0;
      lo = plo;
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
const chunks = [];
keys.forEach((k, i) => { chunks.push(Buffer.from(k)); chunks.push(bodies[i]); });
let records = 0;
for (const b of bodies) for (let i = 0; i < b.length; ++i) if (b[i] === 10) ++records;
emit({ data: DATA, objects: keys.length, bytes: totalBytes, records, hash: fnv1a(chunks) });

// Runs fn once ("first") and REPEATS more times ("repeat": median), printing both.
function measure(peer, question, fn, extra = {}) {
  let t0 = now();
  let result;
  try {
    result = fn();
  } catch (e) {
    emit({ peer, question, error: String(e.message || e).split('\n')[0] });
    return;
  }
  const first = now() - t0;
  const times = [];
  for (let i = 0; i < REPEATS; ++i) {
    t0 = now();
    fn();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  const repeat = times[Math.floor(times.length / 2)];
  emit({ peer, question, first_ms: +first.toFixed(1), first_mb_per_s: mbps(first), repeat_ms: +repeat.toFixed(1),
         repeat_mb_per_s: mbps(repeat), repeat_best_ms: +times[0].toFixed(1), result, ...extra });
}

// [SECTION] DuckDB-wasm (node blocking API, single thread)
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const DIST = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const BUNDLES = {
  mvp: { mainModule: path.join(DIST, 'duckdb-mvp.wasm'), mainWorker: path.join(DIST, 'duckdb-node-mvp.worker.cjs') },
  eh: { mainModule: path.join(DIST, 'duckdb-eh.wasm'), mainWorker: path.join(DIST, 'duckdb-node-eh.worker.cjs') },
};

async function openDuck() {
  const t0 = now();
  const db = await duckdb.createDuckDB(BUNDLES, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const instantiateMs = now() - t0;
  const conn = db.connect();
  // Offline, autoloading an extension (json) never returns: turn it off so a missing extension fails instead.
  conn.query('SET autoinstall_known_extensions = false');
  conn.query('SET autoload_known_extensions = false');
  const t1 = now();
  keys.forEach((k, i) => db.registerFileBuffer(k, new Uint8Array(bodies[i])));
  return { db, conn, instantiateMs, registerMs: now() - t1, version: db.getVersion() };
}
const duckRows = (conn, sql) => conn.query(sql).toArray().map((r) => Object.values(r.toJSON()).join('='));

const GLOB = 'stocks/*/*/*/*/*';
const JSON_COLUMNS = "columns={ticker_symbol: 'VARCHAR', sector: 'VARCHAR', change: 'DOUBLE', price: 'DOUBLE'}";
const DUCK_JSON = {
  A: `SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM read_json('${GLOB}', format='newline_delimited', ${JSON_COLUMNS}) GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1`,
  B: `SELECT ticker_symbol, max_by(price, filename) - min_by(price, filename) AS improvement FROM read_json('${GLOB}', format='newline_delimited', filename=true, ${JSON_COLUMNS}) GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1`,
};
// Without the json extension: every line read as one VARCHAR by the CSV reader, fields cut out with regexp_extract.
const LINES = `read_csv('${GLOB}', columns={'line': 'VARCHAR'}, header=false, delim='\\t', quote='', escape='', filename=true, auto_detect=false)`;
const FIELDS = `SELECT filename, regexp_extract(line, '"ticker_symbol":"([^"]*)"', 1) AS ticker_symbol,
  CAST(regexp_extract(line, '"change":([-+0-9.eE]+)', 1) AS DOUBLE) AS change,
  CAST(regexp_extract(line, '"price":([-+0-9.eE]+)', 1) AS DOUBLE) AS price FROM ${LINES}`;
const DUCK_TEXT = {
  A: `SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM (${FIELDS}) GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1`,
  B: `SELECT ticker_symbol, max_by(price, filename) - min_by(price, filename) AS improvement FROM (${FIELDS}) GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1`,
};

for (const q of ['A', 'B']) {
  // A fresh instance per question, so "first" is a first query for DuckDB too.
  const d = await openDuck();
  emit({ peer: 'duckdb-wasm', version: d.version, question: q, instantiate_ms: +d.instantiateMs.toFixed(0),
         register_ms: +d.registerMs.toFixed(1) });
  measure('duckdb-wasm read_json', q, () => duckRows(d.conn, DUCK_JSON[q]));
  measure('duckdb-wasm read_csv+regexp_extract', q, () => duckRows(d.conn, DUCK_TEXT[q]));
  d.conn.close();
  // The blocking API has no terminate(): the instance is left to the garbage collector.
}

// [SECTION] sql.js: lines loaded into a one-column table (path, line); json_extract at query time, and a variant
// over a typed table materialised once with json_extract.
const initSqlJs = require('sql.js');
const SQL = await initSqlJs();
const sq = new SQL.Database();
const sqRows = (sql) => sq.exec(sql)[0].values.map((r) => r.join('='));
let t0 = now();
sq.run('CREATE TABLE raw (path TEXT, line TEXT)');
sq.run('BEGIN');
const insert = sq.prepare('INSERT INTO raw VALUES (?, ?)');
keys.forEach((k, i) => {
  const p = `s3://bucket/${k}`;
  for (const line of bodies[i].toString('utf8').split('\n')) if (line) insert.run([p, line]);
});
insert.free();
sq.run('COMMIT');
const loadMs = now() - t0;
t0 = now();
sq.run(`CREATE TABLE ticks AS SELECT path, json_extract(line, '$.ticker_symbol') AS ticker_symbol,
        json_extract(line, '$.sector') AS sector, json_extract(line, '$.change') AS change,
        json_extract(line, '$.price') AS price FROM raw`);
const materializeMs = now() - t0;
emit({ peer: 'sql.js', version: sqRows('SELECT sqlite_version()')[0], load_lines_ms: +loadMs.toFixed(0),
       materialize_ms: +materializeMs.toFixed(0), rows: sqRows('SELECT count(*) FROM raw')[0] });
// max_by/min_by do not exist in SQLite: its bare-column rule (the row holding max(path)) stands in for them.
const sqlB = (src) => `WITH t AS MATERIALIZED (${src}),
  l AS (SELECT ticker_symbol, price, max(path) FROM t GROUP BY ticker_symbol),
  f AS (SELECT ticker_symbol, price, min(path) FROM t GROUP BY ticker_symbol)
  SELECT l.ticker_symbol, l.price - f.price AS improvement FROM l JOIN f USING (ticker_symbol)
  ORDER BY improvement DESC LIMIT 1`;
const SQ_JSON = {
  A: `SELECT json_extract(line, '$.ticker_symbol') AS ticker_symbol, round(sum(json_extract(line, '$.change')), 2) AS total_change FROM raw GROUP BY 1 ORDER BY total_change DESC LIMIT 1`,
  B: sqlB(`SELECT path, json_extract(line, '$.ticker_symbol') AS ticker_symbol, json_extract(line, '$.price') AS price FROM raw`),
};
const SQ_TYPED = {
  A: 'SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM ticks GROUP BY 1 ORDER BY total_change DESC LIMIT 1',
  B: sqlB('SELECT path, ticker_symbol, price FROM ticks'),
};
for (const q of ['A', 'B']) {
  measure('sql.js json_extract', q, () => sqRows(SQ_JSON[q]));
  measure('sql.js typed table', q, () => sqRows(SQ_TYPED[q]));
}
sq.close();
