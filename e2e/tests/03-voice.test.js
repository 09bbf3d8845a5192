// connect.contact on voice: onConnecting / onAccepted / onConnected / onEnded / onACW / onDestroy, onIncoming
// (queue callback), accept / reject / clear, getAttributes, getQueue, addConnection, conferenceConnections;
// connection getContactId / getEndpoint / isActive / hold / resume / destroy / sendDigits.
import { useSuite, assert, until } from '../lib/harness.js';
import { agentOf, contactIn, contactsOf, nameOf } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

async function ready(h) {
  await h.start(s.query());
  await h.setState('Available');
}

s.test('inbound voice: connecting, accept, connected, attributes and queue, customer hangs up, ACW, clear, destroy', async () => {
  const h = await s.open();
  await ready(h);
  let since = await h.mark();
  const id = await h.offer({ channel: 'VOICE', from: '+15555550142', queue: 'Sales', attributes: { customerTier: 'gold', orderId: 'A-17' }, subtype: 'connect:Telephony' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  const ring = await h.waitEvent('agent.onStateChange', { since, where: (e) => e.data.newState === 'PendingBusy' });
  assert.equal(ring.data.oldState, 'Available');
  assert.equal(h.find('contact.onIncoming', { contactId: id }).length, 0, 'an inbound call rings as connecting, not incoming');

  const c = await h.contactInfo(id);
  assert.equal(c.type, 'voice');
  assert.equal(c.state, 'connecting');
  assert.equal(c.stateTimestampIsDate, true);
  assert.equal(c.queueTimestampIsDate, true, 'getQueueTimestamp() is a Date');
  assert.equal(typeof c.stateDuration, 'number');
  assert.equal(typeof c.agentConnection.stateDuration, 'number', 'connection state timestamp is a Date');
  assert.ok(c.agentConnection.stateDuration > -1000 && c.agentConnection.stateDuration < 10000, `connection state duration ${c.agentConnection.stateDuration}`);
  assert.equal(c.isInbound, true);
  assert.equal(c.initiationMethod, 'inbound');
  assert.equal(c.queue.name, 'Sales', 'getQueue()');
  assert.match(c.queue.queueARN, /^arn:aws:connect:us-east-1:[0-9]{12}:instance\/[0-9a-f-]+\/queue\/[0-9a-f-]+$/);
  assert.deepEqual(c.attributes, { customerTier: { name: 'customerTier', value: 'gold' }, orderId: { name: 'orderId', value: 'A-17' } }, 'getAttributes()');
  assert.equal(c.subtype, 'connect:Telephony', 'getContactSubtype() from segmentAttributes');
  assert.equal(c.connections.filter((x) => x.initial).length, 1, 'exactly one initial connection');
  assert.equal(c.initialConnection.type, 'inbound');
  assert.equal(c.initialConnection.endpoint.phoneNumber, '+15555550142', 'customer getEndpoint()');
  assert.equal(c.initialConnection.endpoint.type, 'phone_number');
  assert.equal(c.agentConnection.type, 'agent');
  assert.equal(c.agentConnection.state, 'connecting');
  assert.equal(c.agentConnection.contactId, id, 'connection.getContactId()');
  assert.equal(c.agentConnection.active, true, 'a connecting agent connection isActive()');

  const st = await s.sim.state();
  assert.equal(contactIn(st, id).state, 'connecting');

  since = await h.mark();
  const acc = await h.act('accept', id);
  assert.ok(acc.ok, `accept: ${JSON.stringify(acc)}`);
  await h.waitEvent('contact.onAccepted', { contactId: id, since });
  await h.waitEvent('contact.onConnected', { contactId: id, since });
  await until(async () => (await h.agentInfo()).agent.state.name === 'Busy', { what: 'agent Busy' });
  const conn = await h.connectionInfo(id, 'agent');
  assert.equal(conn.state, 'connected');
  assert.equal(conn.active, true);
  await h.waitState((x) => contactIn(x, id)?.state === 'connected', 'contact connected');
  assert.ok((await s.sim.requests()).some((r) => r.method === 'acceptContact' && r.params.contactId === id));

  since = await h.mark();
  await s.sim.disconnect(id);
  await h.waitEvent('contact.onACW', { contactId: id, since });
  await h.waitEvent('contact.onEnded', { contactId: id, since });
  await h.waitEvent('agent.onAfterCallWork', { since });
  const ended = await h.contactInfo(id);
  assert.equal(ended.state, 'ended');
  assert.equal(ended.agentConnection.active, false, 'agent connection no longer active in ACW');
  assert.equal((await h.agentInfo()).agent.state.name, 'AfterCallWork');
  assert.equal(h.find('contact.onDestroy', { contactId: id }).length, 0, 'still present in ACW');

  since = await h.mark();
  await h.mustAct('clear', id);
  await h.waitEvent('contact.onDestroy', { contactId: id, since });
  await h.waitEvent('agent.onRoutable', { since });
  await h.waitState((x) => contactsOf(x).length === 0 && nameOf(agentOf(x).state) === 'Available', 'no contacts, Available');
  const order = h.events.filter((e) => e.contactId === id && /^contact\.on(Connecting|Accepted|Connected|ACW|Ended|Destroy)$/.test(e.name)).map((e) => e.name);
  assert.deepEqual(order, ['contact.onConnecting', 'contact.onAccepted', 'contact.onConnected', 'contact.onACW', 'contact.onEnded', 'contact.onDestroy']);
});

s.test('hold / resume / sendDigits on connections', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });

  await h.mustAct('hold', id, 'initial');
  await h.waitContact(id, (c) => c.initialConnection.state === 'hold', 'customer on hold');
  const held = await h.connectionInfo(id, 'initial');
  assert.equal(held.onHold, true);
  assert.equal(held.active, true, 'a held connection is still active');
  await h.waitState((x) => contactIn(x, id).connections.some((cn) => cn.initial && cn.state === 'hold'), 'hold in ccpsim');

  await h.mustAct('resume', id, 'initial');
  await h.waitContact(id, (c) => c.initialConnection.state === 'connected', 'customer resumed');

  await h.mustAct('sendDigits', id, 'agent', '123#');
  const req = (await s.sim.requests()).find((r) => r.method === 'sendDigits');
  assert.equal(req.params.digits, '123#');
  assert.equal(req.params.contactId, id);
  const methods = (await s.sim.requests()).map((r) => r.method);
  for (const m of ['holdConnection', 'resumeConnection', 'sendDigits']) assert.ok(methods.includes(m), `${m} in ${methods}`);
});

