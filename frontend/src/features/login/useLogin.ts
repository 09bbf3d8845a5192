import { useEffect, useMemo } from 'react';
import { authApi, bridge, inNativeWebview } from '../../bridge';
import type { Actions } from '../ccp/actions';
import type { CCPState } from '../ccp/model';
import { useStore, type Store } from '../../state/store';
import { LoginController } from './controller';
import { runSignInSelfTest } from './selftest';

/** The login controller for the app: started once the configuration is loaded. */
export function useLogin(store: Store<CCPState>, actions: Actions): LoginController {
  const login = useMemo(
    () =>
      new LoginController(store, {
        api: authApi,
        on: bridge.on,
        setAgentState: (name) => actions.setState(name),
        log: (level, message, fields) => void bridge.shell.log(level, message, fields),
        native: inNativeWebview(),
        location: window.location,
      }),
    [store, actions],
  );
  const configured = useStore(store, (s) => s.config !== null);
  const selfTestSSO = useStore(store, (s) => !!s.config?.selfTest && s.config.selfTestScenario === 'sso');
  useEffect(() => {
    if (!configured) return;
    void login.start();
    return () => login.dispose();
  }, [configured, login]);
  useEffect(() => (selfTestSSO ? runSignInSelfTest(login, bridge.selfTest) : undefined), [selfTestSSO, login]);
  return login;
}
