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

// Runs first() once and repeat() REPEATS more times (median), printing both; answers are kept for the check at the
// end. `detail` may be filled in by first() (a load breakdown) and is printed with it.
const answers = {};
function measure(peer, question, first, repeat = first, detail = {}) {
  let t0 = now();
  let result;
  try {
    result = first();
  } catch (e) {
    emit({ peer, question, error: String(e.message || e).split('\n')[0] });
    process.exitCode = 1;
    return;
  }
  const firstMs = now() - t0;
  const times = [];
  const results = [result];
  for (let i = 0; i < REPEATS; ++i) {
    t0 = now();
    results.push(repeat());
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  const repeatMs = times[Math.floor(times.length / 2)];
  const seen = ((answers[question] ||= {})[peer] ||= new Set());
  for (const r of results) seen.add(String(r));
  emit({ peer, question, first_ms: +firstMs.toFixed(1), first_mb_per_s: mbps(firstMs), repeat_ms: +repeatMs.toFixed(1),
         repeat_mb_per_s: mbps(repeatMs), repeat_best_ms: +times[0].toFixed(1), result, ...detail });
}

// [SECTION] DuckDB-wasm (node blocking API, single thread): its own JSON import
// 1.32.0 ships without the json extension (no read_json/read_ndjson; offline it cannot be installed), but the
// bindings' insertJSONFromPath parses JSON into a table. It takes a row array or a column object, not newline-
// delimited JSON, so each object's bytes get a format adaptation first: '[' + lines joined by ',' + ']' (same bytes,
// length + 1). First = wrap + register + parse every object into its own table + query; the table stock_ticks is a
// view adding "$path" to each. Repeat = the query again over the parsed tables.
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const DIST = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const BUNDLES = {
  mvp: { mainModule: path.join(DIST, 'duckdb-mvp.wasm'), mainWorker: path.join(DIST, 'duckdb-node-mvp.worker.cjs') },
  eh: { mainModule: path.join(DIST, 'duckdb-eh.wasm'), mainWorker: path.join(DIST, 'duckdb-node-eh.worker.cjs') },
};
const JSON_COLUMNS = [
  { name: 'ticker_symbol', sqlType: 'utf8' }, { name: 'sector', sqlType: 'utf8' },
  { name: 'change', sqlType: 'float64' }, { name: 'price', sqlType: 'float64' },
];

// Newline-delimited JSON (every record ends with '\n') -> one JSON array over the same bytes.
function ndjsonToRowArray(body) {
  if (body.length === 0 || body[body.length - 1] !== 0x0a) throw new Error('an object does not end with a newline');
  const n = body.length;
  const out = new Uint8Array(n + 1);
  out[0] = 0x5b; // '['
  for (let i = 0; i < n; ++i) {
    const c = body[i];
    out[i + 1] = c === 0x0a ? 0x2c : c; // '\n' -> ','
  }
  out[n] = 0x5d; // the final '\n' -> ']'
  return out;
}

async function openDuck() {
  const t0 = now();
  const db = await duckdb.createDuckDB(BUNDLES, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const instantiateMs = now() - t0;
  const conn = db.connect();
  // Offline, autoloading an extension never returns: turn it off so a missing extension fails instead.
  conn.query('SET autoinstall_known_extensions = false');
  conn.query('SET autoload_known_extensions = false');
  const jsonFunctions = conn.query(`SELECT count(*) AS n FROM duckdb_functions()
    WHERE function_name LIKE 'read_json%' OR function_name LIKE 'read_ndjson%'`).toArray()[0].n;
  return { db, conn, instantiateMs, version: db.getVersion(), jsonFunctions: Number(jsonFunctions) };
}

// Parses every object into table o<i> and defines stock_ticks; fills `detail` with the time of each step.
function loadDuck(d, detail) {
  let t0 = now();
  const arrays = bodies.map(ndjsonToRowArray);
  detail.wrap_ms = +(now() - t0).toFixed(1);
  t0 = now();
  keys.forEach((k, i) => d.db.registerFileBuffer(`${k}.json`, arrays[i]));
  detail.register_ms = +(now() - t0).toFixed(1);
  t0 = now();
  keys.forEach((k, i) => d.conn.insertJSONFromPath(`${k}.json`,
    { name: `o${i}`, shape: duckdb.JSONTableShape.ROW_ARRAY, columnsFlat: JSON_COLUMNS }));
  detail.parse_ms = +(now() - t0).toFixed(1);
  d.conn.query(`CREATE VIEW stock_ticks AS ${keys.map((k, i) =>
    `SELECT ticker_symbol, sector, change, price, 's3://bucket/${k}' AS "$path" FROM o${i}`).join(' UNION ALL ')}`);
}
const duckRows = (conn, sql) => conn.query(sql).toArray().map((r) => Object.values(r.toJSON()).join('='));
const DUCK = {
  A: 'SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1',
  B: 'SELECT ticker_symbol, max_by(price, "$path") - min_by(price, "$path") AS improvement FROM stock_ticks GROUP BY ticker_symbol ORDER BY improvement DESC LIMIT 1',
};

for (const q of ['A', 'B']) {
  // A fresh instance per question, so "first" parses the objects for each question.
  const d = await openDuck();
  emit({ peer: 'duckdb-wasm', version: d.version, question: q, instantiate_ms: +d.instantiateMs.toFixed(0),
         read_json_functions: d.jsonFunctions });
  const detail = {};
  measure('duckdb-wasm insertJSONFromPath', q, () => {
    loadDuck(d, detail);
    const t0 = now();
    const rows = duckRows(d.conn, DUCK[q]);
    detail.query_ms = +(now() - t0).toFixed(1);
    return rows;
  }, () => duckRows(d.conn, DUCK[q]), detail);
  d.db.dropFiles();
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

// [SECTION] every engine, first and repeat, must give the same answer
for (const [question, byPeer] of Object.entries(answers)) {
  const distinct = new Set(Object.values(byPeer).flatMap((set) => [...set]));
  const equal = distinct.size === 1;
  emit({ check: 'answers', question, equal, answer: equal ? [...distinct][0] :
         Object.fromEntries(Object.entries(byPeer).map(([peer, set]) => [peer, [...set]])) });
  if (!equal) process.exitCode = 1;
}
