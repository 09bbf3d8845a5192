// Typed calls to the Go sign-in service (internal/bridge/auth.go) and its event.
import * as Auth from '../../wailsjs/go/bridge/Auth';
import { call } from './errors';
import type { ShellConfig } from './types';

export type SignInMode = 'sandbox' | 'sso' | 'none';
export type AuthPhase = 'signed-out' | 'signing-in' | 'landed' | 'signed-in';
export type AuthSignal = 'initialized' | 'auth_fail' | 'retries_exhausted' | 'ack_timeout';

/** Mirrors auth.State. */
export interface SessionState {
  phase: AuthPhase;
  reason?: string; // start | auth_fail | retries_exhausted | ack_timeout | cancelled | timeout | blocked | session_expired | signed_out
  message?: string;
  blockedHost?: string;
  signedInAt?: string;
  expiresAt?: string;
  expiring: boolean;
  deadline?: string;
  autoSignIn: boolean;
  global: boolean;
  attempts: number;
}

/** Mirrors secrets.Report. */
export interface KeyringReport {
  available: boolean;
  backend: string;
  reason?: string;
}

/** Mirrors bridge.AuthState (payload of auth:state). */
export interface AuthState {
  mode: SignInMode;
  session: SessionState;
  loginHost: string;
  usernameHint: string;
  identityProvider: string;
  keyring: KeyringReport;
}

export const AuthStateEvent = 'auth:state';

/** The configuration's sign-in mode (older backends: sandbox when sandboxed). */
export function signInMode(cfg: ShellConfig | null): SignInMode {
  const m = (cfg as (ShellConfig & { signInMode?: SignInMode }) | null)?.signInMode;
  return m ?? (cfg?.sandbox ? 'sandbox' : 'none');
}

export const authApi = {
  state: () => call(() => Auth.State() as unknown as Promise<AuthState>),
  signal: (kind: AuthSignal) => call(() => Auth.Signal(kind)),
  signIn: (view: string) => call(() => Auth.SignIn(view)),
  signInHere: (appUrl: string, view: string) => call(() => Auth.SignInHere(appUrl, view)),
  saveView: (view: string) => call(() => Auth.SaveView(view)),
  takeView: () => call(() => Auth.TakeView()),
  cancel: () => call(() => Auth.Cancel()),
  remember: (username: string) => call(() => Auth.Remember(username)),
  signOut: () => call(() => Auth.SignOut()),
  keyring: () => call(() => Auth.Keyring() as unknown as Promise<KeyringReport>),
};

export type AuthApi = typeof authApi;

/** True inside the app's native webview (WebKitGTK / WKWebView / WebView2), false in a browser tab (wails dev). */
export function inNativeWebview(w: unknown = globalThis): boolean {
  const x = w as { webkit?: { messageHandlers?: { external?: unknown } }; chrome?: { webview?: unknown } };
  return !!x.webkit?.messageHandlers?.external || !!x.chrome?.webview;
}
