import { describe, expect, it, vi } from 'vitest';
import type { ShellConfig } from '../../bridge/types';
import type { CCPListener } from '../../connect/streams';
import { createStore } from '../../state/store';
import { contact } from '../../test/fixtures';
import { initialState } from './model';
import { Session, appUrl, softphoneParams } from './session';

const cfg: ShellConfig = {
  version: 't', sandbox: true, selfTest: false, selfTestScenario: '', ccpUrl: 'http://127.0.0.1:1/ccp-v2/', secondaryCCPUrl: 'http://127.0.0.1:2/ccp-v2/', regions: ['us-east-1', 'us-west-2'],
  loginUrl: 'http://127.0.0.1:1/auth/sign-in', ccpVisibility: 'side-by-side', ccpLoadTimeoutMs: 5000,
  softphone: { enabled: true, disableRingtone: false, ringtoneUrl: '', disableEchoCancellation: false, mode: 'standard', vdiPlatform: '' }, contactAttributes: [], shell: 'bundled', hostedShellUrl: '',
  approvedOrigins: ['wails://wails'],
  media: { mode: 'standard', softphone: { allowFramedSoftphone: true, disableRingtone: false, disableEchoCancellation: false }, mediaOnly: false, notes: [] },
  vdi: null,
};

function deps(c: Partial<ShellConfig> = {}, signedIn = false) {
  let listener!: CCPListener;
  const d = {
    bridge: {
      shell: { config: vi.fn(async () => ({ ...cfg, ...c })), sandboxSignInAttempted: vi.fn(async () => signedIn), sandboxSignInUrl: vi.fn(async () => 'http://127.0.0.1:1/auth/sign-in?username=agent1'), log: vi.fn(async () => undefined) },
      desktop: { contactIncoming: vi.fn(async () => undefined), setActiveContacts: vi.fn(async () => undefined), confirmQuit: vi.fn(async () => undefined) },
      on: vi.fn(() => () => undefined),
    },
    startCCP: vi.fn((_el: HTMLElement, _o: unknown, on: CCPListener) => {
      listener = on;
      return { stop: vi.fn() } as never;
    }),
    location: { protocol: 'wails:', host: 'wails', assign: vi.fn(), reload: vi.fn() },
  };
  return { d, listener: () => listener };
}

describe('Session', () => {
  it('signs the sandbox agent in first (top-level navigation)', async () => {
    const { d } = deps();
    const s = new Session(createStore(initialState), d as never);
    expect(await s.load()).toBe(false);
    expect(d.bridge.shell.sandboxSignInUrl).toHaveBeenCalledWith('wails://wails/');
    expect(d.location.assign).toHaveBeenCalledWith('http://127.0.0.1:1/auth/sign-in?username=agent1');
  });

  it('starts a GR-aware CCP after sign-in, and feeds the desktop integration', async () => {
    const { d, listener } = deps({}, true);
    const store = createStore(initialState);
    const s = new Session(store, d as never);
    expect(await s.load()).toBe(true);
    s.start(document.createElement('div'));
    s.start(document.createElement('div')); // once only
    expect(d.startCCP).toHaveBeenCalledOnce();
    const opts = d.startCCP.mock.calls[0]![1] as { secondaryCCPUrl?: string; loginUrl?: string };
    expect(opts.secondaryCCPUrl).toBe(cfg.secondaryCCPUrl);
    expect(opts.loginUrl).toBe(cfg.loginUrl);

    const on = listener();
    on.initialized();
    expect(store.get().phase).toBe('ready');
    const c = contact();
    on.incoming(c);
    expect(d.bridge.desktop.contactIncoming).toHaveBeenCalledWith({ contactId: 'c-1', channel: 'VOICE', caller: '+15555550100', queue: 'BasicQueue' });
    on.contacts([c]);
    on.contacts([c]);
    expect(d.bridge.desktop.setActiveContacts).toHaveBeenCalledTimes(1);
    expect(d.bridge.desktop.setActiveContacts).toHaveBeenCalledWith(1);
  });

  it.each([
    ['ack_timeout', false],
    ['retries_exhausted', true],
    ['access_denied', true],
    ['gr_configure_error', false], // the CCP keeps working; the region banner guides
  ] as const)('problem %s fatal=%s', async (kind, fatal) => {
    const { d, listener } = deps({}, true);
    const store = createStore(initialState);
    const s = new Session(store, d as never);
    await s.load();
    s.start(document.createElement('div'));
    listener().problem(kind);
    expect(store.get().problem?.kind).toBe(kind);
    expect(store.get().problem?.fatal).toBe(fatal);
    expect(store.get().phase === 'failed').toBe(fatal);
  });

  it('shows a diagnostic when there is no backend', async () => {
    const { d } = deps();
    d.bridge.shell.config.mockRejectedValueOnce(new Error('window.go is undefined'));
    const store = createStore(initialState);
    await new Session(store, d as never).load();
    expect(store.get().problem?.kind).toBe('no-backend');
  });

  it('builds the app URL', () => {
    expect(appUrl({ protocol: 'wails:', host: 'wails' })).toBe('wails://wails/');
    expect(appUrl({ protocol: 'http:', host: 'localhost:34115' })).toBe('http://localhost:34115/');
  });
});

describe('softphoneParams (initCCP params.softphone from the softphone mode)', () => {
  it('signalling mode starts no softphone and no ringtone, whatever softphone.enabled says', () => {
    const c: ShellConfig = { ...cfg, media: { mode: 'signalling', softphone: { allowFramedSoftphone: false, disableRingtone: true, disableEchoCancellation: false }, mediaOnly: false, notes: [] } };
    expect(c.softphone.enabled).toBe(true);
    expect(softphoneParams(c)).toEqual({ enabled: false, disableRingtone: true, ringtoneUrl: undefined, disableEchoCancellation: false, VDIPlatform: undefined });
  });

  it('standard mode passes the VDI platform; media mode hosts the softphone', () => {
    const std: ShellConfig = { ...cfg, media: { mode: 'standard', softphone: { allowFramedSoftphone: true, disableRingtone: false, disableEchoCancellation: true, VDIPlatform: 'CITRIX' }, mediaOnly: false, notes: [] } };
    expect(softphoneParams(std)).toMatchObject({ enabled: true, disableEchoCancellation: true, VDIPlatform: 'CITRIX' });
    const media: ShellConfig = { ...cfg, softphone: { ...cfg.softphone, enabled: false }, media: { mode: 'media', softphone: { allowFramedSoftphone: true, disableRingtone: false, disableEchoCancellation: false }, mediaOnly: true, notes: [] } };
    expect(softphoneParams(media).enabled).toBe(true);
  });

  it('the session starts the CCP with them', async () => {
    const { d } = deps({ media: { mode: 'signalling', softphone: { allowFramedSoftphone: false, disableRingtone: true, disableEchoCancellation: false }, mediaOnly: false, notes: [] } }, true);
    const s = new Session(createStore(initialState), d as never);
    await s.load();
    s.start(document.createElement('div'));
    expect((d.startCCP.mock.calls[0]![1] as { softphone: { enabled: boolean } }).softphone.enabled).toBe(false);
  });
});
