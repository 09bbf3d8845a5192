// Negative cases: an injected API error reaches the failure callback with the real error shape; an action
// Connect would refuse gets the same shape; an unapproved origin gets no CCP; an expired session gives auth_fail.
import { useSuite, assert, Harness, sleep } from '../lib/harness.js';
import { agentOf, nameOf } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE, unapprovedServer: true });

/** Checks Streams' error: a JSON string {type, message, stack, retryStatus, statusCode} (src/client.js). */
function parseApiError(r) {
  assert.equal(r.ok, false, `the failure callback runs: ${JSON.stringify(r)}`);
  assert.equal(r.errType, 'string', `err is a JSON string, got ${r.errType}: ${JSON.stringify(r.err)}`);
  const e = JSON.parse(r.err);
  assert.deepEqual(Object.keys(e).sort(), ['message', 'retryStatus', 'stack', 'statusCode', 'type'], `error keys: ${r.err}`);
  assert.ok(Array.isArray(e.stack), 'stack is an array');
  return e;
}

s.test('injected API error: setState fails with {type,message,stack,retryStatus,statusCode}; count 1 then OK', async () => {
  const h = await s.open();
  await h.start(s.query());
  const f = await s.sim.fault({ kind: 'api_error', method: 'putAgentState', statusCode: 400, type: 'InvalidStateException', message: 'Injected for the e2e suite', count: 1 });
  assert.ok(f.id, 'fault id');

  const r = await h.act('setState', 'Available');
  const e = parseApiError(r);
  assert.equal(e.type, 'InvalidStateException');
  assert.equal(e.message, 'Injected for the e2e suite');
  assert.equal(e.statusCode, 400);
  assert.equal(e.retryStatus, 'none');
  assert.equal(nameOf(agentOf(await s.sim.state()).state), 'Offline', 'the failed request changed nothing');
  const rec = (await s.sim.requests()).filter((x) => x.method === 'putAgentState');
  assert.equal(rec.length, 1);
  assert.match(rec[0].error || '', /InvalidStateException/, `the request log records the error: ${JSON.stringify(rec[0])}`);

  // count 1: the next call succeeds
  await h.setState('Available');
});

s.test('injected error on acceptContact: Streams reports "error" to accept\'s failure callback; a 5xx keeps its code', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await s.sim.fault({ kind: 'api_error', method: 'acceptContact', statusCode: 400, type: 'InvalidStateException', count: 1 });
  const r = await h.act('accept', id);
  assert.deepEqual({ ok: r.ok, err: r.err }, { ok: false, err: 'error' }, 'contact.accept maps failures to ContactStateType.ERROR');
  assert.equal(h.find('contact.onAccepted', { contactId: id }).length, 0, 'no onAccepted after a failed accept');

  await s.sim.fault({ kind: 'api_error', method: 'holdConnection', statusCode: 503, type: 'ServiceUnavailableException', message: 'try later' });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  const e = parseApiError(await h.act('hold', id, 'initial'));
  assert.equal(e.statusCode, 503);
  assert.equal(e.type, 'ServiceUnavailableException');
  await s.sim.clearFaults();
  await h.mustAct('hold', id, 'initial');
});

