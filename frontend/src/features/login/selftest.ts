import type { SelfTestApi } from '../selftest/driver';
import type { LoginController } from './controller';
import { LoginController as LC } from './controller';

/**
 * The sign-in half of the "sso" self-test: when the sign-in screen shows, report it (the
 * first time "signin_screen", after a blocked redirect "signin_blocked") and press the
 * screen's own Sign in button. Go fills the identity provider's forms.
 */
export function runSignInSelfTest(login: LoginController, api: SelfTestApi, doc: Document = document, pauseMs = 1500): () => void {
  let done = false;
  const check = () => {
    const s = login.store.get();
    if (done || !LC.showScreen(s) || s.auth?.session.phase !== 'signed-out') return;
    done = true;
    const blocked = s.auth.session.reason === 'blocked';
    const text = (doc.querySelector('[data-testid="signin-screen"]') as HTMLElement | null)?.innerText ?? '';
    void api
      .step(blocked ? 'signin_blocked' : 'signin_screen', { reason: s.auth.session.reason, blockedHost: s.auth.session.blockedHost ?? '', text })
      .catch(() => undefined)
      .then(() => new Promise((r) => setTimeout(r, pauseMs)))
      .then(() => (doc.querySelector('[data-testid="signin-button"]') as HTMLElement | null)?.click());
  };
  const off = login.store.subscribe(check);
  check();
  return off;
}
