// Whole-system Global Resiliency cases in headless Chromium: the real frontend (wails dev's
// browser mode, bindings over its websocket to the real Go region tracker) + the unmodified
// amazon-connect-streams (two CCP iframes) + ccpsim (in-process sandbox, two regions). No fake
// connect object anywhere.
//
// Each test starts from whatever region is active and leaves no contact and no fault behind, so
// the tests do not depend on their order. Every wait is a bounded poll: no fixed sleeps.
// Needs `wails dev` on http://localhost:34115 (CCPDESK_SANDBOX_HOST=localhost); e2e/run.sh starts it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ART, REGIONS, URL, helpers, launch } from './lib.mjs';

// The app's XDG data home (run.sh): the tracker keeps the last active region in ccpdesk/region/region.json.
const DATA = process.env.CCPDESK_E2E_DATA_HOME ?? '';
const savedRegion = () => {
  assert.ok(DATA, 'CCPDESK_E2E_DATA_HOME is set by e2e/run.sh');
  return JSON.parse(readFileSync(join(DATA, 'ccpdesk', 'region', 'region.json'), 'utf8')).activeRegion;
};
const T = 45_000;

let browser;
let page;
const { signIn, openSimulator, recordBanner, setState, clearAll, failoverTo, activeRegion, bannerPhase, bannerMark, bannerShown, marker } = helpers(
  () => page,
  T,
);

before(async () => {
  ({ browser, page } = await launch());
  await page.goto(URL);
  await boot();
});

after(async () => {
  await page?.screenshot({ path: `${ART}/gr-last.png` }).catch(() => {});
  await browser?.close();
});

/** After a (re)load: signed in, Simulator drawer open, a no-reload marker and a banner-phase recorder. */
async function boot() {
  await signIn();
  await openSimulator();
  await recordBanner();
}

async function reload() {
  await page.reload();
  await boot();
}

const sim = (method, ...args) => page.evaluate(([m, a]) => window.go.bridge.Simulator[m](...a), [method, args]);
const simState = async () => JSON.parse(await sim('State'));
const lastRequestSeq = async () => JSON.parse(await sim('Requests', 0)).requests.at(-1)?.seq ?? 0;
const snapshot = () => page.evaluate(() => window.go.bridge.Region.Snapshot());

const bannerText = () => page.textContent('[data-testid="failover-banner"]');

/** A clean start: the agent Available with no contact, no failover under way; returns [from, to]. */
async function ready() {
  await page.waitForSelector('[data-testid="no-contact"]', { timeout: T });
  await setState('Available');
  await page.waitForFunction(
    () => {
      const r = document.querySelector('[data-testid="region"]');
      return r?.getAttribute('data-active') && !/failover_(detected|pending)/.test(r.getAttribute('data-phase') ?? '');
    },
    null,
    { timeout: T },
  );
  const from = await page.getAttribute('[data-testid="region"]', 'data-active');
  return [from, REGIONS.find((r) => r !== from)];
}

async function incomingCall(from) {
  await page.click('[data-testid="simulator"] button:has-text("Call")');
  await page.fill('[data-testid="simulator"] input >> nth=0', from);
  await page.click('[data-testid="sim-make-contact"]');
  await page.waitForSelector('[data-testid="incoming-contact"]', { timeout: T });
  return page.getAttribute('[data-testid="contact-panel"]', 'data-contact-id');
}

/** Polls ccpsim's state until ok(state) holds. */
async function untilSim(what, ok, timeout = T) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const st = await simState();
    if (ok(st)) return st;
    assert.ok(Date.now() < deadline, `${what}; ccpsim state: ${JSON.stringify({ agents: st.agents, queued: st.queued, ccps: st.ccps }).slice(0, 3000)}`);
    await page.waitForTimeout(250); // poll interval, bounded by the deadline
  }
}

