// The ONLY importer of the generated Wails bindings (frontend/wailsjs, made by
// `wails generate module`). Everything else calls Go through this module.
import * as Desktop from '../../wailsjs/go/bridge/Desktop';
import * as SelfTest from '../../wailsjs/go/bridge/SelfTest';
import * as Shell from '../../wailsjs/go/bridge/Shell';
import * as Simulator from '../../wailsjs/go/bridge/Simulator';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call } from './errors';
import type { IncomingContactInfo, ShellConfig, SimContactRequest } from './types';

export { BridgeError, toBridgeError } from './errors';
export { installHostedRuntime } from './hosted';
export * from './types';
export * from './auth';
export * from './region';
export * from './logs';

/** True when running inside the app (bundled or allowed hosted shell) or wails dev. */
export function hasBackend(): boolean {
  return typeof (window as unknown as { go?: unknown }).go !== 'undefined';
}

export const bridge = {
  shell: {
    config: () => call(() => Shell.Config() as unknown as Promise<ShellConfig>),
    sandboxSignInUrl: (appUrl: string) => call(() => Shell.SandboxSignInURL(appUrl)),
    sandboxSignInAttempted: (appUrl: string) => call(() => Shell.SandboxSignInAttempted(appUrl)),
    log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
      call(() => Shell.Log(level, message, fields)).catch(() => undefined),
  },
  simulator: {
    makeContact: (req: SimContactRequest) => call(() => Simulator.MakeContact(req as never)),
    hangUp: (contactId: string) => call(() => Simulator.HangUp(contactId)),
    answer: (contactId: string) => call(() => Simulator.Answer(contactId)),
    failover: (region: string) => call(() => Simulator.Failover(region)),
    expireSession: () => call(() => Simulator.ExpireSession()),
    state: async () => JSON.parse(await call(() => Simulator.State())) as unknown,
  },
  desktop: {
    contactIncoming: (c: IncomingContactInfo) => call(() => Desktop.ContactIncoming(c as never)),
    setActiveContacts: (n: number) => call(() => Desktop.SetActiveContacts(n)),
    confirmQuit: () => call(() => Desktop.ConfirmQuit()),
  },
  selfTest: {
    step: (name: string, panel: Record<string, unknown>) => call(() => SelfTest.Step(name, panel)),
    finish: (failure: string) => call(() => SelfTest.Finish(failure)),
  },
  on<T>(event: string, cb: (payload: T) => void): () => void {
    return EventsOn(event, (p: T) => cb(p));
  },
};

export type Bridge = typeof bridge;
