// Where the panel's per-call work goes, in headless Chromium against wails dev (run through bench/browser.sh):
//
//   BENCH_JS=$PWD/bench/profile.mjs PROFILE=renders CALLS=20 VITE_BUILD_FLAGS="--minify false" sh bench/browser.sh /tmp/prof
//   BENCH_JS=$PWD/bench/profile.mjs PROFILE=alloc CALLS=40 sh bench/browser.sh /tmp/prof
//
// renders: React commits, component renders and mounts per call, and which components start each render and how
//   many renders their subtree costs (React's DevTools hook, which production builds also call; the PerformedWork
//   flag of each fiber, cleared after every commit). `--minify false` keeps the component names.
// alloc: JS bytes allocated per call, including what the GC has already collected (CDP HeapProfiler sampling), by
//   script and by function. Each call: ccpsim offers a voice call, the agent accepts and holds through the panel,
//   the customer hangs up, the agent clears; five calls warm up first.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(process.cwd() + '/frontend/package.json');
const { chromium } = require('playwright-core');
const CONTROL = process.env.CCPDESK_CONTROL;
const MODE = process.env.PROFILE ?? 'renders';
const CALLS = Number(process.env.CALLS ?? 20);
if (!CONTROL) throw new Error('CCPDESK_CONTROL is not set (run through bench/browser.sh)');
if (MODE !== 'renders' && MODE !== 'alloc') throw new Error(`PROFILE=${MODE}: want renders or alloc`);
const post = async (path, body) => {
  const r = await fetch(CONTROL + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : '' });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json().catch(() => ({}));
};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
if (MODE === 'renders') {
  await page.addInitScript(() => {
    const st = (window.__rs = { commits: 0, rendered: {}, mounted: {}, roots: {}, weight: {}, on: false });
    const nameOf = (t) => { if (!t) return '?'; if (typeof t === 'string') return t; return t.displayName || t.name || (t.render && (t.render.displayName || t.render.name)) || (t.type && nameOf(t.type)) || '?'; };
    const COMP = new Set([0, 1, 11, 14, 15]);
    window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true, renderers: new Map(), inject() { return 1; }, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
      onCommitFiberRoot(_id, root) {
        if (!st.on) return;
        st.commits++;
        // returns the number of component renders in f's siblings-chain subtrees; charges each root's subtree to it
        const walk = (f, parentRendered) => {
          let total = 0;
          while (f) {
            const did = (f.flags & 1) !== 0;
            f.flags &= ~1;
            const comp = COMP.has(f.tag);
            const r = comp ? did : parentRendered;
            let mine = comp && did ? 1 : 0;
            const sub = walk(f.child, r);
            mine += sub;
            if (comp && did) {
              const n = nameOf(f.type);
              if (!f.alternate) st.mounted[n] = (st.mounted[n] || 0) + 1;
              else st.rendered[n] = (st.rendered[n] || 0) + 1;
              if (!parentRendered) { st.roots[n] = (st.roots[n] || 0) + 1; st.weight[n] = (st.weight[n] || 0) + mine; }
            }
            total += mine;
            f = f.sibling;
          }
          return total;
        };
        walk(root.current.child, false);
      },
    };
  });
}
await page.goto('http://localhost:34115/');
await page.locator('[data-testid="agent-state"]').waitFor({ timeout: 90_000 });
await post('/v1/agents/agent1/state', { state: 'Available' });
await page.waitForFunction(() => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith('Available'), null, { timeout: 30_000 });
async function oneCall() {
  const { contactId: id } = await post('/v1/contacts', { channel: 'VOICE', from: '+15555550100', queue: 'BasicQueue' });
  await page.locator('[data-testid="accept"]').click({ timeout: 30_000 });
  await page.locator('[data-testid^="hold-"]').first().click({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="active-contact"]')?.textContent?.includes('On hold'), null, { timeout: 30_000 });
  await post(`/v1/contacts/${id}/disconnect`);
  await page.locator('[data-testid="clear"]').click({ timeout: 30_000 });
  await page.locator('[data-testid="no-contact"]').waitFor({ timeout: 30_000 });
}
for (let i = 0; i < 5; i++) await oneCall();
const cdp = MODE === 'alloc' ? await page.context().newCDPSession(page) : null;
if (cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
} else {
  await page.evaluate(() => { window.__rs.on = true; });
}
const t0 = Date.now();
for (let i = 0; i < CALLS; i++) await oneCall();
const secs = (Date.now() - t0) / 1000;
if (cdp) {
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  if (process.env.OUT) writeFileSync(process.env.OUT.replace(/\.json$/, '') + '-alloc.json', JSON.stringify(profile));
  const self = new Map();
  const byUrl = new Map();
  let total = 0;
  const walk = (n) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    total += n.selfSize;
    self.set(key, (self.get(key) ?? 0) + n.selfSize);
    const u = f.url.split('/').pop() || '(native)';
    byUrl.set(u, (byUrl.get(u) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  const kib = (v) => (v / CALLS / 1024).toFixed(1).padStart(7);
  console.log(`alloc: ${CALLS} calls in ${secs.toFixed(1)} s; ${(total / 1048576).toFixed(1)} MiB allocated, ${(total / CALLS / 1024).toFixed(0)} KiB per call`);
  console.log('--- KiB per call, by script');
  for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(kib(v), k);
  console.log('--- KiB per call, by function (self)');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(kib(v), k);
} else {
  const rs = await page.evaluate(() => window.__rs);
  const top = (o, n = 25) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / CALLS).toFixed(1)} ${k}`).join('\n');
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  console.log(`renders: calls=${CALLS} ${secs.toFixed(1)} s; commits/call ${(rs.commits / CALLS).toFixed(1)}; component renders/call ${(sum(rs.rendered) / CALLS).toFixed(0)}; mounts/call ${(sum(rs.mounted) / CALLS).toFixed(0)}`);
  console.log('--- render roots per call (a rendered component whose parent did not)\n' + top(rs.roots));
  console.log('--- subtree renders charged to each root, per call\n' + top(rs.weight, 20));
  console.log('--- renders per call\n' + top(rs.rendered, 12));
  console.log('--- mounts per call\n' + top(rs.mounted, 15));
}
await browser.close();