s.test('reject: the offered contact leaves the agent', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  const since = await h.mark();
  await h.mustAct('reject', id);
  await h.waitEvent('contact.onDestroy', { contactId: id, since, timeout: 8000 });
  assert.ok((await s.sim.requests()).some((r) => r.method === 'rejectContact' && r.params.contactId === id));
  const st = await s.sim.state();
  assert.ok(!contactsOf(st).some((c) => c.contactId === id), 'ccpsim no longer offers it to agent1');
});

s.test('queue callback: onIncoming, accept, onConnecting while dialling, onConnected when the customer answers', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE', callback: true, from: '+15555550177' });
  await h.waitEvent('contact.onIncoming', { contactId: id });
  let c = await h.contactInfo(id);
  assert.equal(c.type, 'queue_callback');
  assert.equal(c.state, 'incoming');

  const since = await h.mark();
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onAccepted', { contactId: id, since });
  await h.waitEvent('contact.onConnecting', { contactId: id, since });
  await s.sim.answer(id);
  await h.waitEvent('contact.onConnected', { contactId: id, since });
  c = await h.contactInfo(id);
  assert.equal(c.initialConnection.endpoint.phoneNumber, '+15555550177');

  await h.mustAct('destroy', id, 'agent');
  await h.waitEvent('contact.onACW', { contactId: id });
  await h.mustAct('clear', id);
  await h.waitEvent('contact.onDestroy', { contactId: id });
});

