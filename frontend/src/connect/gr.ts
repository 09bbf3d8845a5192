// Global Resiliency signals from the unmodified Streams library, as plain callbacks for
// features/region (which forwards them to Go). Call attachGR right after initCCP: Streams
// creates the GR event bus and the per-region conduits inside initCCP.
import 'amazon-connect-streams';
import type { AgentStateOption, AgentStateType } from './types';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface GRSignals {
  failoverDetected(next: string): void;
  failoverPending(next: string): void;
  failoverCompleted(active: string, activeCcpUrl: string): void;
  configureError(message: string): void;
  /** A websocket event of the active CCP (agent::websocket_connection_lost/gained). */
  health(region: string, event: string): void;
  /** A keepalive ACK from one region's CCP (throttled to one per ackEveryMs per region). */
  keepaliveAck(region: string): void;
}

export interface GROptions {
  ccpUrl: string;
  secondaryCCPUrl?: string;
  regions: string[];
  ackEveryMs?: number;
}

function originOf(u: string | undefined): string {
  try {
    return u ? new URL(u).origin : '';
  } catch {
    return '';
  }
}

/** regionOfConduit names the region of a Streams conduit (its name is the CCP origin or URL). */
export function regionResolver(o: Pick<GROptions, 'ccpUrl' | 'secondaryCCPUrl' | 'regions'>) {
  const primary = originOf(o.ccpUrl);
  const secondary = originOf(o.secondaryCCPUrl);
  return (conduit: { name?: string; region?: string } | null | undefined): string => {
    if (conduit?.region) return conduit.region;
    const origin = originOf(conduit?.name);
    if (secondary && origin === secondary) return o.regions[1] ?? '';
    if (origin === primary || !conduit) return o.regions[0] ?? '';
    return o.regions[0] ?? '';
  };
}

/** The active region as Streams sees it (GR), or the configured primary. */
export function activeRegion(fallback: string): string {
  try {
    return (connect.globalResiliency?.getActiveRegion?.() as string | undefined) || fallback;
  } catch {
    return fallback;
  }
}

/**
 * The agent's statuses fetched again from the active CCP (the getAgentStates API, paged): after
 * a Global Resiliency switch their ARNs name the new region's instance.
 */
export function fetchAgentStates(maxPages = 10): Promise<AgentStateOption[]> {
  return new Promise((resolve, reject) => {
    const out: AgentStateOption[] = [];
    const page = (nextToken: string | null, n: number) => {
      try {
        (connect.core as unknown as Loose).getClient().call(
          'getAgentStates',
          { nextToken, maxResults: 100 },
          {
            success: (data: Loose) => {
              for (const st of (data?.states ?? []) as Loose[]) {
                out.push({ name: String(st.name ?? ''), type: String(st.type ?? '') as AgentStateType, arn: st.agentStateARN ? String(st.agentStateARN) : null });
              }
              if (data?.nextToken && n + 1 < maxPages) page(String(data.nextToken), n + 1);
              else resolve(out);
            },
            failure: (err: unknown) => reject(new Error(`getAgentStates failed: ${typeof err === 'string' ? err : JSON.stringify(err)}`)),
          },
        );
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    page(null, 0);
  });
}

/** Every upstream conduit (two with GR, one without); empty before initCCP created them. */
export function conduits(): Loose[] {
  try {
    const up = (connect.core as unknown as Loose).getUpstream() as Loose;
    return typeof up.getAllConduits === 'function' ? (up.getAllConduits() as Loose[]) : [up];
  } catch {
    return [];
  }
}

/**
 * Subscribe to Streams' Global Resiliency events, websocket events and each CCP's keepalive
 * ACK. Returns an unsubscribe function.
 */
export function attachGR(o: GROptions, s: GRSignals): () => void {
  const gr = Boolean(o.secondaryCCPUrl);
  const subs: Array<{ unsubscribe(): void }> = [];
  const regionOf = regionResolver(o);
  const primary = o.regions[0] ?? '';
  const ackEvery = o.ackEveryMs ?? 2000;
  const lastAck = new Map<string, number>();
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

  const bus = connect.core.getEventBus() as unknown as Loose;
  for (const ev of ['agent::websocket_connection_lost', 'agent::websocket_connection_gained']) {
    subs.push(bus.subscribe(ev, () => s.health(activeRegion(primary), ev)));
  }
  if (gr) {
    const g = connect.globalResiliency as unknown as Loose;
    subs.push(g.onFailoverDetected((d: Loose) => s.failoverDetected(str(d?.nextActiveRegion))));
    subs.push(g.onFailoverPending((d: Loose) => s.failoverPending(str(d?.nextActiveRegion))));
    subs.push(g.onFailoverCompleted((d: Loose) => s.failoverCompleted(str(d?.activeRegion) || activeRegion(''), str(d?.activeCcpUrl))));
    subs.push(g.onConfigureError((e: Loose) => s.configureError(str(e?.message ?? e))));
  }
  for (const c of conduits()) {
    subs.push(
      c.onUpstream('acknowledge', () => {
        const r = regionOf(c);
        const now = Date.now();
        if (!r || now - (lastAck.get(r) ?? 0) < ackEvery) return;
        lastAck.set(r, now);
        s.keepaliveAck(r);
      }),
    );
  }
  return () => {
    for (const x of subs.splice(0)) {
      try {
        x.unsubscribe();
      } catch {
        /* already gone */
      }
    }
  };
}
