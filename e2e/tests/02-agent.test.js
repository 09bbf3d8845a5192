// connect.agent: onStateChange / onRoutable / onNotRoutable / onOffline / onAfterCallWork, getAgentStates /
// setState, getEndpoints (three kinds, paged), connect (outbound), mute / unmute, enqueueNextState.
import { useSuite, assert, until } from '../lib/harness.js';
import { agentOf, contactIn, nameOf } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

/** Offers an inbound voice contact, accepts it and waits until it is connected. */
async function connectedCall(h, body = {}) {
  const id = await h.offer({ channel: 'VOICE', ...body });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  return id;
}

s.test('getAgentStates / setState: onRoutable, onNotRoutable, onOffline, onStateChange; ccpsim agrees', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.waitEvent('agent.onOffline'); // Init -> Offline

  const info = await h.agentInfo();
  const names = info.agentStates.map((x) => x.name);
  for (const n of ['Available', 'Offline', 'Break', 'Lunch', 'Training']) assert.ok(names.includes(n), `getAgentStates() has ${n}: ${names}`);

  let since = await h.mark();
  await h.setState('Available');
  await h.waitEvent('agent.onRoutable', { since });
  let sc = await h.waitEvent('agent.onStateChange', { since });
  assert.deepEqual(sc.data, { oldState: 'Offline', newState: 'Available' });
  await h.waitState((st) => nameOf(agentOf(st).state) === 'Available', 'agent1 Available');

  since = await h.mark();
  await h.setState('Break');
  await h.waitEvent('agent.onNotRoutable', { since });
  sc = await h.waitEvent('agent.onStateChange', { since });
  assert.deepEqual(sc.data, { oldState: 'Available', newState: 'Break' });
  assert.equal((await h.agentInfo()).agent.state.type, 'not_routable');

  since = await h.mark();
  await h.setState('Offline');
  await h.waitEvent('agent.onOffline', { since });

  // a state set from the server side (control API) reaches the page too
  since = await h.mark();
  await s.sim.setAgentState('agent1', 'Lunch');
  sc = await h.waitEvent('agent.onStateChange', { since });
  assert.deepEqual(sc.data, { oldState: 'Offline', newState: 'Lunch' });

  // the requests ccpsim received carry the state Streams sent
  const puts = (await s.sim.requests()).filter((r) => r.method === 'putAgentState');
  assert.deepEqual(puts.map((r) => r.params.state.name), ['Available', 'Break', 'Offline']);
  for (const r of puts) {
    // agent.setState(state, cb) without options sends enqueueNextState: undefined (options && ...), i.e. absent
    assert.ok(!r.params.enqueueNextState, `enqueueNextState not set: ${JSON.stringify(r.params)}`);
    assert.match(r.params.state.agentStateARN, /^arn:aws:connect:us-east-1:[0-9]{12}:instance\/[0-9a-f-]+\/agent-state\/[0-9a-f-]+$/);
  }
});

