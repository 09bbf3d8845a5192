// CCP without media (issue 7, docs/vdi.md): one agent, two copies of the app against one ccpsim. The
// signalling copy (allowFramedSoftphone false, as inside a VDI) handles the call; the media copy
// (allowFramedSoftphone true, the local desktop) holds the simulated media session. ccpsim's media rule:
// the first connected CCP that hosts a softphone owns the agent's media; a signalling-only CCP never does;
// when the owner goes, the next softphone-capable CCP takes over, or none.
import { useSuite, assert, until } from '../lib/harness.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

const agentOf = (st, username = 'agent1') => st.agents.find((a) => a.username === username);
const contactOf = (st, id) => (agentOf(st).contacts || []).find((c) => c.contactId === id);
const ownerOf = (st) => agentOf(st).mediaOwner;

/** Opens a copy for agent1; the signalling copy says allowFramedSoftphone false. Returns {h, port}. */
async function copy({ media, separateBrowser }) {
  const h = await s.open({ separateBrowser });
  await h.start(s.query(media ? {} : { allowFramedSoftphone: 'false' }), { username: 'agent1' });
  const { portStreamId } = await h.core();
  assert.ok(portStreamId, 'Streams knows its CCP port');
  // the CCP has seen the parent's configure (allowFramedSoftphone) once the port is listed
  await h.waitState((st) => st.ccps.some((c) => c.portId === portStreamId), `port ${portStreamId} connected`);
  return { h, port: portStreamId };
}

s.test('signalling copy accepts the call; the media copy holds the session; closing it leaves no owner', async () => {
  // The signalling copy connects FIRST: being first is not enough without a softphone.
  const sig = await copy({ media: false });
  let st = await sig.h.waitState((x) => agentOf(x).mediaOwner === null, 'no media owner with only the signalling copy');
  const med = await copy({ media: true, separateBrowser: true });
  st = await sig.h.waitState((x) => ownerOf(x)?.portId === med.port, 'the media copy owns the media');
  assert.equal(ownerOf(st).via, 'framed');
  assert.equal(ownerOf(st).parentOrigin, s.web.origin);
  assert.notEqual(med.port, sig.port);

  await sig.h.setState('Available');
  const id = await sig.h.offer({ channel: 'VOICE', from: '+15555550161' });
  await sig.h.waitEvent('contact.onConnecting', { contactId: id });
  st = await sig.h.sim.state();
  assert.equal(contactOf(st, id).media.state, 'none', 'ringing: no media session yet');

  await sig.h.mustAct('accept', id);
  await sig.h.waitEvent('contact.onConnected', { contactId: id, timeout: 8000 });
  st = await sig.h.waitState((x) => contactOf(x, id)?.media?.state === 'active', 'the media session is active');
  assert.equal(contactOf(st, id).media.portId, med.port, 'held by the media copy');
  assert.equal(ownerOf(st).portId, med.port);
  // the media copy sees the same call (same agent)
  await med.h.waitEvent('contact.onConnected', { contactId: id, timeout: 8000 });

  // Mute from the signalling copy: the media session is muted and both copies hear about it.
  const m0 = await med.h.mark();
  await sig.h.mustAct('mute');
  await sig.h.waitState((x) => contactOf(x, id)?.media?.state === 'muted', 'the media session is muted');
  await med.h.waitEvent('agent.onMuteToggle', { since: m0, where: (e) => e.data && e.data.muted === true });
  await sig.h.mustAct('unmute');
  await sig.h.waitState((x) => contactOf(x, id)?.media?.state === 'active', 'unmuted');

  // Hold the customer from the signalling copy: the session is held.
  await sig.h.mustAct('hold', id, 'initial');
  await sig.h.waitState((x) => contactOf(x, id)?.media?.state === 'held', 'the media session is held');
  await sig.h.mustAct('resume', id, 'initial');
  await sig.h.waitState((x) => contactOf(x, id)?.media?.state === 'active', 'resumed');

  // The media copy closes: the signalling copy does not inherit the media.
  await med.h.page.close();
  st = await sig.h.waitState((x) => ownerOf(x) === null && !x.ccps.some((c) => c.portId === med.port), 'no owner after the media copy closed', 10_000);
  assert.equal(contactOf(st, id).media.state, 'none');
  assert.ok(st.ccps.some((c) => c.portId === sig.port), 'the signalling copy is still connected');
});

s.test('ownership passes to the next softphone CCP; a parent that is master of connect::softphone hosts one', async () => {
  const first = await copy({ media: true });
  const second = await copy({ media: true, separateBrowser: true });
  const sig = await copy({ media: false, separateBrowser: true });
  let st = await sig.h.waitState((x) => ownerOf(x)?.portId === first.port, 'the first media copy owns the media');

  await first.h.page.close();
  st = await sig.h.waitState((x) => ownerOf(x)?.portId === second.port, 'the second media copy takes over', 10_000);
  assert.equal(ownerOf(st).via, 'framed');

  await second.h.page.close();
  await sig.h.waitState((x) => ownerOf(x) === null, 'no softphone CCP left', 10_000);

  // The signalling copy's parent runs the softphone itself (initSoftphoneManager checks this master).
  assert.equal(await sig.h.master('check', 'connect::softphone'), true);
  st = await sig.h.waitState((x) => ownerOf(x)?.portId === sig.port, 'the master of connect::softphone owns the media');
  assert.equal(ownerOf(st).via, 'master');
});

s.test("a softphone failure reaches the parents as Streams' softphone manager reports it: onSoftphoneError and the log line", async () => {
  const sig = await copy({ media: false });
  const med = await copy({ media: true, separateBrowser: true });
  await sig.h.waitState((x) => ownerOf(x)?.portId === med.port, 'the media copy owns the media');
  const since = [await sig.h.mark(), await med.h.mark()];
  await s.sim.call('POST', '/v1/agents/agent1/softphone-error', { errorType: 'ice_collection_timeout', message: 'no candidates in 15 s', endPointUrl: 'wss://rtc.example/' });
  for (const [i, x] of [sig, med].entries()) {
    const e = await x.h.waitEvent('agent.onSoftphoneError', { since: since[i] });
    assert.deepEqual(e.data, { errorType: 'ice_collection_timeout', errorMessage: 'no candidates in 15 s', endPointUrl: 'wss://rtc.example/' });
  }
  // Only the page hosting the softphone logs it (the softphone logger's " %s %s %s" format), as an ERROR.
  const lines = (x) => x.h.page.evaluate(() => connect.getLog()._logs.filter((e) => /Softphone error occurred/.test(e.text)).map((e) => ({ level: e.level, text: e.text })));
  const got = await until(async () => { const l = await lines(med); return l.length ? l : null; }, { what: 'the softphone error log line in the media copy' });
  assert.deepEqual(got, [{ level: 'ERROR', text: ' Softphone error occurred :  ice_collection_timeout no candidates in 15 s' }]);
  assert.deepEqual(await lines(sig), [], 'the signalling copy hosts no softphone: no log line');

  const bad = await s.sim.raw('POST', '/v1/agents/agent1/softphone-error', { errorType: 'gremlins' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'errorType');
});
