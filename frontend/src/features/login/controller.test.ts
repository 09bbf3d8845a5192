import { describe, expect, it, vi } from 'vitest';
import type { AuthApi, AuthState } from '../../bridge/auth';
import { initialState, type CCPState } from '../ccp/model';
import { createStore } from '../../state/store';
import { LoginController } from './controller';

const authState = (over: Partial<AuthState['session']> = {}): AuthState => ({
  mode: 'sso',
  session: { phase: 'signed-out', reason: 'start', expiring: false, autoSignIn: false, global: true, attempts: 0, ...over },
  loginHost: 'idp.example.com',
  usernameHint: '',
  identityProvider: '',
  keyring: { available: false, backend: 'secret-service', reason: 'no D-Bus session bus' },
});

function rig(view = '') {
  const ccp = createStore<CCPState>({ ...initialState, config: { sandbox: true, signInMode: 'sso' } as never });
  const api = {
    state: vi.fn(async () => authState()),
    signal: vi.fn(async () => undefined),
    signIn: vi.fn(async () => undefined),
    signInHere: vi.fn(async (_app: string, _view: string) => 'http://idp.test/app/global/sso/saml?RelayState=x'),
    saveView: vi.fn(async () => undefined),
    takeView: vi.fn(async () => view),
    cancel: vi.fn(async () => undefined),
    remember: vi.fn(async () => undefined),
    signOut: vi.fn(async () => undefined),
    keyring: vi.fn(async () => authState().keyring),
  } satisfies AuthApi;
  let onState: ((a: AuthState) => void) | null = null;
  const setAgentState = vi.fn(async (name: string) => {
    const a = ccp.get().agent!;
    ccp.set({ agent: { ...a, state: { name, type: 'offline', since: 0 } } });
    return true;
  });
  const cleared = vi.fn();
  const login = new LoginController(ccp, {
    api,
    on: <T,>(_: string, cb: (p: T) => void) => {
      onState = cb as never;
      return () => undefined;
    },
    setAgentState,
    log: () => undefined,
    storage: [{ clear: cleared }],
    waitMs: 200,
  });
  return { ccp, api, login, setAgentState, cleared, push: (a: AuthState) => onState?.(a) };
}

const agent = {
  name: 'Agent One', username: 'agent1', state: { name: 'Available', type: 'routable' as const, since: 0 }, nextState: null, selected: null,
  states: [{ name: 'Available', type: 'routable' as const, arn: null }, { name: 'Offline', type: 'offline' as const, arn: null }],
  routingProfile: 'Basic', dialableCountries: [], canCallOut: true, muted: false,
};

describe('LoginController', () => {
  it('forwards Streams signals once each and restores the saved view', async () => {
    const r = rig('{"selectedId":"c-7"}');
    await r.login.start();
    expect(r.ccp.get().selectedId).toBe('c-7');
    r.ccp.set({ problem: { kind: 'auth_fail', at: 1, fatal: false } });
    r.ccp.set({ notice: 'x' }); // unrelated change: no second signal
    expect(r.api.signal).toHaveBeenCalledTimes(1);
    expect(r.api.signal).toHaveBeenLastCalledWith('auth_fail');
    r.ccp.set({ problem: null, phase: 'ready', agent });
    expect(r.api.signal).toHaveBeenLastCalledWith('initialized');
    expect(r.api.remember).toHaveBeenCalledWith('agent1');
    expect(r.api.saveView).toHaveBeenCalled();
  });

  it('shows the screen after a signal, not at start', async () => {
    const r = rig();
    await r.login.start();
    expect(LoginController.showScreen(r.login.store.get())).toBe(false);
    r.push(authState({ reason: 'auth_fail' }));
    expect(LoginController.showScreen(r.login.store.get())).toBe(true);
    r.push(authState({ phase: 'signed-in', reason: '' }));
    expect(LoginController.showScreen(r.login.store.get())).toBe(false);
  });

  it('signs out: Offline first, local state cleared, then the session ended', async () => {
    const r = rig();
    await r.login.start();
    r.ccp.set({ phase: 'ready', agent });
    await r.login.signOut();
    expect(r.setAgentState).toHaveBeenCalledWith('Offline');
    expect(r.cleared).toHaveBeenCalled();
    expect(r.api.signOut).toHaveBeenCalled();
    expect(r.setAgentState.mock.invocationCallOrder[0] ?? Infinity).toBeLessThan(r.api.signOut.mock.invocationCallOrder[0] ?? -Infinity);
  });

  it('a browser tab navigates itself with the relay state back to the page', async () => {
    const r = rig();
    const assign = vi.fn();
    (r.login as unknown as { deps: { native: boolean; location: unknown } }).deps.native = false;
    (r.login as unknown as { deps: { native: boolean; location: unknown } }).deps.location = { protocol: 'http:', host: 'localhost:34115', assign };
    await r.login.start();
    await r.login.signIn();
    expect(r.api.signInHere).toHaveBeenCalledWith('http://localhost:34115/', '{"selectedId":null}');
    expect(assign).toHaveBeenCalledWith('http://idp.test/app/global/sso/saml?RelayState=x');
    expect(r.api.signIn).not.toHaveBeenCalled();
  });

  it('does nothing outside sso mode', async () => {
    const r = rig();
    r.ccp.set({ config: { sandbox: true, signInMode: 'sandbox' } as never });
    await r.login.start();
    expect(r.api.state).not.toHaveBeenCalled();
  });
});
