// Builds and runs cmd/ccpsim for the conformance suite, and talks to its control API (docs/ccpsim.md).
//
//   const sim = await startCcpsim({ approvedOrigins: [staticServer.origin], config: { ... } });
//   sim.ccpUrl('us-east-1'); await sim.createContact({ channel: 'VOICE' }); await sim.stop();
//
// The binary is built once into e2e/.bin/ccpsim (rebuilt only when a Go source changed) and started with
// -exit-on-stdin-eof, so it never outlives the test process even if the runner is killed.
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { E2E_DIR } from './static.js';

const REPO = path.resolve(E2E_DIR, '..');
const BIN_DIR = path.join(E2E_DIR, '.bin');
const BIN = path.join(BIN_DIR, 'ccpsim');
const STAMP = path.join(BIN_DIR, 'ccpsim.stamp');

/** Fingerprint of every input of the build (Go files of the module's non-test code, go.mod, go.sum). */
function sourceFingerprint() {
  const h = crypto.createHash('sha256');
  const walk = (dir) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (['node_modules', '.git', 'e2e', 'frontend', 'bin', 'build'].includes(e.name) && dir === REPO) continue;
        if (e.name.startsWith('.') || e.name === 'testdata' || e.name === 'node_modules') continue;
        walk(p);
      } else if (/\.(go|html|js|css|json|ya?ml)$/.test(e.name) && !e.name.endsWith('_test.go')) {
        const st = fs.statSync(p);
        h.update(`${path.relative(REPO, p)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  for (const f of ['go.mod', 'go.sum']) {
    try { const st = fs.statSync(path.join(REPO, f)); h.update(`${f}\0${st.size}\0${st.mtimeMs}\n`); } catch { /* absent */ }
  }
  walk(path.join(REPO, 'cmd'));
  walk(path.join(REPO, 'internal'));
  return h.digest('hex');
}

/** Builds cmd/ccpsim into e2e/.bin/ccpsim unless CCPSIM_BIN is set or the binary is up to date. */
export async function buildCcpsim() {
  if (process.env.CCPSIM_BIN) return process.env.CCPSIM_BIN;
  const fp = sourceFingerprint();
  try {
    if (fs.readFileSync(STAMP, 'utf8') === fp && fs.existsSync(BIN)) return BIN;
  } catch { /* no stamp */ }
  await fsp.mkdir(BIN_DIR, { recursive: true });
  try {
    await promisify(execFile)('go', ['build', '-o', BIN, './cmd/ccpsim'], { cwd: REPO, maxBuffer: 16 << 20 });
  } catch (e) {
    throw new Error(`go build ./cmd/ccpsim failed:\n${e.stderr || e.message}`);
  }
  fs.writeFileSync(STAMP, fp);
  return BIN;
}

/** A control-API error (non-2xx), with the status and the decoded body. */
export class ControlError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} -> ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * Starts ccpsim. Options:
 *   approvedOrigins: origins added to the defaults (-approved-origins)
 *   config: an object written to a temporary JSON file and passed as -config (sections replace defaults)
 *   args: extra CLI flags
 * Resolves with a Ccpsim once its ready line is printed (rejects after 30 s or if it exits).
 */
export async function startCcpsim({ approvedOrigins = [], config, args = [] } = {}) {
  const bin = await buildCcpsim();
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'ccpsim-e2e-'));
  const argv = ['-exit-on-stdin-eof'];
  if (approvedOrigins.length) argv.push('-approved-origins', approvedOrigins.join(','));
  if (config) {
    const cfgPath = path.join(tmp, 'config.json');
    await fsp.writeFile(cfgPath, JSON.stringify(config, null, 2));
    argv.push('-config', cfgPath);
  }
  argv.push(...args);

  const child = spawn(bin, argv, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr.push(d);
    if (stderr.length > 2000) stderr.splice(0, stderr.length - 2000);
    if (process.env.CCPSIM_VERBOSE) process.stderr.write(`[ccpsim] ${d}`);
  });
  const ready = await new Promise((resolve, reject) => {
    const rejectAndClean = (err) => { fsp.rm(tmp, { recursive: true, force: true }).finally(() => reject(err)); };
    let buf = '';
    const timer = setTimeout(() => fail(new Error('ccpsim printed no ready line within 30 s')), 30_000);
    function fail(err) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      err.message += `\nccpsim ${argv.join(' ')}\nstderr:\n${stderr.join('').slice(-4000)}`;
      rejectAndClean(err);
    }
    child.once('error', fail);
    child.once('exit', (code, sig) => fail(new Error(`ccpsim exited before ready (code ${code}, signal ${sig})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function onData(d) {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (!line) continue;
        let msg;
        try { msg = JSON.parse(line); } catch { continue; }
        if (msg && msg.control && msg.ccpUrls) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.removeAllListeners('error');
          child.stdout.off('data', onData);
          child.stdout.resume();
          resolve(msg);
          return;
        }
      }
    });
  });
  return new Ccpsim(child, ready, stderr, tmp, argv);
}

export class Ccpsim {
  constructor(child, ready, stderr, tmp, argv) {
    this.child = child;
    this.ready = ready;
    this.control = ready.control.replace(/\/$/, '');
    this.regions = Object.keys(ready.ccpUrls);
    this._stderr = stderr;
    this._tmp = tmp;
    this.argv = argv;
    this.exited = false;
    child.once('exit', () => { this.exited = true; });
  }

