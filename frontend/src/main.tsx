import '@cloudscape-design/global-styles/index.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bridge, hasBackend, installHostedRuntime } from './bridge';
import { createActions } from './features/ccp/actions';
import { initialState } from './features/ccp/model';
import { Session } from './features/ccp/session';
import { createStore } from './state/store';
import { App } from './app/App';
import { wireIntegrations } from './app/integrations';

async function main() {
  // Hosted shell: give this page the same IPC the bundled shell gets (Wails still
  // enforces BindingsAllowedOrigins: any other origin's calls are dropped).
  installHostedRuntime();

  // The bundled shell configured for a hosted shell goes there (same frontend, served
  // by the organisation at its approved HTTPS origin).
  if (hasBackend()) {
    try {
      const cfg = await bridge.shell.config();
      const here = `${location.protocol}//${location.host}`;
      if (cfg.shell === 'hosted' && cfg.hostedShellUrl && new URL(cfg.hostedShellUrl).origin !== here) {
        location.replace(cfg.hostedShellUrl);
        return;
      }
    } catch {
      // the App shows the diagnostic
    }
  }

  const store = createStore(initialState);
  const integ = wireIntegrations(store, () => actions);
  const session = new Session(store, { bridge, startCCP: integ.startCCP, location: window.location });
  const actions = createActions(store, () => session.port);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} actions={actions} session={session} />
    </StrictMode>,
  );
}

void main();
