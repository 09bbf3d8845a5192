// ccpsim -scenario: a timed script drives the instance; the page sees what it does.
import path from 'node:path';
import { useSuite, assert } from '../lib/harness.js';
import { E2E_DIR } from '../lib/static.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, {
  config: BASE,
  args: ['-scenario', path.join(E2E_DIR, 'fixtures', 'scenario.yaml')],
  resetBetweenTests: false, // a reset would undo the scenario's steps
});

s.test('scenario: the agent is made Available, a call arrives with its attributes, the customer hangs up', async () => {
  const h = await s.open();
  await h.start(s.query()); // normally ~1 s after ready, well before the first step (6 s)
  await h.waitEvent('agent.onRoutable', { timeout: 12_000 });
  const c = await h.waitEvent('contact.onConnecting', { timeout: 12_000 });
  const info = await h.contactInfo(c.contactId);
  assert.equal(info.attributes.source.value, 'scenario');
  assert.equal(info.initialConnection.endpoint.phoneNumber, '+15555550111');
  // not accepted: the customer's hang-up at 9s ends the ringing contact
  await h.waitEvent('contact.onEnded', { contactId: c.contactId, timeout: 12_000 });
});
