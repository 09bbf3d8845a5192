import { useSyncExternalStore } from 'react';

/** A tiny external store: state lives here, not in components. */
export interface Store<S> {
  get(): S;
  /** Merge patch into the state; listeners run only when a key's value changed (Object.is). */
  set(patch: Partial<S> | ((s: S) => Partial<S>)): void;
  subscribe(l: () => void): () => void;
  /** Run f with notifications held back; listeners run once at the end if anything changed. */
  batch(f: () => void): void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  let depth = 0;
  let dirty = false;
  const notify = () => {
    if (depth > 0) {
      dirty = true;
      return;
    }
    dirty = false;
    for (const l of [...listeners]) l();
  };
  return {
    get: () => state,
    set(patch) {
      const p = typeof patch === 'function' ? patch(state) : patch;
      let changed = false;
      for (const k in p) {
        if (!Object.is(state[k as keyof S], p[k as keyof S])) {
          changed = true;
          break;
        }
      }
      if (!changed) return;
      state = { ...state, ...p };
      notify();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    batch(f) {
      depth++;
      try {
        f();
      } finally {
        depth--;
        if (depth === 0 && dirty) notify();
      }
    },
  };
}

export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
