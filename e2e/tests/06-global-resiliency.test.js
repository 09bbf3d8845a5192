// Global Resiliency: initCCP with enableGlobalResiliency + secondaryCCPUrl + loginUrl against ccpsim's two
// regions; getActiveRegion, onFailoverPending, onFailoverCompleted; onConfigureError without secondaryCCPUrl.
import { useSuite, assert, until } from '../lib/harness.js';
import { activeRegionOf, agentOf, contactIn } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

const EAST = 'us-east-1';
const WEST = 'us-west-2';

function grQuery() {
  return {
    ccpUrl: s.sim.ccpUrl(EAST),
    secondaryCCPUrl: s.sim.ccpUrl(WEST),
    loginUrl: s.sim.signInUrl(EAST),
    enableGlobalResiliency: true,
  };
}

// What an inactive GR CCP may still post (Streams' Conduit.allowedEvents, src/streams.js): every
// globalResiliency:: event, configure, synchronize, acknowledge, log, server_bound_internal_log, download_log_from_ccp.
const INACTIVE_ALLOWED = /^(globalResiliency::.*|configure|synchronize|acknowledge|log|server_bound_internal_log|download_log_from_ccp)$/;

/** Asserts that `origin` posted only allowed events to the page from time `since` on. */
async function assertSilent(h, origin, since, label) {
  const bad = (await h.wire(since)).filter((m) => m.origin === origin && !INACTIVE_ALLOWED.test(m.event));
  assert.deepEqual(bad.map((m) => m.event), [], `${label}: the inactive CCP (${origin}) must stay silent but posted ${JSON.stringify(bad.slice(0, 10))}`);
}

async function startGR(h) {
  await h.start(grQuery(), { timeout: 20_000 });
  await until(async () => (await h.core()).activeRegion === EAST, { what: 'getActiveRegion() = us-east-1', timeout: 8000 });
}

s.test('GR init: two CCP iframes (one hidden), onInitialized after globalResiliency::init, getActiveRegion', async () => {
  const h = await s.open();
  await startGR(h);
  const frames = await h.iframes();
  assert.equal(frames.length, 2, `two CCP iframes: ${JSON.stringify(frames)}`);
  const east = frames.find((f) => f.src === s.sim.ccpUrl(EAST));
  const west = frames.find((f) => f.src === s.sim.ccpUrl(WEST));
  assert.ok(east && west, `iframes for both regions: ${JSON.stringify(frames)}`);
  assert.equal(east.identifier, new URL(s.sim.ccpUrl(EAST)).origin);
  assert.equal(east.hidden, false, 'the active region is shown');
  assert.equal(west.hidden, true, 'the inactive region is hidden');

  const inits = h.find('core.onInitialized');
  assert.equal(inits.length, 1);
  const bus = await h.busLog();
  const grInits = bus.filter((b) => b.name === 'globalResiliency::init').map((b) => b.gr);
  assert.ok(grInits.some((d) => d.instanceRegion === EAST && d.instanceState === 'active' && d.activeRegion === EAST), `init from east: ${JSON.stringify(grInits)}`);
  assert.ok(grInits.some((d) => d.instanceRegion === WEST && d.instanceState === 'inactive' && d.activeRegion === EAST), `init from west: ${JSON.stringify(grInits)}`);
  assert.equal(activeRegionOf(await s.sim.state()), EAST);

  // the agent is served by the active region: API calls land there; the inactive CCP stays silent
  const westOrigin = new URL(s.sim.ccpUrl(WEST)).origin;
  const westInit = (await h.wire()).find((m) => m.origin === westOrigin && m.event === 'globalResiliency::init');
  assert.ok(westInit, 'us-west-2 sent globalResiliency::init');
  await h.setState('Available');
  await h.offer({ channel: 'VOICE' });
  await assertSilent(h, westOrigin, westInit.t, 'after its globalResiliency::init');
  const eastOrigin = new URL(s.sim.ccpUrl(EAST)).origin;
  assert.ok((await h.wire()).some((m) => m.origin === eastOrigin && m.event === 'agent::update'), 'the witness sees the active CCP\'s agent::update');
  const put = (await s.sim.requests()).filter((r) => r.method === 'putAgentState').pop();
  assert.equal(put.region, EAST);
  const ag = (await h.page.evaluate(() => window.__events.filter((e) => e.name === 'agent.init').pop())).data.configuration;
  assert.match(ag.agentARN, /^arn:aws:connect:us-east-1:/);
});

s.test('failover with no active contact: onFailoverCompleted at once, region switched, API goes to the new region', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const since = await h.mark();
  await s.sim.setActiveRegion(WEST);
  const done = await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 10_000 });
  assert.deepEqual(done.data, { activeRegion: WEST, activeCcpUrl: new URL(s.sim.ccpUrl(WEST)).origin });
  assert.equal(h.find('gr.onFailoverPending', { since }).length, 0, 'no pending without active contacts');
  assert.equal((await h.core()).activeRegion, WEST, 'getActiveRegion()');
  // the new AgentDataProvider is fed from the new region (agent::fetch_agent_data_from_ccp): its first
  // update compares against 'Init' (connect.agent itself does not fire again: connect.agent.initialized stays true)
  await h.waitEvent('agent.onStateChange', { since, where: (e) => e.data.oldState === 'Init' && e.data.newState === 'Available' });
  assert.match((await h.agentInfo()).agentARN, /^arn:aws:connect:us-west-2:/, 'agent data now comes from us-west-2');
  assert.equal(h.find('agent.init', { since }).length, 0);
  const frames = await h.iframes();
  assert.equal(frames.find((f) => f.src === s.sim.ccpUrl(WEST)).hidden, false, 'west shown');
  assert.equal(frames.find((f) => f.src === s.sim.ccpUrl(EAST)).hidden, true, 'east hidden');

  const m = await h.mark();
  const quietFrom = Date.now() + 1000; // messages already in flight at the switch may still land
  await new Promise((r) => setTimeout(r, 1000));
  await h.setState('Break');
  await h.waitEvent('agent.onNotRoutable', { since: m });
  await assertSilent(h, new URL(s.sim.ccpUrl(EAST)).origin, quietFrom, 'after failing over to us-west-2');
  const put = (await s.sim.requests()).filter((r) => r.method === 'putAgentState').pop();
  assert.equal(put.region, WEST, 'API requests now reach us-west-2');
  assert.equal(activeRegionOf(await s.sim.state()), WEST);
});

