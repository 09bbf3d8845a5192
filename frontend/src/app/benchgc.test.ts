import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BENCH_GC_INTERVAL_MS, startBenchGC } from './benchgc';

describe('startBenchGC', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does nothing without $vm (every real run)', () => {
    expect(startBenchGC({})).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('collects every interval when the engine offers $vm', () => {
    const gc = vi.fn();
    expect(startBenchGC({ $vm: { gc } })).toBe(true);
    vi.advanceTimersByTime(BENCH_GC_INTERVAL_MS * 3 + 1);
    expect(gc).toHaveBeenCalledTimes(3);
  });
});
