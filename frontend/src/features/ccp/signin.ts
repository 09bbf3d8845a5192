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

/**
 * Resolves once the page has finished loading. Call before asking for the sign-in URL: the native window
 * reports every finished page load to Go, and the app page's own report, arriving after the sign-in began,
 * would read as ccpsim's landing page (Go then reloads too early and waits for a load that already came).
 */
export function afterLoad(doc: Pick<Document, 'readyState'> = document, win: Pick<Window, 'addEventListener'> = window): Promise<void> {
  if (doc.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => win.addEventListener('load', () => resolve(), { once: true }));
}
