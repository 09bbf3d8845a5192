// The ONLY module that imports amazon-connect-streams. It starts the CCP (initCCP,
// Global-Resiliency-aware), turns Streams objects into plain views (types.ts) and exposes
// the agent/contact/connection actions as promises that reject with a readable CCPError.
import 'amazon-connect-streams';

import { toCCPError } from './errors';
import type {
  AgentStateType,
  AgentView,
  CCPError,
  ConnectionView,
  ContactPhase,
  ContactView,
  InitProblem,
  QuickConnect,
  RegionView,
} from './types';

export interface CCPOptions {
  ccpUrl: string;
  secondaryCCPUrl?: string;
  loginUrl?: string;
  regions: string[];
  loadTimeoutMs: number;
  /** initCCP's params.softphone; enabled is allowFramedSoftphone (false: signalling only, no softphone in this app). */
  softphone: { enabled: boolean; disableRingtone: boolean; ringtoneUrl?: string; disableEchoCancellation: boolean; VDIPlatform?: string };
}

export interface CCPListener {
  initialized(): void;
  problem(p: InitProblem, detail?: string): void;
  agent(a: AgentView): void;
  contacts(c: ContactView[]): void;
  incoming(c: ContactView): void;
  region(r: RegionView): void;
  error(e: CCPError): void;
}

/** The port the features use: every action the panel can take. */
export interface CCPPort {
  setState(stateName: string): Promise<void>;
  setOffline(): Promise<void>;
  mute(): void;
  unmute(): void;
  call(phoneNumber: string): Promise<void>;
  quickConnects(): Promise<QuickConnect[]>;
  accept(contactId: string): Promise<void>;
  reject(contactId: string): Promise<void>;
  end(contactId: string): Promise<void>;
  clear(contactId: string): Promise<void>;
  hold(contactId: string, connectionId: string): Promise<void>;
  resume(contactId: string, connectionId: string): Promise<void>;
  hangUpConnection(contactId: string, connectionId: string): Promise<void>;
  sendDigits(contactId: string, digits: string): Promise<void>;
  transfer(contactId: string, quickConnectId: string): Promise<void>;
  addParticipant(contactId: string, phoneNumber: string): Promise<void>;
  swap(contactId: string): Promise<void>;
  join(contactId: string): Promise<void>;
  stop(): void;
}

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACTIVE_CONN = new Set(['connecting', 'connected', 'hold', 'silent_monitor', 'barge']);

function ms(d: unknown): number | null {
  if (d instanceof Date) return d.getTime();
  if (typeof d === 'number') return d;
  return null;
}

function endpointLabel(ep: Loose | undefined | null): { label: string; number: string } {
  if (!ep) return { label: '', number: '' };
  const raw = String(ep.phoneNumber ?? '');
  const number = raw.replace(/^sip:|@.*$/g, '');
  const name = String(ep.name ?? '');
  return { label: name && name !== raw ? name : number, number };
}

function connectionView(c: connect.BaseConnection): ConnectionView {
  const lc = c as unknown as Loose;
  const st = c.getStatus();
  let ep: Loose | null = null;
  try {
    ep = c.getEndpoint() as unknown as Loose;
  } catch {
    ep = null;
  }
  const { label, number } = endpointLabel(ep);
  let chatName = '';
  if (!label) {
    try {
      chatName = String(lc.getMediaInfo?.()?.customerName ?? '');
    } catch {
      chatName = '';
    }
  }
  return {
    connectionId: c.getConnectionId(),
    type: String(c.getType()),
    state: String(st.type),
    label: label || chatName,
    number,
    onHold: c.isOnHold(),
    active: ACTIVE_CONN.has(String(st.type)),
    initial: c.isInitialConnection(),
    since: Date.now() - c.getStatusDuration(),
  };
}

export function phaseOf(state: string, inbound: boolean): ContactPhase {
  switch (state) {
    case 'incoming':
    case 'pending':
    case 'connecting':
      return inbound ? 'ringing' : 'dialing';
    case 'connected':
    case 'paused':
      return 'active';
    case 'missed':
    case 'error':
    case 'rejected':
      return 'missed';
    default:
      return 'acw'; // ended (still listed until cleared)
  }
}

