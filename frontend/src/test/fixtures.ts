import type { AgentView, ContactView } from '../connect/types';

export const NOW = Date.now();

export function agent(over: Partial<AgentView> = {}): AgentView {
  return {
    name: 'Alex Agent',
    username: 'agent1',
    state: { name: 'Available', type: 'routable', since: NOW - 65_000 },
    nextState: null,
    selected: null,
    states: [
      { name: 'Available', type: 'routable', arn: 'arn:a' },
      { name: 'Break', type: 'not_routable', arn: 'arn:b' },
      { name: 'Offline', type: 'offline', arn: 'arn:o' },
    ],
    routingProfile: 'Basic Routing Profile',
    dialableCountries: ['us'],
    canCallOut: true,
    muted: false,
    ...over,
  };
}

export function contact(over: Partial<ContactView> = {}): ContactView {
  return {
    contactId: 'c-1',
    channel: 'VOICE',
    state: 'connecting',
    phase: 'ringing',
    stateSince: NOW - 3_000,
    inbound: true,
    caller: '+15555550100',
    queueName: 'BasicQueue',
    queuedAt: NOW - 12_000,
    name: '',
    description: '',
    attributes: { accountId: 'A-1001', tier: 'Gold', secret: 'x' },
    connections: [
      { connectionId: 'k-1', type: 'inbound', state: 'connected', label: '+15555550100', number: '+15555550100', onHold: false, active: true, initial: true, since: NOW - 3_000 },
    ],
    agentConnectionId: 'a-1',
    agentOnHold: false,
    muted: false,
    multiParty: false,
    ...over,
  };
}
