// `make run` (ccpsim -demo): the demo page a new user opens runs the real Streams against the simulator.
import { useSuite, assert, until } from '../lib/harness.js';
import { STREAMS_JS } from '../lib/static.js';
import { agentOf } from '../lib/ccpsim.js';

const s = useSuite(import.meta.url, { args: ['-demo', '-streams-js', STREAMS_JS] });

s.test('demo page: Streams initializes against ccpsim, a CCP connects from the demo origin, no page errors', async () => {
  const demo = s.sim.ready.demo;
  assert.ok(demo, `the ready line has a demo URL: ${JSON.stringify(s.sim.ready)}`);
  const page = await s.browser.newPage();
  s.pages.push(page);
  await page.goto(demo, { waitUntil: 'load' });
  const demoOrigin = new URL(page.url()).origin;
  let st;
  await until(async () => {
    st = await s.sim.state();
    return st.ccps.some((c) => c.parentOrigin === demoOrigin && c.agent === 'agent1');
  }, { timeout: 15_000, what: `a CCP framed by the demo (${demoOrigin})`, saw: () => JSON.stringify(st && st.ccps) });
  assert.equal(agentOf(st).signedIn, true, 'the demo signs agent1 in');
  // (the demo may run Streams in Global Resiliency mode, where initialization follows globalResiliency::init)
  await until(() => page.evaluate(() => !!(window.connect && connect.core && connect.core.initialized && connect.agent.initialized)),
    { timeout: 10_000, what: 'connect.core.initialized and connect.agent.initialized in the demo page' });
  const errors = s.browser.log.filter((l) => l.kind === 'pageerror');
  assert.deepEqual(errors, [], 'no uncaught errors in the demo page');
});
