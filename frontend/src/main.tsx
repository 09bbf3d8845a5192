// The entry point: small on purpose. A page that is about to leave — for the hosted shell, or for the
// sandbox's top-level sign-in — leaves before the app bundle (Streams, Cloudscape, React, 3 MB of JS and
// CSS) is fetched and evaluated; that first load cost ~0.5–1 s of the time to ready (issue 8).
import { bridge, hasBackend, inNativeWebview, installHostedRuntime, type ShellConfig } from './bridge';
import { afterLoad, appUrl, needsSandboxSignIn } from './features/ccp/signin';

async function main() {
  // Hosted shell: give this page the same IPC the bundled shell gets (Wails still
  // enforces BindingsAllowedOrigins: any other origin's calls are dropped).
  installHostedRuntime();

  let cfg: ShellConfig | null = null;
  if (hasBackend()) {
    try {
      cfg = await bridge.shell.config();
      // The bundled shell configured for a hosted shell goes there (same frontend, served
      // by the organisation at its approved HTTPS origin).
      // wails dev --browser-only: a second agent page in the native window would share Go's region
      // tracker, the sign-in and the softphone with the browser tabs under test.
      if (cfg.browserOnly && inNativeWebview()) {
        document.getElementById('root')!.textContent = 'ccpdesk runs in the browser (--browser-only): open http://localhost:34115';
        void bridge.shell.log('info', 'browser-only: the native window stays idle', { component: 'app' });
        return;
      }
      const here = `${location.protocol}//${location.host}`;
      if (cfg.shell === 'hosted' && cfg.hostedShellUrl && new URL(cfg.hostedShellUrl).origin !== here) {
        location.replace(cfg.hostedShellUrl);
        return;
      }
      // The sandbox signs the agent in with a top-level navigation to ccpsim, which brings the window back.
      if (await needsSandboxSignIn(cfg, bridge.shell, location)) {
        await afterLoad();
        location.assign(await bridge.shell.sandboxSignInUrl(appUrl(location)));
        return;
      }
    } catch {
      // the App shows the diagnostic (Session.load asks again when cfg is null)
    }
  }
  (await import('./app/start')).start(cfg);
}

void main();
