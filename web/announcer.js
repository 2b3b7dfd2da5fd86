// announcer.js: what happens in the console, as page text for screen readers: Firehose deliveries, CloudFormation stack
// status changes and failures, Athena query results, in two live regions (#live-status polite, #live-alert assertive,
// created here when the page has none). Reads the lab's real state through lab.send (Lab ListDeliveries,
// CloudFormation ListStacks/DescribeStackEvents, Athena ListWorkGroups/ListQueryExecutions/BatchGetQueryExecution/
// GetQueryResults), only after lab.generation() changed (or while a query runs), and coalesces what arrives within a
// short window ("3 objects delivered to bucket …") so screen readers are not flooded. Loaded after lab-api.js.
'use strict';
(() => {
  const POLL_MS = 500;      // how often the lab's generation is compared (cheap: one wasm call)
  const FLUSH_MS = 2000;    // polite announcements: at most one batch per 2 s
  const KEEP = 6;           // messages kept in each region
  const lab = window.lab;
  if (!lab) return;

  // [SECTION] live regions
  function region(id, role, live) {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement('div');
      el.id = id;
      el.className = 'visually-hidden';
      el.setAttribute('role', role);
      el.setAttribute('aria-live', live);
      (document.getElementById('console') || document.body).appendChild(el);
    }
    return el;
  }
  const polite = region('live-status', 'status', 'polite');
  const assertive = region('live-alert', 'alert', 'assertive');
  const log = [];           // {at: Date.now(), text, urgent} of everything announced, for tests and debugging

  function say(el, text, urgent) {
    const p = document.createElement('p');
    p.textContent = text;
    el.appendChild(p);
    while (el.childElementCount > KEEP) el.firstElementChild.remove();
    log.push({ at: Date.now(), text, urgent });
    if (log.length > 200) log.splice(0, log.length - 200);
  }

  // [SECTION] coalescing: deliveries per bucket become one sentence; other messages keep their order.
  let pending = [];         // {kind: 'delivery', bucket, key, bytes, records} | {kind: 'text', text}
  let lastFlush = 0, flushTimer = null;
  function queue(item) {
    pending.push(item);
    const wait = Math.max(0, lastFlush + FLUSH_MS - Date.now());
    if (!flushTimer) flushTimer = setTimeout(flush, wait);
  }
  function alertNow(text) { say(assertive, text, true); }

  function sizeText(b) {
    if (b >= 1048576) return (b / 1048576).toFixed(1) + ' MB';
    if (b >= 1024) return (b / 1024).toFixed(1) + ' KB';
    return b + ' bytes';
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  // stocks/2026/01/01/00/ie-tech-mba-stream-1-2026-01-01-00-00-00-<uuid> -> stocks/2026/01/01/00/ie-tech-mba-stream-1-…
  function shortKey(key) {
    const slash = key.lastIndexOf('/');
    const name = key.slice(slash + 1);
    const m = /^(.*?-\d+-)\d{4}-\d{2}-\d{2}-/.exec(name);
    return m ? key.slice(0, slash + 1) + m[1] + '…' : key;
  }

  function flush() {
    flushTimer = null;
    lastFlush = Date.now();
    const items = pending;
    pending = [];
    const parts = [];
    const byBucket = new Map();
    for (const it of items) {
      if (it.kind !== 'delivery') { parts.push(it.text); continue; }
      if (!byBucket.has(it.bucket)) {
        byBucket.set(it.bucket, []);
        parts.push(byBucket.get(it.bucket));  // the sentence goes where the bucket's first delivery was
      }
      byBucket.get(it.bucket).push(it);
    }
    const text = parts.map((p) => {
      if (typeof p === 'string') return p;
      if (p.length === 1) {
        const d = p[0];
        return 'Firehose delivered ' + shortKey(d.key) + ' (' + sizeText(d.bytes) + ', ' + plural(d.records, 'record', 'records') +
               ') to bucket ' + d.bucket + '.';
      }
      const bytes = p.reduce((a, d) => a + d.bytes, 0), records = p.reduce((a, d) => a + d.records, 0);
      return p.length + ' objects delivered to bucket ' + p[0].bucket + ' (' + sizeText(bytes) + ', ' +
             plural(records, 'record', 'records') + ').';
    }).join(' ');
    if (text) say(polite, text, false);
  }

  // [SECTION] reading the lab
  const send = (service, action, request) => lab.send(service, action, request || {});
  let baseline = true;      // the first look only records what exists (a restored lab announces nothing old)
  const streams = new Map();     // stream name -> {since: epoch s, seen: Set of keys delivered at `since`}
  const stacks = new Map();      // stack id -> {status, events: Set of event ids (only while watched)}
  const queries = new Map();     // query execution id -> final state, or null while running
  let queriesRunning = false;

  async function pollDeliveries() {
    const { DeliveryStreamNames: names = [] } = await send('Firehose', 'ListDeliveryStreams', { Limit: 10000 });
    for (const name of names) {
      let s = streams.get(name);
      if (!s) { s = { since: undefined, seen: new Set() }; streams.set(name, s); }
      const req = { DeliveryStreamName: name };
      if (s.since !== undefined) req.StartTime = s.since;
      let r;
      try { r = await send('Lab', 'ListDeliveries', req); } catch (e) { continue; }  // deleted meanwhile
      for (const d of r.Deliveries || []) {
        if (s.since !== undefined && d.Time === s.since && s.seen.has(d.Key)) continue;
        if (s.since === undefined || d.Time > s.since) { s.since = d.Time; s.seen = new Set(); }
        s.seen.add(d.Key);
        if (baseline) continue;
        if (d.Success) queue({ kind: 'delivery', bucket: d.Bucket, key: d.Key, bytes: d.Bytes, records: d.Records });
        else alertNow('Firehose could not deliver to bucket ' + d.Bucket + ': ' + (d.ErrorMessage || 'delivery failed') + '.');
      }
      if (s.since === undefined) s.since = 0;
    }
  }

  const FAILED = /FAILED$|^ROLLBACK|_ROLLBACK_/;
  async function pollStacks() {
    const { StackSummaries: list = [] } = await send('CloudFormation', 'ListStacks', {});
    for (const st of list) {
      const known = stacks.get(st.StackId);
      const changed = !known || known.status !== st.StackStatus;
      const watch = changed || st.StackStatus.endsWith('_IN_PROGRESS');
      const entry = known || { status: null, events: null };
      if (watch && st.StackStatus !== 'DELETE_COMPLETE') {
        let events = [];
        try { events = (await send('CloudFormation', 'DescribeStackEvents', { StackName: st.StackId })).StackEvents || []; } catch (e) { /* gone */ }
        const first = entry.events === null;
        if (first) entry.events = new Set();
        for (const ev of events.slice().reverse()) {   // oldest first
          if (entry.events.has(ev.EventId)) continue;
          entry.events.add(ev.EventId);
          if (baseline || first && !changed) continue;
          const isStack = ev.LogicalResourceId === st.StackName && ev.ResourceType === 'AWS::CloudFormation::Stack';
          if (!isStack && /FAILED$/.test(ev.ResourceStatus || '')) {
            alertNow('Stack ' + st.StackName + ': ' + ev.LogicalResourceId + ' ' + ev.ResourceStatus +
                     (ev.ResourceStatusReason ? ': ' + ev.ResourceStatusReason : '') + '.');
          }
        }
      }
      if (changed && !baseline) {
        const text = 'Stack ' + st.StackName + ' is ' + st.StackStatus +
                     (st.StackStatusReason && FAILED.test(st.StackStatus) ? ': ' + st.StackStatusReason : '') + '.';
        if (FAILED.test(st.StackStatus)) alertNow(text); else queue({ kind: 'text', text });
      }
      entry.status = st.StackStatus;
      stacks.set(st.StackId, entry);
    }
  }

  async function pollQueries() {
    const { WorkGroups: groups = [] } = await send('Athena', 'ListWorkGroups', {});
    const ids = [];
    for (const g of groups) {
      try {
        const r = await send('Athena', 'ListQueryExecutions', { WorkGroup: g.Name, MaxResults: 20 });
        for (const id of r.QueryExecutionIds || []) if (!queries.has(id) || queries.get(id) === null) ids.push(id);
      } catch (e) { /* a disabled work group */ }
    }
    queriesRunning = false;
    if (!ids.length) return;
    const { QueryExecutions: list = [] } = await send('Athena', 'BatchGetQueryExecution', { QueryExecutionIds: ids.slice(0, 50) });
    for (const q of list) {
      const state = q.Status && q.Status.State;
      const final = state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
      queries.set(q.QueryExecutionId, final ? state : null);  // only unknown or running ones were asked for
      if (!final) { queriesRunning = true; continue; }
      if (baseline) continue;
      if (state === 'FAILED') {
        alertNow('Athena query failed: ' + ((q.Status && q.Status.StateChangeReason) || 'unknown error') + '.');
      } else if (state === 'CANCELLED') {
        queue({ kind: 'text', text: 'Athena query cancelled.' });
      } else {
        let rows = null, more = false;
        try {
          const r = await send('Athena', 'GetQueryResults', { QueryExecutionId: q.QueryExecutionId, MaxResults: 1000 });
          rows = (r.ResultSet.Rows || []).length - (q.StatementType === 'DML' ? 1 : 0);
          more = !!r.NextToken;
        } catch (e) { /* results unavailable */ }
        const scanned = q.Statistics && typeof q.Statistics.DataScannedInBytes === 'number'
          ? ', ' + sizeText(q.Statistics.DataScannedInBytes) + ' scanned' : '';
        queue({ kind: 'text', text: rows === null ? 'Athena query succeeded' + scanned + '.'
          : 'Athena query succeeded with ' + (more ? 'more than ' + rows + ' rows' : plural(Math.max(rows, 0), 'row', 'rows')) + scanned + '.' });
      }
    }
  }

  let seenGeneration = -1, busy = false;
  async function poll(force) {
    if (busy) return;
    const gen = lab.generation();
    if (!force && gen === seenGeneration && !queriesRunning) return;
    busy = true;
    seenGeneration = gen;
    try {
      await pollStacks();
      await pollDeliveries();
      await pollQueries();
      baseline = false;
    } catch (e) {
      console.warn('announcer:', e);
    } finally {
      busy = false;
    }
  }

  window.FirehoseLabAnnouncer = {
    log,
    poll: () => poll(true),                       // look now (tests)
    flush: () => { if (flushTimer) { clearTimeout(flushTimer); flush(); } },  // say what is queued now
  };

  lab.loaded.then(() => {
    poll(true);
    setInterval(() => { if (!document.hidden) poll(false); }, POLL_MS);
  }, () => {});
})();
