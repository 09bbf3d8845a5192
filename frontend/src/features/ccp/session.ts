import type { Bridge, QuitRequest, ShellConfig } from '../../bridge';
import { Events } from '../../bridge/types';
import type { CCPListener, CCPOptions, CCPPort } from '../../connect/streams';
import { share } from '../../state/share';
import { afterLoad, appUrl, needsSandboxSignIn } from './signin';
import type { Store } from '../../state/store';
import { activeCount, type CCPState } from './model';

export interface SessionDeps {
  bridge: Pick<Bridge, 'shell' | 'desktop' | 'on'>;
  startCCP: (container: HTMLElement, opts: CCPOptions, on: CCPListener) => CCPPort;
  location: Pick<Location, 'protocol' | 'host' | 'assign' | 'reload'>;
}

export { appUrl } from './signin';

/**
 * Session runs the start-up sequence: read the configuration, sign the sandbox agent in
 * (top-level navigation to ccpsim, which redirects back), start the CCP, and keep the
 * store and the desktop integration (notifications, close protection) up to date.
 */
export class Session {
  port: CCPPort | null = null;
  private lastActive = -1;
  private offs: Array<() => void> = [];

  constructor(
    private store: Store<CCPState>,
    private deps: SessionDeps,
  ) {}

  private loading: Promise<boolean> | null = null;

  /**
   * Load the configuration (once until dispose; app/start.tsx calls it before the first render so the
   * round trips overlap it, the App's effect gets the same promise). preloaded: the configuration the
   * entry point already read. Returns false when the page is navigating away to sign in.
   */
  load(preloaded?: ShellConfig): Promise<boolean> {
    return (this.loading ??= this.doLoad(preloaded));
  }

  private async doLoad(preloaded?: ShellConfig): Promise<boolean> {
    let cfg: ShellConfig;
    try {
      cfg = preloaded ?? (await this.deps.bridge.shell.config());
    } catch (e) {
      this.store.set({ phase: 'failed', problem: { kind: 'no-backend', detail: String((e as Error).message ?? e), at: Date.now(), fatal: true } });
      return false;
    }
    this.store.set({ config: cfg });
    this.offs.push(
      this.deps.bridge.on<QuitRequest>(Events.QuitRequested, (q) => this.store.set({ quitRequest: q })),
      this.deps.bridge.on(Events.SecondInstance, () => this.store.set({ notice: 'ccpdesk is already running — this window was brought to front.' })),
    );
    if (await needsSandboxSignIn(cfg, this.deps.bridge.shell, this.deps.location)) {
      await this.signIn();
      return false;
    }
    this.store.set({ phase: 'connecting' });
    return true;
  }

  /** Sandbox sign-in: navigate the whole window to ccpsim, which sends it back here. */
  async signIn(): Promise<void> {
    this.store.set({ phase: 'signing-in' });
    try {
      await afterLoad();
      const url = await this.deps.bridge.shell.sandboxSignInUrl(appUrl(this.deps.location));
      this.deps.location.assign(url);
    } catch (e) {
      this.store.set({ phase: 'failed', problem: { kind: 'auth_fail', detail: String((e as Error).message ?? e), at: Date.now(), fatal: true } });
    }
  }

  /** Start the CCP in container (once). */
  start(container: HTMLElement): void {
    const cfg = this.store.get().config;
    if (!cfg || this.port) return;
    const s = this.store;
    // Start-up milestones in the app log (debug level), for the time-to-ready breakdown (bench/window).
    const mark = (what: string) => void this.deps.bridge.shell.log('debug', what, { component: 'ccp', pageMs: Math.round(performance.now()) });
    mark('ccp starting');
    let firstAgent = true;
    this.port = this.deps.startCCP(
      container,
      {
        ccpUrl: cfg.ccpUrl,
        secondaryCCPUrl: cfg.secondaryCCPUrl || undefined,
        loginUrl: cfg.loginUrl || undefined,
        regions: cfg.regions,
        loadTimeoutMs: cfg.ccpLoadTimeoutMs,
        softphone: softphoneParams(cfg),
      },
      {
        initialized: () => {
          mark('ccp initialized');
          s.set({ phase: 'ready', problem: null });
        },
        problem: (kind, detail) => {
          // Not gr_configure_error: the CCP keeps working (Streams falls back to one CCP), and the
          // region banner shows the error with what to check.
          const fatal = kind === 'retries_exhausted' || kind === 'access_denied';
          // auth_fail after init: keep the panel but show the problem
          s.set((st) => ({ problem: { kind, detail, at: Date.now(), fatal }, phase: fatal ? 'failed' : st.phase }));
          void this.deps.bridge.shell.log(fatal ? 'error' : 'warn', 'ccp problem', { problem: kind });
        },
        // share(): Streams refreshes often with nothing the panel shows changed; keeping the previous
        // objects then means no store notification and no render (and memoised views skip what is equal).
        agent: (agent) => {
          if (firstAgent) {
            firstAgent = false;
            mark('ccp agent received');
          }
          s.set({ agent: share(s.get().agent, agent), phase: 'ready', problem: s.get().problem?.kind === 'ack_timeout' ? null : s.get().problem });
        },
        contacts: (views) => {
          const contacts = share(s.get().contacts, views);
          s.set({ contacts });
          const n = activeCount(contacts);
          if (n !== this.lastActive) {
            this.lastActive = n;
            void this.deps.bridge.desktop.setActiveContacts(n).catch(() => undefined);
          }
        },
        incoming: (c) => {
          s.set({ selectedId: c.contactId });
          void this.deps.bridge.desktop
            .contactIncoming({ contactId: c.contactId, channel: c.channel, caller: c.caller, queue: c.queueName })
            .catch(() => undefined);
        },
        region: (region) => s.set({ region }),
        error: (e) => s.set((st) => ({ errors: [...st.errors, e].slice(-5) })),
      },
    );
  }

  async confirmQuit(): Promise<void> {
    this.store.set({ quitRequest: null });
    await this.deps.bridge.desktop.confirmQuit();
  }

  dispose(): void {
    this.loading = null;
    for (const o of this.offs) o();
    this.offs = [];
    this.port?.stop();
  }
}

/**
 * initCCP's params.softphone from the resolved softphone mode (ShellConfig.media, internal/vdi):
 * signalling mode starts no softphone and no ringtone; media and standard host it, with the VDI platform.
 * Only a shell without media (older) falls back to the raw softphone settings.
 */
export function softphoneParams(cfg: ShellConfig): CCPOptions['softphone'] {
  const sp = cfg.media?.softphone;
  if (!sp) return { ...cfg.softphone, ringtoneUrl: cfg.softphone.ringtoneUrl || undefined };
  return {
    enabled: sp.allowFramedSoftphone,
    disableRingtone: sp.disableRingtone,
    ringtoneUrl: sp.ringtoneUrl || undefined,
    disableEchoCancellation: sp.disableEchoCancellation,
    VDIPlatform: sp.VDIPlatform || undefined,
  };
}