s.test('getEndpoints: quick connects of the three kinds, fetched page by page', async () => {
  const h = await s.open();
  await h.start(s.query());
  const data = await h.mustAct('getEndpoints');
  const eps = data.endpoints;
  assert.equal(eps.length, 4, `all four configured quick connects, got ${JSON.stringify(eps)}`);
  assert.equal(data.addressesCount, 4, 'addresses alias');
  assert.deepEqual([...new Set(eps.map((e) => e.type))].sort(), ['agent', 'phone_number', 'queue']);
  const byName = Object.fromEntries(eps.map((e) => [e.name, e]));
  assert.equal(byName['Escalations desk'].phoneNumber, '+15555550199');
  assert.equal(byName['Sales queue'].type, 'queue');
  assert.equal(byName['Supervisor'].type, 'agent');
  assert.equal(new Set(eps.map((e) => e.endpointARN)).size, 4, 'distinct endpoint ARNs');
  for (const e of eps) {
    assert.match(e.endpointARN, /^arn:aws:connect:us-east-1:[0-9]{12}:instance\/[0-9a-f-]+\/transfer-destination\/[0-9a-f-]+$/, `endpoint ARN ${e.endpointARN}`);
    assert.equal(e.endpointId, e.endpointARN, 'connect.Endpoint sets endpointId = endpointARN');
  }

  const reqs = (await s.sim.requests()).filter((r) => r.method === 'getEndpoints');
  assert.ok(reqs.length >= 2, `quickConnectPageSize 2 means at least two getEndpoints pages, got ${reqs.length}`);
  assert.equal(reqs[0].params.nextToken, null, 'the first page has no token');
  assert.ok(reqs[1].params.nextToken, `the second page carries the token from the first: ${JSON.stringify(reqs[1].params)}`);
  assert.ok(Array.isArray(reqs[0].params.queueARNs) && reqs[0].params.queueARNs.length >= 3, 'queueARNs sent');
});

s.test('connect (outbound): CallingCustomer, outbound initial connection, connected when the customer answers', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const since = await h.mark();
  await h.mustAct('connect', '+15555550123');
  const init = await h.waitEvent('contact.init', { since });
  const id = init.contactId;
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await until(async () => (await h.agentInfo()).agent.state.name === 'CallingCustomer', { what: 'agent state CallingCustomer' });

  const c = await h.contactInfo(id);
  assert.equal(c.type, 'voice');
  assert.equal(c.initiationMethod, 'outbound');
  assert.equal(c.isInbound, false);
  assert.equal(c.initialConnection.type, 'outbound');
  assert.equal(c.initialConnection.endpoint.phoneNumber, '+15555550123');
  assert.equal(c.agentConnection.type, 'agent');
  assert.equal(c.queue && c.queue.name, 'BasicQueue', 'default outbound queue');

  const req = (await s.sim.requests()).find((r) => r.method === 'createOutboundContact');
  assert.ok(req, 'createOutboundContact reached ccpsim');
  assert.equal(req.params.endpoint.phoneNumber, '+15555550123');
  assert.equal(req.params.endpoint.type, 'phone_number');
  assert.match(req.params.queueARN, /\/queue\//);

  await s.sim.answer(id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  await until(async () => (await h.agentInfo()).agent.state.name === 'Busy', { what: 'agent state Busy' });

  // the agent hangs up: after-call work, then clear
  let mark = await h.mark();
  await h.mustAct('destroy', id, 'agent');
  await h.waitEvent('contact.onACW', { contactId: id, since: mark });
  await h.waitEvent('contact.onEnded', { contactId: id, since: mark });
  await h.waitEvent('agent.onAfterCallWork', { since: mark });
  mark = await h.mark();
  await h.mustAct('clear', id);
  await h.waitEvent('contact.onDestroy', { contactId: id, since: mark });
  await h.waitEvent('agent.onRoutable', { since: mark });
  const sc = await h.waitEvent('agent.onStateChange', { since: mark });
  assert.deepEqual(sc.data, { oldState: 'AfterCallWork', newState: 'Available' });
});

s.test('mute / unmute: the broadcast reaches the CCP, onMuteToggle reports it', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await connectedCall(h);
  let since = await h.mark();
  await h.mustAct('mute');
  let ev = await h.waitEvent('agent.onMuteToggle', { since });
  assert.deepEqual(ev.data, { muted: true });
  await h.waitState((st) => agentOf(st).muted === true, 'agent1 muted');
  since = await h.mark();
  await h.mustAct('unmute');
  ev = await h.waitEvent('agent.onMuteToggle', { since });
  assert.deepEqual(ev.data, { muted: false });
  await h.waitState((st) => agentOf(st).muted === false, 'agent1 unmuted');
  assert.ok(contactIn(await s.sim.state(), id), 'the call is still there');
});

