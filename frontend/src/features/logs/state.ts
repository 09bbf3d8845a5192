// The Logs view's state: the timeline shown, where it came from, and what is in flight.
import type { LogsBridge, LogsDiagnostics, TimelineView } from '../../bridge/logs';
import { toBridgeError } from '../../bridge/errors';
import { createStore, type Store } from '../../state/store';

export interface LogsState {
  open: boolean;
  loading: boolean;
  view: TimelineView | null;
  diagnostics: LogsDiagnostics | null;
  error: string | null;
  exported: string | null;
}

export const initialLogsState: LogsState = { open: false, loading: false, view: null, diagnostics: null, error: null, exported: null };

export type LogsApi = Pick<LogsBridge, 'today' | 'openTimeline' | 'exportBundle' | 'diagnostics'>;

export function createLogsController(api: LogsApi, beforeLoad: () => Promise<void> = async () => undefined, store: Store<LogsState> = createStore(initialLogsState)) {
  const run = async (f: () => Promise<Partial<LogsState> | null>) => {
    store.set({ loading: true, error: null });
    try {
      const p = await f();
      store.set({ ...(p ?? {}), loading: false });
    } catch (e) {
      const be = toBridgeError(e);
      store.set({ loading: false, error: be.code === 'logs_empty' ? 'No logs recorded yet.' : be.message });
    }
  };
  return {
    store,
    open: () => {
      store.set({ open: true });
      // On its own: when today() fails (capture off), the diagnostics still say why.
      void api.diagnostics().then(
        (diagnostics) => store.set({ diagnostics }),
        () => undefined,
      );
      void run(async () => {
        await beforeLoad(); // send what the page still holds, so the timeline includes it
        return { view: await api.today() };
      });
    },
    close: () => store.set({ open: false }),
    today: () =>
      run(async () => {
        await beforeLoad();
        return { view: await api.today() };
      }),
    openFile: () =>
      run(async () => {
        const view = await api.openTimeline();
        return view.source ? { view } : null; // cancelled
      }),
    exportBundle: (from: string, to: string) =>
      run(async () => {
        await beforeLoad();
        const path = await api.exportBundle(from, to);
        return path ? { exported: path } : null;
      }),
  };
}

export type LogsController = ReturnType<typeof createLogsController>;
