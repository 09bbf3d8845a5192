// Two agents, each signed in in their own browser: routing spreads contacts over agents with capacity, and a
// transfer to the agent quick connect reaches the other agent.
import { useSuite, assert } from '../lib/harness.js';
import { contactsOf } from '../lib/ccpsim.js';
import { TWO_AGENTS } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: TWO_AGENTS });

async function twoAgents() {
  const a1 = await s.open();
  await a1.start(s.query(), { username: 'agent1' });
  const a2 = await s.open({ separateBrowser: true });
  await a2.start(s.query(), { username: 'agent2' });
  const c2 = (await a2.page.evaluate(() => new connect.Agent().getConfiguration().username));
  assert.equal(c2, 'agent2', 'the second browser is agent2');
  return [a1, a2];
}

s.test('routing: two available agents each get one of two calls (VOICE concurrency 1)', async () => {
  const [a1, a2] = await twoAgents();
  await a1.setState('Available');
  await a2.setState('Available');
  const x = await s.sim.createContact({ channel: 'VOICE', from: '+15555550121' });
  const y = await s.sim.createContact({ channel: 'VOICE', from: '+15555550122' });
  const st = await a1.waitState((st) => contactsOf(st, 'agent1').length === 1 && contactsOf(st, 'agent2').length === 1, 'one call each');
  const [on1] = contactsOf(st, 'agent1').map((c) => c.contactId);
  const [on2] = contactsOf(st, 'agent2').map((c) => c.contactId);
  assert.deepEqual([on1, on2].sort(), [x, y].sort());
  await a1.waitEvent('contact.onConnecting', { contactId: on1 });
  await a2.waitEvent('contact.onConnecting', { contactId: on2 });
  assert.equal(a1.find('contact.init', { contactId: on2 }).length, 0, "agent1's page never sees agent2's call");
  assert.equal(a2.find('contact.init', { contactId: on1 }).length, 0, "agent2's page never sees agent1's call");
});

s.test('transfer to the agent quick connect: agent2 is offered the call, then agent1 leaves it', async () => {
  const [a1, a2] = await twoAgents();
  await a1.setState('Available');
  const id = await a1.offer({ channel: 'VOICE', from: '+15555550131' });
  await a1.waitEvent('contact.onConnecting', { contactId: id });
  await a1.mustAct('accept', id);
  await a1.waitEvent('contact.onConnected', { contactId: id });
  await a2.setState('Available');

  await a1.mustAct('getEndpoints');
  const since2 = await a2.mark();
  await a1.mustAct('addConnection', id, 'Supervisor');
  const c = await a1.waitContact(id, (x) => x.thirdParty && x.thirdParty.length === 1, 'a third-party connection to the agent quick connect');
  assert.equal(c.thirdParty[0].endpoint.type, 'agent');
  // agent2 gets a contact of its own, ringing
  const init2 = await a2.waitEvent('contact.init', { since: since2, timeout: 8000 });
  await a2.waitEvent('contact.onConnecting', { contactId: init2.contactId, since: since2 });
  await a2.mustAct('accept', init2.contactId);
  await a2.waitEvent('contact.onConnected', { contactId: init2.contactId });
  await a1.waitContact(id, (x) => x.thirdParty[0].state === 'connected', 'agent2 answered: the third party is connected');

  const since1 = await a1.mark();
  await a1.mustAct('destroy', id, 'agent');
  await a1.waitEvent('contact.onACW', { contactId: id, since: since1 });
  const after = await a2.contactInfo(init2.contactId);
  assert.equal(after.state, 'connected', 'agent2 keeps the customer');
});

s.test('transfer to a queue quick connect: the call is queued in Sales and offered to the available agent there', async () => {
  const [a1, a2] = await twoAgents();
  await a1.setState('Available');
  const id = await a1.offer({ channel: 'VOICE', from: '+15555550141' });
  await a1.waitEvent('contact.onConnecting', { contactId: id });
  await a1.mustAct('accept', id);
  await a1.waitEvent('contact.onConnected', { contactId: id });
  await a2.setState('Available');
  await a1.mustAct('getEndpoints');
  const since2 = await a2.mark();
  await a1.mustAct('addConnection', id, 'Sales queue');
  const c = await a1.waitContact(id, (x) => x.thirdParty && x.thirdParty.length === 1, 'a third-party connection to the queue');
  assert.equal(c.thirdParty[0].endpoint.type, 'queue');
  const init2 = await a2.waitEvent('contact.init', { since: since2, timeout: 8000 });
  await a2.waitEvent('contact.onConnecting', { contactId: init2.contactId, since: since2 });
  const offered = await a2.contactInfo(init2.contactId);
  assert.equal(offered.queue && offered.queue.name, 'Sales', 'offered from the Sales queue');
  assert.notEqual(init2.contactId, id, 'a linked contact of its own');
  assert.equal(offered.initiationMethod, 'transfer');
  assert.equal(offered.initialContactId, id, 'getInitialContactId() links it to the original call');
});
