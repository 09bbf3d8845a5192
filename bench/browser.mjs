// Event latency, log ingest and memory of the panel in headless Chromium (wails dev's browser mode: the real
// frontend, real Streams, bindings over wails dev's websocket to the real Go services, ccpsim in-process).
// bench/browser.sh starts wails dev and runs this with CCPDESK_CONTROL (ccpsim's control API).
//
// Per call (CALLS, default 200): ccpsim offers a call → Streams' connect.contact callback and onConnecting
// (bare Streams on the same page) → the panel's incoming view in the DOM → the next animation frame. Then
// the agent accepts and holds: even calls through the panel's buttons (click → ccpsim receives the request,
// server time from GET /v1/requests), odd calls through Streams directly (contact.accept(),
// connection.hold()), the bare peer. The customer hangs up, the agent clears.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const require = createRequire(new URL('../frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const URL_ = process.env.CCPDESK_DEV_URL ?? 'http://localhost:34115/';
const CONTROL = process.env.CCPDESK_CONTROL;
const CALLS = Number(process.env.CALLS ?? 200);
const IDLE_MS = Number(process.env.IDLE_MS ?? 10000);
const INGEST_MS = Number(process.env.INGEST_MS ?? 5000);
const TREE = process.env.TREE_BIN; // bench/window binary (for the process-tree memory)
const OUT = process.env.OUT;
if (!CONTROL) throw new Error('CCPDESK_CONTROL is not set');

const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) * p)] : NaN; };
const fmt = (v) => `p50=${q(v, 0.5).toFixed(1)} p99=${q(v, 0.99).toFixed(1)} max=${Math.max(...v).toFixed(1)} ms (n=${v.length})`;
const post = async (path, body) => {
  const r = await fetch(CONTROL + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : '' });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json().catch(() => ({}));
};
const requests = async (since) => (await (await fetch(`${CONTROL}/v1/requests?since=${since}`)).json()).requests ?? [];
const mem = (pid) => (TREE ? JSON.parse(execFileSync(TREE, ['tree', '-pid', String(pid)], { encoding: 'utf8' })) : null);
const mib = (k) => (k / 1024).toFixed(1);

