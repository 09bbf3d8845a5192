import { describe, expect, it, vi } from 'vitest';
import type { CCPPort } from '../../connect/streams';
import { createStore } from '../../state/store';
import { contact } from '../../test/fixtures';
import { createActions } from './actions';
import { activeCount, initialState, selectedContact } from './model';

function fakePort(over: Partial<CCPPort> = {}): CCPPort {
  const ok = () => Promise.resolve();
  return {
    setState: vi.fn(ok), setOffline: vi.fn(ok), mute: vi.fn(), unmute: vi.fn(), call: vi.fn(ok), quickConnects: vi.fn(() => Promise.resolve([])),
    accept: vi.fn(ok), reject: vi.fn(ok), end: vi.fn(ok), clear: vi.fn(ok), hold: vi.fn(ok), resume: vi.fn(ok), hangUpConnection: vi.fn(ok),
    sendDigits: vi.fn(ok), transfer: vi.fn(ok), addParticipant: vi.fn(ok), swap: vi.fn(ok), join: vi.fn(ok), stop: vi.fn(), ...over,
  };
}

describe('actions', () => {
  it('records a readable error when an action fails', async () => {
    const store = createStore(initialState);
    const port = fakePort({ accept: () => Promise.reject({ code: 'InvalidStateException', operation: 'Accept contact', message: 'm', action: 'a', at: 1 }) });
    const a = createActions(store, () => port);
    expect(await a.accept('c-1')).toBe(false);
    expect(store.get().errors).toHaveLength(1);
    expect(store.get().errors[0]!.code).toBe('InvalidStateException');
    expect(store.get().pending).toEqual({});
    a.dismissError(1);
    expect(store.get().errors).toHaveLength(0);
  });

  it('refuses actions before the CCP is ready', async () => {
    const store = createStore(initialState);
    const a = createActions(store, () => null);
    expect(await a.end('c-1')).toBe(false);
    expect(store.get().errors[0]!.code).toBe('NotReady');
  });

  it('does not run the same action twice at once', async () => {
    let release!: () => void;
    const port = fakePort({ accept: vi.fn(() => new Promise<void>((r) => (release = r))) });
    const store = createStore(initialState);
    const a = createActions(store, () => port);
    const first = a.accept('c-1');
    expect(store.get().pending['accept:c-1']).toBe(true);
    expect(await a.accept('c-1')).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(port.accept).toHaveBeenCalledOnce();
  });

  it('holds and resumes the customer of the selected contact', async () => {
    const port = fakePort();
    const store = createStore({ ...initialState, contacts: [contact({ phase: 'active' })] });
    const a = createActions(store, () => port);
    await a.holdSelected();
    expect(port.hold).toHaveBeenCalledWith('c-1', 'k-1');
    store.set({ contacts: [contact({ phase: 'active', connections: [{ ...contact().connections[0]!, onHold: true }] })] });
    await a.holdSelected();
    expect(port.resume).toHaveBeenCalledWith('c-1', 'k-1');
  });

  it('toggles mute from the agent state', () => {
    const port = fakePort();
    const store = createStore(initialState);
    const a = createActions(store, () => port);
    a.toggleMute();
    expect(port.mute).toHaveBeenCalled();
  });
});

describe('model', () => {
  it('selects the chosen contact, else the most urgent', () => {
    const ringing = contact({ contactId: 'r', phase: 'ringing' });
    const acw = contact({ contactId: 'w', phase: 'acw' });
    expect(selectedContact({ contacts: [acw, ringing], selectedId: null })?.contactId).toBe('r');
    expect(selectedContact({ contacts: [acw, ringing], selectedId: 'w' })?.contactId).toBe('w');
    expect(selectedContact({ contacts: [acw], selectedId: 'gone' })?.contactId).toBe('w');
    expect(selectedContact({ contacts: [], selectedId: null })).toBeNull();
  });
  it('counts active contacts for close protection', () => {
    expect(activeCount([contact({ phase: 'acw' }), contact({ phase: 'missed' }), contact({ phase: 'active' })])).toBe(2);
  });
});
