import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type Store } from '../../state/store';
import type { Actions } from './actions';
import type { CCPState } from './model';

interface Ctx {
  store: Store<CCPState>;
  actions: Actions;
}

const C = createContext<Ctx | null>(null);

export function CCPProvider({ store, actions, children }: Ctx & { children: ReactNode }) {
  return <C.Provider value={{ store, actions }}>{children}</C.Provider>;
}

function useCtx(): Ctx {
  const c = useContext(C);
  if (!c) throw new Error('CCPProvider missing');
  return c;
}

export function useCCP<T>(select: (s: CCPState) => T): T {
  return useStore(useCtx().store, select);
}

export function useActions(): Actions {
  return useCtx().actions;
}
