import type { CCPPort } from '../../connect/streams';
import type { CCPError, ContactView } from '../../connect/types';
import type { Store } from '../../state/store';
import type { CCPState } from './model';
import { customerConnection, selectedContact } from './model';

/** What the UI can do. Every action records a readable error in the store on failure. */
export interface Actions {
  setState(name: string): Promise<boolean>;
  setOffline(): Promise<boolean>;
  toggleMute(): void;
  call(number: string): Promise<boolean>;
  loadQuickConnects(): Promise<void>;
  accept(id: string): Promise<boolean>;
  reject(id: string): Promise<boolean>;
  end(id: string): Promise<boolean>;
  clear(id: string): Promise<boolean>;
  toggleHold(id: string, connectionId: string): Promise<boolean>;
  hangUpConnection(id: string, connectionId: string): Promise<boolean>;
  sendDigits(id: string, digits: string): Promise<boolean>;
  transfer(id: string, quickConnectId: string): Promise<boolean>;
  addParticipant(id: string, number: string): Promise<boolean>;
  swap(id: string): Promise<boolean>;
  join(id: string): Promise<boolean>;
  select(id: string): void;
  dismissError(at: number): void;
  // keyboard-friendly variants acting on the selected contact
  selected(): ContactView | null;
  holdSelected(): Promise<boolean>;
}

const MAX_ERRORS = 5;

export function createActions(store: Store<CCPState>, port: () => CCPPort | null): Actions {
  const pushError = (e: CCPError) => store.set((s) => ({ errors: [...s.errors, e].slice(-MAX_ERRORS) }));
  const run = async (key: string, f: (p: CCPPort) => Promise<void>): Promise<boolean> => {
    const p = port();
    if (!p) {
      pushError({ code: 'NotReady', operation: key, message: 'The CCP is not connected yet.', action: 'Wait for it to finish loading.', at: Date.now() });
      return false;
    }
    if (store.get().pending[key]) return false;
    // Call Streams first (it sends the request synchronously), then mark the action pending: the
    // render that shows the spinner must not delay the request.
    let done: Promise<void>;
    try {
      done = f(p);
    } catch (e) {
      done = Promise.reject(e);
    }
    store.set((s) => ({ pending: { ...s.pending, [key]: true } }));
    try {
      await done;
      return true;
    } catch (e) {
      pushError(e as CCPError);
      return false;
    } finally {
      store.set((s) => {
        const pending = { ...s.pending };
        delete pending[key];
        return { pending };
      });
    }
  };
  const find = (id: string) => store.get().contacts.find((c) => c.contactId === id) ?? null;

  const a: Actions = {
    setState: (name) => run('state', (p) => p.setState(name)),
    setOffline: () => run('state', (p) => p.setOffline()),
    toggleMute() {
      const p = port();
      const muted = store.get().agent?.muted ?? false;
      if (p) (muted ? p.unmute() : p.mute());
    },
    call: (number) => run('call', (p) => p.call(number)),
    async loadQuickConnects() {
      const p = port();
      if (!p) return;
      store.set({ quickConnectsLoading: true });
      try {
        store.set({ quickConnects: await p.quickConnects() });
      } catch (e) {
        pushError(e as CCPError);
      } finally {
        store.set({ quickConnectsLoading: false });
      }
    },
    accept: (id) => run(`accept:${id}`, (p) => p.accept(id)),
    reject: (id) => run(`reject:${id}`, (p) => p.reject(id)),
    end: (id) => run(`end:${id}`, (p) => p.end(id)),
    clear: (id) => run(`clear:${id}`, (p) => p.clear(id)),
    toggleHold: (id, connectionId) => {
      const conn = find(id)?.connections.find((c) => c.connectionId === connectionId);
      return run(`hold:${connectionId}`, (p) => (conn?.onHold ? p.resume(id, connectionId) : p.hold(id, connectionId)));
    },
    hangUpConnection: (id, connectionId) => run(`hangup:${connectionId}`, (p) => p.hangUpConnection(id, connectionId)),
    sendDigits: (id, digits) => run(`digits:${id}`, (p) => p.sendDigits(id, digits)),
    transfer: (id, qc) => run(`transfer:${id}`, (p) => p.transfer(id, qc)),
    addParticipant: (id, number) => run(`transfer:${id}`, (p) => p.addParticipant(id, number)),
    swap: (id) => run(`swap:${id}`, (p) => p.swap(id)),
    join: (id) => run(`join:${id}`, (p) => p.join(id)),
    select: (id) => store.set({ selectedId: id }),
    dismissError: (at) => store.set((s) => ({ errors: s.errors.filter((e) => e.at !== at) })),
    selected: () => selectedContact(store.get()),
    async holdSelected() {
      const c = selectedContact(store.get());
      const conn = c && customerConnection(c);
      if (!c || !conn || c.phase !== 'active') return false;
      return a.toggleHold(c.contactId, conn.connectionId);
    },
  };
  return a;
}
