import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { describe, expect, it, vi } from 'vitest';
import { normalizeView, type TimelineView } from '../../bridge/logs';
import { BridgeError } from '../../bridge/errors';
import { LogsButton, TimelineDetails } from './LogsView';
import { rangeArgs } from './range';
import { createLogsController } from './state';

const view: TimelineView = {
  source: 'today',
  charts: { 'api-latency.svg': '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
  timeline: {
    files: [],
    entries: 42,
    start: '2026-11-22T09:00:00Z',
    end: '2026-11-22T09:10:00Z',
    levels: {},
    agentStates: [{ time: '2026-11-22T09:00:01Z', region: 'us-east-1', name: 'Available', type: 'routable' }],
    contacts: [{ contactId: 'c-1', type: 'voice', region: 'us-east-1', first: '', last: '', states: [{ time: '2026-11-22T09:01:00Z', state: 'connected' }] }],
    api: [{ op: 'getAgentSnapshot', count: 10, failures: 1, p50Ms: 40, p95Ms: 90, maxMs: 120 }],
    apiFailures: [{ time: '2026-11-22T09:02:00Z', op: 'getAgentSnapshot', latencyMs: 50, ok: false, error: 'NetworkingError' }],
    snapshots: 10,
    snapshotGaps: [{ from: '2026-11-22T09:03:00Z', to: '2026-11-22T09:04:00Z', region: 'us-east-1', seconds: 60 }],
    skew: { samples: 10, minMs: -5, maxMs: 10, meanMs: 3, maxAbsMs: 10 },
    softphoneErrors: [{ time: '2026-11-22T09:05:00Z', message: 'ICE', type: 'ice_collection_timeout', cause: 'UDP 3478 blocked', remedy: 'allow outbound UDP 3478' }],
    logGaps: [],
    errors: [],
    errorCount: 0,
    problems: [],
    problemCount: 0,
  },
};

describe('Logs view', () => {
  it('shows agent states, API calls with latency and failures, gaps, softphone remedies and charts', () => {
    render(<TimelineDetails view={view} />);
    expect(screen.getByTestId('logs-entries').textContent).toBe('42');
    expect(screen.getByTestId('logs-agent-states').textContent).toContain('Available');
    const api = screen.getByTestId('logs-api').textContent!;
    expect(api).toContain('getAgentSnapshot');
    expect(api).toContain('90 ms');
    expect(screen.getByTestId('logs-softphone').textContent).toContain('allow outbound UDP 3478');
    expect(screen.getByTestId('logs-gaps').textContent).toContain('no agent snapshot for 60 s');
    const img = screen.getByTestId('chart-api-latency.svg').querySelector('img')!;
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  });

  it('opens from the topbar, flushes captured logs first, loads today and exports', async () => {
    const order: string[] = [];
    const api = {
      today: vi.fn(async () => (order.push('today'), view)),
      diagnostics: vi.fn(async () => ({ dir: '/x/logs', keySource: 'os-keyring (test)', encryption: 'off', stats: { NextSeq: 1, Written: 5, Dropped: 0, Segments: 1, Bytes: 1, LastError: '' } })),
      openTimeline: vi.fn(async () => ({ source: '', timeline: null, charts: null })),
      exportBundle: vi.fn(async () => '/tmp/bundle.zip'),
    };
    const c = createLogsController(api, async () => void order.push('flush'));
    render(<LogsButton c={c} />);
    await act(async () => fireEvent.click(screen.getByTestId('open-logs')));
    await waitFor(() => expect(screen.getByTestId('logs-api').textContent).toContain('getAgentSnapshot'));
    expect(order.slice(0, 2)).toEqual(['flush', 'today']);
    expect(screen.getByTestId('logs-diagnostics').textContent).toContain('os-keyring (test)');
    await act(async () => fireEvent.click(screen.getByTestId('logs-open'))); // cancelled: the view stays
    expect(screen.getByTestId('logs-api')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('logs-export')));
    await waitFor(() => expect(screen.getByTestId('logs-exported').textContent).toBe('/tmp/bundle.zip'));
  });

  it("renders Go's empty lists (null) without failing", () => {
    const raw = JSON.parse(JSON.stringify(view)) as Record<string, Record<string, unknown>>;
    for (const k of ['softphoneErrors', 'agentStates', 'contacts', 'api', 'apiFailures', 'snapshotGaps', 'logGaps', 'errors', 'problems', 'files']) raw.timeline![k] = null;
    raw.charts = null as never;
    render(<TimelineDetails view={normalizeView(raw as unknown as TimelineView)} />);
    expect(screen.getByTestId('logs-api').textContent).toContain('No API calls');
  });

  it('shows why capture is off (encryption at rest without a keyring)', async () => {
    const why = 'log encryption key unavailable: logs.encryptAtRest is on but the OS keyring is unavailable (keyring locked)';
    const api = {
      today: vi.fn(async () => {
        throw new BridgeError('logs_off', 'log capture is off: ' + why);
      }),
      diagnostics: vi.fn(async () => ({ dir: '/x/logs', keySource: '', encryption: 'on, but no key: none (OS keyring unavailable: keyring locked)', off: why, stats: { NextSeq: 0, Written: 0, Dropped: 0, Segments: 0, Bytes: 0, LastError: '' } })),
      openTimeline: vi.fn(),
      exportBundle: vi.fn(),
    };
    const c = createLogsController(api as never);
    render(<LogsButton c={c} />);
    await act(async () => fireEvent.click(screen.getByTestId('open-logs')));
    await waitFor(() => expect(screen.getByTestId('logs-error').textContent).toContain('log capture is off'));
    expect(screen.getByTestId('logs-capture-off').textContent).toContain('keyring locked');
    expect(screen.getByTestId('logs-diagnostics').textContent).toContain('Encryption at rest: on, but no key');
  });

  it('says when there are no logs yet', async () => {
    const api = {
      today: vi.fn(async () => {
        throw new BridgeError('logs_empty', 'no logs yet');
      }),
      diagnostics: vi.fn(async () => null as never),
      openTimeline: vi.fn(),
      exportBundle: vi.fn(),
    };
    const c = createLogsController(api as never);
    render(<LogsButton c={c} />);
    await act(async () => fireEvent.click(screen.getByTestId('open-logs')));
    await waitFor(() => expect(screen.getByText('No logs recorded yet.')).toBeTruthy());
  });

  it('exports the chosen time range: the last 24 hours by default, everything, or from/to as the binding takes them', async () => {
    const api = {
      today: vi.fn(async () => view),
      diagnostics: vi.fn(async () => null as never),
      openTimeline: vi.fn(),
      exportBundle: vi.fn(async (_from: string, _to: string) => '/tmp/bundle.zip'),
    };
    const now = new Date(2026, 10, 22, 10, 15); // local time
    const c = createLogsController(api as never, async () => undefined, undefined, () => now);
    const { container } = render(<LogsButton c={c} />);
    await act(async () => fireEvent.click(screen.getByTestId('open-logs')));
    const w = createWrapper(container.ownerDocument.body);
    const exportNow = async () => {
      await act(async () => fireEvent.click(screen.getByTestId('logs-export')));
      await waitFor(() => expect(screen.getByTestId('logs-export').hasAttribute('disabled')).toBe(false));
    };

    // Default: from 24 hours before the view opened, open end; the view says so.
    expect(screen.getByTestId('logs-range-text').textContent).toContain('From 2026-11-21 10:15 to now.');
    expect(w.findDatePicker('[data-testid="logs-range-from-date"] *')!.findNativeInput().getElement().value).toBe('2026/11/21');
    await exportNow();
    expect(api.exportBundle).toHaveBeenLastCalledWith(new Date(2026, 10, 21, 10, 15).toISOString(), '');

    // Everything: both ends open.
    await act(async () => fireEvent.click(screen.getByTestId('logs-range-all')));
    expect(screen.getByTestId('logs-range-text').textContent).toContain('From the oldest record kept (7 days) to now.');
    await exportNow();
    expect(api.exportBundle).toHaveBeenLastCalledWith('', '');

    // Typed ends: a date alone goes as YYYY-MM-DD (Go: local day; a "to" date is the whole day),
    // a date and time as RFC 3339.
    act(() => {
      w.findDatePicker('[data-testid="logs-range-from-date"] *')!.setInputValue('2026/11/20');
      w.findDatePicker('[data-testid="logs-range-to-date"] *')!.setInputValue('2026/11/21');
      w.findTimeInput('[data-testid="logs-range-to-time"] *')!.setInputValue('09:30');
    });
    expect(screen.getByTestId('logs-range-text').textContent).toContain('From 2026-11-20 to 2026-11-21 09:30.');
    await exportNow();
    expect(api.exportBundle).toHaveBeenLastCalledWith('2026-11-20', new Date(2026, 10, 21, 9, 30).toISOString());
    await waitFor(() => expect(screen.getByTestId('logs-exported').textContent).toBe('/tmp/bundle.zip'));

    // An end before the start is refused here; Go is not asked.
    act(() => w.findDatePicker('[data-testid="logs-range-to-date"] *')!.setInputValue('2026/11/19'));
    const calls = api.exportBundle.mock.calls.length;
    await act(async () => fireEvent.click(screen.getByTestId('logs-export')));
    expect(api.exportBundle).toHaveBeenCalledTimes(calls);
    expect(screen.getByTestId('logs-error').textContent).toContain('before its start');

    // Last 24 hours again.
    await act(async () => fireEvent.click(screen.getByTestId('logs-range-24h')));
    await exportNow();
    expect(api.exportBundle).toHaveBeenLastCalledWith(new Date(2026, 10, 21, 10, 15).toISOString(), '');
  });

  it('range arguments: a "to" date alone is the whole day; half-filled ends are explained', () => {
    expect(rangeArgs({ fromDate: '2026-11-20', fromTime: '', toDate: '2026-11-20', toTime: '' })).toEqual({ from: '2026-11-20', to: '2026-11-20' });
    expect(rangeArgs({ fromDate: '', fromTime: '10:00', toDate: '', toTime: '' })).toEqual({ error: 'Pick the start date too, or clear the time.' });
    expect(rangeArgs({ fromDate: '2026-11-20', fromTime: '1', toDate: '', toTime: '' })).toEqual({ error: 'The start time must be HH:MM.' });
    expect(rangeArgs({ fromDate: '2026-11-2', fromTime: '', toDate: '', toTime: '' })).toEqual({ error: 'The start date must be YYYY-MM-DD.' });
    expect(rangeArgs({ fromDate: '2026-11-20', fromTime: '12:00', toDate: '2026-11-20', toTime: '11:00' })).toEqual({ error: 'The end of the range is before its start.' });
  });

  it('shows the records Go dropped (full disk, failed write), then that capture resumed', async () => {
    const api = { today: vi.fn(async () => view), diagnostics: vi.fn(async () => null as never), openTimeline: vi.fn(), exportBundle: vi.fn() };
    const c = createLogsController(api as never);
    render(<LogsButton c={c} />);
    await act(async () => fireEvent.click(screen.getByTestId('open-logs')));
    expect(screen.queryByTestId('logs-store-problem')).toBeNull();
    act(() => c.shipperStatus({ storeError: 'disk full', diskFull: true, storeDropped: 17 }));
    expect(screen.getByTestId('logs-store-problem').textContent).toContain('Disk full — 17 log records dropped');
    act(() => c.shipperStatus({ storeError: 'write: input/output error', diskFull: false, storeDropped: 20 }));
    expect(screen.getByTestId('logs-store-problem').textContent).toContain('Logs cannot be stored (write: input/output error) — 20 log records dropped');
    act(() => c.shipperStatus({ storeError: '', diskFull: false, storeDropped: 20 }));
    expect(screen.getByTestId('logs-store-problem').textContent).toContain('20 log records were dropped (full disk or a failed write)');
  });
});