s.test('an action Connect refuses (clear a connected contact, accept a connected one) gets the real error shape', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  const e = parseApiError(await h.act('clear', id));
  assert.equal(e.type, 'InvalidStateException');
  assert.ok(e.statusCode >= 400 && e.statusCode < 500, `4xx, got ${e.statusCode}`);
  assert.equal((await h.contactInfo(id)).state, 'connected', 'nothing changed');
  const again = await h.act('accept', id);
  assert.deepEqual({ ok: again.ok, err: again.err }, { ok: false, err: 'error' });
  // the same kind of refusal through the control API is a 409
  const r = await s.sim.raw('POST', '/v1/agents/agent1/state', { state: 'Offline' });
  assert.equal(r.status, 409, `going Offline during a call: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.error.code, 'conflict');
  assert.equal((await h.contactInfo(id)).state, 'connected', 'still connected');
});

s.test('unapproved origin: the CCP refuses to be framed, no onInitialized', async () => {
  // the session exists (signed in through the approved page) so only the origin check can refuse
  const h = await s.open();
  await h.start(s.query());

  // the CCP page's CSP names the approved origins only
  const res = await fetch(s.sim.ccpUrl());
  const csp = res.headers.get('content-security-policy') || '';
  assert.match(csp, /frame-ancestors/, `CSP frame-ancestors on the CCP page: ${csp}`);
  assert.ok(csp.includes(s.web.origin), `approved origin ${s.web.origin} in ${csp}`);
  assert.ok(!csp.includes(s.web2.origin), `unapproved origin ${s.web2.origin} not in ${csp}`);

  const bad = await s.open();
  await bad.goto(Harness.url(s.web2, s.query()));
  await bad.expectNoEvent('core.onInitialized', { within: 8000 });
  assert.equal(bad.find('agent.init').length, 0, 'no agent data reached the unapproved page');
  // Chromium reports the CSP violation and shows its error page instead of the CCP document
  const blocked = s.browser.log.some((l) => l.page === bad.page.__id && /frame-ancestors/i.test(l.text));
  assert.ok(blocked, `Chromium blocked framing by frame-ancestors; console: ${s.browser.logText(/frame/i)}`);
  const ccpOrigin = new URL(s.sim.ccpUrl()).origin;
  const frameUrls = bad.page.frames().filter((f) => f !== bad.page.mainFrame()).map((f) => f.url());
  assert.ok(frameUrls.length >= 1, 'Streams created the iframe');
  assert.ok(frameUrls.every((u) => !u.startsWith(ccpOrigin)), `no CCP document loaded in the unapproved page: ${JSON.stringify(frameUrls)}`);
  const ccps = (await s.sim.state()).ccps || [];
  assert.ok(!ccps.some((c) => c.parentOrigin === s.web2.origin), `no CCP connection from ${s.web2.origin}: ${JSON.stringify(ccps)}`);
});

s.test('sign-in redirects only to approved origins (no open redirect)', async () => {
  const ok = await fetch(s.sim.signInAndGoTo(Harness.url(s.web, s.query())), { redirect: 'manual' });
  assert.ok(ok.status >= 300 && ok.status < 400 && ok.headers.get('location'), `approved destination: redirect, got ${ok.status}`);
  assert.ok((ok.headers.get('set-cookie') || '').length > 0, 'the sign-in sets the session cookie');
  const bad = await fetch(s.sim.signInAndGoTo(Harness.url(s.web2, s.query())), { redirect: 'manual' });
  assert.ok(bad.status >= 400 && bad.status < 500, `unapproved destination refused, got ${bad.status} -> ${bad.headers.get('location')}`);
  assert.equal(bad.headers.get('location'), null);
});

s.test('expired session: onAuthFail, API calls go unanswered, a new sign-in brings the CCP back', async () => {
  const h = await s.open();
  await h.start(s.query());
  const since = await h.mark();
  await s.sim.expireSession('agent1');
  await h.waitEvent('core.onAuthFail', { since });
  // right after auth_fail, and again later: an API call of an expired session gets no api_response
  // (the worker answers a 401 with auth_fail {authorize:true} only; protocol §3.1, docs/ccpsim.md)
  const first = await h.actWithin(2000, 'setState', 'Available');
  await sleep(500); // a later click, once the CCP has had time to drop its link
  const later = await h.actWithin(2000, 'setState', 'Break');
  assert.deepEqual({ first, later }, { first: { pending: true }, later: { pending: true } }, 'API calls after expiry stay unanswered');
  assert.notEqual(nameOf(agentOf(await s.sim.state()).state), 'Available', 'nothing changed after expiry');

  // signing in again (top-level, as the user would after onAuthFail) gives a working CCP
  await h.start(s.query());
  await h.setState('Available');
});
