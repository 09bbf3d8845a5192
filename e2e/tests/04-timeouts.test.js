// Timers: onMissed (an offered contact not accepted before the ring timeout is missed; the agent goes to the
// MissedCallAgent error state, onError, until it picks a state again) and the after-call-work timeout.
import { useSuite, assert, until } from '../lib/harness.js';
import { agentOf, contactsOf, nameOf } from '../lib/ccpsim.js';
import { SHORT_TIMEOUTS } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: SHORT_TIMEOUTS });

s.test('ring timeout: onMissed, agent MissedCallAgent (onError), contact destroyed, setState recovers', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });

  let since = await h.mark();
  await h.waitEvent('contact.onMissed', { contactId: id, since, timeout: 8000 });
  await h.waitEvent('contact.onEnded', { contactId: id, since });
  const err = await h.waitEvent('agent.onError', { since });
  assert.equal(err.data.state.name, 'MissedCallAgent');
  assert.equal(err.data.state.type, 'error');
  const sc = await h.waitEvent('agent.onStateChange', { since, where: (e) => e.data.newState === 'MissedCallAgent' });
  assert.equal(sc.data.oldState, 'PendingBusy');
  await h.waitState((st) => nameOf(agentOf(st).state) === 'MissedCallAgent', 'agent1 MissedCallAgent');

  // the missed contact leaves the snapshot (requeued) and the agent stays in the error state
  await h.waitEvent('contact.onDestroy', { contactId: id, since, timeout: 8000 });
  await h.waitState((st) => !contactsOf(st).some((c) => c.contactId === id), 'missed contact gone from agent1');
  // MissedCallAgent is an error state (not routable): nothing is offered until the agent picks a state
  assert.equal((await h.agentInfo()).agent.state.name, 'MissedCallAgent', 'the agent stays in MissedCallAgent and is offered nothing until it picks a state');
  assert.equal(h.find('contact.init', { contactId: id }).length, 1, `the missed contact is not re-offered to an agent in MissedCallAgent; saw ${h.seen()}`);

  // picking a state again leaves the error state; the requeued contact is then offered again (it rings
  // only 2 s here, so wait on recorded events rather than polling the current state)
  since = await h.mark();
  await h.mustAct('setState', 'Available');
  const back = await h.waitEvent('agent.onStateChange', { since, where: (e) => e.data.oldState === 'MissedCallAgent' });
  assert.equal(back.data.newState, 'Available');
  await h.waitEvent('agent.onRoutable', { since });
  await h.waitEvent('contact.onConnecting', { contactId: id, since, timeout: 8000 });
});

s.test('after-call work ends by itself after acwSeconds: contact destroyed, agent back to its status', async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  await h.mustAct('accept', id);
  await h.waitEvent('contact.onConnected', { contactId: id });
  const since = await h.mark();
  await s.sim.disconnect(id);
  const acw = await h.waitEvent('agent.onAfterCallWork', { since });
  const gone = await h.waitEvent('contact.onDestroy', { contactId: id, since, timeout: 6000 });
  const ms = gone.t - acw.t;
  assert.ok(ms >= 1500 && ms < 4500, `ACW lasted ${ms} ms, want about 2000 (acwSeconds: 2)`);
  const sc = await h.waitEvent('agent.onStateChange', { since, where: (e) => e.data.oldState === 'AfterCallWork' });
  assert.equal(sc.data.newState, 'Available');
  assert.equal(h.find('act.success', { since }).length, 0, 'nobody called clear');
});

s.test('clock skew: the server clock runs 5 s ahead; getSkew() reports it and state durations stay true', async () => {
  const h = await s.open();
  const init = await h.start(s.query());
  const core = await h.core();
  assert.equal(typeof core.skew, 'number');
  assert.ok(core.skew > 4000 && core.skew < 6500, `connect.core.getSkew() ~ 5000 ms, got ${core.skew}`);
  // getStateDuration = local now - startTimestamp + skew: right after sign-in it must be small, not ~5 s off
  const d0 = init.data.agent.stateDuration;
  assert.ok(d0 > -1500 && d0 < 3000, `state duration right after init ${d0} ms`);
  const since = await h.mark();
  await h.setState('Available');
  const d1 = (await h.agentInfo()).agent.stateDuration;
  assert.ok(d1 > -1500 && d1 < 3000, `state duration right after a change ${d1} ms`);
  const id = await h.offer({ channel: 'VOICE' });
  const c = await h.contactInfo(id);
  assert.ok(c.stateDuration > -1500 && c.stateDuration < 3000, `contact state duration ${c.stateDuration} ms`);
  assert.ok(h.find('contact.init', { since }).length === 1);
});

// The real worker logs every snapshot response with its local fields, through Streams' withObject (a JSON copy with
// customer data redacted); the AWS CCP Log Parser reads skew and localTimestamp from these lines.
s.test("snapshot log lines as Connect's worker writes them: localTimestamp and skew, customer data redacted", async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const id = await h.offer({ channel: 'VOICE', from: '+15555550177', queue: 'Sales', attributes: { customerTier: 'platinum-canary' } });
  await h.waitEvent('contact.onConnecting', { contactId: id });
  const snapshotLines = () =>
    h.page.evaluate(() => JSON.parse(JSON.stringify(connect.getLog()._rolledLogs.concat(connect.getLog()._logs))).filter((e) => e.text === 'GET_AGENT_SNAPSHOT succeeded.'));
  const lines = await until(async () => {
    const ls = await snapshotLines();
    return ls.some((e) => (e.objects[0]?.snapshot?.contacts ?? []).some((c) => c.contactId === id)) ? ls : null;
  }, { timeout: 15000, what: 'a snapshot log line with the offered contact', saw: async () => JSON.stringify(await snapshotLines()).slice(-2000) });
  for (const e of lines) {
    const snap = e.objects[0].snapshot;
    assert.equal(typeof snap.localTimestamp, 'number', `localTimestamp: ${JSON.stringify(snap).slice(0, 300)}`);
    assert.ok(Math.abs(snap.localTimestamp - Date.now()) < 120_000, `localTimestamp ${snap.localTimestamp} is the page's clock`);
    assert.ok(Math.abs(snap.skew - 5000) < 2000, `skew ${snap.skew} ms ≈ the server's 5 s lead (clockSkewMs)`);
    assert.equal(typeof snap.snapshotTimestamp, 'string', 'a JSON copy: the timestamp is an ISO string');
  }
  const withContact = lines.findLast((e) => e.objects[0].snapshot.contacts.some((c) => c.contactId === id));
  const c = withContact.objects[0].snapshot.contacts.find((x) => x.contactId === id);
  assert.equal(c.attributes, '[redacted]', 'attributes redacted whole');
  assert.equal(c.queue.name, '[redacted]', 'names redacted');
  assert.ok(['PendingBusy', 'Busy'].includes(withContact.objects[0].snapshot.state.name), 'state subtrees are not redacted');
  const all = JSON.stringify(lines);
  for (const canary of ['+15555550177', '15555550177', 'platinum-canary']) assert.ok(!all.includes(canary), `${canary} does not reach the log`);
});
