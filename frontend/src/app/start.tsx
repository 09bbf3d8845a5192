// The app itself (loaded by main.tsx once no top-level navigation is due): styles, Streams, Cloudscape, React.
import '@cloudscape-design/global-styles/index.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bridge, type ShellConfig } from '../bridge';
import { createActions } from '../features/ccp/actions';
import { initialState } from '../features/ccp/model';
import { Session } from '../features/ccp/session';
import { createStore } from '../state/store';
import { App } from './App';
import { wireIntegrations } from './integrations';

/** preloaded: the configuration main.tsx already read (null when it could not). */
export function start(preloaded: ShellConfig | null = null): void {
  void bridge.shell.log('debug', 'app bundle evaluated', { component: 'app', pageMs: Math.round(performance.now()) });
  const store = createStore(initialState);
  const integ = wireIntegrations(store, () => actions);
  const session = new Session(store, { bridge, startCCP: integ.startCCP, location: window.location });
  const actions = createActions(store, () => session.port);
  // Start loading now: the Go round trips overlap React's first render (the App's effect gets the same promise).
  void session.load(preloaded ?? undefined);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} actions={actions} session={session} />
    </StrictMode>,
  );
}
