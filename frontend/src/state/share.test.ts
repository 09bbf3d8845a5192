import { describe, expect, it, vi } from 'vitest';
import { share } from './share';
import { createStore } from './store';

describe('share', () => {
  const conn = (over = {}) => ({ connectionId: 'k-1', state: 'connected', since: 1000, onHold: false, ...over });
  const contact = (over = {}) => ({ contactId: 'c-1', phase: 'active', stateSince: 1000, connections: [conn()], attributes: { a: '1' }, ...over });

  it('keeps the previous objects when nothing changed (time stamps within a second are the same)', () => {
    const prev = [contact()];
    const next = [contact({ stateSince: 1004, connections: [conn({ since: 997 })] })];
    expect(share(prev, next)).toBe(prev);
  });

  it('replaces only what changed, matched by id', () => {
    const a = contact();
    const b = contact({ contactId: 'c-2' });
    const out = share([a, b], [contact(), contact({ contactId: 'c-2', connections: [conn({ onHold: true })] })]);
    expect(out[0]).toBe(a);
    expect(out[1]).not.toBe(b);
    expect(out[1]!.attributes).toBe(b.attributes);
    expect(out[1]!.connections[0]!.onHold).toBe(true);
    // a contact removed from the front: the other keeps its identity
    expect(share([a, b], [contact({ contactId: 'c-2' })])[0]).toBe(b);
  });

  it('a real state change moves the time stamp', () => {
    const prev = contact();
    expect(share(prev, contact({ stateSince: 5000 })).stateSince).toBe(5000);
    expect(share(null as null | ReturnType<typeof contact>, prev)).toBe(prev);
  });
});

describe('store', () => {
  it('notifies only on a change, once per batch', () => {
    const s = createStore({ a: 1, b: [1] });
    const l = vi.fn();
    s.subscribe(l);
    s.set({ a: 1 });
    s.set({ b: s.get().b });
    expect(l).not.toHaveBeenCalled();
    s.set({ a: 2 });
    expect(l).toHaveBeenCalledTimes(1);
    s.batch(() => {
      s.set({ a: 3 });
      s.set({ b: [2] });
      expect(s.get().a).toBe(3);
    });
    expect(l).toHaveBeenCalledTimes(2);
  });
});
