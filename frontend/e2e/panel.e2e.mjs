// Whole-system panel flows in headless Chromium: the real frontend (wails dev's browser
// mode, bindings over its websocket to the real Go services) + the unmodified
// amazon-connect-streams + ccpsim (in-process sandbox). No fake connect object anywhere.
//
// Needs `wails dev` serving http://localhost:34115 with CCPDESK_SANDBOX_HOST=localhost;
// e2e/run.sh starts it. Run: sh frontend/e2e/run.sh
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ART, URL, helpers, launch } from './lib.mjs';

let browser;
let page;
const T = 30_000;
const { signIn, openSimulator, setState, clearAll } = helpers(() => page, T);

before(async () => {
  ({ browser, page } = await launch());
  await page.goto(URL);
  await signIn();
  await openSimulator();
});

after(async () => {
  await page?.screenshot({ path: `${ART}/last.png` }).catch(() => {});
  await browser?.close();
});

const panel = () => page.getAttribute('[data-testid="contact-panel"]', 'data-phase');
const waitPhase = (phase, timeout = T) =>
  page.waitForFunction((p) => document.querySelector('[data-testid="contact-panel"]')?.getAttribute('data-phase') === p, phase, { timeout });
const text = (sel) => page.textContent(sel);

async function simulate(channel, from) {
  await page.click(`[data-testid="simulator"] button:has-text("${channel}")`);
  await page.fill('[data-testid="simulator"] input >> nth=0', from);
  await page.click('[data-testid="sim-make-contact"]');
}

test('agent state changes, with duration and next state', async () => {
  await setState('Break');
  assert.match(await text('[data-testid="agent-state"]'), /^Break · \d+:\d\d/);
  await setState('Available');
});

test('inbound call: accept → hold → resume → transfer → end → ACW → clear', async () => {
  await simulate('Call', '+15555550101');
  await page.waitForSelector('[data-testid="incoming-contact"]', { timeout: T });
  const incoming = await text('[data-testid="incoming-contact"]');
  for (const w of ['Incoming call', '+15555550101', 'BasicQueue', 'Time in queue', 'Account']) assert.ok(incoming.includes(w), `incoming shows ${w}: ${incoming}`);
  await page.keyboard.press('Alt+a');
  await waitPhase('active');
  // On the call Streams' state is Busy; the status dropdown keeps what the agent chose.
  await page.waitForFunction(() => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith('Busy'), null, { timeout: T });
  assert.match(await text('[data-testid="state-select"] button'), /Available/, 'the dropdown shows the chosen status on a call');
  const hold = page.locator('[data-testid^="hold-"]').first();
  await hold.click();
  await page.waitForSelector('[data-testid="active-contact"] >> text=On hold', { timeout: T });
  await page.keyboard.press('Alt+h');
  await page.waitForFunction(() => !document.querySelector('[data-testid="active-contact"]')?.textContent?.includes('On hold'), null, { timeout: T });
  await page.keyboard.press('Alt+t');
  await page.fill('[data-testid="transfer-modal"] input[type="search"], [data-testid="transfer-modal"] input >> nth=0', 'escal');
  await page.click('[aria-label="Transfer to Escalations desk"]');
  await page.waitForSelector('[data-testid="active-contact"] >> text=Third party', { timeout: T });
  await page.waitForSelector('[data-testid="join"]', { timeout: T });
  await page.screenshot({ path: `${ART}/consulting.png` });
  await page.keyboard.press('Alt+e'); // leave: the transfer completes
  await waitPhase('acw');
  assert.match(await text('[data-testid="acw-timer"]'), /After contact work · \d+:\d\d/);
  await clearAll();
});

test('outbound call from the dialer', async () => {
  await page.fill('input[aria-label="Number to call"]', '+15555550177');
  await page.click('[data-testid="agent-status"] button:has-text("Call")');
  await page.waitForSelector('[data-testid="active-contact"]', { timeout: T });
  await page.waitForSelector('[data-testid="contact-timer"] >> text=Connected', { timeout: T });
  assert.ok((await text('[data-testid="active-contact"]')).includes('+15555550177'));
  await page.click('[data-testid="end"]');
  await waitPhase('acw');
  await clearAll();
});

test('a chat and a call at once, with the switcher', async () => {
  await simulate('Chat', 'Jo Customer');
  await waitPhase('ringing');
  await page.click('[data-testid="accept"]');
  await waitPhase('active');
  await simulate('Call', '+15555550102');
  await page.waitForSelector('[data-testid="contact-switcher"]', { timeout: T });
  await waitPhase('ringing');
  await page.click('[data-testid="accept"]');
  await waitPhase('active');
  const sw = await text('[data-testid="contact-switcher"]');
  assert.ok(sw.includes('Chat Jo Customer') && sw.includes('Call +15555550102'), sw);
  await page.keyboard.press('Alt+1');
  await page.waitForSelector('[data-testid="active-contact"] >> text=Chat with Jo Customer', { timeout: T });
  await page.screenshot({ path: `${ART}/chat-and-call.png` });
  for (const b of await page.$$('[data-testid^="sim-hangup-"]')) await b.click();
  await page.waitForFunction(() => !document.querySelector('[data-testid^="sim-hangup-"]'), null, { timeout: T });
  await clearAll();
});

test('missed call: rings out, the agent recovers', async () => {
  await simulate('Call', '+15555550103');
  await waitPhase('ringing');
  await page.waitForSelector('text=You missed a contact', { timeout: 60_000 });
  assert.match(await text('[data-testid="agent-state"]'), /Missed/);
  if (await page.$('[data-testid="clear"]')) await page.click('[data-testid="clear"]');
  await page.click('[data-testid="recover-available"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith('Available'), null, { timeout: T });
});