s.test('failover while on a call: onFailoverPending, completed only after the contact is cleared from ACW', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE', region: EAST });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });

  const since = await h.mark();
  await s.sim.setActiveRegion(WEST);
  const pend = await h.waitEvent('gr.onFailoverPending', { since, timeout: 10_000 });
  assert.deepEqual(pend.data, { nextActiveRegion: WEST });
  assert.equal((await h.core()).activeRegion, EAST, 'still on us-east-1 while pending');

  // the call goes on in us-east-1
  await h.mustAct('hold', id, 'initial');
  await h.waitContact(id, (c) => c.initialConnection.state === 'hold', 'hold while failover pending');
  await h.mustAct('resume', id, 'initial');
  await s.sim.disconnect(id);
  await h.waitEvent('contact.onACW', { contactId: id, since });
  await h.expectNoEvent('gr.onFailoverCompleted', { since, within: 1500 });
  assert.equal(agentOf(await s.sim.state()).failoverPendingTo, WEST);

  await h.mustAct('clear', id);
  const done = await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 10_000 });
  assert.deepEqual(done.data, { activeRegion: WEST, activeCcpUrl: new URL(s.sim.ccpUrl(WEST)).origin });
  assert.equal((await h.core()).activeRegion, WEST);
  assert.equal(h.find('gr.onFailoverPending', { since }).length, 1, 'pending fired once');
  assert.equal(contactIn(await s.sim.state(), id), undefined);
});

s.test('failover while a contact rings: onFailoverPending; completed when the offer is rejected (back to the old queue)', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE', region: EAST });
  await h.waitEvent('contact.onConnecting', { contactId: id });

  const since = await h.mark();
  await s.sim.setActiveRegion(WEST);
  const pend = await h.waitEvent('gr.onFailoverPending', { since, timeout: 10_000 });
  assert.deepEqual(pend.data, { nextActiveRegion: WEST });
  await h.expectNoEvent('gr.onFailoverCompleted', { since, within: 1500 });
  assert.equal((await h.core()).activeRegion, EAST, 'still on us-east-1 while the offer rings');

  await h.mustAct('reject', id);
  const done = await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 10_000 });
  assert.equal(done.data.activeRegion, WEST);
  assert.equal((await h.core()).activeRegion, WEST);
  const st = await s.sim.state();
  assert.equal(agentOf(st).failoverPendingTo, undefined);
  assert.ok(st.queued.some((c) => c.contactId === id && c.region === EAST), `the rejected call waits in us-east-1's queue: ${JSON.stringify(st.queued)}`);
});

s.test('failover: a chat holds it pending, a task does not', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const task = await h.offer({ channel: 'TASK', name: 'GR task', region: EAST });
  const chat = await h.offer({ channel: 'CHAT', region: EAST });
  await h.waitEvent('contact.onConnecting', { contactId: task });
  await h.waitEvent('contact.onConnecting', { contactId: chat });
  await h.mustAct('accept', chat);
  await h.waitEvent('contact.onConnected', { contactId: chat });

  let since = await h.mark();
  await s.sim.setActiveRegion(WEST);
  await h.waitEvent('gr.onFailoverPending', { since, timeout: 10_000 });
  await s.sim.disconnect(chat);
  await h.waitEvent('contact.onACW', { contactId: chat, since });
  await h.mustAct('clear', chat);
  // only the task is left: it does not hold the failover
  const done = await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 10_000 });
  assert.equal(done.data.activeRegion, WEST);
});

s.test('forceFailover: ends a pending failover at once, even with the call still up', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE', region: EAST });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  const since = await h.mark();
  await s.sim.setActiveRegion(WEST);
  await h.waitEvent('gr.onFailoverPending', { since, timeout: 10_000 });
  await h.mustAct('forceFailover');
  const done = await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 10_000 });
  assert.equal(done.data.activeRegion, WEST);
  assert.equal((await h.core()).activeRegion, WEST);
  assert.equal(activeRegionOf(await s.sim.state()), WEST);
});

s.test('onConfigureError: enableGlobalResiliency without secondaryCCPUrl; a single CCP still initializes', async () => {
  const h = await s.open();
  await h.start({ ccpUrl: s.sim.ccpUrl(EAST), enableGlobalResiliency: true, loginUrl: s.sim.signInUrl(EAST) });
  const ev = await h.waitEvent('gr.onConfigureError');
  assert.equal(ev.data.$error, 'Error');
  assert.match(ev.data.message, /secondaryCCPUrl was not provided/);
  const frames = await h.iframes();
  assert.equal(frames.length, 1, 'one CCP iframe (not GR)');
  const ar = (await h.core()).activeRegion;
  assert.ok(ar === undefined || ar === null, `getActiveRegion() stays unset without GR, got ${ar}`);
});
