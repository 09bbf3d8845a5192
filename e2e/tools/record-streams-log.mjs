// Records what the real amazon-connect-streams logs during a varied Global Resiliency session against ccpsim,
// through Streams' own download, for the parser's golden tests (internal/logparse/testdata, golden_test.go).
//
//   node e2e/tools/record-streams-log.mjs internal/logparse/testdata/real-streams-gr-calls.txt
//
// The session (about a minute, most of it a deliberate 35 s link loss): sign-in in both regions, Available, an
// inbound call (hold, resume, the customer hangs up, after-call work cleared), an accept that fails (injected
// InvalidStateException) and succeeds on retry, a chat, a rejected call, a call left ringing until missed
// (MissedCallAgent), the link to ccpsim lost for 35 s (NetworkingError, a snapshot gap), then a failover to
// us-west-2 with a call in progress (pending until it ends), a call there and a softphone error
// (ice_collection_timeout). The server clock runs 2.5 s
// ahead (skew). Then connect.getLog().download() — with Global Resiliency on, Streams names the page's file
// crm-agent-log.txt and asks each CCP for its own (ccpsim's CCP page saves ccp-<region>-agent-log.txt; not kept here).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { startCcpsim } from '../lib/ccpsim.js';
import { startStatic } from '../lib/static.js';
import { launchBrowser } from '../lib/browser.js';
import { Harness, until, sleep } from '../lib/harness.js';
import { BASE } from '../lib/config.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: node e2e/tools/record-streams-log.mjs OUT.txt');
  process.exit(2);
}
const EAST = 'us-east-1';
const WEST = 'us-west-2';
const config = { ...BASE, clockSkewMs: 2500, timeouts: { ...BASE.timeouts, ringSeconds: 4, acwSeconds: 0 } };

const browser = await launchBrowser();
const web = await startStatic();
const sim = await startCcpsim({ approvedOrigins: [web.origin], config });
const step = (s) => console.error(`record: ${s}`);
try {
  const page = await browser.newPage();
  const h = new Harness({ sim, web }, page);
  await h.start({ ccpUrl: sim.ccpUrl(EAST), secondaryCCPUrl: sim.ccpUrl(WEST), loginUrl: sim.signInUrl(EAST), enableGlobalResiliency: true }, { timeout: 20_000 });
  await until(async () => (await h.core()).activeRegion === EAST, { what: 'active region us-east-1', timeout: 8000 });
  await h.setState('Available');

  step('inbound call: accept, hold, resume, customer hangs up, clear');
  let id = await h.offer({ channel: 'VOICE' });
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'connected', 8000);
  await h.mustAct('hold', id, 'initial');
  await sleep(500);
  await h.mustAct('resume', id, 'initial');
  await sleep(500);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'ended', 8000);
  await h.mustAct('clear', id);
  await h.waitState((st) => !JSON.stringify(st).includes(id), 'first call cleared', 8000);

  step('accept fails once (injected), then succeeds');
  await sim.fault({ kind: 'api_error', method: 'acceptContact', statusCode: 400, type: 'InvalidStateException', message: 'Injected by the recorder', count: 1 });
  id = await h.offer({ channel: 'VOICE' });
  const failed = await h.act('accept', id);
  if (failed.ok) throw new Error('the injected acceptContact failure did not happen');
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'connected after retry', 8000);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'ended', 8000);
  await h.mustAct('clear', id);

  step('chat: accept, customer leaves, clear');
  id = await h.offer({ channel: 'CHAT', name: 'Pat Customer' });
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'chat connected', 8000);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'chat ended', 8000);
  await h.mustAct('clear', id);

  step('rejected call');
  await h.setState('Available');
  id = await h.offer({ channel: 'VOICE' });
  await h.mustAct('reject', id);
  await sleep(1000);
  await sim.disconnect(id).catch(() => {}); // the customer gives up: it is not offered again

  step('missed call');
  await h.setState('Available');
  let since = await h.mark();
  id = await h.offer({ channel: 'VOICE' });
  await h.waitEvent('contact.onMissed', { contactId: id, since, timeout: 10_000 });
  await h.waitEvent('agent.onError', { since, timeout: 5000 });
  await h.waitEvent('contact.onDestroy', { contactId: id, since, timeout: 8000 });
  // Available again: the requeued call is offered again, and answered this time.
  since = await h.mark();
  await h.mustAct('setState', 'Available');
  await h.waitEvent('contact.onConnecting', { contactId: id, since, timeout: 8000 });
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'missed call answered', 8000);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'ended', 8000);
  await h.mustAct('clear', id);

  step('link lost for 35 s');
  since = await h.mark();
  await sim.fault({ kind: 'drop_link' });
  await h.waitEvent('agent.onWebSocketConnectionLost', { since, timeout: 10_000 });
  const r = await h.act('setState', 'Break');
  if (r.ok) throw new Error('setState during link loss succeeded');
  await sleep(35_000);
  await sim.clearFaults();
  await sleep(3000);
  await h.setState('Available');

  step('failover with a call in progress, then a call in us-west-2');
  id = await h.offer({ channel: 'VOICE' });
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'connected before failover', 8000);
  since = await h.mark();
  await sim.setActiveRegion(WEST);
  await h.waitEvent('gr.onFailoverPending', { since, timeout: 10_000 });
  await sleep(1000);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'ended', 8000);
  await h.mustAct('clear', id);
  await h.waitEvent('gr.onFailoverCompleted', { since, timeout: 15_000 });
  await until(async () => (await h.core()).activeRegion === WEST, { what: 'active region us-west-2', timeout: 8000 });
  await h.setState('Available');
  id = await h.offer({ channel: 'VOICE' });
  await h.mustAct('accept', id);
  await h.waitContact(id, (c) => c && c.state === 'connected', 'connected in us-west-2', 8000);
  await sim.disconnect(id);
  await h.waitContact(id, (c) => c && c.state === 'ended', 'ended', 8000);
  await h.mustAct('clear', id);

  step('softphone error (ice_collection_timeout) in us-west-2');
  since = await h.mark();
  await sim.call('POST', '/v1/agents/agent1/softphone-error', { errorType: 'ice_collection_timeout', message: 'no ICE candidates within 15 s' });
  await h.waitEvent('agent.onSoftphoneError', { since, timeout: 8000 });
  await sleep(1500);

  step('download');
  // With GR, download() also makes each region's CCP save ccp-<region>-agent-log.txt: take the page's own log.
  const [dl] = await Promise.all([
    page.waitForEvent('download', { predicate: (d) => d.suggestedFilename() === 'crm-agent-log.txt', timeout: 10_000 }),
    page.evaluate(() => connect.getLog().download()),
  ]);
  await fsp.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await dl.saveAs(path.resolve(out));
  step(`wrote ${out}`);
} finally {
  await browser.close();
  await sim.stop();
  await web.close();
}
