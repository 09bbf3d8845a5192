import { useEffect } from 'react';
import type { Actions } from '../ccp/actions';
import type { CCPState } from '../ccp/model';
import { selectedContact } from '../ccp/model';

/** The keyboard shortcuts, shown in the UI next to their buttons and in Settings. */
export const SHORTCUTS = {
  accept: 'Alt+A',
  reject: 'Alt+R',
  end: 'Alt+E',
  hold: 'Alt+H',
  mute: 'Alt+M',
  clear: 'Alt+C',
  keypad: 'Alt+K',
  transfer: 'Alt+T',
  switchContact: 'Alt+1…9',
} as const;

export const SHORTCUT_HELP: Array<{ keys: string; what: string }> = [
  { keys: SHORTCUTS.accept, what: 'Accept the ringing contact' },
  { keys: SHORTCUTS.reject, what: 'Reject the ringing contact' },
  { keys: SHORTCUTS.end, what: 'End (hang up) the selected contact' },
  { keys: SHORTCUTS.hold, what: 'Hold / resume the customer' },
  { keys: SHORTCUTS.mute, what: 'Mute / unmute yourself' },
  { keys: SHORTCUTS.clear, what: 'Clear the contact after contact work' },
  { keys: SHORTCUTS.keypad, what: 'Show / hide the keypad' },
  { keys: SHORTCUTS.transfer, what: 'Transfer or add a participant' },
  { keys: SHORTCUTS.switchContact, what: 'Switch between contacts' },
];

export interface ShortcutTargets {
  toggleKeypad(): void;
  openTransfer(): void;
}

/** Map a key event to an action; returns true when handled. Exported for tests. */
export function handleShortcut(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'key' | 'code'>, state: CCPState, a: Actions, t: ShortcutTargets): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey) return false;
  const c = selectedContact(state);
  const key = (e.code?.startsWith('Key') ? e.code.slice(3) : e.key).toUpperCase();
  const digit = e.code?.startsWith('Digit') ? Number(e.code.slice(5)) : Number(e.key);
  if (digit >= 1 && digit <= 9) {
    const target = state.contacts[digit - 1];
    if (target) a.select(target.contactId);
    return Boolean(target);
  }
  switch (key) {
    case 'A':
      if (c?.phase === 'ringing') void a.accept(c.contactId);
      return true;
    case 'R':
      if (c?.phase === 'ringing') void a.reject(c.contactId);
      return true;
    case 'E':
      if (c && (c.phase === 'active' || c.phase === 'dialing')) void a.end(c.contactId);
      return true;
    case 'H':
      void a.holdSelected();
      return true;
    case 'M':
      a.toggleMute();
      return true;
    case 'C':
      if (c && (c.phase === 'acw' || c.phase === 'missed')) void a.clear(c.contactId);
      return true;
    case 'K':
      t.toggleKeypad();
      return true;
    case 'T':
      t.openTransfer();
      return true;
  }
  return false;
}

export function useShortcuts(getState: () => CCPState, a: Actions, t: ShortcutTargets): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleShortcut(e, getState(), a, t)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [getState, a, t]);
}
