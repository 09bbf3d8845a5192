import type { ShellConfig } from '../../bridge/types';
import type { AgentView, CCPError, ContactView, InitProblem, QuickConnect, RegionView } from '../../connect/types';

export type Phase = 'loading' | 'signing-in' | 'connecting' | 'ready' | 'failed';

export interface Problem {
  kind: InitProblem | 'config' | 'no-backend';
  detail?: string;
  at: number;
  fatal: boolean;
}

export interface CCPState {
  phase: Phase;
  config: ShellConfig | null;
  problem: Problem | null;
  agent: AgentView | null;
  contacts: ContactView[];
  selectedId: string | null;
  region: RegionView | null;
  errors: CCPError[];
  quickConnects: QuickConnect[];
  quickConnectsLoading: boolean;
  pending: Record<string, boolean>; // action key -> in flight
  quitRequest: { activeContacts: number } | null;
  notice: string | null; // transient info ("another launch was focused here")
}

export const initialState: CCPState = {
  phase: 'loading',
  config: null,
  problem: null,
  agent: null,
  contacts: [],
  selectedId: null,
  region: null,
  errors: [],
  quickConnects: [],
  quickConnectsLoading: false,
  pending: {},
  quitRequest: null,
  notice: null,
};

/** The contact the panel shows: the selected one if still there, else the most urgent. */
export function selectedContact(s: Pick<CCPState, 'contacts' | 'selectedId'>): ContactView | null {
  const sel = s.contacts.find((c) => c.contactId === s.selectedId);
  if (sel) return sel;
  const order = ['ringing', 'active', 'dialing', 'acw', 'missed'];
  return [...s.contacts].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase))[0] ?? null;
}

/** Contacts that make quitting dangerous: ringing, dialing, active or in ACW. */
export function activeCount(contacts: ContactView[]): number {
  return contacts.filter((c) => c.phase !== 'missed').length;
}

/** The customer-side connection that hold/resume acts on by default. */
export function customerConnection(c: ContactView) {
  return c.connections.find((x) => x.initial && x.active) ?? c.connections.find((x) => x.active) ?? null;
}
