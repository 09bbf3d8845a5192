// Test plumbing shared by every conformance test file:
//   const s = useSuite(import.meta.url, { config });   // ccpsim + static server + Chromium for this file
//   s.test('name', async () => { const h = await s.open(); await h.waitEvent('agent.init'); ... });
// Each test gets a fresh page, ccpsim is reset between tests, and a failing test prints what the page saw,
// the browser console, ccpsim's stderr and the API requests, and leaves a screenshot in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCcpsim } from './ccpsim.js';
import { startStatic } from './static.js';
import { launchBrowser, ARTIFACTS_DIR } from './browser.js';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn (async) every `every` ms until it returns a truthy value; throws a clear error after `timeout`. */
export async function until(fn, { timeout = 5000, every = 100, what = 'condition', saw } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastErr;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(every);
  }
  let seen = '';
  try { seen = saw ? await saw() : lastErr ? String(lastErr.message || lastErr) : JSON.stringify(last); } catch (e) { seen = String(e); }
  throw new Error(`waited ${timeout / 1000}s for ${what}; saw: ${seen}`);
}

function slug(s) { return s.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80); }

/** One harness page: the real Streams in Chromium, talking to ccpsim. */
export class Harness {
  constructor(suite, page) {
    this.suite = suite;
    this.sim = suite.sim;
    this.page = page;
    this.events = [];
  }

