// Chat and task at the snapshot level (their media is out of scope): offered, accepted, ended, cleared.
// Tasks: never construct a connection of an active task (no TaskJS here, Streams would throw; protocol §9.5).
import { useSuite, assert } from '../lib/harness.js';
import { contactIn, contactsOf } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

s.test('chat: connecting, accept, connected, customer leaves, ACW, clear; concurrency 3', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');

  const a = await h.offer({ channel: 'CHAT', name: 'Pat Customer' });
  const b = await h.offer({ channel: 'CHAT', name: 'Sam Customer' });
  await h.waitEvent('contact.onConnecting', { contactId: a });
  await h.waitEvent('contact.onConnecting', { contactId: b });
  const c = await h.contactInfo(a);
  assert.equal(c.type, 'chat');
  assert.equal(c.state, 'connecting');
  assert.equal(c.initialConnection.type, 'inbound');
  assert.equal(c.agentConnection.type, 'agent');
  assert.equal(c.isInbound, true);
  assert.equal(c.isSoftphoneCall, false);
  assert.equal((await h.agentInfo()).contacts.length, 2, 'two chats at once (CHAT concurrency 3)');

  let since = await h.mark();
  await h.mustAct('accept', a);
  await h.waitEvent('contact.onAccepted', { contactId: a, since });
  await h.waitEvent('contact.onConnected', { contactId: a, since });
  await h.waitState((st) => contactIn(st, a)?.state === 'connected', 'chat connected');

  since = await h.mark();
  await s.sim.disconnect(a);
  await h.waitEvent('contact.onACW', { contactId: a, since });
  await h.waitEvent('contact.onEnded', { contactId: a, since });
  await h.mustAct('clear', a);
  await h.waitEvent('contact.onDestroy', { contactId: a, since });

  // the second chat is rejected and leaves
  since = await h.mark();
  await h.mustAct('reject', b);
  await h.waitEvent('contact.onDestroy', { contactId: b, since, timeout: 8000 });
  await h.waitState((st) => contactsOf(st).length === 0, 'agent1 has no contacts');
});

s.test('task: connecting, accept, connected, ended, clear — at the snapshot level', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');

  const id = await h.offer({ channel: 'TASK', name: 'Call back about order A-17', attributes: { orderId: 'A-17' } });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  // __contactInfo never touches a task's connections
  const c = await h.contactInfo(id);
  assert.equal(c.type, 'task');
  assert.equal(c.state, 'connecting');
  assert.equal(c.name, 'Call back about order A-17');
  assert.equal(c.attributes.orderId.value, 'A-17');
  assert.equal(c.initiationMethod, 'api');
  assert.equal(c.connections, undefined, 'the harness does not touch task connections');

  let since = await h.mark();
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onAccepted', { contactId: id, since });
  await h.waitEvent('contact.onConnected', { contactId: id, since });

  since = await h.mark();
  await s.sim.disconnect(id);
  await h.waitEvent('contact.onEnded', { contactId: id, since });
  await h.mustAct('clear', id);
  await h.waitEvent('contact.onDestroy', { contactId: id, since });
  await h.waitState((st) => contactsOf(st).length === 0, 'agent1 has no contacts');
});

s.test('channels are routed concurrently: a voice call and a task at once', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const v = await h.offer({ channel: 'VOICE' });
  const t = await h.offer({ channel: 'TASK', name: 'Side task' });
  await h.waitEvent('contact.onConnecting', { contactId: v });
  await h.waitEvent('contact.onConnecting', { contactId: t });
  const types = (await h.agentInfo()).contacts.map((c) => c.type).sort();
  assert.deepEqual(types, ['task', 'voice']);
});
