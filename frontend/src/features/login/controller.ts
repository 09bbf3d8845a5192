import type { AuthApi, AuthSignal, AuthState, SignInMode } from '../../bridge/auth';
import { AuthStateEvent, signInMode } from '../../bridge/auth';
import type { CCPState } from '../ccp/model';
import { createStore, type Store } from '../../state/store';

/** The panel view kept across a sign-in navigation (memory in Go: survives the navigation, not a restart). */
export interface PanelView {
  selectedId: string | null;
}

export interface LoginState {
  mode: SignInMode;
  auth: AuthState | null;
  busy: boolean;
  error: string | null;
}

export interface LoginDeps {
  api: AuthApi;
  on<T>(event: string, cb: (p: T) => void): () => void;
  /** Sets the agent's state through Streams (sign-out sets Offline first). */
  setAgentState(name: string): Promise<boolean>;
  log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
  storage?: Pick<Storage, 'clear'>[];
  /** false in a browser tab (wails dev's browser mode): the page navigates itself. */
  native?: boolean;
  location?: Pick<Location, 'protocol' | 'host' | 'assign'>;
  waitMs?: number;
}

const signals: Record<string, AuthSignal> = { auth_fail: 'auth_fail', retries_exhausted: 'retries_exhausted', ack_timeout: 'ack_timeout' };

/**
 * LoginController connects the CCP's signals to the Go sign-in state machine: it forwards
 * Streams' auth failure, iframe retries exhausted, no first ACK and "initialised"; keeps
 * the panel's view in Go before the window leaves for the identity provider and restores
 * it after the return; and signs out (Offline first, then the instance's logout).
 */
export class LoginController {
  readonly store: Store<LoginState> = createStore<LoginState>({ mode: 'none', auth: null, busy: false, error: null });
  private offs: Array<() => void> = [];
  private lastProblemAt = 0;
  private initialized = false;
  private remembered = '';
  private lastView = '';

  constructor(
    private ccp: Store<CCPState>,
    private deps: LoginDeps,
  ) {}

  /** Start once the configuration is loaded (no-op unless the sign-in mode is sso). */
  async start(): Promise<void> {
    const mode = signInMode(this.ccp.get().config);
    this.store.set({ mode });
    if (mode !== 'sso') return;
    this.offs.push(this.deps.on<AuthState>(AuthStateEvent, (a) => this.store.set({ auth: a })));
    try {
      this.store.set({ auth: await this.deps.api.state() });
      const view = await this.deps.api.takeView();
      if (view) this.restore(JSON.parse(view) as PanelView);
    } catch (e) {
      this.store.set({ error: String((e as Error).message ?? e) });
    }
    this.offs.push(this.ccp.subscribe(() => this.observe()));
    this.observe();
  }

  private restore(v: PanelView) {
    if (v.selectedId) this.ccp.set({ selectedId: v.selectedId });
    this.deps.log('info', 'panel view restored after sign-in', { selected: !!v.selectedId });
  }

  private observe() {
    const s = this.ccp.get();
    const sig = s.problem ? signals[s.problem.kind] : undefined;
    if (s.problem && sig && s.problem.at !== this.lastProblemAt) {
      this.lastProblemAt = s.problem.at;
      void this.deps.api.signal(sig).catch(() => undefined);
    }
    if (s.phase === 'ready' && s.agent && !this.initialized && s.problem?.kind !== 'auth_fail') {
      this.initialized = true;
      void this.deps.api.signal('initialized').catch(() => undefined);
    }
    if (s.agent?.username && s.agent.username !== this.remembered) {
      this.remembered = s.agent.username;
      void this.deps.api.remember(s.agent.username).catch(() => undefined);
    }
    const view = JSON.stringify({ selectedId: s.selectedId } satisfies PanelView);
    if (view !== this.lastView && s.agent) {
      this.lastView = view;
      void this.deps.api.saveView(view).catch(() => undefined);
    }
  }

  /**
   * Navigate the window to the identity provider: Go does it in the app window (and watches
   * every page); a browser tab (wails dev, sandbox) navigates itself and comes back by relay state.
   */
  async signIn(): Promise<void> {
    this.store.set({ busy: true, error: null });
    const view = JSON.stringify({ selectedId: this.ccp.get().selectedId } satisfies PanelView);
    try {
      if (this.deps.native === false && this.deps.location) {
        const loc = this.deps.location;
        loc.assign(await this.deps.api.signInHere(`${loc.protocol}//${loc.host}/`, view));
        return;
      }
      await this.deps.api.signIn(view);
    } catch (e) {
      this.store.set({ busy: false, error: String((e as Error).message ?? e) });
    }
  }

  async cancel(): Promise<void> {
    await this.deps.api.cancel().catch(() => undefined);
  }

  /** Sign out: the agent Offline first (through Streams), local state cleared, then the CCP session ended. */
  async signOut(): Promise<void> {
    this.store.set({ busy: true, error: null });
    const s = this.ccp.get();
    const offline = s.agent?.states.find((x) => x.type === 'offline');
    if (offline && s.agent?.state.type !== 'offline') {
      await this.deps.setAgentState(offline.name).catch(() => false);
      await this.waitFor(() => this.ccp.get().agent?.state.type === 'offline', this.deps.waitMs ?? 5000);
    }
    for (const st of this.deps.storage ?? [globalThis.localStorage, globalThis.sessionStorage].filter(Boolean)) {
      try {
        st.clear();
      } catch {
        /* storage unavailable */
      }
    }
    this.deps.log('info', 'signing out', { offline: this.ccp.get().agent?.state.type === 'offline' });
    try {
      await this.deps.api.signOut();
    } catch (e) {
      this.store.set({ busy: false, error: String((e as Error).message ?? e) });
    }
  }

  private waitFor(ok: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (ok()) return resolve(true);
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, ms);
      const off = this.ccp.subscribe(() => {
        if (ok()) {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
    });
  }

  /** Whether the sign-in screen covers the desk. */
  static showScreen(l: LoginState): boolean {
    const p = l.auth?.session;
    if (l.mode !== 'sso' || !p) return false;
    return (p.phase === 'signed-out' && p.reason !== 'start') || p.phase === 'signing-in';
  }

  dispose(): void {
    for (const o of this.offs) o();
    this.offs = [];
  }
}