function contactView(c: connect.Contact): ContactView {
  const lc = c as unknown as Loose;
  const state = String(c.getStatus().type);
  const type = String(c.getType()).toUpperCase();
  let inbound = true;
  try {
    inbound = c.isInbound();
  } catch {
    inbound = true;
  }
  const conns = c.getConnections();
  let agentConn: connect.BaseConnection | null = null;
  try {
    agentConn = c.getAgentConnection();
  } catch {
    agentConn = null;
  }
  const others = conns.filter((x) => x.getConnectionId() !== agentConn?.getConnectionId()).map(connectionView);
  const attrs: Record<string, string> = {};
  const raw = (c.getAttributes() ?? {}) as Record<string, { name?: string; value?: string }>;
  for (const [k, v] of Object.entries(raw)) attrs[k] = String(v?.value ?? '');
  const initial = others.find((x) => x.initial) ?? others[0];
  const name = String(lc.getName?.() ?? '');
  let caller = initial?.label || initial?.number || '';
  if (!caller && type === 'TASK') caller = name;
  if (!caller) caller = attrs.customerName ?? '';
  let muted = false;
  try {
    muted = Boolean((agentConn as unknown as Loose | null)?.isMute?.());
  } catch {
    muted = false;
  }
  const queue = c.getQueue() as unknown as Loose | undefined;
  return {
    contactId: c.getContactId(),
    channel: type,
    state,
    phase: phaseOf(state, inbound),
    stateSince: Date.now() - c.getStatusDuration(),
    inbound,
    caller,
    queueName: String(queue?.name ?? ''),
    queuedAt: ms(c.getQueueTimestamp()),
    name,
    description: String(lc.getDescription?.() ?? ''),
    attributes: attrs,
    connections: others,
    agentConnectionId: agentConn?.getConnectionId() ?? null,
    agentOnHold: agentConn?.isOnHold() ?? false,
    muted,
    multiParty: others.filter((x) => x.active).length > 1,
  };
}

function agentView(a: connect.Agent, muted: boolean): AgentView {
  const st = a.getState();
  const next = a.getNextState() as connect.AgentState | null | undefined;
  const cfg = a.getConfiguration() as unknown as Loose;
  let perms: string[] = [];
  try {
    perms = a.getPermissions() ?? [];
  } catch {
    perms = [];
  }
  return {
    name: a.getName(),
    username: String(cfg.username ?? ''),
    state: { name: st.name, type: String(st.type) as AgentStateType, since: Date.now() - a.getStateDuration() },
    nextState: next?.name ?? null,
    selected: a.getAvailabilityState?.()?.state ?? null,
    states: a.getAgentStates().map((s) => ({ name: s.name, type: String(s.type) as AgentStateType, arn: s.agentStateARN ?? null })),
    routingProfile: String((a.getRoutingProfile() as unknown as Loose)?.name ?? ''),
    dialableCountries: a.getDialableCountries?.() ?? [],
    canCallOut: perms.includes('outboundCall'),
    muted,
  };
}

function cb(operation: string, resolve: () => void, reject: (e: CCPError) => void) {
  return {
    success: () => resolve(),
    failure: (err: unknown, data?: unknown) => reject(toCCPError(operation, err ?? data)),
  };
}

class NotReady extends Error {}

/**
 * Start the CCP in container. Only one CCP per window (a Streams rule).
 */