  /** CCP URL of a region (default: the first one, which starts active). */
  ccpUrl(region = this.regions[0]) {
    const u = this.ready.ccpUrls[region];
    if (!u) throw new Error(`ccpsim has no region ${region}; it has ${this.regions.join(', ')}`);
    return u;
  }

  /** Sandbox sign-in URL of a region. */
  signInUrl(region = this.regions[0]) {
    const u = this.ready.signInUrls && this.ready.signInUrls[region];
    if (u) return u;
    return new URL('/auth/sign-in', this.ccpUrl(region)).toString();
  }

  /** The top-level URL that signs `username` in and redirects to destination. */
  signInAndGoTo(destination, { region, username = 'agent1' } = {}) {
    const u = new URL(this.signInUrl(region));
    u.searchParams.set('username', username);
    u.searchParams.set('destination', destination);
    return u.toString();
  }

  stderrTail(n = 6000) { return this._stderr.join('').slice(-n); }

  async call(method, p, body) {
    const url = this.control + p;
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let data = text;
    try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!res.ok) throw new ControlError(method, p, res.status, data);
    return data;
  }

  /** Like call(), but resolves with {status, body} whatever the status. */
  async raw(method, p, body, headers = {}) {
    const init = { method, headers: { ...headers } };
    if (body !== undefined) {
      if (!init.headers['content-type']) init.headers['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.control + p, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let data = text;
    try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: data, headers: res.headers };
  }

  state() { return this.call('GET', '/v1/state'); }
  /** {channel, from, queue, attributes, region, callback, name} -> contactId */
  async createContact(body = {}) {
    const r = await this.call('POST', '/v1/contacts', { channel: 'VOICE', from: '+15555550100', queue: 'BasicQueue', ...body });
    return r.contactId;
  }
  disconnect(contactId) { return this.call('POST', `/v1/contacts/${encodeURIComponent(contactId)}/disconnect`); }
  answer(contactId) { return this.call('POST', `/v1/contacts/${encodeURIComponent(contactId)}/answer`); }
  setAgentState(username, state) { return this.call('POST', `/v1/agents/${encodeURIComponent(username)}/state`, { state }); }
  setActiveRegion(region) { return this.call('POST', '/v1/regions/active', { region }); }
  expireSession(username = 'agent1') { return this.call('POST', `/v1/agents/${encodeURIComponent(username)}/session/expire`); }
  fault(body) { return this.call('POST', '/v1/faults', body); }
  clearFaults() { return this.call('DELETE', '/v1/faults'); }
  async requests(since = 0) {
    const r = await this.call('GET', `/v1/requests?since=${since}`);
    return Array.isArray(r) ? r : (r && (r.requests || r.items)) || [];
  }
  reset() { return this.call('POST', '/v1/reset'); }

  /** Stops the process (closing stdin is enough with -exit-on-stdin-eof; SIGKILL after 5 s). */
  async stop() {
    if (!this.exited) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      try { this.child.stdin.end(); } catch { /* closed */ }
      const t = setTimeout(() => { try { this.child.kill('SIGTERM'); } catch { /* gone */ } }, 3000);
      const k = setTimeout(() => { try { this.child.kill('SIGKILL'); } catch { /* gone */ } }, 6000);
      await gone;
      clearTimeout(t);
      clearTimeout(k);
    }
    await fsp.rm(this._tmp, { recursive: true, force: true });
  }
}

// ---- helpers over GET /v1/state (tolerant of the exact shape: arrays or maps) -----------------------------

function values(x) { return Array.isArray(x) ? x : x && typeof x === 'object' ? Object.entries(x).map(([k, v]) => ({ _key: k, ...v })) : []; }

/** The agent object of `username` in a /v1/state answer. */
export function agentOf(state, username = 'agent1') {
  return values(state && state.agents).find((a) => (a.username || a._key) === username);
}

/** The contacts of an agent in a /v1/state answer. */
export function contactsOf(state, username = 'agent1') {
  const a = agentOf(state, username);
  return values(a && a.contacts);
}

/** A contact by id anywhere in a /v1/state answer (agents' contacts, then queued contacts). */
export function contactIn(state, contactId) {
  for (const a of values(state && state.agents)) {
    const c = values(a.contacts).find((c) => (c.contactId || c.id || c._key) === contactId);
    if (c) return c;
  }
  return values(state && (state.queue || state.queued || state.contacts)).find((c) => (c.contactId || c.id || c._key) === contactId);
}

/** Name of a state-ish value: "Available", {name:"Available"} ... */
export function nameOf(s) { return s == null ? s : typeof s === 'string' ? s : s.name || s.type; }
/** Type of a contact/connection state value: "connected", {type:"connected"} ... */
export function typeOf(s) { return s == null ? s : typeof s === 'string' ? s : s.type || s.name; }

/** The active region in a /v1/state answer. */
export function activeRegionOf(state) {
  if (!state) return undefined;
  if (typeof state.activeRegion === 'string') return state.activeRegion;
  const r = values(state.regions).find((r) => r.active === true || r.state === 'active');
  return r && (r.name || r.region || r._key);
}
