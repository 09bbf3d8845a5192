import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegionSnapshot } from '../../bridge/region';
import { FailoverBanner, FailoverBannerView, RegionProblemsView } from './FailoverBanner';
import { RegionBadge } from './RegionBadge';
import { applySnapshot, filterActive, initialRegionState, regionStore } from './state';

const health = (status: 'healthy' | 'degraded' | 'down' | 'unknown') => ({ status, reported: status });

function snap(p: Partial<RegionSnapshot> = {}): RegionSnapshot {
  return {
    version: 1,
    regions: [
      { region: 'us-east-1', role: 'primary', active: true, health: health('healthy') },
      { region: 'us-west-2', role: 'secondary', active: false, health: health('degraded') },
    ],
    activeRegion: 'us-east-1',
    restored: false,
    phase: 'active',
    waitingFor: [],
    ...p,
  };
}

afterEach(() => {
  cleanup();
  regionStore.set(initialRegionState);
});

describe('RegionBadge', () => {
  it("shows the active region and both instances' health from Go's snapshot", () => {
    regionStore.set({ snapshot: snap() });
    render(<RegionBadge region={null} />);
    expect(screen.getByTestId('region').getAttribute('data-active')).toBe('us-east-1');
    expect(screen.getByTestId('region-active').textContent).toBe('us-east-1');
    expect(screen.getByTestId('region-health-us-west-2').getAttribute('data-status')).toBe('degraded');
    expect(screen.getByTestId('region-health-us-west-2').textContent).toContain('us-west-2 (secondary): degraded');
  });

  it('follows region:changed snapshots and ignores stale ones', () => {
    regionStore.set({ snapshot: snap() });
    render(<RegionBadge region={null} />);
    act(() => applySnapshot(regionStore, snap({ version: 5, activeRegion: 'us-west-2' })));
    expect(screen.getByTestId('region-active').textContent).toBe('us-west-2');
    act(() => applySnapshot(regionStore, snap({ version: 3, activeRegion: 'us-east-1' })));
    expect(screen.getByTestId('region-active').textContent).toBe('us-west-2');
  });

  it("falls back to what Streams reported when Go's tracker has nothing", () => {
    render(<RegionBadge region={{ enabled: false, active: 'us-east-1', regions: ['us-east-1'], failoverPending: null, lastFailover: null }} />);
    expect(screen.getByTestId('region').textContent).toContain('us-east-1');
  });
});

describe('FailoverBanner', () => {
  it('pending: names the target region and the contacts it waits for', () => {
    render(<FailoverBannerView snapshot={snap({ phase: 'failover_pending', targetRegion: 'us-west-2', waitingFor: [{ contactId: 'c-1', region: 'us-east-1', state: 'ended' }] })} />);
    const b = screen.getByTestId('failover-banner');
    expect(b.getAttribute('data-phase')).toBe('pending');
    expect(b.textContent).toContain('Moving to us-west-2 after this contact');
    expect(b.textContent).toContain('c-1 (after-contact work)');
    expect(b.textContent).not.toContain('ringing');
  });

  it('pending on a ringing contact: says it is ringing and what ends the wait', () => {
    render(<FailoverBannerView snapshot={snap({ phase: 'failover_pending', targetRegion: 'us-west-2', waitingFor: [{ contactId: 'c-2', region: 'us-east-1', state: 'connecting' }] })} />);
    const b = screen.getByTestId('failover-banner').textContent!;
    expect(b).toContain('c-2 (ringing)');
    expect(b).toContain('until you reject it, miss it, or accept and clear it');
  });

  it('completed, detected, and nothing when active', () => {
    const { rerender } = render(<FailoverBannerView snapshot={snap({ phase: 'failover_completed', activeRegion: 'us-west-2', completedAt: '2026-11-22T09:00:00Z' })} />);
    expect(screen.getByTestId('failover-banner').textContent).toContain('Now working in us-west-2');
    rerender(<FailoverBannerView snapshot={snap({ phase: 'failover_detected', targetRegion: 'us-west-2' })} />);
    expect(screen.getByTestId('failover-banner').textContent).toContain('Switching to us-west-2');
    rerender(<FailoverBannerView snapshot={snap()} />);
    expect(screen.queryByTestId('failover-banner')).toBeNull();
  });

  it('configure error: the message and what to check', () => {
    regionStore.set({ snapshot: snap({ phase: 'configure_error', configureError: { message: 'secondary CCP misconfigured', at: '' } }) });
    render(<FailoverBanner />);
    const g = screen.getByTestId('configure-error').textContent!;
    expect(g).toContain('secondary CCP misconfigured');
    expect(g).toContain('same traffic distribution group');
  });
});

describe('RegionProblemsView', () => {
  const silent = (active: boolean) =>
    snap({
      regions: [
        { region: 'us-east-1', role: 'primary', active: !active, health: health('healthy') },
        { region: 'us-west-2', role: 'secondary', active, ccpUrl: 'https://west.example/ccp-v2/', health: { status: 'degraded', reported: 'unknown', problem: 'no_answer' } },
      ],
    });

  it('a silent secondary: what to check, with the origin to approve and its CCP URL', () => {
    render(<RegionProblemsView snapshot={silent(false)} appOrigin="wails://wails" />);
    const g = screen.getByTestId('region-guidance');
    expect(g.getAttribute('data-region')).toBe('us-west-2');
    expect(g.textContent).toContain('The us-west-2 (secondary) CCP is not answering');
    expect(g.textContent).toContain('You keep working in us-east-1');
    expect(g.textContent).toContain('approved origins');
    expect(g.textContent).toContain('wails://wails');
    expect(g.textContent).toContain('https://west.example/ccp-v2/');
  });

  it('a silent active region says contacts cannot arrive; nothing without a problem', () => {
    const { rerender } = render(<RegionProblemsView snapshot={silent(true)} appOrigin="wails://wails" />);
    expect(screen.getByTestId('region-guidance').textContent).toContain('contacts cannot reach you');
    rerender(<RegionProblemsView snapshot={snap()} appOrigin="wails://wails" />);
    expect(screen.queryByTestId('region-guidance')).toBeNull();
  });

  it('the badge marks the silent region', () => {
    regionStore.set({ snapshot: silent(false) });
    render(<RegionBadge region={null} />);
    const h = screen.getByTestId('region-health-us-west-2');
    expect(h.getAttribute('data-problem')).toBe('no_answer');
    expect(h.textContent).toContain('not answering');
  });
});

describe('filterActive', () => {
  const cs = [
    { contactId: 'a', region: 'us-east-1' },
    { contactId: 'b', region: 'us-west-2' },
    { contactId: 'c', region: '' },
  ];
  it('keeps the active region and untagged contacts', () => {
    expect(filterActive(cs, snap()).map((c) => c.contactId)).toEqual(['a', 'c']);
  });
  it('filters nothing with a restored (unconfirmed) region or none', () => {
    expect(filterActive(cs, snap({ restored: true }))).toHaveLength(3);
    expect(filterActive(cs, null)).toHaveLength(3);
  });
});
