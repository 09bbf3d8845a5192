import type { SelfTestApi } from '../selftest/driver';
import type { LoginController } from './controller';
import { LoginController as LC } from './controller';

/**
 * The sign-in half of the "sso" self-test: when the sign-in screen shows, report it (the
 * first time "signin_screen", after a blocked redirect "signin_blocked") with the text the
 * screen shows, then press the screen's own Sign in button. Go fills the identity
 * provider's forms.
 */
export function runSignInSelfTest(login: LoginController, api: SelfTestApi, doc: Document = document, pauseMs = 1500): () => void {
  let done = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const check = () => {
    const s = login.store.get();
    if (done || !LC.showScreen(s) || s.auth?.session.phase !== 'signed-out') return;
    done = true;
    const session = s.auth.session;
    void (async () => {
      await sleep(pauseMs); // drawn (and on screen for the window test's screenshot)
      const text = (doc.querySelector('[data-testid="signin-screen"]') as HTMLElement | null)?.innerText ?? '';
      await api
        .step(session.reason === 'blocked' ? 'signin_blocked' : 'signin_screen', { reason: session.reason, blockedHost: session.blockedHost ?? '', text })
        .catch(() => undefined);
      await sleep(pauseMs);
      (doc.querySelector('[data-testid="signin-button"]') as HTMLElement | null)?.click();
    })();
  };
  const off = login.store.subscribe(check);
  check();
  return off;
}