test('failover while a contact rings: pending until the offer is rejected, then completed in the new region; no reload', async () => {
  const [from, to] = await ready();
  const m = await marker();
  const id = await incomingCall('+15555550161');

  await failoverTo(to);
  await bannerPhase('pending');
  const pending = await bannerText();
  assert.ok(pending.includes(`Moving to ${to} after this contact`), pending);
  assert.ok(pending.includes(`${id} (ringing)`), `the banner names the ringing contact: ${pending}`);
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), from, 'still in the old region while the offer rings');
  assert.ok(await page.$('[data-testid="incoming-contact"]'), 'the panel still offers the contact');
  const agent = (await simState()).agents[0];
  assert.deepEqual([agent.activeRegion, agent.failoverPendingTo], [from, to], 'ccpsim holds the failover pending');

  const b = await bannerMark();
  const seq = await lastRequestSeq();
  await page.click('[data-testid="reject"]');
  await activeRegion(to);
  await bannerShown('completed', b);
  await page.waitForSelector('[data-testid="no-contact"]', { timeout: T });
  assert.equal(await marker(), m, 'the page was not reloaded');
  // The rejected offer went back to the old region's queue; the moved agent does not get it.
  await untilSim('the rejected call is queued in the old region', (st) => st.queued.some((c) => c.contactId === id && c.region === from) && st.agents[0].activeRegion === to);
  await sim('HangUp', id);

  // After the switch the agent-state list was fetched again from the new region's CCP.
  const deadline = Date.now() + T;
  let reqs = [];
  while (!reqs.some((r) => r.method === 'getAgentStates' && r.region === to)) {
    assert.ok(Date.now() < deadline, `getAgentStates sent to ${to} after the switch: ${JSON.stringify(reqs.map((r) => [r.method, r.region]))}`);
    await page.waitForTimeout(250);
    reqs = JSON.parse(await sim('Requests', seq)).requests;
  }
  // The agent keeps working in the new region with its new statuses.
  await setState('Break');
  await setState('Available');
  await page.screenshot({ path: `${ART}/gr-ringing-completed.png` });
});

test('page reloaded during a pending failover (call active): the state recovers, then completes once after-call work is cleared', async () => {
  const [from, to] = await ready();
  const id = await incomingCall('+15555550162');
  await page.click('[data-testid="accept"]');
  await page.waitForSelector('[data-testid="active-contact"]', { timeout: T });
  await failoverTo(to);
  await bannerPhase('pending');
  const before = await snapshot();
  assert.equal(before.phase, 'failover_pending');
  assert.equal(before.targetRegion, to);
  assert.equal(savedRegion(), from, 'region.json keeps the region the agent is still in');

  await reload();
  // The tracker (in Go) kept the failover; the reloaded page shows it again, still in the old region.
  await activeRegion(from);
  await bannerPhase('pending');
  await page.waitForFunction((x) => document.querySelector('[data-testid="contact-panel"]')?.getAttribute('data-contact-id') === x, id, { timeout: T });
  await page.waitForSelector('[data-testid="active-contact"]', { timeout: T });
  const after = await snapshot();
  assert.equal(after.phase, 'failover_pending');
  assert.equal(after.targetRegion, to);
  assert.equal(after.activeRegion, from);
  assert.equal(after.restored, false);
  assert.ok(!after.stateFileError, `region state file: ${after.stateFileError}`);
  assert.ok(after.version >= before.version, 'snapshot versions only grow');
  // The banner still names the call it waits for (the tracker kept the page's contacts).
  await page.waitForFunction(
    ([t, c]) => {
      const b = document.querySelector('[data-testid="failover-banner"]')?.textContent ?? '';
      return b.includes(`Moving to ${t} after this contact`) && b.includes(c);
    },
    [to, id],
    { timeout: T },
  );
  await page.screenshot({ path: `${ART}/gr-reloaded-pending.png` });

  const m = await marker();
  await page.click('[data-testid="end"]');
  await page.waitForSelector('[data-testid="acw-timer"]', { timeout: T });
  assert.equal(await page.getAttribute('[data-testid="failover-banner"]', 'data-phase'), 'pending', 'after-call work still holds the failover');
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), from);
  const b = await bannerMark();
  await clearAll();
  await activeRegion(to);
  await bannerShown('completed', b);
  assert.equal(await marker(), m, 'no reload to complete the failover');
  const done = await snapshot();
  assert.equal(done.activeRegion, to);
  assert.ok(!done.stateFileError, `the new region was saved: ${done.stateFileError}`);
  assert.equal(savedRegion(), to, 'region.json now names the new region');
});

