// Region-specific caches after a Global Resiliency switch (region:switched): quick connects
// and agent-state ARNs name the old region's instance, so they are dropped and fetched again
// from the new active CCP. Never a page reload.
import type { RegionSwitch } from '../../bridge/region';
import type { AgentStateOption } from '../../connect/types';

export interface CacheDeps {
  /** Quick connects are fetched on demand: refetch only if the agent had them loaded. */
  hasQuickConnects(): boolean;
  dropQuickConnects(): void;
  loadQuickConnects(): Promise<void>;
  /** getAgentStates from the (new) active CCP. */
  fetchAgentStates(): Promise<AgentStateOption[]>;
  setAgentStates(states: AgentStateOption[]): void;
  log(level: 'info' | 'warn', text: string, fields?: Record<string, unknown>): void;
}

export interface CacheReset {
  quickConnectsRefetched: boolean;
  /** Number of statuses fetched from the new region, or -1 if the fetch failed. */
  agentStates: number;
}

export async function resetRegionCaches(sw: RegionSwitch, d: CacheDeps): Promise<CacheReset> {
  const hadQuick = d.hasQuickConnects();
  d.dropQuickConnects();
  const quick = hadQuick ? d.loadQuickConnects() : Promise.resolve();
  let agentStates = -1;
  try {
    const states = await d.fetchAgentStates();
    if (states.length > 0) d.setAgentStates(states);
    agentStates = states.length;
  } catch (e) {
    // Streams' next agent refresh brings the new region's statuses anyway.
    d.log('warn', `agent states not refetched after the switch to ${sw.to}`, { error: String((e as Error)?.message ?? e) });
  }
  await quick;
  const out = { quickConnectsRefetched: hadQuick, agentStates };
  d.log('info', `caches reset after the switch ${sw.from} → ${sw.to}`, { ...out });
  return out;
}