const server = await chromium.launchServer({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
const browser = await chromium.connect(server.wsEndpoint());
const res = { calls: CALLS };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(URL_);
  await page.locator('[data-testid="agent-state"]').waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => typeof window.connect?.contact === 'function', null, { timeout: 30_000 });
  // Recorders: bare Streams callbacks and the panel's incoming view.
  await page.evaluate(() => {
    const now = () => performance.timeOrigin + performance.now();
    const b = (window.__bench = { seen: {}, connecting: {}, stamp: {}, panel: [], frame: [], contacts: {}, refresh: [] });
    // The panel publishes on agent.onRefresh: record it too, to split Streams' own delay from the render.
    // (Bounded arrays: the recorder must not grow the heap the benchmark measures.)
    const keep = (a) => { if (a.length > 50) a.splice(0, a.length - 50); };
    window.connect.agent((a) => a.onRefresh(() => { b.refresh.push(now()); keep(b.refresh); }));
    window.connect.contact((c) => {
      const id = c.getContactId();
      b.seen[id] ??= now();
      b.contacts[id] = c;
      const ts = c.getStatus()?.timestamp;
      if (ts) b.stamp[id] ??= new Date(ts).getTime();
      // Streams keeps a per-contact subscription until it is unsubscribed: drop it with the contact, so the
      // recorder does not add to the heap the benchmark measures.
      const sub = c.onConnecting(() => { b.connecting[id] ??= now(); });
      c.onDestroy(() => { sub.unsubscribe(); delete b.contacts[id]; delete b.seen[id]; delete b.connecting[id]; delete b.stamp[id]; });
    });
    let shown = false;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="incoming-contact"]');
      if (el && !shown) {
        shown = true;
        const t = now();
        b.panel.push(t);
        keep(b.panel);
        requestAnimationFrame(() => { b.frame.push(now()); keep(b.frame); });
      } else if (!el) shown = false;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const pid = server.process()?.pid;
  await page.waitForTimeout(IDLE_MS);
  res.memIdle = pid ? mem(pid) : null;
  // The page's JS heap after a full GC: what the frontend keeps, whatever the engine has not collected yet.
  const heap = () => page.evaluate(() => { window.gc?.(); window.gc?.(); return performance.memory?.usedJSHeapSize ?? 0; });
  res.heapIdle = await heap();

  // Make sure the agent is Available.
  await post('/v1/agents/agent1/state', { state: 'Available' });
  await page.waitForFunction(() => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith('Available'), null, { timeout: 30_000 });

  const lat = { refreshToPanel: [], offerToStreams: [], offerToPanel: [], offerToFrame: [], streamsToPanel: [], streamsToFrame: [], panelAccept: [], panelHold: [], bareAccept: [], bareHold: [] };
  let since = (await requests(0)).reduce((m, r) => Math.max(m, r.seq), 0);
  const t0 = Date.now();
  for (let i = 0; i < CALLS; i++) {
    const { contactId: id } = await post('/v1/contacts', { channel: 'VOICE', from: '+15555550100', queue: 'BasicQueue' });
    await (await page.waitForFunction((id) => Boolean(window.__bench.seen[id] && document.querySelector('[data-testid="accept"]')), id, { timeout: 30_000, polling: 20 })).dispose();
    await page.waitForTimeout(30); // let the frame after the panel's render land
    const viaPanel = i % 2 === 0;
    const r = await page.evaluate(async ({ id, viaPanel }) => {
      const b = window.__bench;
      const wall = () => performance.timeOrigin + performance.now();
      const until = async (f, ms = 15000) => { const s = Date.now(); while (!f()) { if (Date.now() - s > ms) throw new Error('timeout'); await new Promise((r) => setTimeout(r, 5)); } };
      const out = { seen: b.seen[id], connecting: b.connecting[id], stamp: b.stamp[id], panel: b.panel.at(-1), frame: b.frame.at(-1) };
      // the last agent refresh at or before the panel showed the call
      out.refresh = b.refresh.filter((t) => t <= out.panel).at(-1);
      const c = b.contacts[id];
      out.acceptAt = wall();
      if (viaPanel) document.querySelector('[data-testid="accept"]').click();
      else c.accept();
      await until(() => document.querySelector('[data-testid^="hold-"]'));
      out.holdAt = wall();
      if (viaPanel) document.querySelector('[data-testid^="hold-"]').click();
      else c.getInitialConnection().hold();
      await until(() => document.querySelector('[data-testid="active-contact"]')?.textContent?.includes('On hold'));
      return out;
    }, { id, viaPanel });
    const reqs = await requests(since);
    for (const x of reqs) since = Math.max(since, x.seq);
    const mine = reqs.filter((x) => JSON.stringify(x.params ?? {}).includes(id));
    const at = (m) => { const x = mine.find((x) => x.method === m); return x ? Date.parse(x.time) + (Number(String(x.time).match(/\.\d{3}(\d*)/)?.[1]?.padEnd(6, '0').slice(0, 6) ?? 0) / 1e6) : NaN; };
    const acc = at('acceptContact') - r.acceptAt;
    const hold = at('holdConnection') - r.holdAt;
    lat.offerToStreams.push(r.seen - r.stamp);
    lat.offerToPanel.push(r.panel - r.stamp);
    lat.offerToFrame.push(r.frame - r.stamp);
    lat.streamsToPanel.push(r.panel - r.seen);
    if (r.refresh) lat.refreshToPanel.push(r.panel - r.refresh);
    lat.streamsToFrame.push(r.frame - r.seen);
    (viaPanel ? lat.panelAccept : lat.bareAccept).push(acc);
    (viaPanel ? lat.panelHold : lat.bareHold).push(hold);
    // The customer hangs up; the agent clears the after-call work.
    await post(`/v1/contacts/${id}/disconnect`);
    // Locators, not waitForSelector: its ElementHandles stay alive (DevTools protocol objects) and would
    // keep every call's detached panel DOM in the heap measured below.
    await page.locator('[data-testid="clear"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="clear"]').click();
    await page.locator('[data-testid="no-contact"]').waitFor({ timeout: 30_000 });
  }
  res.seconds = (Date.now() - t0) / 1000;
  await page.waitForTimeout(3000);
  res.memCalls = pid ? mem(pid) : null;
  res.heapCalls = await heap();
  // What is kept that is not the frontend's: Streams' in-page logger (kept until its 30-min roll, then one more
  // roll) and the performance timeline (Cloudscape's marks, Chromium's event timing).
  res.kept = await page.evaluate(() => {
    const l = window.connect?.getLog?.();
    const perf = {};
    for (const e of performance.getEntries()) perf[e.entryType] = (perf[e.entryType] ?? 0) + 1;
    return { streamsLogs: l?._logs?.length ?? null, streamsRolledLogs: l?._rolledLogs?.length ?? null, streamsServerBound: l?._serverBoundInternalLogs?.length ?? null, perf };
  });
  res.memCallsGC = pid ? mem(pid) : null;
  res.lat = lat;
  console.log(`browser: ${CALLS} calls in ${res.seconds.toFixed(0)} s`);
  console.log(`offer (ccpsim state timestamp, ms) → bare Streams connect.contact callback: ${fmt(lat.offerToStreams)}`);
  console.log(`offer → panel incoming view in the DOM:                 ${fmt(lat.offerToPanel)}`);
  console.log(`offer → next frame after the panel's render:            ${fmt(lat.offerToFrame)}`);
  console.log(`panel's own cost: Streams callback → panel in the DOM:   ${fmt(lat.streamsToPanel)}`);
  console.log(`panel's own cost: Streams callback → next frame:        ${fmt(lat.streamsToFrame)}`);
  console.log(`  of which: the agent refresh the panel listens to → panel in the DOM (store + React): ${fmt(lat.refreshToPanel)}`);
  const pa = [...lat.panelAccept, ...lat.panelHold], ba = [...lat.bareAccept, ...lat.bareHold];
  console.log(`accept/hold via the panel's buttons → ccpsim received: ${fmt(pa)}`);
  console.log(`accept/hold via Streams directly → ccpsim received:    ${fmt(ba)}`);
  console.log(`RESULT latency: offer_to_panel_p50_ms=${q(lat.offerToPanel, 0.5).toFixed(1)} offer_to_panel_p99_ms=${q(lat.offerToPanel, 0.99).toFixed(1)} streams_callback_p50_ms=${q(lat.offerToStreams, 0.5).toFixed(1)} streams_callback_p99_ms=${q(lat.offerToStreams, 0.99).toFixed(1)} panel_adds_p50_ms=${q(lat.streamsToPanel, 0.5).toFixed(1)} panel_adds_p99_ms=${q(lat.streamsToPanel, 0.99).toFixed(1)} panel_adds_to_frame_p99_ms=${q(lat.streamsToFrame, 0.99).toFixed(1)} refresh_to_panel_p50_ms=${q(lat.refreshToPanel, 0.5).toFixed(1)} refresh_to_panel_p99_ms=${q(lat.refreshToPanel, 0.99).toFixed(1)} action_panel_p50_ms=${q(pa, 0.5).toFixed(1)} action_panel_p99_ms=${q(pa, 0.99).toFixed(1)} action_bare_p50_ms=${q(ba, 0.5).toFixed(1)} action_bare_p99_ms=${q(ba, 0.99).toFixed(1)} (target: the panel adds ≤ 16)`);
  if (res.memIdle && res.memCalls) {
    const g = (100 * (res.memCalls.pssKiB - res.memIdle.pssKiB)) / res.memIdle.pssKiB;
    console.log(`kept in the page after ${CALLS} calls: Streams' logger ${res.kept.streamsLogs} entries (+${res.kept.streamsRolledLogs} rolled, ${res.kept.streamsServerBound} server-bound); performance entries ${JSON.stringify(res.kept.perf)}`);
    console.log(`RESULT memory-chromium: after_load_idle_${IDLE_MS / 1000}s_rss_mib=${mib(res.memIdle.rssKiB)} pss_mib=${mib(res.memIdle.pssKiB)} after_${CALLS}_calls_rss_mib=${mib(res.memCalls.rssKiB)} pss_mib=${mib(res.memCalls.pssKiB)} growth_pss_pct=${g.toFixed(1)} after_gc_pss_mib=${mib(res.memCallsGC.pssKiB)} js_heap_after_gc_mib_idle=${(res.heapIdle / 1048576).toFixed(1)} after_calls=${(res.heapCalls / 1048576).toFixed(1)}`);
  }

  // Log ingest through the real binding (frontend → wails dev websocket → Go → redaction → writer), 100-entry
  // batches of Streams-shaped entries, as fast as the page can send them, while rAF measures frame gaps.
  res.ingest = await page.evaluate(async (ms) => {
    const Logs = window.go?.bridge?.Logs;
    if (!Logs?.Ingest) return { error: 'no window.go.bridge.Logs.Ingest binding' };
    const entries = Array.from({ length: 100 }, (_, i) => ({
      component: 'ccp', level: 'TRACE', text: `AWSClient: --> Calling operation 'getAgentSnapshot' ${i}`, time: new Date().toISOString(),
      objects: i % 4 === 0 ? [{ contactId: 'c1a2b3c4-1111-2222-3333-444455556666', state: { type: 'connected' }, skew: -23 }] : [],
      exception: null, line: i, agentResourceId: null, loggerId: '1763719200000-abc', contextLayer: 'SharedWorker', tabId: 'tab-7',
    }));
    const batch = JSON.stringify({ source: 'streams-ccp', region: 'us-east-1', entries });
    const gaps = [];
    let last = performance.now(), running = true;
    const tick = () => { const t = performance.now(); gaps.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const start = performance.now();
    let n = 0, inflight = [];
    while (performance.now() - start < ms) {
      inflight.push(Logs.Ingest(batch).then((r) => { n += r.accepted; }));
      if (inflight.length >= 4) { await Promise.all(inflight); inflight = []; }
    }
    await Promise.all(inflight);
    const secs = (performance.now() - start) / 1000;
    running = false;
    gaps.sort((a, b) => a - b);
    return { records: n, seconds: secs, perSecond: n / secs, frameP50: gaps[Math.floor((gaps.length - 1) * 0.5)], frameP99: gaps[Math.floor((gaps.length - 1) * 0.99)], frameMax: gaps.at(-1), frames: gaps.length };
  }, INGEST_MS);
  if (res.ingest.error) console.log(`ingest: ${res.ingest.error}`);
  else console.log(`RESULT ingest-frontend: records_per_s=${res.ingest.perSecond.toFixed(0)} (${res.ingest.records} records in ${res.ingest.seconds.toFixed(1)} s, 100-entry batches, 4 in flight) frame_interval_p50_ms=${res.ingest.frameP50.toFixed(1)} p99_ms=${res.ingest.frameP99.toFixed(1)} max_ms=${res.ingest.frameMax.toFixed(1)}`);
} finally {
  if (OUT) writeFileSync(OUT, JSON.stringify(res, null, 2));
  await browser.close();
  await server.close();
}
