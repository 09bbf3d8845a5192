// connect.core.initCCP / onInitialized / connect.agent / the not-signed-in path (ack timeout, iframe refresh,
// sign-in in a separate top-level window, then the refreshed iframe initializes).
import { useSuite, assert, Harness, until } from '../lib/harness.js';
import { agentOf, nameOf } from '../lib/ccpsim.js';
import { BASE } from '../lib/config.js';

const s = useSuite(import.meta.url, { config: BASE });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

s.test('initCCP: one CCP iframe, onInitialized, then connect.agent with a real snapshot and configuration', async () => {
  const h = await s.open();
  const agentInit = await h.start(s.query());

  // the iframe Streams created
  const frames = await h.iframes();
  assert.equal(frames.length, 1, `one CCP iframe, got ${JSON.stringify(frames)}`);
  assert.equal(frames[0].name, 'Amazon Connect CCP');
  assert.equal(frames[0].src, s.sim.ccpUrl());

  // order: onInitialized (first ACK) before connect.agent (first agent::update)
  const init = h.find('core.onInitialized')[0];
  assert.ok(init.seq < agentInit.seq, `onInitialized before agent.init; saw ${h.seen()}`);
  assert.equal(h.find('core.onInitialized').length, 1, 'onInitialized fires once');
  const core = await h.core();
  assert.equal(core.initialized, true);
  assert.ok(typeof core.portStreamId === 'string' && core.portStreamId.length > 0, `ACK carried an id, got ${core.portStreamId}`);
  assert.equal(core.streamsVersion, '2.28.1', 'the unmodified 2.28.2 bundle reports 2.28.1');

  // the configure echo (configuration::configure) fires connect.core.onConfigure with what we sent
  const conf = await h.waitEvent('core.onConfigure');
  assert.equal(conf.data.softphone && conf.data.softphone.allowFramedSoftphone, true, `configure echo: ${JSON.stringify(conf.data)}`);

  // configuration: formats Streams parses
  const cfg = agentInit.data.configuration;
  assert.equal(cfg.username, 'agent1');
  assert.ok(cfg.name, 'agent name');
  assert.match(cfg.agentARN, /^arn:aws:connect:us-east-1:[0-9]{12}:instance\/[0-9a-f-]{36}\/agent\/[0-9a-f-]+$/);
  assert.match(agentInit.data.instanceId, UUID, 'getInstanceId() parses routingProfileId');
  assert.match(agentInit.data.awsAccountId, /^[0-9]{12}$/, 'getAWSAccountId()');
  assert.deepEqual(cfg.routingProfile.channelConcurrencyMap, { VOICE: 1, CHAT: 3, TASK: 1 });
  const queueNames = cfg.routingProfile.queues.map((q) => q.name);
  for (const q of ['BasicQueue', 'Sales', 'Support']) assert.ok(queueNames.includes(q), `queue ${q} in ${JSON.stringify(queueNames)}`);
  assert.ok(cfg.routingProfile.queues.some((q) => /\/queue\/agent\//.test(q.queueARN)), 'the agent queue ARN is in routingProfile.queues');
  for (const q of cfg.routingProfile.queues) assert.equal(q.queueId, q.queueARN, 'queueId = queueARN (worker alias)');
  assert.equal(cfg.routingProfile.routingProfileId !== undefined, true);
  assert.equal(cfg.routingProfile.defaultOutboundQueue.name, 'BasicQueue');
  const states = cfg.agentStates.map((x) => `${x.name}:${x.type}`);
  for (const st of ['Available:routable', 'Offline:offline', 'Break:not_routable']) assert.ok(states.includes(st), `agent state ${st} in ${states}`);

  // snapshot: a fresh agent is Offline; timestamps are real Dates
  const a = agentInit.data.agent;
  assert.equal(a.state.name, 'Offline');
  assert.equal(a.state.type, 'offline');
  assert.equal(a.state.startTimestampIsDate, true, 'state.startTimestamp is a Date');
  assert.equal(typeof a.stateDuration, 'number', `getStateDuration() works (skew is a number), got ${JSON.stringify(a.stateDuration)}`);
  assert.ok(a.stateDuration >= -5000 && a.stateDuration < 600000, `plausible state duration ${a.stateDuration}`);
  assert.deepEqual(agentInit.data.contacts, []);

  // routing event from the initial 'init' type: offline
  await h.waitEvent('agent.onOffline');
  const sc = await h.waitEvent('agent.onStateChange');
  assert.deepEqual(sc.data, { oldState: 'Init', newState: 'Offline' });

  // the simulator sees the same agent, and the CCP connection with what Streams told it (outer_context_info)
  const st = await s.sim.state();
  assert.equal(nameOf(agentOf(st).state), 'Offline');
  const ccp = st.ccps.find((c) => c.portId === core.portStreamId);
  assert.ok(ccp, `the CCP page is listed with the port id Streams got in the ACK: ${JSON.stringify(st.ccps)}`);
  assert.equal(ccp.parentOrigin, s.web.origin);
  assert.equal(ccp.streamsVersion, '2.28.1', 'outer_context_info.streamsVersion');
  assert.equal(ccp.region, 'us-east-1');
});

s.test('not signed in: the CCP stays silent, Streams refreshes the iframe, a top-level sign-in lets it initialize', async () => {
  await s.sim.expireSession('agent1'); // no session left from earlier tests
  const h = await s.open();
  // ccpLoadTimeout 2 s: the refresh loop recreates the iframe every 2 s until it ACKs
  await h.goto(Harness.url(s.web, s.query({ ccpLoadTimeout: 2000 })));
  await h.expectNoEvent('core.onInitialized', { within: 3000 });
  const bus = await h.busLog();
  assert.ok(bus.some((b) => b.name === 'ack_timeout'), `Streams saw ack_timeout, bus: ${JSON.stringify(bus.map((b) => b.name))}`);
  assert.equal(h.find('agent.init').length, 0, 'no agent data without a session');

  // The "login window": another top-level page signs in at the instance origin (cookie), as a user would.
  const login = await s.browser.newPage();
  s.pages.push(login);
  const u = s.sim.signInAndGoTo(s.sim.ccpUrl());
  await login.goto(u, { waitUntil: 'load' });
  await login.close();

  // The next refreshed iframe ACKs.
  await h.waitEvent('core.onInitialized', { timeout: 12_000 });
  await h.waitEvent('agent.init', { timeout: 5000 });
  const frames = await h.iframes();
  assert.equal(frames.length, 1, `exactly one CCP iframe after refreshes, got ${JSON.stringify(frames)}`);
  assert.equal(h.find('core.onIframeRetriesExhausted').length, 0);
});

s.test('connect.agent registered after init runs at once; new connect.Agent() works', async () => {
  const h = await s.open();
  await h.start(s.query());
  const r = await h.page.evaluate(() => new Promise((resolve) => {
    let sync = false;
    connect.agent((a) => resolve({ sync, name: a.getName(), state: a.getState().name }));
    sync = true;
  }));
  assert.equal(r.sync, false, 'connect.agent(cb) runs synchronously once the agent is initialized');
  assert.equal(r.state, 'Offline');
});

s.test('master_request: the first CCP tab becomes master of a topic, another tab can take over (connect.ifMaster / becomeMaster)', async () => {
  const one = await s.open();
  await one.start(s.query());
  const two = await s.open();
  await two.start(s.query());
  assert.equal(await one.master('check', 'connect::ringtone'), true, 'first tab becomes master when there is none');
  assert.equal(await two.master('check', 'connect::ringtone', true), false, 'second tab is not master');
  assert.equal(await two.master('become', 'connect::ringtone'), true, 'becomeMaster answers');
  assert.equal(await two.master('check', 'connect::ringtone', true), true, 'second tab is master now');
  assert.equal(await one.master('check', 'connect::ringtone', true), false, 'first tab lost it');
  assert.equal(await one.master('check', 'connect::sendLogs'), true, 'masters are per topic');
  const ccps = (await s.sim.state()).ccps.filter((c) => c.agent === 'agent1' && c.parentOrigin === s.web.origin);
  assert.ok(ccps.length >= 2, `both tabs' CCPs are connected: ${JSON.stringify(ccps)}`);
});

s.test("the CCP's log entries reach the parent's logger (connect.getLog())", async () => {
  const h = await s.open();
  await h.start(s.query());
  await h.setState('Available');
  const text = await until(async () => {
    const t = await h.page.evaluate(() => connect.getLog().toString());
    return /Operation 'putAgentState' succeeded/.test(t) ? t : null;
  }, { what: "a forwarded CCP log entry \"Operation 'putAgentState' succeeded\" in connect.getLog()", saw: async () => (await h.page.evaluate(() => connect.getLog().toString())).slice(-2000) });
  assert.ok(text.length > 0);
});

s.test('not signed in, nobody signs in: Streams gives up after 10 iframe refreshes (onIframeRetriesExhausted)', async () => {
  await s.sim.expireSession('agent1');
  const h = await s.open();
  await h.goto(Harness.url(s.web, s.query({ ccpLoadTimeout: 400 })));
  await h.waitEvent('core.onIframeRetriesExhausted', { timeout: 15_000 });
  assert.equal(h.find('core.onInitialized').length, 0);
  const frames = await h.iframes();
  assert.equal(frames.length, 1, `the refresh loop replaces the iframe, never adds one: ${JSON.stringify(frames)}`);
  assert.equal(((await s.sim.state()).ccps || []).filter((c) => c.agent === 'agent1').length, 0, 'no CCP connected without a session');
});
