// Whole-system region tracking and log capture in headless Chromium: the real frontend
// (wails dev's browser mode, bindings over its websocket to the real Go services: region
// tracker, log writer) + the unmodified amazon-connect-streams + ccpsim (in-process sandbox,
// two regions). No fake connect object anywhere.
//
// Needs `wails dev` serving http://localhost:34115 with CCPDESK_SANDBOX_HOST=localhost;
// e2e/run.sh starts it. Every wait is a bounded poll (loaded 2-core machines): no fixed sleeps.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ART, REGIONS, URL, helpers, launch } from './lib.mjs';

const T = 45_000;
const BURST = 60; // × 20 KB: over one 1 MiB shipper batch
// The region active when the suite starts (another suite may have left the sandbox failed over)
// and the other one: failover goes A → B, failback B → A.
let A = REGIONS[0];
let B = REGIONS[1];

let browser;
let page;
const { signIn, openSimulator, recordBanner, setState, clearAll, failoverTo, activeRegion, bannerPhase, bannerMark, bannerShown, marker } = helpers(
  () => page,
  T,
);

before(async () => {
  ({ browser, page } = await launch());
  await page.goto(URL);
  await signIn();
  await openSimulator();
  await setState('Available');
  await page.waitForFunction(() => document.querySelector('[data-testid="region"]')?.getAttribute('data-active'), null, { timeout: T });
  A = await page.getAttribute('[data-testid="region"]', 'data-active');
  B = REGIONS.find((r) => r !== A);
  await recordBanner();
});

after(async () => {
  await page?.screenshot({ path: `${ART}/region-logs-last.png` }).catch(() => {});
  await browser?.close();
});

const navigations = () => page.evaluate(() => performance.getEntriesByType('navigation').length);

test("badge: the active region and both instances' health", async () => {
  await activeRegion(A);
  // Both CCPs answer keepalives; the inactive one's ACKs are its only sign of life.
  await page.waitForFunction(
    (rs) => rs.every((r) => document.querySelector(`[data-testid="region-health-${r}"]`)?.getAttribute('data-status') === 'healthy'),
    REGIONS,
    { timeout: T },
  );
  await page.screenshot({ path: `${ART}/region-badge.png` });
});

test('failover with no contact: immediate; the badge switches; no reload', async () => {
  const m = await marker();
  const b = await bannerMark();
  await failoverTo(B);
  await activeRegion(B);
  await bannerShown('completed', b);
  const phases = await page.evaluate((x) => window.__bannerPhases.slice(x), b);
  assert.ok(!phases.includes('pending'), `no pending without a contact: ${phases}`);
  assert.equal(await marker(), m, 'the page was not reloaded');
  // The agent keeps working in the new region.
  await setState('Break');
  await setState('Available');
});

test('failback with an active call: pending until after-contact work is cleared, then completed', async () => {
  const m = await marker();
  await page.click('[data-testid="simulator"] button:has-text("Call")');
  await page.fill('[data-testid="simulator"] input >> nth=0', '+15555550142');
  await page.click('[data-testid="sim-make-contact"]');
  await page.waitForSelector('[data-testid="accept"]', { timeout: T });
  await page.click('[data-testid="accept"]');
  await page.waitForSelector('[data-testid="active-contact"]', { timeout: T });

  await failoverTo(A);
  await bannerPhase('pending');
  const pending = await page.textContent('[data-testid="failover-banner"]');
  assert.ok(pending.includes(`Moving to ${A} after this contact`), pending);
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), B, 'still in the old region while the call lasts');

  await page.click('[data-testid="end"]');
  await page.waitForSelector('[data-testid="acw-timer"]', { timeout: T });
  // After-contact work still holds the failover.
  await page.waitForFunction(() => /after-contact work/.test(document.querySelector('[data-testid="failover-banner"]')?.textContent ?? ''), null, { timeout: T });
  assert.equal(await page.getAttribute('[data-testid="failover-banner"]', 'data-phase'), 'pending');
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), B);

  const b = await bannerMark();
  await clearAll();
  await activeRegion(A);
  await bannerShown('completed', b);
  assert.equal(await marker(), m, 'the page was not reloaded');
  await page.screenshot({ path: `${ART}/failback-completed.png` });
});

