// serve.mjs: a tiny static file server for the built site (end-to-end tests and local use), on 127.0.0.1 only.
// Usage: node tests/e2e/serve.mjs [site-dir=build/wasm/site] [port=8080]  (port 0: any free port). No dependencies.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',  // required by WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Resolves {url, port, close()} once listening. options (tests of hosting, issue 5):
//   prefix: '/course/lab/' serves the site under that sub-path only (url includes it; anything else is 404);
//   types: {'.wasm': 'application/octet-stream'} overrides Content-Types (a host with a wrong MIME type);
// and the result's setOffline(true) makes every request fail at the network level (the socket is destroyed).
export function serve(root, port = 0, host = '127.0.0.1', options = {}) {
  const base = path.resolve(root);
  const prefix = options.prefix || '/';
  const types = Object.assign({}, TYPES, options.types || {});
  let offline = false;
  const server = http.createServer((req, res) => {
    if (offline) {
      req.socket.destroy();
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (!rel.startsWith(prefix)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    rel = '/' + rel.slice(prefix.length);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, '.' + rel);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': types[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://${host}:${actual}${prefix}`, port: actual,
        setOffline(value) { offline = !!value; if (offline) server.closeAllConnections(); },
        close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = process.argv[2] || 'build/wasm/site';
  const port = Number(process.argv[3] ?? 8080);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve.mjs: ${root}/index.html not found (build the wasm preset first)`);
    process.exit(1);
  }
  const { url } = await serve(root, port);
  console.log(url);
}
