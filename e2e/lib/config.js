// ccpsim instance configurations used by the suite (-config; a section given here replaces the default
// section, see internal/ccpsim/config.go). Defaults otherwise: agent1 in "Basic Routing Profile" with
// BasicQueue/Sales/Support, VOICE 1 / CHAT 3 / TASK 1, states Available/Offline/Break/Lunch/Training and
// four quick connects (phone number, two queues, agent).

/** The usual test instance: quick connects paged two at a time; nothing times out during a test; far ends
 *  answer only when the test says so (POST /v1/contacts/{id}/answer); routing and the agent's media take
 *  the default 300 ms, as a real instance takes a moment (the timeouts section replaces the default whole). */
export const BASE = {
  quickConnectPageSize: 2,
  timeouts: { ringSeconds: 60, acwSeconds: 0, answerDelayMs: 600000, missedLingerMs: 1500, routeDelayMs: 300, connectDelayMs: 300 },
};

/** Short ring and after-call-work timeouts for the timeout tests, and a server clock 5 s ahead (skew). */
export const SHORT_TIMEOUTS = {
  ...BASE,
  clockSkewMs: 5000,
  timeouts: { ringSeconds: 2, acwSeconds: 2, answerDelayMs: 600000, missedLingerMs: 1500, routeDelayMs: 300, connectDelayMs: 300 },
};

/** Two agents in the same routing profile; the agent quick connect points at agent2. */
export const TWO_AGENTS = {
  ...BASE,
  agents: [
    { username: 'agent1', name: 'Alex Agent', routingProfile: 'Basic Routing Profile' },
    { username: 'agent2', name: 'Sam Second', routingProfile: 'Basic Routing Profile' },
  ],
  quickConnects: [
    { name: 'Escalations desk', type: 'phone_number', phoneNumber: '+15555550199' },
    { name: 'Sales queue', type: 'queue', queue: 'Sales' },
    { name: 'Support queue', type: 'queue', queue: 'Support' },
    { name: 'Supervisor', type: 'agent', agent: 'agent2' },
  ],
};
