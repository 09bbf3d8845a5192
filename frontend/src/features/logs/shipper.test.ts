import { describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../../bridge/errors';
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
