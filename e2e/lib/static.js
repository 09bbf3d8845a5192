// A tiny static server for the test page: e2e/pages/* and the unmodified Streams bundle.
// It listens on 127.0.0.1:0; its origin is what ccpsim approves (or, for the negative test, does not).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
export const PAGES_DIR = path.join(E2E_DIR, 'pages');
export const STREAMS_JS = path.join(E2E_DIR, 'node_modules', 'amazon-connect-streams', 'release', 'connect-streams.js');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json' };

/** Starts the server; resolves with {origin, url(pathAndQuery), close()}. */
export async function startStatic() {
  const server = http.createServer(async (req, res) => {
    try {
      const u = new URL(req.url, 'http://x');
      let file;
      if (u.pathname === '/streams/connect-streams.js') file = STREAMS_JS;
      else {
        const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'harness.html';
        file = path.join(PAGES_DIR, rel);
        if (!file.startsWith(PAGES_DIR + path.sep)) throw Object.assign(new Error('forbidden'), { code: 'ENOENT' });
      }
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' || e.code === 'EISDIR' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(e.message));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p) => origin + (p.startsWith('/') ? p : '/' + p),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
