import { describe, expect, it, vi } from 'vitest';
import type { RegionSnapshot, RegionSwitch } from '../../bridge/region';
import type { CCPListener, CCPPort } from '../../connect/streams';
import type { ContactView } from '../../connect/types';
import type { GRSignals } from '../../connect/gr';
import { createStore } from '../../state/store';
import { RegionIntegration } from './integration';
import { initialRegionState, type RegionState } from './state';

const contact = (id: string, state = 'connected') => ({ contactId: id, state, phase: 'active' }) as unknown as ContactView;

function setup() {
  const handlers = new Map<string, (p: unknown) => void>();
  const calls: Array<[string, ...unknown[]]> = [];
  const rec =
    (name: string) =>
    (...a: unknown[]) => {
      calls.push([name, ...a]);
      return Promise.resolve();
    };
  const bridge = {
    ccpStarting: rec('ccpStarting'),
    initialized: rec('initialized'),
    failoverDetected: rec('failoverDetected'),
    failoverPending: rec('failoverPending'),
    failoverCompleted: rec('failoverCompleted'),
    configureError: rec('configureError'),
    contactsChanged: rec('contactsChanged'),
    healthSignal: rec('healthSignal'),
    keepaliveAck: rec('keepaliveAck'),
    snapshot: vi.fn(async () => ({ version: 1, regions: [], activeRegion: 'us-east-1', restored: false, phase: 'active', waitingFor: [] }) as RegionSnapshot),
  };
  let active = 'us-east-1';
  let signals: GRSignals | null = null;
  const store = createStore<RegionState>(initialRegionState);
  const resetCaches = vi.fn();
  const ri = new RegionIntegration({
    bridge: bridge as never,
    on: (ev, cb) => {
      handlers.set(ev, cb as (p: unknown) => void);
      return () => handlers.delete(ev);
    },
    store,
    gr: { attach: (_o, s) => ((signals = s), () => {}), activeRegion: () => active },
    resetCaches,
  });
  let listener: CCPListener | null = null;
  const panel = { contacts: [] as ContactView[], initialized: 0 };
  const on = {
    initialized: () => panel.initialized++,
    problem: vi.fn(),
    agent: vi.fn(),
    contacts: (c: ContactView[]) => (panel.contacts = c),
    incoming: vi.fn(),
    region: vi.fn(),
    error: vi.fn(),
  } as CCPListener;
  const start = ri.wrap((_el, _o, l) => ((listener = l), {} as CCPPort));
  return {
    ri,
    calls,
    store,
    handlers,
    resetCaches,
    panel,
    setActive: (r: string) => (active = r),
    start: () => start({} as HTMLElement, { ccpUrl: 'http://a/ccp-v2/', secondaryCCPUrl: 'http://b/ccp-v2/', loginUrl: 'http://a/login', regions: ['us-east-1', 'us-west-2'], loadTimeoutMs: 5000, softphone: { enabled: false, disableRingtone: true, disableEchoCancellation: false } }, on),
    listener: () => listener!,
    signals: () => signals!,
  };
}

describe('RegionIntegration', () => {
  it('forwards the Streams life cycle to Go: starting, initialized, failover, health', async () => {
    const t = setup();
    await t.ri.load();
    t.start();
    t.listener().initialized();
    t.listener().contacts([contact('c-1')]);
    t.signals().failoverDetected('us-west-2');
    t.signals().failoverPending('us-west-2');
    t.signals().keepaliveAck('us-west-2');
    t.signals().health('us-east-1', 'agent::websocket_connection_lost');
    t.setActive('us-west-2');
    t.signals().failoverCompleted('us-west-2', 'http://b');
    t.listener().problem('gr_configure_error', 'bad secondary');
    expect(t.calls.map((c) => c[0])).toEqual([
      'ccpStarting',
      'initialized',
      'contactsChanged',
      'failoverDetected',
      'failoverPending',
      'keepaliveAck',
      'healthSignal',
      'failoverCompleted',
      'configureError',
    ]);
    expect(t.calls[1]).toEqual(['initialized', 'us-east-1']);
    expect(t.calls[2]).toEqual(['contactsChanged', [{ contactId: 'c-1', region: 'us-east-1', state: 'connected' }]]);
    expect(t.calls[4]).toEqual(['failoverPending', 'us-west-2', ['c-1']]);
    expect(t.panel.initialized).toBe(1);
  });

  it("only the active region's contacts reach the panel; a new snapshot re-filters", async () => {
    const t = setup();
    await t.ri.load();
    t.start();
    t.listener().contacts([contact('c-1')]);
    expect(t.panel.contacts.map((c) => c.contactId)).toEqual(['c-1']);
    // Go says the active region is now us-west-2; the contact was reported by us-east-1.
    t.handlers.get('region:changed')!({ version: 9, regions: [], activeRegion: 'us-west-2', restored: false, phase: 'failover_completed', waitingFor: [] });
    expect(t.panel.contacts).toEqual([]);
  });

  it('region:switched resets region caches (no reload)', async () => {
    const t = setup();
    await t.ri.load();
    const sw: RegionSwitch = { from: 'us-east-1', to: 'us-west-2', at: '2026-11-22T00:00:00Z' };
    t.handlers.get('region:switched')!(sw);
    expect(t.resetCaches).toHaveBeenCalledWith(sw);
    expect(t.store.get().switches).toBe(1);
  });
});
