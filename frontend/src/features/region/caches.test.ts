import { describe, expect, it, vi } from 'vitest';
import type { AgentStateOption } from '../../connect/types';
import { resetRegionCaches, type CacheDeps } from './caches';

const sw = { from: 'us-east-1', to: 'us-west-2', at: '2026-11-22T00:00:00Z' };
const westStates: AgentStateOption[] = [
  { name: 'Available', type: 'routable', arn: 'arn:aws:connect:us-west-2:111122223333:instance/w/agent-state/a' },
  { name: 'Offline', type: 'offline', arn: 'arn:aws:connect:us-west-2:111122223333:instance/w/agent-state/o' },
];

function deps(p: Partial<CacheDeps> = {}) {
  const calls: string[] = [];
  let states: AgentStateOption[] = [];
  const d: CacheDeps = {
    hasQuickConnects: () => true,
    dropQuickConnects: () => calls.push('drop quick'),
    loadQuickConnects: async () => void calls.push('load quick'),
    fetchAgentStates: async () => (calls.push('fetch states'), westStates),
    setAgentStates: (s) => ((states = s), calls.push('set states')),
    log: vi.fn(),
    ...p,
  };
  return { d, calls, states: () => states };
}

describe('resetRegionCaches', () => {
  it("drops quick connects, refetches them, and replaces the agent states with the new region's", async () => {
    const t = deps();
    const out = await resetRegionCaches(sw, t.d);
    expect(out).toEqual({ quickConnectsRefetched: true, agentStates: 2 });
    expect(t.calls).toEqual(['drop quick', 'load quick', 'fetch states', 'set states']);
    expect(t.states().every((s) => s.arn?.includes(':us-west-2:'))).toBe(true);
  });

  it('does not load quick connects the agent never opened', async () => {
    const t = deps({ hasQuickConnects: () => false });
    const out = await resetRegionCaches(sw, t.d);
    expect(out.quickConnectsRefetched).toBe(false);
    expect(t.calls).toEqual(['drop quick', 'fetch states', 'set states']);
  });

  it('keeps the current states when the fetch fails or returns nothing, and says so', async () => {
    const failing = deps({ fetchAgentStates: () => Promise.reject(new Error('NetworkingError')) });
    expect((await resetRegionCaches(sw, failing.d)).agentStates).toBe(-1);
    expect(failing.calls).not.toContain('set states');
    expect(failing.d.log).toHaveBeenCalledWith('warn', expect.stringContaining('not refetched'), expect.objectContaining({ error: 'NetworkingError' }));
    const empty = deps({ fetchAgentStates: async () => [] });
    expect((await resetRegionCaches(sw, empty.d)).agentStates).toBe(0);
    expect(empty.calls).not.toContain('set states');
  });
});
