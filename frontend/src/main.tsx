import '@cloudscape-design/global-styles/index.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bridge, installHostedRuntime } from './bridge';
import { startCCP } from './connect/streams';
import { createActions } from './features/ccp/actions';
import { initialState } from './features/ccp/model';
import { Session } from './features/ccp/session';
import { createStore } from './state/store';
import { App } from './app/App';

// Hosted shell: give this page the same IPC the bundled shell gets (Wails still
// enforces BindingsAllowedOrigins).
installHostedRuntime();

const store = createStore(initialState);
const session = new Session(store, { bridge, startCCP, location: window.location });
const actions = createActions(store, () => session.port);

// Bundled shell configured for a hosted shell: go there (it is the same frontend).
void bridge.shell
  .config()
  .then((cfg) => {
    if (cfg.shell === 'hosted' && cfg.hostedShellUrl && !location.href.startsWith(cfg.hostedShellUrl) && location.protocol !== 'http:' && location.protocol !== 'https:') {
      location.replace(cfg.hostedShellUrl);
    }
  })
  .catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} actions={actions} session={session} />
  </StrictMode>,
);
