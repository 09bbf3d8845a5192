import { useCallback, useEffect, useMemo } from 'react';
import { bridge } from '../bridge';
import { CCPProvider } from '../features/ccp/context';
import type { Actions } from '../features/ccp/actions';
import type { CCPState } from '../features/ccp/model';
import type { Session } from '../features/ccp/session';
import { runSelfTest } from '../features/selftest/driver';
import { SignInLayer } from '../features/login/SignIn';
import { MediaWindow } from '../features/media/MediaWindow';
import { useLogin } from '../features/login/useLogin';
import type { Store } from '../state/store';
import { useStore } from '../state/store';
import { Layout } from './Layout';

export function App({ store, actions, session }: { store: Store<CCPState>; actions: Actions; session: Session }) {
  const sandbox = useStore(store, (s) => s.config?.sandbox ?? false);
  const selfTest = useStore(store, (s) => s.config?.selfTest ?? false);
  const scenario = useStore(store, (s) => s.config?.selfTestScenario ?? 'inbound');
  const phase = useStore(store, (s) => s.phase);
  const mediaOnly = useStore(store, (s) => s.config?.media?.mediaOnly ?? false);
  const login = useLogin(store, actions);

  useEffect(() => {
    void session.load();
    return () => session.dispose();
  }, [session]);

  useEffect(() => {
    if (selfTest && phase === 'connecting') void runSelfTest(store, actions, bridge.selfTest, { scenario });
  }, [selfTest, phase, store, actions, scenario]);

  const onCCPContainer = useCallback((el: HTMLDivElement) => session.start(el), [session]);
  const simulator = useMemo(() => (sandbox ? bridge.simulator : null), [sandbox]);

  return (
    <CCPProvider store={store} actions={actions}>
      {mediaOnly ? (
        <MediaWindow
          onCCPContainer={onCCPContainer}
          onRetry={() => location.reload()}
          onSignIn={() => void (login.store.get().mode === 'sso' ? login.signIn() : session.signIn())}
          onConfirmQuit={() => void session.confirmQuit()}
          onCancelQuit={() => store.set({ quitRequest: null })}
        />
      ) : (
        <Layout
          getState={store.get}
          onCCPContainer={onCCPContainer}
          simulator={simulator}
          onRetry={() => location.reload()}
          onSignIn={() => void (login.store.get().mode === 'sso' ? login.signIn() : session.signIn())}
          onConfirmQuit={() => void session.confirmQuit()}
          onCancelQuit={() => store.set({ quitRequest: null })}
          onDismissNotice={() => store.set({ notice: null })}
        />
      )}
      <SignInLayer login={login} />
    </CCPProvider>
  );
}