s.test('enqueueNextState: onEnqueuedNextState during a call, the state applies when the contact is cleared', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await connectedCall(h);

  let since = await h.mark();
  await h.setState('Break', { enqueueNextState: true });
  await h.waitEvent('agent.onEnqueuedNextState', { since });
  const info = await h.agentInfo();
  assert.equal(info.agent.nextState && info.agent.nextState.name, 'Break', `getNextState(): ${JSON.stringify(info.agent)}`);
  assert.equal(info.agent.state.name, 'Busy', 'still on the call');
  await h.waitState((st) => agentOf(st).nextState === 'Break', 'nextState Break');
  const put = (await s.sim.requests()).filter((r) => r.method === 'putAgentState').pop();
  assert.equal(put.params.enqueueNextState, true);

  since = await h.mark();
  await s.sim.disconnect(id);
  await h.waitEvent('agent.onAfterCallWork', { since });
  assert.equal((await h.agentInfo()).agent.nextState?.name, 'Break', 'next state kept through ACW');

  since = await h.mark();
  await h.mustAct('clear', id);
  await h.waitEvent('agent.onNotRoutable', { since });
  const sc = await h.waitEvent('agent.onStateChange', { since });
  assert.deepEqual(sc.data, { oldState: 'AfterCallWork', newState: 'Break' });
  await h.waitEvent('agent.onClearedNextState', { since });
  await h.waitState((st) => nameOf(agentOf(st).state) === 'Break' && !agentOf(st).nextState, 'agent1 in Break with no next state');
});

s.test('broadcast echo: viewContact, camera device and background blur come back to the page', async () => {
  const h = await s.open();
  await h.start(s.query());
  const since = await h.mark();
  await h.mustAct('viewContact', 'c-1234');
  const v = await h.waitEvent('core.onViewContact', { since });
  assert.equal(v.data.contactId, 'c-1234');
  await h.mustAct('setCameraDevice', 'camera-1');
  const cam = await h.waitEvent('agent.onCameraDeviceChanged', { since });
  assert.deepEqual(cam.data, { deviceId: 'camera-1' });
  await h.mustAct('setBackgroundBlur', true);
  const blur = await h.waitEvent('agent.onBackgroundBlurChanged', { since });
  assert.deepEqual(blur.data, { isBackgroundBlurEnabled: true });
});

s.test('setConfiguration: updateAgentConfiguration, reload_agent_configuration, the new configuration in the next snapshot', async () => {
  const h = await s.open();
  const init = await h.start(s.query());
  assert.equal(init.data.configuration.softphoneEnabled, true);
  await h.mustAct('setConfiguration', { softphoneEnabled: false, extension: '+15555550150', agentPreferences: { LANGUAGE: 'fr_FR' } });
  await until(async () => (await h.agentInfo()).softphoneEnabled === false, { what: 'isSoftphoneEnabled() false after reload' });
  const cfg = await h.page.evaluate(() => { const c = new connect.Agent().getConfiguration(); return { ext: c.extension, prefs: c.agentPreferences }; });
  assert.equal(cfg.ext, '+15555550150', 'getExtension()');
  assert.equal(cfg.prefs.LANGUAGE, 'fr_FR');
  const req = (await s.sim.requests()).find((r) => r.method === 'updateAgentConfiguration');
  assert.equal(req.params.configuration.agentPreferences.locale, 'fr_FR', 'Streams copies LANGUAGE into locale');
  assert.equal(agentOf(await s.sim.state()).softphoneEnabled, false);
});

s.test('getFrameMediaDevices: the CCP frame answers media_device_request with its devices (no "Timeout exceeded")', async () => {
  const h = await s.open();
  await h.start(s.query());
  const r = await h.act('getFrameMediaDevices');
  assert.ok(r.ok, `getFrameMediaDevices resolved: ${JSON.stringify(r)}`);
  assert.ok(Array.isArray(r.data), 'an array of devices');
});
