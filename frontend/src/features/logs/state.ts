// The Logs view's state: the timeline shown, where it came from, and what is in flight.
import type { LogsBridge, LogsDiagnostics, TimelineView } from '../../bridge/logs';
import { toBridgeError } from '../../bridge/errors';
import { createStore, type Store } from '../../state/store';
import { EVERYTHING, last24Hours, rangeArgs, type ExportRange } from './range';
import type { ShipperStats } from './shipper';

export interface LogsState {
  open: boolean;
  loading: boolean;
  view: TimelineView | null;
  diagnostics: LogsDiagnostics | null;
  error: string | null;
  exported: string | null;
  /** The support bundle's time range (reset to the last 24 hours when the view opens). */
  range: ExportRange;
  /** The page's shipper: why Go could not store the last batch ('' when it could), whether the disk
   *  was full, and the records Go dropped so (LogShipper stats). */
  storeError: string;
  diskFull: boolean;
  storeDropped: number;
}

export const initialLogsState: LogsState = {
  open: false,
  loading: false,
  view: null,
  diagnostics: null,
  error: null,
  exported: null,
  range: last24Hours(),
  storeError: '',
  diskFull: false,
  storeDropped: 0,
};

export type LogsApi = Pick<LogsBridge, 'today' | 'openTimeline' | 'exportBundle' | 'diagnostics'>;

export function createLogsController(
  api: LogsApi,
  beforeLoad: () => Promise<void> = async () => undefined,
  store: Store<LogsState> = createStore(initialLogsState),
  now: () => Date = () => new Date(),
) {
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
  /** Ask Go for a bundle of [from, to] (the binding's format, see range.ts); "" is unbounded. */
  const exportBundle = (from: string, to: string) =>
    run(async () => {
      await beforeLoad();
      const path = await api.exportBundle(from, to);
      return path ? { exported: path } : null;
    });
  return {
    store,
    open: () => {
      store.set({ open: true, range: last24Hours(now()) });
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
    exportBundle,
    setRange: (patch: Partial<ExportRange>) => store.set((s) => ({ range: { ...s.range, ...patch } })),
    rangeLast24Hours: () => store.set({ range: last24Hours(now()) }),
    rangeEverything: () => store.set({ range: EVERYTHING }),
    /** Export the range the view shows (an invalid range is reported, nothing is asked of Go). */
    exportRange: () => {
      const a = rangeArgs(store.get().range);
      if ('error' in a) {
        store.set({ error: a.error });
        return Promise.resolve();
      }
      return exportBundle(a.from, a.to);
    },
    /** The shipper's storage status (LogShipper onStatus). */
    shipperStatus: (s: Pick<ShipperStats, 'storeError' | 'diskFull' | 'storeDropped'>) =>
      store.set({ storeError: s.storeError, diskFull: s.diskFull, storeDropped: s.storeDropped }),
  };
}

export type LogsController = ReturnType<typeof createLogsController>;