test("a secondary that does not approve the app's origin: shown not answering, with what to check; the active region keeps working", async () => {
  const [active, secondary] = await ready();
  const origin = await page.evaluate(() => location.origin);
  try {
    // The old page's sockets may linger in ccpsim for a while after the reload: compare by port.
    const oldPorts = new Set((await simState()).ccps.map((c) => c.portId));
    await sim('AddFault', { kind: 'unapproved_origin', region: secondary, origin });
    await reload(); // the refusal (CSP frame-ancestors) applies to pages loaded from now on
    await activeRegion(active);
    // The new page's active CCP connected; its secondary never did: the frame was refused.
    const fresh = (st, r) => st.ccps.some((c) => c.region === r && !oldPorts.has(c.portId));
    await untilSim(`the reloaded page's ${active} CCP connected`, (st) => fresh(st, active));
    await page.waitForFunction((r) => document.querySelector(`[data-testid="region-health-${r}"]`)?.getAttribute('data-problem') === 'no_answer', secondary, { timeout: T });
    assert.ok(!fresh(await simState(), secondary), `no ${secondary} CCP page of the reloaded page connected`);
    const status = await page.getAttribute(`[data-testid="region-health-${secondary}"]`, 'data-status');
    assert.ok(status === 'degraded' || status === 'down', `secondary status ${status}`);
    assert.equal(await page.getAttribute(`[data-testid="region-health-${active}"]`, 'data-status'), 'healthy');
    const guidance = await page.textContent(`[data-testid="region-guidance"][data-region="${secondary}"]`);
    for (const w of [`The ${secondary}`, 'not answering', `You keep working in ${active}`, 'approved origins', origin, 'ccpdesk doctor']) {
      assert.ok(guidance.includes(w), `guidance mentions ${w}: ${guidance}`);
    }
    await page.screenshot({ path: `${ART}/gr-secondary-not-answering.png` });
    // The active CCP still serves the agent.
    await setState('Break');
    await setState('Available');
  } finally {
    await sim('ClearFaults');
  }
  await reload();
  await page.waitForFunction((r) => document.querySelector(`[data-testid="region-health-${r}"]`)?.getAttribute('data-status') === 'healthy', secondary, { timeout: T });
  assert.equal(await page.$('[data-testid="region-guidance"]'), null, 'no guidance once the secondary answers');
});

test('a configure error the CCP reports reaches the guidance through Streams; the next page start clears it', async () => {
  await ready();
  // The message a CCP posts to the page (globalResiliency::configure_error), delivered the way
  // postMessage from its iframe is, so Streams' own conduit and onConfigureError carry it.
  // (Streams' other source, initCCP without secondaryCCPUrl/loginUrl, is refused by the app's
  // config validation; docs/global-resiliency.md.)
  const message = 'e2e: the secondary instance is not in the traffic distribution group';
  await page.evaluate((msg) => {
    const frame = [...document.querySelectorAll('iframe')].find((f) => f.style.display !== 'none' && /\/ccp-v2\//.test(f.src));
    window.dispatchEvent(new MessageEvent('message', { data: { event: 'globalResiliency::configure_error', data: { message: msg } }, source: frame.contentWindow }));
  }, message);
  await page.waitForSelector('[data-testid="configure-error"]', { timeout: T });
  const g = await page.textContent('[data-testid="configure-error"]');
  assert.ok(g.includes(message) && g.includes('same traffic distribution group'), g);
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-phase'), 'configure_error');
  await reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="region"]')?.getAttribute('data-phase') === 'active', null, { timeout: T });
  assert.equal(await page.$('[data-testid="configure-error"]'), null);
});
