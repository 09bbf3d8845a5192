import { describe, expect, it, vi } from 'vitest';
import { afterLoad } from './signin';

describe('afterLoad', () => {
  it('resolves at once on a loaded page', async () => {
    const win = { addEventListener: vi.fn() };
    await afterLoad({ readyState: 'complete' }, win);
    expect(win.addEventListener).not.toHaveBeenCalled();
  });

  it('waits for the load event while the page is still loading', async () => {
    let fire: () => void = () => undefined;
    const win = { addEventListener: vi.fn((_: string, f: () => void) => { fire = f; }) };
    let done = false;
    const p = afterLoad({ readyState: 'interactive' }, win as never).then(() => { done = true; });
    await Promise.resolve();
    expect(done).toBe(false);
    expect(win.addEventListener).toHaveBeenCalledWith('load', expect.any(Function), { once: true });
    fire();
    await p;
    expect(done).toBe(true);
  });
});
