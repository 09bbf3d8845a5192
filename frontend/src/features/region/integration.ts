// Connects Streams' Global Resiliency signals (src/connect/gr.ts) to Go's region tracker
// and Go's region events back to the UI: it decorates startCCP, so the session and the
// panel stay as they are.
//  - before initCCP: CCPStarting; after it: the GR events, websocket events, keepalive ACKs;
//  - on init: Initialized(getActiveRegion()); on a Streams configure error: ConfigureError;
//  - contacts: tagged with the region whose CCP reported them, sent to Go
//    (ContactsChanged), and only the active region's reach the panel;
//  - region:switched: region-specific caches (quick connects, agent states) are dropped and
//    fetched again from the new region's CCP. Never a page reload.
import type { RegionBridge, RegionSnapshot, RegionSwitch } from '../../bridge/region';
import { RegionEvents } from '../../bridge/region';
import type { CCPListener, CCPOptions, CCPPort } from '../../connect/streams';
import type { ContactView } from '../../connect/types';
import type { GROptions, GRSignals } from '../../connect/gr';
import type { Store } from '../../state/store';
import { applySnapshot, filterActive, type RegionState } from './state';

export type StartCCP = (container: HTMLElement, opts: CCPOptions, on: CCPListener) => CCPPort;

export interface RegionDeps {
  bridge: RegionBridge;
  on<T>(event: string, cb: (payload: T) => void): () => void;
  store: Store<RegionState>;
  /** connect/gr.ts in the app; a fake in unit tests. */
  gr: {
    attach(o: GROptions, s: GRSignals): () => void;
    activeRegion(fallback: string): string;
  };
  /** Drop and refetch region-specific caches after a switch. */
  resetCaches(sw: RegionSwitch): void;
  log?(level: 'info' | 'warn' | 'error', text: string, fields?: Record<string, unknown>): void;
}

export type TaggedContact = ContactView & { region?: string };

export class RegionIntegration {
  private offs: Array<() => void> = [];
  private raw: TaggedContact[] = [];
  private deliver: ((c: ContactView[]) => void) | null = null;
  private lastSent = '';

  constructor(private d: RegionDeps) {}

  /** Subscribe to Go's events and load the current snapshot (every page load). */
  async load(): Promise<void> {
    this.offs.push(
      this.d.on<RegionSnapshot>(RegionEvents.Changed, (s) => {
        applySnapshot(this.d.store, s);
        this.republish();
      }),
      this.d.on<RegionSwitch>(RegionEvents.Switched, (sw) => {
        this.d.store.set((st) => ({ lastSwitch: sw, switches: st.switches + 1 }));
        this.d.log?.('info', `region switched ${sw.from} → ${sw.to}: resetting region caches`, { from: sw.from, to: sw.to });
        this.d.resetCaches(sw);
      }),
    );
    try {
      applySnapshot(this.d.store, await this.d.bridge.snapshot());
    } catch (e) {
      this.d.log?.('warn', 'region snapshot unavailable', { error: String((e as Error)?.message ?? e) });
    }
  }

  private call(what: string, p: Promise<unknown>) {
    p.catch((e: unknown) => this.d.log?.('warn', `region ${what} failed`, { error: String((e as Error)?.message ?? e) }));
  }

  private republish() {
    if (this.deliver) this.deliver(filterActive(this.raw, this.d.store.get().snapshot));
  }

  /** Decorate startCCP. */
  wrap(start: StartCCP): StartCCP {
    return (container, opts, on) => {
      const b = this.d.bridge;
      const primary = opts.regions[0] ?? '';
      const gr = Boolean(opts.secondaryCCPUrl);
      this.call('ccp starting', b.ccpStarting());
      this.deliver = on.contacts;
      const listener: CCPListener = {
        ...on,
        initialized: () => {
          const r = this.d.gr.activeRegion(primary);
          if (r) this.call('initialized', b.initialized(r));
          on.initialized();
        },
        problem: (p, detail) => {
          if (p === 'gr_configure_error') this.call('configure error', b.configureError(detail ?? 'Global Resiliency configuration error'));
          on.problem(p, detail);
        },
        contacts: (cs) => {
          const region = gr ? this.d.gr.activeRegion(primary) : primary;
          this.raw = cs.map((c) => ({ ...c, region }));
          const key = JSON.stringify(this.raw.map((c) => [c.contactId, c.region, c.state]));
          if (key !== this.lastSent) {
            this.lastSent = key;
            this.call('contacts', b.contactsChanged(this.raw.map((c) => ({ contactId: c.contactId, region: c.region ?? '', state: c.state }))));
          }
          this.republish();
        },
      };
      const port = start(container, opts, listener);
      try {
        this.offs.push(this.attach(opts));
      } catch (e) {
        this.d.log?.('error', 'region signals not attached', { error: String((e as Error)?.message ?? e) });
      }
      return port;
    };
  }

  private attach(opts: CCPOptions): () => void {
    const b = this.d.bridge;
    return this.d.gr.attach(
          { ccpUrl: opts.ccpUrl, secondaryCCPUrl: opts.secondaryCCPUrl, regions: opts.regions },
          {
            failoverDetected: (next) => this.call('failover detected', b.failoverDetected(next)),
            failoverPending: (next) => this.call('failover pending', b.failoverPending(next, this.raw.map((c) => c.contactId))),
            failoverCompleted: (active, url) => this.call('failover completed', b.failoverCompleted(active, url)),
            configureError: (msg) => this.call('configure error', b.configureError(msg)),
            health: (region, event) => region && this.call('health', b.healthSignal(region, event)),
            keepaliveAck: (region) => this.call('keepalive', b.keepaliveAck(region)),
          },
        );
  }

  dispose(): void {
    for (const o of this.offs.splice(0)) o();
  }
}
