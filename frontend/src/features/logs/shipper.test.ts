import { describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../bridge/errors';
import type { IngestResult } from '../../bridge/logs';
import { LogShipper } from './shipper';

const entry = (text: string) => ({ component: 'ccp', level: 'INFO', text, time: '2026-11-22T00:00:00.000Z' });

function fakeGo(limit: number) {
  const stored: string[] = [];
  const send = vi.fn(async (batch: string) => {
    if (batch.length > limit) throw new BridgeError('logs_batch_too_large', `batch of ${batch.length} bytes over ${limit}`);
    const b = JSON.parse(batch) as { entries: Array<{ text: string }> };
    stored.push(...b.entries.map((e) => e.text));
    return { ack: { First: 0, Last: 0 }, accepted: b.entries.length };
  });
  return { stored, send };
}

describe('LogShipper', () => {
  it('batches by source and region, in order', async () => {
    const go = fakeGo(1 << 20);
    const s = new LogShipper({ send: go.send, setTimer: () => 0 });
    s.add('streams-ccp', 'us-east-1', entry('a'));
    s.add('streams-ccp', 'us-east-1', entry('b'));
    s.add('streams-ccp', 'us-west-2', entry('c'));
    s.add('frontend', '', entry('d'));
    await s.flush();
    expect(go.stored).toEqual(['a', 'b', 'c', 'd']);
    expect(go.send).toHaveBeenCalledTimes(3);
    const first = JSON.parse(go.send.mock.calls[0]![0]) as { source: string; region: string };
    expect(first).toMatchObject({ source: 'streams-ccp', region: 'us-east-1' });
    expect(s.stats.queued).toBe(0);
  });

  it('keeps batches under maxBatchBytes', async () => {
    const go = fakeGo(1 << 20);
    const s = new LogShipper({ send: go.send, maxBatchBytes: 1000, setTimer: () => 0 });
    for (let i = 0; i < 50; i++) s.add('frontend', '', entry(`${i}`.padEnd(100, 'x')));
    await s.flush();
    expect(go.stored).toHaveLength(50);
    for (const [b] of go.send.mock.calls) expect(b.length).toBeLessThanOrEqual(1000 + 200);
  });

  it('splits a batch Go refuses as too large and loses nothing valid', async () => {
    const go = fakeGo(3000);
    const s = new LogShipper({ send: go.send, maxBatchBytes: 1 << 20, setTimer: () => 0 });
    const texts = Array.from({ length: 40 }, (_, i) => `entry-${i}-`.padEnd(300, 'y'));
    for (const t of texts) s.add('streams-ccp', 'us-east-1', entry(t));
    await s.flush();
    expect(go.stored).toEqual(texts);
    expect(s.stats.split).toBeGreaterThan(0);
    expect(s.stats.dropped).toBe(0);
  });

  it('drops only a single entry over the limit, and says so', async () => {
    const go = fakeGo(3000);
    const s = new LogShipper({ send: go.send, setTimer: () => 0 });
    s.add('frontend', '', entry('before'));
    s.add('frontend', '', entry('z'.repeat(5000)));
    s.add('frontend', '', entry('after'));
    await s.flush();
    await s.flush();
    expect(go.stored.slice(0, 2)).toEqual(['before', 'after']);
    expect(go.stored.some((t) => /over the ingest limit and dropped/.test(t))).toBe(true);
    expect(s.stats.dropped).toBe(1);
  });

  it('keeps entries while Go is unreachable and sends them later', async () => {
    let up = false;
    const go = fakeGo(1 << 20);
    const send = vi.fn(async (b: string) => {
      if (!up) throw new BridgeError('internal', 'no backend');
      return go.send(b);
    });
    const s = new LogShipper({ send, setTimer: () => 0 });
    s.add('frontend', '', entry('x'));
    await s.flush();
    expect(s.stats.queued).toBe(1);
    up = true;
    await s.flush();
    expect(go.stored).toEqual(['x']);
  });
});

describe('LogShipper when Go cannot store (full disk, failed write or fsync)', () => {
  const ok = (n: number): IngestResult => ({ ack: { First: 1, Last: n }, accepted: n });

  it('a diskFull result is settled: the batch is not sent again, the drops are counted and reported', async () => {
    const timers: Array<() => void> = [];
    const statuses: Array<{ storeError: string; diskFull: boolean; storeDropped: number }> = [];
    const send = vi.fn(async (b: string): Promise<IngestResult> => {
      const n = (JSON.parse(b) as { entries: unknown[] }).entries.length;
      // Go stored 1 whole record, dropped the rest (no error: the result says so).
      return { ack: { First: 1, Last: 1 }, accepted: 1, dropped: n - 1, diskFull: true, storeError: 'disk full: no space left on device' };
    });
    const s = new LogShipper({ send, setTimer: (f) => timers.push(f), onStatus: (x) => statuses.push({ storeError: x.storeError, diskFull: x.diskFull, storeDropped: x.storeDropped }) });
    for (const t of ['a', 'b', 'c']) s.add('streams-ccp', 'us-east-1', entry(t));
    await s.flush();
    expect(send).toHaveBeenCalledTimes(1);
    expect(s.stats).toMatchObject({ queued: 0, sent: 1, diskFull: true, storeDropped: 2, dropped: 0 });
    expect(s.stats.lastError).toBe('disk full: no space left on device: 2 log records dropped');
    expect(statuses).toEqual([{ storeError: 'disk full: no space left on device', diskFull: true, storeDropped: 2 }]);
    // No retry was scheduled, and later flushes send nothing of that batch again.
    for (const f of timers.splice(0)) f();
    await s.flush();
    expect(send).toHaveBeenCalledTimes(1);

    // The disk has room again: the next batch clears the status, the count stays.
    send.mockImplementation(async (b: string) => ok((JSON.parse(b) as { entries: unknown[] }).entries.length));
    s.add('streams-ccp', 'us-east-1', entry('d'));
    await s.flush();
    expect(send).toHaveBeenCalledTimes(2);
    expect(JSON.parse(send.mock.calls[1]![0]).entries.map((e: { text: string }) => e.text)).toEqual(['d']);
    expect(s.stats).toMatchObject({ storeError: '', diskFull: false, storeDropped: 2 });
    expect(statuses.at(-1)).toEqual({ storeError: '', diskFull: false, storeDropped: 2 });
  });

  it('counts the drops of every full-disk batch, and reports nothing while the disk is fine', async () => {
    const statuses: number[] = [];
    let full = false;
    const send = vi.fn(async (b: string): Promise<IngestResult> => {
      const n = (JSON.parse(b) as { entries: unknown[] }).entries.length;
      return full ? { ack: { First: 0, Last: 0 }, accepted: 0, dropped: n, diskFull: true } : ok(n);
    });
    const s = new LogShipper({ send, setTimer: () => 0, onStatus: (x) => statuses.push(x.storeDropped) });
    s.add('frontend', '', entry('fine'));
    await s.flush();
    expect(statuses).toEqual([]);
    full = true;
    s.add('frontend', '', entry('x'));
    s.add('streams-crm', 'us-west-2', entry('y'));
    await s.flush();
    expect(send).toHaveBeenCalledTimes(3);
    expect(s.stats.storeDropped).toBe(2);
    expect(statuses).toEqual([1, 2]);
  });

  it('a failed write or fsync (storeError without diskFull) is settled the same way', async () => {
    const send = vi.fn(
      async (b: string): Promise<IngestResult> => ({
        ack: { First: 5, Last: 6 },
        accepted: 2,
        dropped: (JSON.parse(b) as { entries: unknown[] }).entries.length - 2,
        storeError: 'write: input/output error',
      }),
    );
    const s = new LogShipper({ send, setTimer: () => 0 });
    for (const t of ['a', 'b', 'c', 'd', 'e']) s.add('streams-ccp', 'us-west-2', entry(t));
    await s.flush();
    await s.flush();
    expect(send).toHaveBeenCalledTimes(1);
    expect(s.stats).toMatchObject({ queued: 0, sent: 2, storeDropped: 3, storeError: 'write: input/output error', diskFull: false });
  });

  it('any other error still means Go is unreachable: the batch waits and is resent whole', async () => {
    const timers: Array<{ f: () => void; ms: number }> = [];
    let calls = 0;
    const stored: string[] = [];
    const send = vi.fn(async (b: string) => {
      if (++calls === 1) throw new BridgeError('logs_off', 'log capture is off: keyring locked');
      const e = (JSON.parse(b) as { entries: Array<{ text: string }> }).entries;
      stored.push(...e.map((x) => x.text));
      return ok(e.length);
    });
    const s = new LogShipper({ send, flushEveryMs: 1000, setTimer: (f, ms) => timers.push({ f, ms }) });
    s.add('frontend', '', entry('a'));
    s.add('frontend', '', entry('b'));
    timers.splice(0); // the add's 1 s flush timer: flush by hand instead
    await s.flush();
    expect(s.stats).toMatchObject({ queued: 2, storeError: '', storeDropped: 0 });
    expect(timers.map((t) => t.ms)).toEqual([5000]); // retried after 5 s
    timers[0]!.f();
    await s.flush();
    expect(stored).toEqual(['a', 'b']);
    expect(s.stats.queued).toBe(0);
  });
});
