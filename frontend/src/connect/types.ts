// Plain data the rest of the UI sees. Produced by streams.ts from the Streams objects;
// nothing outside src/connect ever holds a Streams object.

export type AgentStateType = 'routable' | 'not_routable' | 'offline' | 'system' | 'error' | 'init';

export interface AgentStateOption {
  name: string;
  type: AgentStateType;
  arn: string | null;
}

export interface AgentView {
  name: string;
  username: string;
  state: { name: string; type: AgentStateType; since: number };
  nextState: string | null;
  /** The status the agent chose (Streams' availability state): Available while the state is Busy on a contact. */
  selected: string | null;
  states: AgentStateOption[];
  routingProfile: string;
  dialableCountries: string[];
  canCallOut: boolean;
  muted: boolean;
}

export type ContactPhase = 'ringing' | 'dialing' | 'active' | 'acw' | 'missed';

export interface ConnectionView {
  connectionId: string;
  type: string; // inbound | outbound | agent | monitoring
  state: string; // init | connecting | connected | hold | disconnected
  label: string; // name of the endpoint or its number
  number: string;
  onHold: boolean;
  active: boolean;
  initial: boolean;
  since: number;
}

export interface ContactView {
  contactId: string;
  channel: string; // VOICE | QUEUE_CALLBACK | CHAT | TASK | EMAIL
  state: string;
  phase: ContactPhase;
  stateSince: number;
  inbound: boolean;
  caller: string;
  queueName: string;
  queuedAt: number | null;
  name: string;
  description: string;
  attributes: Record<string, string>;
  connections: ConnectionView[]; // every connection except the agent's own
  agentConnectionId: string | null;
  agentOnHold: boolean;
  muted: boolean;
  multiParty: boolean; // more than one active third party
}

export interface QuickConnect {
  id: string;
  name: string;
  type: 'agent' | 'queue' | 'phone_number' | string;
  phoneNumber: string;
}

export interface RegionView {
  enabled: boolean; // Global Resiliency configured
  active: string | null;
  regions: string[];
  failoverPending: string | null; // next region while a failover waits for contacts to end
  lastFailover: { to: string; at: number } | null;
}

export type InitProblem = 'ack_timeout' | 'retries_exhausted' | 'auth_fail' | 'access_denied' | 'gr_configure_error';

/** A failure reported by Streams, made readable. */
export interface CCPError {
  code: string; // e.g. InvalidStateException, softphone error type, or an init problem
  message: string; // what happened, in words
  action: string; // what to do next
  operation: string; // what the agent tried ("Accept contact", "Set state", …)
  at: number;
}

/** A microphone: from the CCP frame (the softphone's context: selectable for the softphone) or from
 *  this window (navigator.mediaDevices: the level meter only; ids differ between the two contexts). */
export interface MicDevice {
  deviceId: string;
  label: string;
  source: 'ccp' | 'window';
}
