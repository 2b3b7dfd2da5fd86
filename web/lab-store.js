// lab-store.js: saves the whole lab in the browser (IndexedDB) as it changes and restores it on reload, plus reset,
// export to a file and import (window.lab.persistence). No dependencies; loaded before lab-api.js, which calls
// FirehoseLabStore.begin() at once, restoreInto(Module) from main() before the first frame, and attach(lab, M).
// The wasm side: _fhl_snapshot_save/_data/_free/_restore, _fhl_generation and _fhl_work_pending
// (src/platform/web/exports.cpp).
'use strict';
(() => {
  const DB_NAME = 'firehose-lab';
  const STORE = 'lab';
  const CURRENT = 'current';         // {key, bytes, savedAt, generation}: which snapshot record is the lab
  const OPEN_TIMEOUT_MS = 3000;      // IndexedDB may never answer (some private modes): continue without it
  const MIN_SAVE_GAP_MS = 2000;      // at most one save every 2 s while the lab changes...
  const SAVE_GAP_FACTOR = 10;        // ...and at least 10x the last save's duration apart (a 100 MB lab)
  const WATCH_MS = 500;
  const KEEP_DAMAGED = 3;            // damaged snapshots kept aside (oldest deleted beyond this)

  const hhmmss = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
  const errorText = (e) => (e && (e.message || e.name)) || String(e);

  function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
      promise,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(what)), ms); }),
    ]).finally(() => clearTimeout(timer));
  }

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function done(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('The storage transaction was aborted.'));
    });
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('IndexedDB is not available');
      const r = indexedDB.open(DB_NAME, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('the saved lab is locked by another tab'));
    });
  }

  function quotaText(e) {
    return e && e.name === 'QuotaExceededError'
      ? 'The browser has no room left to save the lab (storage quota)'
      : 'The lab could not be saved (' + errorText(e) + ')';
  }

  // [SECTION] begin: starts reading the saved snapshot at once (in parallel with the module's download).
  function begin() {
    const off = new URLSearchParams(location.search).get('persist') === 'off';
    const state = {
      db: null,
      pending: null,          // {bytes: Uint8Array, key} read at start-up, restored by restoreInto
      lastSaved: null,        // {at: ISO time, bytes, ms, generation}
      lastMessage: null,
      messageKind: null,      // the kind of event that set lastMessage
      savedGeneration: -1,
      lastSaveMs: 0,
      lastSaveAt: 0,
      saving: null,           // the save in flight
      disabled: off,          // no saving at all (reset in progress, ?persist=off)
      unavailable: null,      // why IndexedDB cannot be used (null: it can)
      M: null,
    };

    // Every change of the persistence state is a 'lab-persistence' event (detail: kind, message, lastSaved). A message
    // stays in lastMessage until something replaces it; a successful save only clears a failed save's message.
    function announce(message, kind) {
      if (message || kind === 'reset' || state.messageKind === 'save-failed') {
        state.lastMessage = message;
        state.messageKind = message ? kind : null;
      }
      if (message) console.warn('firehose-lab:', message);
      try {
        window.dispatchEvent(new CustomEvent('lab-persistence', { detail: { kind, message, lastSaved: state.lastSaved } }));
      } catch (e) { /* old browsers: the message stays in lab.persistence.lastMessage */ }
    }

    const loading = (async () => {
      if (off) { state.unavailable = 'Saving is switched off for this page (?persist=off).'; return; }
      try {
        state.db = await withTimeout(openDb(), OPEN_TIMEOUT_MS, 'the browser storage did not answer in time');
        const tx = state.db.transaction(STORE, 'readonly');
        const store = tx.objectStore(STORE);
        const current = await withTimeout(request(store.get(CURRENT)), OPEN_TIMEOUT_MS,
                                          'reading the saved lab took too long');
        if (!current) return;
        const data = await withTimeout(request(store.get(current.key)), 30000, 'reading the saved lab took too long');
        if (typeof Blob !== 'undefined' && data instanceof Blob) {
          state.pending = { bytes: new Uint8Array(await withTimeout(data.arrayBuffer(), 30000,
                                                                    'reading the saved lab took too long')),
                            key: current.key };
        } else if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
          state.pending = { bytes: data instanceof Uint8Array ? data : new Uint8Array(data), key: current.key };
        } else {
          state.pending = { bytes: new Uint8Array(0), key: current.key };  // restore reports it as damaged
        }
      } catch (e) {
        state.db = null;
        state.unavailable = 'The lab cannot be saved in this browser (' + errorText(e) +
                            '); it works, but a reload starts a fresh lab.';
        announce(state.unavailable, 'unavailable');
      }
    })();

    // [SECTION] wasm calls (synchronous)
    function snapshotBytes(M) {
      const size = M._fhl_snapshot_save();
      try {
        const ptr = M._fhl_snapshot_data();
        return M.HEAPU8 ? M.HEAPU8.slice(ptr, ptr + size) : new Uint8Array(M.wasmMemory.buffer).slice(ptr, ptr + size);
      } finally {
        M._fhl_snapshot_free();
      }
    }

    function heap(M) { return M.HEAPU8 || new Uint8Array(M.wasmMemory.buffer); }

    // Restores bytes into the running lab; returns null or the error message (the lab is unchanged then).
    function restoreBytes(M, bytes) {
      const ptr = M._malloc(Math.max(1, bytes.length));
      if (!ptr) return 'There is not enough memory to load this lab.';
      try {
        heap(M).set(bytes, ptr);
        const r = JSON.parse(M.UTF8ToString(M._fhl_snapshot_restore(ptr, bytes.length)));
        return r.ok ? null : r.error.message;
      } finally {
        M._free(ptr);
      }
    }

    // [SECTION] IndexedDB writes
    async function writeSnapshot(bytes, generation) {
      const db = state.db;
      const key = 'snap-' + Date.now() + '-' + Math.floor(Math.random() * 1e6);
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const finished = done(tx);
      const previous = await request(store.get(CURRENT));
      // New bytes and the pointer switch commit together; the previous snapshot is deleted in the same transaction,
      // so a failed write (quota) leaves the previous one in place.
      const meta = { key, bytes: bytes.length, savedAt: hhmmss(new Date()), generation, format: 1 };
      // A Blob: the browser writes it to its blob store as is (no structured-clone serialization of 100 MB).
      store.put(new Blob([bytes], { type: 'application/octet-stream' }), key);
      store.put(meta, CURRENT);
      if (previous && previous.key && previous.key !== key) store.delete(previous.key);
      await finished;
      return meta;
    }

    async function setAside(pending, message) {
      if (!state.db) return;
      try {
        const tx = state.db.transaction(STORE, 'readwrite');
        const store = tx.objectStore(STORE);
        const finished = done(tx);
        store.put({ bytes: pending.bytes, message, movedAt: hhmmss(new Date()) }, 'damaged-' + Date.now());
        store.delete(pending.key);
        store.delete(CURRENT);
        const keys = (await request(store.getAllKeys())).filter((k) => String(k).startsWith('damaged-')).sort();
        for (const k of keys.slice(0, Math.max(0, keys.length - KEEP_DAMAGED))) store.delete(k);
        await finished;
      } catch (e) {
        console.warn('firehose-lab: could not set the damaged save aside:', e);
      }
    }

    // [SECTION] start-up restore: called from main() right after the Lab exists, before the first frame.
    function restoreInto(M) {
      state.M = M;
      const pending = state.pending;
      state.pending = null;
      if (!pending) return;
      const t0 = performance.now();
      const message = restoreBytes(M, pending.bytes);
      state.restoreMs = performance.now() - t0;
      state.restoredBytes = pending.bytes.length;
      if (message) {
        setAside(pending, message);
        announce(message + ' (The damaged save was kept aside in the browser.)', 'restore-failed');
      } else {
        state.savedGeneration = M._fhl_generation();
        state.lastSaved = { at: null, bytes: pending.bytes.length, ms: 0, generation: state.savedGeneration };
        announce(null, 'restored');
      }
    }

    // [SECTION] saving
    function save({ force = false } = {}) {
      if (state.saving) return state.saving.catch(() => {}).then(() => (force ? save({ force }) : state.lastSaved));
      const M = state.M;
      if (!M) return Promise.reject(new Error('The lab is still loading.'));
      if (state.disabled) return Promise.resolve(state.lastSaved);
      if (!state.db) return Promise.reject(new Error(state.unavailable || 'The lab cannot be saved in this browser.'));
      const generation = M._fhl_generation();
      const t0 = performance.now();
      let bytes;
      try {
        bytes = snapshotBytes(M);
      } catch (e) {
        announce('The lab could not be saved (' + errorText(e) + ').', 'save-failed');
        return Promise.reject(e);
      }
      const snapshotMs = performance.now() - t0;
      state.saving = writeSnapshot(bytes, generation).then((meta) => {
        const ms = performance.now() - t0;
        state.lastSaveMs = ms;
        state.lastSaveAt = performance.now();
        state.savedGeneration = generation;
        state.lastSaved = { at: meta.savedAt, bytes: meta.bytes, ms, snapshotMs, generation };
        announce(null, 'saved');
        return state.lastSaved;
      }, (e) => {
        state.lastSaveAt = performance.now();
        const message = quotaText(e) + '; the previous save is kept.';
        announce(message, 'save-failed');
        throw new Error(message);
      }).finally(() => { state.saving = null; });
      return state.saving;
    }

    function dueForSave() {
      const M = state.M;
      if (!M || !state.db || state.disabled || state.saving) return false;
      if (M._fhl_generation() === state.savedGeneration) return false;
      if (M._fhl_work_pending()) return false;  // a query is running: saving a big lab would stall its frames
      const gap = Math.max(MIN_SAVE_GAP_MS, SAVE_GAP_FACTOR * state.lastSaveMs);
      return performance.now() - state.lastSaveAt >= gap;
    }

    // [SECTION] the public API: lab.persistence
    function attach(lab, M) {
      state.M = M;
      const api = {
        // Saves now; resolves lastSaved ({at, bytes, ms, generation}) or rejects with the message.
        save: () => save({ force: true }),
        // Forgets the saved lab and reloads the page with a fresh one (the UI asks for confirmation first).
        async reset() {
          state.disabled = true;
          if (state.saving) await state.saving.catch(() => {});
          if (state.db) {
            const tx = state.db.transaction(STORE, 'readwrite');
            const store = tx.objectStore(STORE);
            const finished = done(tx);
            const keys = await request(store.getAllKeys());
            for (const k of keys) if (!String(k).startsWith('damaged-')) store.delete(k);
            await finished;
          }
          setTimeout(() => location.reload(), 0);
        },
        // The whole lab as a file body (.fhlab).
        exportBlob() {
          return new Blob([snapshotBytes(M)], { type: 'application/octet-stream' });
        },
        download() {
          const blob = api.exportBlob();
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = 'firehose-lab-' + hhmmss(new Date()).replace(/:/g, '-') + '.fhlab';
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(a.href), 10000);
          return a.download;
        },
        // Restores a file made by download/exportBlob; rejects with the clear message and leaves the lab as it was.
        async importFile(file) {
          let bytes;
          if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
          else if (ArrayBuffer.isView(file)) bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
          else if (file && typeof file.arrayBuffer === 'function') bytes = new Uint8Array(await file.arrayBuffer());
          else throw new TypeError('importFile expects a File, Blob, ArrayBuffer or Uint8Array');
          if (state.saving) await state.saving.catch(() => {});
          const message = restoreBytes(M, bytes);
          if (message) {
            announce(message.replace(/; starting a fresh lab\.$/, '; the lab was not changed.'), 'import-failed');
            throw new Error(state.lastMessage);
          }
          M._fhl_request_frame();
          announce(null, 'imported');
          if (state.db && !state.disabled) await save({ force: true }).catch(() => {});
          return true;
        },
        get lastSaved() { return state.lastSaved; },
        get lastMessage() { return state.lastMessage; },
        get available() { return !!state.db && !state.disabled; },
        // Timings of the start-up restore (benchmarks): {ms, bytes} or null when nothing was restored.
        get restoreStats() { return state.restoreMs === undefined ? null : { ms: state.restoreMs, bytes: state.restoredBytes }; },
      };
      lab.persistence = api;
      setInterval(() => { if (dueForSave()) save().catch(() => {}); }, WATCH_MS);
      const flush = () => {
        if (state.M && state.db && !state.disabled && M._fhl_generation() !== state.savedGeneration) {
          save().catch(() => {});
        }
      };
      window.addEventListener('pagehide', flush);
      document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
      return api;
    }

    return { loading, restoreInto, attach, state };
  }

  window.FirehoseLabStore = { begin };
})();
