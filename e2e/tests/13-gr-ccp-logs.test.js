// Global Resiliency per-region logs: connect.getLog().download() in a GR parent sends download_log_from_ccp
// {logName:'ccp-<region>-agent-log'} to each CCP, and each CCP saves its own log as <logName>.txt (Streams'
// Logger.download: JSON.stringify(entries, undefined, 4) of LogEntry objects); the parent saves crm-agent-log.txt.
import fsp from 'node:fs/promises';
import { useSuite, assert, until } from '../lib/harness.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

const EAST = 'us-east-1';
const WEST = 'us-west-2';
const LOGENTRY_KEYS = ['agentResourceId', 'component', 'contextLayer', 'level', 'line', 'loggerId', 'objects', 'tabId', 'text', 'time'];

async function startGR(h) {
  await h.start({
    ccpUrl: s.sim.ccpUrl(EAST),
    secondaryCCPUrl: s.sim.ccpUrl(WEST),
    loginUrl: s.sim.signInUrl(EAST),
    enableGlobalResiliency: true,
  }, { timeout: 20_000 });
  await until(async () => (await h.core()).activeRegion === EAST, { what: 'getActiveRegion() = us-east-1', timeout: 8000 });
}

/** Calls connect.getLog().download() in the page; resolves {fileName: text} once `want` files arrived. */
async function downloadLogs(h, want) {
  const files = {};
  const reads = [];
  const onDownload = (d) => reads.push((async () => {
    const p = await d.path();
    files[d.suggestedFilename()] = await fsp.readFile(p, 'utf8');
  })());
  h.page.on('download', onDownload);
  try {
    await h.page.evaluate(() => connect.getLog().download());
    await until(async () => { await Promise.all(reads); return want.every((n) => n in files); },
      { what: `downloads ${want.join(', ')}`, timeout: 10_000, saw: () => JSON.stringify(Object.keys(files)) });
  } finally {
    h.page.off('download', onDownload);
  }
  return files;
}

/** Parses a CCP log download and checks every entry has Streams' LogEntry shape. */
function parseLog(name, text) {
  assert.ok(text.startsWith('[\n    {'), `${name}: pretty-printed with 4 spaces as Logger.download writes it: ${text.slice(0, 80)}`);
  const entries = JSON.parse(text);
  assert.ok(Array.isArray(entries) && entries.length > 0, `${name}: a non-empty JSON array`);
  for (const e of entries) {
    for (const k of LOGENTRY_KEYS) assert.ok(k in e, `${name}: entry without ${k}: ${JSON.stringify(e).slice(0, 300)}`);
    assert.equal(e.component, 'ccp', `${name}: LogEntry.fromObject makes every kept entry a ccp entry`);
    assert.equal(typeof e.text, 'string');
    assert.ok(Array.isArray(e.objects), `${name}: objects is an array`);
    assert.ok(!Number.isNaN(new Date(e.time).getTime()), `${name}: time ${e.time}`);
    assert.equal(typeof e.line, 'number');
  }
  return entries;
}

function ccpLines(entries, region) { return entries.filter((e) => e.loggerId.startsWith(`ccpsim-${region}-`)); }

s.test("GR connect.getLog().download(): each CCP saves ccp-<region>-agent-log.txt with its own lines and the parent's", async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const marker = `e2e-crm-marker-${Date.now()}`;
  await h.page.evaluate((m) => connect.getLog().info(m), marker);
  // the east CCP has logged the API call and a snapshot
  await until(async () => {
    const t = await h.page.evaluate(() => connect.getLog().toString());
    return /Operation 'putAgentState' succeeded/.test(t);
  }, { what: "the CCP's putAgentState lines in the parent's log" });

  const names = [`ccp-${EAST}-agent-log.txt`, `ccp-${WEST}-agent-log.txt`, 'crm-agent-log.txt'];
  const files = await downloadLogs(h, names);
  assert.deepEqual(Object.keys(files).sort(), names.sort(), 'one download per CCP and the parent\'s');

  const east = parseLog(names[0], files[names[0]]);
  const west = parseLog(names[1], files[names[1]]);
  const eastOwn = ccpLines(east, EAST);
  assert.ok(eastOwn.some((e) => e.text === "AWSClient: --> Calling operation 'putAgentState'" && e.level === 'INFO'),
    `east: the API call line: ${JSON.stringify(eastOwn.map((e) => e.text))}`);
  const snap = eastOwn.find((e) => e.text === 'GET_AGENT_SNAPSHOT succeeded.');
  assert.ok(snap, 'east: a snapshot line');
  assert.equal(snap.contextLayer, 'SharedWorker');
  assert.equal(typeof snap.objects[0].snapshot.localTimestamp, 'number', 'the worker\'s local fields, as posted');
  assert.equal(typeof snap.objects[0].snapshot.skew, 'number');
  const eastARN = (await h.agentInfo()).agentARN;
  assert.equal(snap.agentResourceId, eastARN.split('/').pop());
  assert.equal(ccpLines(east, WEST).length, 0, 'east holds no line of the west CCP');

  assert.ok(ccpLines(west, WEST).length > 0, `west: its own lines: ${JSON.stringify(west.map((e) => e.loggerId + ' ' + e.text).slice(0, 20))}`);
  assert.equal(ccpLines(west, EAST).length, 0, 'west holds no line of the east CCP');

  // the parent's own entries reach every CCP through the worker's broadcast (Streams: "CCP logs + CRM")
  const crmLoggerId = await h.page.evaluate(() => connect.getLog().getLoggerId());
  for (const [name, entries] of [[names[0], east], [names[1], west]]) {
    const m = entries.find((e) => e.text.includes(marker));
    assert.ok(m, `${name}: the parent's entry ${marker}`);
    assert.equal(m.loggerId, crmLoggerId);
    assert.equal(m.contextLayer, 'CRM');
  }

  // the parent's own download (Streams itself) has the CCP's forwarded lines too
  const crm = JSON.parse(files['crm-agent-log.txt']);
  assert.ok(crm.some((e) => e.text === "AWSClient: --> Calling operation 'putAgentState'"));
});

s.test('GR log download while the link to ccpsim is down: the CCPs still save their logs', async () => {
  const h = await s.open();
  await startGR(h);
  await h.setState('Available');
  const since = Date.now();
  await s.sim.fault({ kind: 'drop_link' });
  const eastOrigin = new URL(s.sim.ccpUrl(EAST)).origin;
  await until(async () => (await h.wire(since)).some((m) => m.origin === eastOrigin && m.event === 'agent::websocket_connection_lost'),
    { what: 'agent::websocket_connection_lost from the east CCP', timeout: 10_000 });
  try {
    const names = [`ccp-${EAST}-agent-log.txt`, `ccp-${WEST}-agent-log.txt`];
    const files = await downloadLogs(h, names);
    const east = parseLog(names[0], files[names[0]]);
    assert.ok(ccpLines(east, EAST).some((e) => e.text === "AWSClient: --> Calling operation 'putAgentState'"));
    parseLog(names[1], files[names[1]]);
  } finally {
    await s.sim.clearFaults();
  }
});
