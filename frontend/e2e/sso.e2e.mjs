// SAML sign-in in headless Chromium: the real frontend (wails dev's browser mode, bindings
// over its websocket to the real Go services) with --sandbox-sso: the sign-in screen, the
// test identity provider's password and TOTP pages (the code from its test hook), the
// federation endpoint, back on the desk signed in, then a call handled. The tab navigates
// itself (Go cannot drive a browser tab), with its own address as relay state.
//
// Needs `wails dev` with --sandbox-sso and CCPDESK_SANDBOX_HOST=localhost: sh frontend/e2e/sso-run.sh
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ART, URL, launch } from './lib.mjs';

let browser;
let page;
const T = 30_000;

before(async () => {
  ({ browser, page } = await launch());
});

after(async () => {
  await page?.screenshot({ path: `${ART}/sso-last.png` }).catch(() => {});
  await browser?.close();
});

test('sign in through the identity provider (password + TOTP), land on the desk, handle a call', async () => {
  await page.goto(URL);
  // The CCP is signed out: Streams reports it (no ACK / auth failure) and the sign-in screen shows.
  await page.waitForSelector('[data-testid="signin-screen"]', { timeout: 90_000 });
  await page.waitForSelector('[data-testid="signin-reason"]', { timeout: T });
  await page.screenshot({ path: `${ART}/sso-signin.png` });
  await page.click('[data-testid="signin-button"]');

  // The identity provider, on its own origin, refusing to be framed.
  await page.waitForSelector('#username', { timeout: T });
  const idp = new globalThis.URL(page.url());
  assert.notEqual(idp.origin, new globalThis.URL(URL).origin);
  const head = await fetch(page.url());
  assert.equal(head.headers.get('x-frame-options'), 'DENY');
  await page.screenshot({ path: `${ART}/sso-idp.png` });
  await page.fill('#username', 'agent1');
  await page.fill('#password', 'sandbox-password');
  await page.click('#signin');
  await page.waitForSelector('#code', { timeout: T });
  const { code } = await (await fetch(`${idp.origin}/test/totp/agent1`)).json();
  assert.match(code, /^\d{6}$/);
  await page.fill('#code', code);
  await page.click('#verify');

  // The federation endpoint sets the session and sends the tab back (relay state).
  await page.waitForURL((u) => u.origin === new globalThis.URL(URL).origin, { timeout: T });
  await page.waitForSelector('[data-testid="agent-state"]', { timeout: 90_000 });
  await page.waitForSelector('[data-testid="signout-button"]', { timeout: T });
  assert.equal(await page.$('[data-testid="signin-screen"]'), null, 'sign-in screen gone once signed in');
  await page.screenshot({ path: `${ART}/sso-desk.png` });

  // A call, handled (the agent starts Offline after a sign-in).
  await page.click('[data-testid="state-select"] button');
  await page.click('[data-testid="state-select"] [data-value="Available"], [role="option"]:has-text("Available")');
  await page.waitForFunction(() => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith('Available'), null, { timeout: T });
  await page.click('button[aria-label="Open the simulator"]');
  await page.waitForSelector('[data-testid="simulator"]');
  await page.click('[data-testid="simulator"] button:has-text("Call")');
  await page.fill('[data-testid="simulator"] input >> nth=0', '+15555550133');
  await page.click('[data-testid="sim-make-contact"]');
  await page.waitForSelector('[data-testid="incoming-contact"]', { timeout: T });
  await page.keyboard.press('Alt+a');
  await page.waitForFunction(() => document.querySelector('[data-testid="contact-panel"]')?.getAttribute('data-phase') === 'active', null, { timeout: T });
  assert.ok((await page.textContent('[data-testid="active-contact"]')).includes('+15555550133'));
  await page.click('[data-testid="end"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="contact-panel"]')?.getAttribute('data-phase') === 'acw', null, { timeout: T });
  await page.click('[data-testid="clear"]');
  await page.waitForSelector('[data-testid="no-contact"]', { timeout: T });
});