  /** Harness URL on the given static server with these query parameters. */
  static url(web, query) {
    const u = new URL(web.url('/harness.html'));
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Navigates top-level (no sign-in). */
  async goto(url) {
    this.events = [];
    await this.page.goto(url, { waitUntil: 'load', timeout: 15_000 });
  }

  /** Signs in as a user would (top-level navigation to the sandbox sign-in, which redirects back here). */
  async signInAndGoto(url, { region, username = 'agent1' } = {}) {
    this.events = [];
    const signIn = this.sim.signInAndGoTo(url, { region, username });
    const resp = await this.page.goto(signIn, { waitUntil: 'load', timeout: 15_000 });
    const landed = this.page.url();
    if (new URL(landed).origin !== new URL(url).origin) {
      throw new Error(`sign-in did not redirect back: ${signIn} landed on ${landed} (HTTP ${resp && resp.status()})`);
    }
  }

  /** Pulls new events from the page into this.events. */
  async sync() {
    const more = await this.page.evaluate((n) => (window.__events || []).slice(n), this.events.length);
    this.events.push(...more);
    return this.events;
  }

  /** Compact list of what the page observed, for failure messages. */
  seen(filter) {
    return JSON.stringify(
      this.events
        .filter((e) => !filter || filter(e))
        .map((e) => e.name + (e.contactId ? `(${e.contactId.slice(0, 8)})` : '') + (e.name === 'agent.onStateChange' && e.data ? `[${e.data.oldState}->${e.data.newState}]` : '')),
    );
  }

  /** Current length of the event list (use as `since` for later waits). */
  async mark() { await this.sync(); return this.events.length; }

  /** Events matching name (and contactId), optionally only after mark `since`. */
  find(name, { contactId, since = 0, where } = {}) {
    return this.events.filter((e, i) => i >= since && e.name === name && (!contactId || e.contactId === contactId) && (!where || where(e)));
  }

  /**
   * Waits until the page has recorded `name` (optionally for contactId, after mark `since`, matching where).
   * Resolves with the first such event; fails with "waited Ns for X; saw: [...]".
   */
  async waitEvent(name, { contactId, since = 0, where, timeout = 5000, count = 1 } = {}) {
    const what = `${name}${contactId ? ` for contact ${contactId}` : ''}${where ? ` matching ${where.toString().slice(0, 120)}` : ''}${count > 1 ? ` x${count}` : ''}`;
    return until(async () => {
      await this.sync();
      const hits = this.find(name, { contactId, since, where });
      return hits.length >= count ? hits[count - 1] : null;
    }, { timeout, what, saw: () => this.seen() });
  }

  /** Asserts that `name` is NOT recorded within ms (a bounded negative check). */
  async expectNoEvent(name, { contactId, since = 0, within = 2000 } = {}) {
    const deadline = Date.now() + within;
    while (Date.now() < deadline) {
      await this.sync();
      const hits = this.find(name, { contactId, since });
      if (hits.length) assert.fail(`expected no ${name}${contactId ? ` for ${contactId}` : ''} within ${within}ms, got ${JSON.stringify(hits[0])}; saw: ${this.seen()}`);
      await sleep(100);
    }
  }

  /** Runs a Streams action in the page: {ok, data} | {ok:false, err, errType} | {ok:false, thrown}. */
  async act(kind, ...args) {
    return this.page.evaluate(([k, a]) => window.__act(k, ...a), [kind, args]);
  }

  /** Runs an action that must succeed; returns its data. */
  async mustAct(kind, ...args) {
    const r = await this.act(kind, ...args);
    assert.ok(r.ok, `${kind}(${args.map((a) => JSON.stringify(a)).join(', ')}) should succeed, got ${JSON.stringify(r)}; saw: ${this.seen()}`);
    return r.data;
  }

  /** Runs an action and resolves {pending:true} if no callback ran within ms. */
  async actWithin(ms, kind, ...args) {
    return this.page.evaluate(([m, k, a]) => window.__actWithin(m, k, ...a), [ms, kind, args]);
  }

  agentInfo() { return this.page.evaluate(() => window.__agentInfo()); }
  contactInfo(id) { return this.page.evaluate((i) => window.__contactInfo(i), id); }
  connectionInfo(id, which) { return this.page.evaluate(([i, w]) => window.__connectionInfo(i, w), [id, which]); }
  iframes() { return this.page.evaluate(() => window.__iframes()); }
  core() { return this.page.evaluate(() => window.__core()); }
  busLog() { return this.page.evaluate(() => window.__bus || []); }
  /** Conduit messages posted to the page: [{t, origin, event}] (optionally only those after time t). */
  wire(since = 0) { return this.page.evaluate((t) => (window.__wire || []).filter((m) => m.t >= t), since); }
  /** connect.ifMaster (kind 'check') or connect.becomeMaster (kind 'become') for topic: true / false / 'no answer'. */
  master(kind, topic, shouldNotBecomeMasterIfNone) {
    return this.page.evaluate(([k, t, f]) => window.__master(k, t, f), [kind, topic, shouldNotBecomeMasterIfNone]);
  }

  /** Polls the page with fn(info) over __contactInfo(id) until truthy. */
  async waitContact(id, pred, what, timeout = 5000) {
    let last;
    return until(async () => { last = await this.contactInfo(id); return pred(last) ? last : null; },
      { timeout, what: `contact ${id}: ${what}`, saw: () => JSON.stringify(last) });
  }

  /** Polls GET /v1/state until pred(state) is truthy. */
  async waitState(pred, what, timeout = 5000) {
    let last;
    return until(async () => { last = await this.sim.state(); return pred(last) ? last : null; },
      { timeout, what: `ccpsim state: ${what}`, saw: () => JSON.stringify(last).slice(0, 3000) });
  }

  /**
   * Opens the harness signed in (the usual start of a test): signs in, then waits for onInitialized and
   * the first agent snapshot (connect.agent). Returns the agent.init event.
   */
  async start(query, { username = 'agent1', region, timeout = 15_000 } = {}) {
    await this.signInAndGoto(Harness.url(this.suite.web, query), { username, region });
    await this.waitEvent('core.onInitialized', { timeout });
    return this.waitEvent('agent.init', { timeout });
  }

  /** Sets the agent's state through Streams and waits until the page's snapshot shows it. */
  async setState(name, opts) {
    await this.mustAct('setState', name, opts);
    if (opts && opts.enqueueNextState) return;
    await until(async () => (await this.agentInfo()).agent.state.name === name,
      { what: `agent state ${name} in the page`, saw: async () => JSON.stringify((await this.agentInfo()).agent) });
  }

  /** Creates a contact through the control API and waits for the page to see it (connect.contact). */
  async offer(body = {}, { timeout = 8000 } = {}) {
    const since = await this.mark();
    const id = await this.sim.createContact(body);
    await this.waitEvent('contact.init', { contactId: id, since, timeout });
    return id;
  }
}

/**
 * Sets up one test file: ccpsim (with options), an approved static server, Chromium; a `test` wrapper that
 * resets ccpsim between tests, gives each test fresh pages and reports diagnostics on failure.
 */
export function useSuite(fileUrl, { config, args = [], unapprovedServer = false, resetBetweenTests = true } = {}) {
  const fileName = path.basename(fileURLToPath(fileUrl), '.js');
  const s = {
    sim: null, web: null, web2: null, browser: null, pages: [], harnesses: [], extraBrowsers: [],
    /** A fresh page; {separateBrowser:true} gives it its own Chromium (own cookie jar: another agent). */
    async open({ separateBrowser = false } = {}) {
      let browser = s.browser;
      if (separateBrowser) {
        browser = await launchBrowser();
        s.extraBrowsers.push(browser);
      }
      const page = await browser.newPage();
      s.pages.push(page);
      const h = new Harness(s, page);
      s.harnesses.push(h);
      return h;
    },
    query(extra = {}) {
      return { ccpUrl: s.sim.ccpUrl(), ...extra };
    },
  };

  before(async () => {
    // the browser first: ccpsim's clock (a -scenario's times) starts at its ready line
    s.browser = await launchBrowser();
    s.web = await startStatic();
    if (unapprovedServer) s.web2 = await startStatic();
    s.sim = await startCcpsim({ approvedOrigins: [s.web.origin], config, args });
  });

  after(async () => {
    for (const b of s.extraBrowsers.splice(0)) await b.close();
    await s.browser?.close();
    await s.sim?.stop();
    await s.web?.close();
    await s.web2?.close();
  });

  s.test = (name, opts, fn) => {
    if (typeof opts === 'function') [opts, fn] = [{}, opts];
    const { timeout = 90_000, todo } = opts;
    return test(name, { timeout, todo }, async (t) => {
      for (const p of s.pages.splice(0)) await p.close().catch(() => {});
      for (const b of s.extraBrowsers.splice(0)) await b.close();
      s.harnesses = [];
      s.browser.log.length = 0;
      if (resetBetweenTests) await s.sim.reset();
      const t0 = Date.now();
      try {
        await fn(t);
      } catch (err) {
        await diagnose(s, `${fileName}--${slug(name)}`, err).catch((e) => { err.message += `\n(diagnostics failed: ${e.message})`; });
        throw err;
      } finally {
        if (process.env.E2E_TIMING) t.diagnostic(`took ${Date.now() - t0} ms`);
      }
    });
  };
  return s;
}

async function diagnose(s, name, err) {
  await fsp.mkdir(ARTIFACTS_DIR, { recursive: true });
  const parts = [];
  for (const [i, h] of s.harnesses.entries()) {
    try { await h.sync(); } catch { /* page gone */ }
    let bus = [];
    try { bus = await h.busLog(); } catch { /* page gone */ }
    parts.push(`--- page ${i + 1} (${h.page.url()}) events:\n` + h.events.map((e) => `${new Date(e.t).toISOString().slice(11, 23)} ${e.name}${e.contactId ? ' ' + e.contactId : ''} ${JSON.stringify(e.data ?? null).slice(0, 400)}`).join('\n'));
    parts.push(`--- page ${i + 1} event bus:\n` + bus.map((b) => `${new Date(b.t).toISOString().slice(11, 23)} ${b.name}${b.gr ? ' ' + JSON.stringify(b.gr) : ''}`).join('\n'));
  }
  parts.push('--- browser console / errors:\n' + s.browser.logText());
  for (const [i, b] of s.extraBrowsers.entries()) parts.push(`--- browser ${i + 2} console / errors:\n` + b.logText());
  try { parts.push('--- ccpsim GET /v1/state:\n' + JSON.stringify(await s.sim.state(), null, 1).slice(0, 20000)); } catch (e) { parts.push('--- ccpsim state unavailable: ' + e.message); }
  try { parts.push('--- ccpsim GET /v1/requests:\n' + (await s.sim.requests(0)).map((r) => JSON.stringify(r)).join('\n').slice(-20000)); } catch (e) { parts.push('--- ccpsim requests unavailable: ' + e.message); }
  parts.push('--- ccpsim stderr (tail):\n' + s.sim.stderrTail(8000));
  const file = path.join(ARTIFACTS_DIR, `${name}.log`);
  await fsp.writeFile(file, `${err.stack || err}\n\n${parts.join('\n\n')}\n`);
  const shots = await s.browser.screenshots(name);
  for (const [i, b] of s.extraBrowsers.entries()) shots.push(...(await b.screenshots(`${name}-browser${i + 2}`)));
  const tail = (txt, n) => txt.split('\n').slice(-n).join('\n');
  err.message += `\n\n== diagnostics: ${path.relative(process.cwd(), file)}; screenshots: ${shots.map((p) => path.relative(process.cwd(), p)).join(', ') || 'none'}`
    + `\n== page errors / console (tail):\n${tail(s.browser.logText(/./), 25)}`
    + `\n== ccpsim stderr (tail):\n${tail(s.sim.stderrTail(3000), 15)}`;
}

export { assert };
