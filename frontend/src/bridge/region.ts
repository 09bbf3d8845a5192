// Typed calls to the Go region tracker (internal/bridge/region.go) and its events.
import * as Region from '../../wailsjs/go/bridge/Region';
import { call } from './errors';

export type RegionPhase = 'unknown' | 'active' | 'failover_detected' | 'failover_pending' | 'failover_completed' | 'configure_error';
export type HealthStatus = 'unknown' | 'healthy' | 'degraded' | 'down';

export interface RegionContact {
  contactId: string;
  region: string;
  state?: string;
}

export interface RegionInfo {
  region: string;
  ccpUrl?: string;
  role: 'primary' | 'secondary' | '';
  active: boolean;
  /** problem: 'no_answer' when the CCP has not answered since the page started (region.ProblemNoAnswer). */
  health: { status: HealthStatus; reported: HealthStatus; lastSeen?: string; since?: string; problem?: string };
}

/** Mirrors region.Snapshot (payload of region:changed). */
export interface RegionSnapshot {
  version: number;
  regions: RegionInfo[];
  activeRegion: string;
  restored: boolean;
  phase: RegionPhase;
  targetRegion?: string;
  waitingFor: RegionContact[];
  detectedAt?: string;
  completedAt?: string;
  configureError?: { message: string; at: string };
  warning?: string;
  stateFileError?: string;
  changedAt?: string;
}

/** Mirrors region.Switch (payload of region:switched). */
export interface RegionSwitch {
  from: string;
  to: string;
  at: string;
}

export const RegionEvents = { Changed: 'region:changed', Switched: 'region:switched' } as const;

export const regionBridge = {
  ccpStarting: () => call(() => Region.CCPStarting()),
  initialized: (active: string) => call(() => Region.Initialized(active)),
  failoverDetected: (next: string) => call(() => Region.FailoverDetected(next)),
  failoverPending: (next: string, contactIds: string[]) => call(() => Region.FailoverPending(next, contactIds)),
  failoverCompleted: (active: string, url: string) => call(() => Region.FailoverCompleted(active, url)),
  configureError: (message: string) => call(() => Region.ConfigureError(message)),
  contactsChanged: (contacts: RegionContact[]) => call(() => Region.ContactsChanged(contacts as never)),
  healthSignal: (region: string, event: string) => call(() => Region.HealthSignal(region, event)),
  keepaliveAck: (region: string) => call(() => Region.KeepaliveAck(region)),
  snapshot: () => call(() => Region.Snapshot() as unknown as Promise<RegionSnapshot>),
};

export type RegionBridge = typeof regionBridge;
