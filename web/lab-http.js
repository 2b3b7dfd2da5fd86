// lab-http.js: lab.requestHandler, a requestHandler for the AWS SDK for JavaScript v3 that answers every request in
// the page (the module's _fhl_http, src/platform/web/exports.cpp) instead of over the network. No dependencies;
// loaded before lab-api.js, which calls FirehoseLabHttp.attach(lab, modulePromise) once window.lab exists.
//
//   const firehose = new FirehoseClient(lab.sdkConfig());   // {region, credentials, requestHandler}
//   await firehose.send(new PutRecordBatchCommand({...}));
'use strict';
(() => {
  const REGION = 'us-east-1';  // the lab's region (Lab::kRegion)
  // Any credentials do: the lab accepts SigV4 signatures without checking them. The SDK needs some to sign, and
  // writes into them (credentials.$source), so every client gets its own object.
  const credentials = () => ({ accessKeyId: 'AKIAFIREHOSELAB00000', secretAccessKey: 'firehose-lab' });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  let modulePromise = null;  // resolves the Emscripten module (set by attach)
  let settleModule;
  const moduleReady = new Promise((resolve) => { settleModule = resolve; });

  // [SECTION] the request: target and body bytes, as @smithy/fetch-http-handler would send them.

  // @smithy/util-uri-escape escapeUri: encodeURIComponent plus !'()*.
  const escapeUri = (text) => encodeURIComponent(text).replace(/[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

  // @smithy/querystring-builder buildQueryString: keys sorted, arrays repeated, null/undefined values bare.
  function buildQueryString(query) {
    const parts = [];
    for (const name of Object.keys(query).sort()) {
      const value = query[name];
      const key = escapeUri(name);
      if (Array.isArray(value)) {
        for (const v of value) parts.push(key + '=' + escapeUri(v));
      } else if (value || typeof value === 'string') {
        parts.push(key + '=' + escapeUri(value));
      } else {
        parts.push(key);
      }
    }
    return parts.join('&');
  }

  function abortError(signal) {
    const reason = signal && typeof signal === 'object' && 'reason' in signal ? signal.reason : undefined;
    const error = new Error(reason && !(reason instanceof Error) ? String(reason) : 'Request aborted');
    error.name = 'AbortError';
    if (reason instanceof Error) error.cause = reason;
    return error;
  }

  function throwIfAborted(signal) {
    if (signal && signal.aborted) throw abortError(signal);
  }

  // Settles like promise, or rejects with an AbortError as soon as the signal aborts (a body that never ends).
  function abortable(promise, signal) {
    if (!signal || typeof signal.addEventListener !== 'function') return promise;
    let onAbort;
    const aborted = new Promise((_, reject) => {
      onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
  }

  async function readStream(stream) {
    const reader = stream.getReader();
    const chunks = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        const bytes = typeof value === 'string' ? encoder.encode(value) : value;
        chunks.push(bytes);
        length += bytes.length;
      }
      if (done) break;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return all;
  }

  // The body as bytes: string (UTF-8), Uint8Array or any ArrayBuffer view, ArrayBuffer, Blob or ReadableStream.
  async function bodyBytes(body) {
    if (body === undefined || body === null) return new Uint8Array(0);
    if (typeof body === 'string') return encoder.encode(body);
    if (body instanceof Uint8Array) return body;
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (typeof Blob === 'function' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
    if (typeof body.getReader === 'function') return readStream(body);
    throw new TypeError('lab.requestHandler: unsupported request body ' + (body.constructor && body.constructor.name));
  }

  // [SECTION] one exchange with the module

  function heap(M) { return M.HEAPU8 || new Uint8Array(M.wasmMemory.buffer); }

  // {method, target, headers: [[name, value], ...]} and the body bytes -> {status, headers, body: Uint8Array}.
  function exchange(M, head, body) {
    const headText = JSON.stringify(head);
    const headSize = M.lengthBytesUTF8(headText) + 1;
    const headPtr = M._malloc(headSize);
    const bodyPtr = M._malloc(Math.max(1, body.length));
    try {
      M.stringToUTF8(headText, headPtr, headSize);
      heap(M).set(body, bodyPtr);
      const answer = JSON.parse(M.UTF8ToString(M._fhl_http(headPtr, bodyPtr, body.length)));
      const at = M._fhl_http_body();
      answer.body = heap(M).slice(at, at + answer.bodySize);  // a copy: the heap may grow or be reused
      return answer;
    } finally {
      M._free(headPtr);
      M._free(bodyPtr);
    }
  }

  const REASONS = { 200: 'OK', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently',
    304: 'Not Modified', 307: 'Temporary Redirect', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found',
    405: 'Method Not Allowed', 409: 'Conflict', 411: 'Length Required', 412: 'Precondition Failed',
    413: 'Payload Too Large', 416: 'Range Not Satisfiable', 500: 'Internal Server Error', 501: 'Not Implemented',
    503: 'Service Unavailable' };

  // The response as FetchHttpHandler makes it: lower-case header names (repeats joined with ", ") and the body as
  // a ReadableStream (sdkStreamMixin and the checksum validators take one), or an empty Blob when fetch gives no
  // stream (HEAD, 204, 304).
  function toSdkResponse(method, answer) {
    const headers = {};
    for (const [name, value] of answer.headers) {
      const key = name.toLowerCase();
      headers[key] = key in headers ? headers[key] + ', ' + value : value;
    }
    const bytes = answer.body;
    // wire_http.h: Content-Length is added by whoever writes the bytes, here as a browser would see it (a HEAD answer
    // carries the object's length itself).
    if (!('content-length' in headers) && method !== 'HEAD') headers['content-length'] = String(bytes.length);
    let body;
    if (method === 'HEAD' || answer.status === 204 || answer.status === 304) {
      body = new Blob([]);
    } else {
      body = new ReadableStream({
        start(controller) {
          if (bytes.length) controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return { statusCode: answer.status, reason: REASONS[answer.status], headers, body };
  }

  // [SECTION] the handler the SDK calls

  let config = {};
  const requestHandler = {
    // request: a @smithy/protocol-http HttpRequest. Resolves {response} like FetchHttpHandler.handle.
    async handle(request, { abortSignal } = {}) {
      throwIfAborted(abortSignal);
      const M = await (modulePromise || moduleReady);
      const method = String(request.method || 'GET').toUpperCase();
      let target = request.path || '/';
      const query = buildQueryString(request.query || {});
      if (query) target += '?' + query;
      const headers = [];
      let hasHost = false;
      for (const [name, value] of Object.entries(request.headers || {})) {
        if (value === undefined || value === null) continue;
        if (name.toLowerCase() === 'host') hasHost = true;
        headers.push([name, String(value)]);
      }
      // The Host header the browser would send (virtual-host S3 requests name the bucket in it).
      if (!hasHost && request.hostname) {
        headers.push(['host', request.hostname + (request.port ? ':' + request.port : '')]);
      }
      const body = method === 'GET' || method === 'HEAD' ? new Uint8Array(0)
                                                         : await abortable(bodyBytes(request.body), abortSignal);
      throwIfAborted(abortSignal);
      const answer = exchange(M, { method, target, headers }, body);
      // The lab has answered; an abort signalled meanwhile (by a listener run inside the call) still wins, as with
      // fetch, whose server may also have acted on a request whose answer was dropped.
      await Promise.resolve();
      throwIfAborted(abortSignal);
      return { response: toSdkResponse(method, answer) };
    },
    updateHttpClientConfig(key, value) { config = Object.assign({}, config, { [key]: value }); },
    httpHandlerConfigs() { return config; },
    destroy() {},
  };

  // The raw exchange, for tests and tools: {method, path ('/...?query', encoded), headers {}, body} ->
  // {status, headers: [[name, value]...], body: Uint8Array, text()}.
  async function fetchRaw({ method = 'GET', path = '/', headers = {}, body } = {}) {
    const M = await (modulePromise || moduleReady);
    const head = { method, target: path, headers: Object.entries(headers).map(([n, v]) => [n, String(v)]) };
    const answer = exchange(M, head, await bodyBytes(body));
    return { status: answer.status, headers: answer.headers, body: answer.body,
             text: () => decoder.decode(answer.body) };
  }

  window.FirehoseLabHttp = {
    requestHandler,
    // Called by lab-api.js: installs lab.requestHandler, lab.sdkConfig and lab.http; `module` resolves the module.
    attach(lab, module) {
      modulePromise = Promise.resolve(module);
      modulePromise.then(settleModule, () => {});
      lab.requestHandler = requestHandler;
      // The options every SDK v3 client of the lab needs; extra options (e.g. forcePathStyle) are merged in.
      lab.sdkConfig = (extra = {}) =>
        Object.assign({ region: REGION, credentials: credentials(), requestHandler }, extra);
      lab.http = fetchRaw;
    },
  };
})();