export function startCCP(container: HTMLElement, opts: CCPOptions, on: CCPListener): CCPPort {
  const gr = Boolean(opts.secondaryCCPUrl);
  const params: Loose = {
    ccpUrl: opts.ccpUrl,
    loginPopup: false, // the webview cannot open popups; sign-in is handled by the app
    region: opts.regions[0] ?? 'us-east-1',
    ccpLoadTimeout: opts.loadTimeoutMs,
    softphone: {
      allowFramedSoftphone: opts.softphone.enabled,
      disableRingtone: opts.softphone.disableRingtone,
      ringtoneUrl: opts.softphone.ringtoneUrl || undefined,
      disableEchoCancellation: opts.softphone.disableEchoCancellation,
      VDIPlatform: opts.softphone.VDIPlatform || undefined,
    },
    pageOptions: { enableAudioDeviceSettings: true, enablePhoneTypeSettings: true },
  };
  if (opts.loginUrl) params.loginUrl = opts.loginUrl;
  if (gr) {
    params.enableGlobalResiliency = true;
    params.secondaryCCPUrl = opts.secondaryCCPUrl;
  }

  let agent: connect.Agent | null = null;
  let muted = false;
  const seenPhase = new Map<string, ContactPhase>();
  const subs: Array<{ unsubscribe: Function }> = []; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  const region: RegionView = { enabled: gr, active: gr ? null : (opts.regions[0] ?? null), regions: opts.regions, failoverPending: null, lastFailover: null };

  const publish = () => {
    if (!agent) return;
    on.agent(agentView(agent, muted));
    const views = agent.getContacts().map(contactView);
    for (const v of views) {
      const prev = seenPhase.get(v.contactId);
      if (v.phase === 'ringing' && prev !== 'ringing') on.incoming(v);
      seenPhase.set(v.contactId, v.phase);
    }
    for (const id of [...seenPhase.keys()]) if (!views.some((v) => v.contactId === id)) seenPhase.delete(id);
    on.contacts(views);
  };

  connect.core.initCCP(container, params as connect.InitCCPOptions);
  const bus = connect.core.getEventBus();
  subs.push(bus.subscribe('ack_timeout', () => on.problem('ack_timeout')));
  subs.push(connect.core.onIframeRetriesExhausted(() => on.problem('retries_exhausted')));
  subs.push(connect.core.onAuthFail(() => on.problem('auth_fail')));
  subs.push(connect.core.onAccessDenied(() => on.problem('access_denied')));
  subs.push(
    connect.core.onInitialized(() => {
      if (gr) {
        region.active = connect.globalResiliency.getActiveRegion() ?? null;
        on.region({ ...region });
      }
      on.initialized();
    }),
  );
  if (gr) {
    const g = connect.globalResiliency as unknown as Loose;
    subs.push(g.onConfigureError((e: unknown) => on.problem('gr_configure_error', String((e as Loose)?.message ?? e))));
    subs.push(
      g.onFailoverPending((d: Loose) => {
        region.failoverPending = String(d?.nextActiveRegion ?? '') || null;
        on.region({ ...region });
      }),
    );
    subs.push(
      g.onFailoverCompleted((d: Loose) => {
        region.active = String(d?.activeRegion ?? '') || connect.globalResiliency.getActiveRegion() || null;
        region.failoverPending = null;
        region.lastFailover = { to: region.active ?? '', at: Date.now() };
        on.region({ ...region });
      }),
    );
  } else {
    on.region({ ...region });
  }

  subs.push(
    connect.agent((a) => {
      agent = a;
      subs.push(a.onRefresh(() => publish()));
      subs.push(
        a.onMuteToggle((d: Loose) => {
          muted = Boolean(d?.muted);
          publish();
        }),
      );
      subs.push(
        a.onSoftphoneError((e: Loose) => on.error(toCCPError('Softphone', { type: e?.errorType, message: e?.errorMessage }))),
      );
      publish();
    }),
  );

  const need = (): connect.Agent => {
    if (!agent) throw new NotReady('The CCP is not ready yet.');
    return agent;
  };
  const contact = (id: string): connect.Contact => {
    const c = need()
      .getContacts()
      .find((x) => x.getContactId() === id);
    if (!c) throw new NotReady(`Contact ${id} is no longer there.`);
    return c;
  };
  const run = (operation: string, f: (done: ReturnType<typeof cb>) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      try {
        f(cb(operation, resolve, reject));
      } catch (e) {
        reject(
          e instanceof NotReady
            ? { code: 'NotReady', operation, message: e.message, action: 'Wait for the panel to refresh and try again.', at: Date.now() }
            : toCCPError(operation, e instanceof Error ? { message: e.message } : e),
        );
      }
    });
  const conn = (contactId: string, connectionId: string): connect.BaseConnection => {
    const x = contact(contactId)
      .getConnections()
      .find((y) => y.getConnectionId() === connectionId);
    if (!x) throw new NotReady('That participant has left.');
    return x;
  };
  let quick: Array<{ qc: QuickConnect; ep: connect.Endpoint }> = [];

  return {
    setState: (name) =>
      run('Change status', (done) => {
        const a = need();
        const s = a.getAgentStates().find((x) => x.name === name);
        if (!s) throw new NotReady(`No agent state named ${name}.`);
        const busy = a.getContacts().some((c) => String(c.getStatus().type) !== 'ended');
        (a as unknown as Loose).setState(s, done, { enqueueNextState: busy });
      }),
    setOffline: () =>
      run('Go offline', (done) => {
        const a = need();
        const s = a.getAgentStates().find((x) => String(x.type) === 'offline');
        if (!s) throw new NotReady('No offline state is configured.');
        (a as unknown as Loose).setState(s, done, { enqueueNextState: a.getContacts().length > 0 });
      }),
    mute: () => {
      muted = true;
      need().mute();
      publish();
    },
    unmute: () => {
      muted = false;
      need().unmute();
      publish();
    },
    call: (number) =>
      run('Call', (done) => {
        need().connect(connect.Endpoint.byPhoneNumber(number), done as unknown as connect.ConnectOptions);
      }),
    quickConnects: () =>
      new Promise<QuickConnect[]>((resolve, reject) => {
        try {
          const a = need();
          (a as unknown as Loose).getEndpoints(a.getAllQueueARNs(), {
            success: (data: Loose) => {
              const eps = (data?.endpoints ?? []) as Loose[];
              quick = eps.map((ep) => ({
                qc: {
                  id: String(ep.endpointARN ?? ep.endpointId ?? ep.name),
                  name: String(ep.name ?? ''),
                  type: String(ep.type ?? ''),
                  phoneNumber: String(ep.phoneNumber ?? ''),
                },
                ep: ep as unknown as connect.Endpoint,
              }));
              resolve(quick.map((q) => q.qc));
            },
            failure: (err: unknown) => reject(toCCPError('Load quick connects', err)),
          });
        } catch (e) {
          reject(toCCPError('Load quick connects', e instanceof Error ? { message: e.message } : e));
        }
      }),
    accept: (id) => run('Accept contact', (done) => contact(id).accept(done)),
    reject: (id) => run('Reject contact', (done) => contact(id).reject(done)),
    end: (id) =>
      run('End contact', (done) => {
        const c = contact(id);
        const ac = c.getAgentConnection();
        if (!ac) throw new NotReady('You are not connected to this contact.');
        ac.destroy(done);
      }),
    clear: (id) => run('Clear contact', (done) => contact(id).clear(done)),
    hold: (cid, connId) => run('Hold', (done) => (conn(cid, connId) as unknown as Loose).hold(done)),
    resume: (cid, connId) => run('Resume', (done) => (conn(cid, connId) as unknown as Loose).resume(done)),
    hangUpConnection: (cid, connId) => run('Hang up participant', (done) => conn(cid, connId).destroy(done)),
    sendDigits: (cid, digits) =>
      run('Send digits', (done) => {
        const c = contact(cid);
        const target = c.getActiveInitialConnection() ?? c.getInitialConnection();
        target.sendDigits(digits, done);
      }),
    transfer: (cid, qcId) =>
      run('Transfer', (done) => {
        const q = quick.find((x) => x.qc.id === qcId);
        if (!q) throw new NotReady('That quick connect is not in the list any more; reopen the list.');
        contact(cid).addConnection(q.ep, done);
      }),
    addParticipant: (cid, number) =>
      run('Add participant', (done) => contact(cid).addConnection(connect.Endpoint.byPhoneNumber(number), done)),
    swap: (cid) => run('Swap', (done) => contact(cid).toggleActiveConnections(done)),
    join: (cid) => run('Join', (done) => contact(cid).conferenceConnections(done)),
    stop: () => {
      for (const s of subs) (s.unsubscribe as () => void)();
      subs.length = 0;
    },
  };
}
