// Faults beyond a plain API error (docs/ccpsim.md "Faults", "Link loss"): a 401 (auth_fail, no answer), the
// CCP's link to the service dropping and coming back, snapshot latency. Plus the control API's bad-input answers.
import { useSuite, assert } from '../lib/harness.js';
import { contactIn, startCcpsim } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

s.test('api_error 401: no api_response, auth_fail {authorize:true} (as the worker does)', async () => {
  const h = await s.open();
  await h.start(s.query());
  await s.sim.fault({ kind: 'api_error', method: 'putAgentState', statusCode: 401, type: 'UnauthorizedException', count: 1 });
  const since = await h.mark();
  const r = await h.actWithin(2000, 'setState', 'Available');
  assert.deepEqual(r, { pending: true }, 'a 401 gets no api_response');
  const af = await h.waitEvent('core.onAuthFail', { since });
  assert.deepEqual(af.data, { authorize: true });
});

s.test('drop_link: onWebSocketConnectionLost, API calls fail with NetworkingError, keepalive goes on; back when cleared', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  let since = await h.mark();
  await s.sim.fault({ kind: 'drop_link' });
  await h.waitEvent('agent.onWebSocketConnectionLost', { since });

  const r = await h.act('setState', 'Break');
  assert.equal(r.ok, false, `API call during link loss fails: ${JSON.stringify(r)}`);
  const e = JSON.parse(r.err);
  assert.equal(e.type, 'NetworkingError');
  assert.ok(Array.isArray(e.stack));
  assert.equal(h.find('core.onAuthFail', { since }).length, 0, 'a dropped link is not an auth failure');
  // The CCP frame answers for its own media devices, as the real CCP does: no round trip to the service.
  const devices = await h.act('getFrameMediaDevices');
  assert.ok(devices.ok && Array.isArray(devices.data), `getFrameMediaDevices during link loss: ${JSON.stringify(devices)}`);

  // a contact arrives while the link is down; the page learns about it once the link is back
  const id = await s.sim.createContact({ channel: 'VOICE' });
  await h.waitState((st) => contactIn(st, id)?.state === 'connecting', 'contact offered in ccpsim', 5000);
  assert.equal(h.find('contact.init', { contactId: id }).length, 0, 'the page cannot see it yet');

  since = await h.mark();
  await s.sim.clearFaults();
  await h.waitEvent('agent.onWebSocketConnectionGained', { since, timeout: 8000 });
  await h.waitEvent('contact.onConnecting', { contactId: id, since, timeout: 8000 });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
});

s.test('snapshot_latency: the API answers at once, the snapshot arrives late', async () => {
  const h = await s.open();
  await h.start(s.query());
  await s.sim.fault({ kind: 'snapshot_latency', ms: 1000 });
  const since = await h.mark();
  const t0 = await h.page.evaluate(() => Date.now());
  await h.mustAct('setState', 'Available');
  const ok = await h.waitEvent('act.success', { since });
  const sc = await h.waitEvent('agent.onStateChange', { since, timeout: 6000 });
  assert.deepEqual(sc.data, { oldState: 'Offline', newState: 'Available' });
  assert.ok(ok.t < sc.t, 'the API answer comes before the (delayed) snapshot');
  const lag = sc.t - t0;
  assert.ok(lag >= 950, `the snapshot came ${lag} ms after the request, want >= 1000`);
});

s.test('control API bad input: 400 naming the field, 404 for unknown ids', async () => {
  const sim = s.sim;
  let r = await sim.raw('POST', '/v1/contacts', '{"channel":"FAX"}');
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.code, 'bad_request');
  assert.equal(r.body.error.field, 'channel');
  r = await sim.raw('POST', '/v1/contacts', '{"channel":"VOICE","bogus":1}');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'bogus');
  r = await sim.raw('POST', '/v1/contacts', '{"channel":');
  assert.equal(r.status, 400);
  r = await sim.raw('POST', '/v1/contacts', '{"channel":"VOICE","queue":"NoSuchQueue"}');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'queue');
  r = await sim.raw('POST', '/v1/contacts/no-such-contact/disconnect');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  r = await sim.raw('POST', '/v1/agents/nobody/session/expire');
  assert.equal(r.status, 404);
  r = await sim.raw('POST', '/v1/regions/active', { region: 'eu-central-9' });
  assert.ok(r.status === 400 || r.status === 404, `unknown region: ${r.status}`);
  r = await sim.raw('POST', '/v1/faults', { kind: 'meteor' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'kind');
  // the server is fine afterwards
  const st = await sim.state();
  assert.equal(st.activeRegion, 'us-east-1');
});

s.test('loopback only: every URL in the ready line is 127.0.0.1; a non-loopback -host is refused without -allow-non-loopback', async () => {
  const urls = [...Object.values(s.sim.ready.ccpUrls), ...Object.values(s.sim.ready.signInUrls || {}), s.sim.ready.control];
  for (const u of urls) assert.equal(new URL(u).hostname, '127.0.0.1', u);
  await assert.rejects(startCcpsim({ args: ['-host', '0.0.0.0'] }), (e) => {
    assert.match(e.message, /exited before ready/);
    assert.match(e.message, /loopback/i, 'the error explains why');
    return true;
  });
});