test('no page reload happened during the failovers', async () => {
  assert.match(String(await marker()), /^marker-/);
  assert.equal(await navigations(), 1);
});

async function diagnostics() {
  return page.evaluate(() => window.go.bridge.Logs.Diagnostics());
}

function segmentsText(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ccplog'))
    .map((n) => readFileSync(join(dir, n)).toString('latin1'))
    .join('\n');
}

test('the Logs view shows the timeline of this session: API calls and agent states', async () => {
  await page.click('[data-testid="open-logs"]');
  await page.waitForSelector('[data-testid="logs-view"]', { timeout: T });
  const ok = () =>
    page.evaluate(() => {
      const api = document.querySelector('[data-testid="logs-api"]')?.textContent ?? '';
      const states = document.querySelector('[data-testid="logs-agent-states"]')?.textContent ?? '';
      return /putAgentState|getAgentSnapshot|acceptContact/.test(api) && /Available/.test(states);
    });
  const deadline = Date.now() + T;
  while (!(await ok())) {
    assert.ok(Date.now() < deadline, 'the timeline shows the session: ' + ((await page.textContent('[data-testid="logs-view"]')) ?? '').slice(0, 2000));
    await page.click('[data-testid="logs-today"]'); // reload the timeline (flushes the capture first)
    await page.waitForSelector('[data-testid="logs-today"]:not([disabled])', { timeout: T });
  }
  const api = await page.textContent('[data-testid="logs-api"]');
  assert.match(api, /\d+ ms/, 'latencies shown');
  await page.waitForSelector('[data-testid^="chart-"] img', { timeout: T });
  const d = await diagnostics();
  assert.ok(d.keySource.length > 0, 'the redaction key source is reported');
  const text = segmentsText(d.dir);
  for (const src of ['"source":"streams-ccp"', '"source":"streams-crm"', '"source":"frontend"', '"source":"go"']) assert.ok(text.includes(src), `records from ${src}`);
  for (const r of REGIONS) assert.ok(text.includes(`"region":"${r}"`), `records of ${r}`);
  await page.screenshot({ path: `${ART}/logs-view.png` });
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('[data-testid="logs-view"]', { state: 'hidden', timeout: T });
});

test('an oversized ingest batch gets a clear error and stores nothing; a burst through the capture loses nothing', { timeout: 300_000 }, async () => {
  const d0 = await diagnostics();
  const res = await page.evaluate(async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ component: 'e2e', level: 'INFO', text: `oversized-canary-${i} ` + 'x'.repeat(20_000), time: new Date().toISOString() }));
    try {
      await window.go.bridge.Logs.Ingest(JSON.stringify({ source: 'frontend', region: '', entries }));
      return { ok: true };
    } catch (e) {
      // Go's {code, message} travels as JSON text in the Error's message (internal/bridge/errors_wire.go).
      try {
        return { ok: false, ...JSON.parse(e?.message ?? String(e)) };
      } catch {
        return { ok: false, code: e?.code, message: e?.message ?? String(e) };
      }
    }
  });
  assert.equal(res.ok, false);
  assert.equal(res.code, 'logs_batch_too_large', JSON.stringify(res));
  assert.match(res.message, /split/);
  assert.ok(!segmentsText(d0.dir).includes('oversized-canary-'), 'nothing of the refused batch was stored');

  // A burst through Streams' own logger, more than one shipper batch (1 MiB): batched, bounded,
  // and all of it arrives. (Streams itself needs ~1 s per 20 KB entry here — its redaction and
  // CRM broadcast — so the burst is kept just over one batch.)
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) window.connect.getLog().info(`burst-canary-${i}# ` + 'y'.repeat(20_000));
  }, BURST);
  const deadline = Date.now() + T;
  let missing = [];
  for (;;) {
    const text = segmentsText(d0.dir);
    missing = Array.from({ length: BURST }, (_, i) => i).filter((i) => !text.includes(`burst-canary-${i}#`));
    if (missing.length === 0 || Date.now() > deadline) break;
    await page.waitForTimeout(250); // poll the files (bounded by the deadline)
  }
  assert.deepEqual(missing, [], 'every captured entry reached the log');
});