s.test('addConnection to a quick connect, conferenceConnections, third-party destroy', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  await h.mustAct('getEndpoints');

  await h.mustAct('addConnection', id, 'Escalations desk');
  let c = await h.waitContact(id, (x) => x.thirdParty && x.thirdParty.length === 1, 'a third-party connection');
  assert.equal(c.thirdParty[0].type, 'outbound');
  assert.equal(c.thirdParty[0].state, 'connecting');
  assert.equal(c.thirdParty[0].endpoint.phoneNumber, '+15555550199', 'third party getEndpoint()');
  assert.equal(c.initialConnection.state, 'hold', 'the customer is put on hold during the consult');
  const add = (await s.sim.requests()).find((r) => r.method === 'createAdditionalConnection');
  assert.equal(add.params.endpoint.name, 'Escalations desk');
  assert.equal(add.params.endpoint.endpointId, undefined, 'Streams strips endpointId');

  await s.sim.answer(id);
  c = await h.waitContact(id, (x) => x.thirdParty[0].state === 'connected', 'third party answered');

  await h.mustAct('conference', id);
  c = await h.waitContact(id, (x) => x.initialConnection.state === 'connected' && x.thirdParty[0].state === 'connected', 'all parties connected');
  assert.ok((await s.sim.requests()).some((r) => r.method === 'conferenceConnections' && r.params.contactId === id));

  const tpId = c.thirdParty[0].connectionId;
  await h.mustAct('destroy', id, tpId);
  c = await h.waitContact(id, (x) => !x.thirdParty.some((t) => t.active), 'third party gone');
  assert.equal(c.initialConnection.state, 'connected', 'the customer stays connected');
  assert.equal(c.state, 'connected');
  const d = (await s.sim.requests()).find((r) => r.method === 'destroyConnection');
  assert.equal(d.params.connectionId, tpId);
});

s.test('consult then the agent leaves: the customer stays with the third party (transfer)', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  await h.mustAct('getEndpoints');
  await h.mustAct('addConnection', id, 'Escalations desk');
  await h.waitContact(id, (x) => x.thirdParty && x.thirdParty.length === 1, 'a third-party connection');
  await s.sim.answer(id);
  await h.waitContact(id, (x) => x.thirdParty[0].state === 'connected', 'third party answered');
  await h.mustAct('resume', id, 'initial');
  const since = await h.mark();
  await h.mustAct('destroy', id, 'agent');
  // the agent's part of the contact ends: after-call work for the agent
  await h.waitEvent('contact.onACW', { contactId: id, since });
  await h.waitEvent('agent.onAfterCallWork', { since });
});

s.test('toggleActiveConnections swaps between the customer and the third party', async () => {
  const h = await s.open();
  await ready(h);
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  await h.mustAct('addConnection', id, '+15555550188');
  await h.waitContact(id, (x) => x.thirdParty && x.thirdParty.length === 1, 'a third-party connection');
  await s.sim.answer(id);
  let c = await h.waitContact(id, (x) => x.thirdParty[0].state === 'connected' && x.initialConnection.state === 'hold', 'consulting: customer held, third party connected');
  assert.equal(c.thirdParty[0].endpoint.phoneNumber, '+15555550188', 'a dialled number works like a quick connect');

  await h.mustAct('toggle', id);
  c = await h.waitContact(id, (x) => x.initialConnection.state === 'connected' && x.thirdParty[0].state === 'hold', 'swapped: customer connected, third party held');
  await h.mustAct('toggle', id);
  c = await h.waitContact(id, (x) => x.initialConnection.state === 'hold' && x.thirdParty[0].state === 'connected', 'swapped back');
  const toggles = (await s.sim.requests()).filter((r) => r.method === 'toggleActiveConnections');
  assert.equal(toggles.length, 2);
  assert.ok(toggles.every((r) => r.params.contactId === id && typeof r.params.connectionId === 'string'), JSON.stringify(toggles.map((r) => r.params)));
});

s.test('routing: a contact waits in queue while the agent is not routable or busy, and is offered when it can take it', async () => {
  const h = await s.open();
  await h.start(s.query()); // Offline
  const first = await s.sim.createContact({ channel: 'VOICE', from: '+15555550101' });
  await h.waitState((st) => st.queued.some((c) => c.contactId === first), 'contact queued while agent1 is Offline');
  await h.expectNoEvent('contact.init', { within: 1000 });

  let since = await h.mark();
  await h.setState('Available');
  await h.waitEvent('contact.onConnecting', { contactId: first, since });
  await h.mustAct('accept', first);
  await h.waitEvent('contact.onConnected', { contactId: first });

  // VOICE concurrency 1: a second call waits while the agent is on the first
  const second = await s.sim.createContact({ channel: 'VOICE', from: '+15555550102' });
  await h.waitState((st) => st.queued.some((c) => c.contactId === second), 'second call queued while agent1 is busy');
  await h.expectNoEvent('contact.init', { contactId: second, within: 1000 });
  since = await h.mark();
  await s.sim.disconnect(first);
  await h.waitEvent('contact.onACW', { contactId: first, since });
  await h.expectNoEvent('contact.init', { contactId: second, within: 1000 }); // not during after-call work
  await h.mustAct('clear', first);
  await h.waitEvent('contact.onConnecting', { contactId: second, since, timeout: 8000 });
});
