import type { Bridge, ShellConfig } from '../../bridge';
import { signInMode } from '../../bridge/auth';

/** The app's own page URL, e.g. wails://wails/ or http://localhost:34115/. */
export function appUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol}//${loc.host}/`;
}

/** True when this page must first go through the sandbox's top-level sign-in (once per run and origin). */
export async function needsSandboxSignIn(cfg: ShellConfig, shell: Pick<Bridge['shell'], 'sandboxSignInAttempted'>, loc: Pick<Location, 'protocol' | 'host'>): Promise<boolean> {
  return cfg.sandbox && signInMode(cfg) === 'sandbox' && !(await shell.sandboxSignInAttempted(appUrl(loc)).catch(() => false));
}
