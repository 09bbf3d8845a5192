import { describe, expect, it, vi } from 'vitest';
import type { Actions } from '../ccp/actions';
import { initialState, type CCPState } from '../ccp/model';
import { contact } from '../../test/fixtures';
import { handleShortcut } from './shortcuts';

function actions(): Actions {
  const f = () => vi.fn(() => Promise.resolve(true));
  return {
    setState: f(), setOffline: f(), toggleMute: vi.fn(), call: f(), loadQuickConnects: vi.fn(() => Promise.resolve()), accept: f(), reject: f(), end: f(), clear: f(),
    toggleHold: f(), hangUpConnection: f(), sendDigits: f(), transfer: f(), addParticipant: f(), swap: f(), join: f(), select: vi.fn(), dismissError: vi.fn(),
    selected: vi.fn(() => null), holdSelected: f(),
  };
}
const key = (code: string, altKey = true) => ({ altKey, ctrlKey: false, metaKey: false, key: code.replace(/^Key|^Digit/, '').toLowerCase(), code });

describe('handleShortcut', () => {
  const ringing: CCPState = { ...initialState, contacts: [contact({ phase: 'ringing' })] };
  const active: CCPState = { ...initialState, contacts: [contact({ phase: 'active' }), contact({ contactId: 'c-2', channel: 'CHAT', phase: 'active' })] };
  const acw: CCPState = { ...initialState, contacts: [contact({ phase: 'acw' })] };
  it.each([
    ['Alt+A accepts a ringing contact', ringing, 'KeyA', 'accept', ['c-1']],
    ['Alt+R rejects', ringing, 'KeyR', 'reject', ['c-1']],
    ['Alt+E ends the active contact', active, 'KeyE', 'end', ['c-1']],
    ['Alt+H holds', active, 'KeyH', 'holdSelected', []],
    ['Alt+M mutes', active, 'KeyM', 'toggleMute', []],
    ['Alt+C clears ACW', acw, 'KeyC', 'clear', ['c-1']],
    ['Alt+2 switches to the second contact', active, 'Digit2', 'select', ['c-2']],
  ] as const)('%s', (_n, state, code, action, args) => {
    const a = actions();
    expect(handleShortcut(key(code), state, a, { toggleKeypad: vi.fn(), openTransfer: vi.fn() })).toBe(true);
    expect(a[action]).toHaveBeenCalledWith(...args);
  });

  it('does not accept a contact that is not ringing', () => {
    const a = actions();
    handleShortcut(key('KeyA'), active, a, { toggleKeypad: vi.fn(), openTransfer: vi.fn() });
    expect(a.accept).not.toHaveBeenCalled();
  });

  it('ignores keys without Alt', () => {
    const a = actions();
    expect(handleShortcut(key('KeyA', false), ringing, a, { toggleKeypad: vi.fn(), openTransfer: vi.fn() })).toBe(false);
  });

  it('opens keypad and transfer', () => {
    const t = { toggleKeypad: vi.fn(), openTransfer: vi.fn() };
    handleShortcut(key('KeyK'), active, actions(), t);
    handleShortcut(key('KeyT'), active, actions(), t);
    expect(t.toggleKeypad).toHaveBeenCalled();
    expect(t.openTransfer).toHaveBeenCalled();
  });
});
