// The page's log shipper, frontend log and Logs view controller (one per page).
import { logsBridge } from '../../bridge/logs';
import { useStore } from '../../state/store';
import { regionStore } from '../region/state';
import { FrontendLog } from './capture';
import { LogShipper } from './shipper';
import { createLogsController } from './state';

// onStatus runs after a send resolves, when logsController (below) exists.
export const shipper = new LogShipper({ send: (batch) => logsBridge.ingest(batch), onStatus: (s) => logsController.shipperStatus(s) });

/** ccpdesk's own frontend log, tagged with the active region. */
export const flog = new FrontendLog(shipper, () => regionStore.get().snapshot?.activeRegion ?? '');

export const logsController = createLogsController(logsBridge, () => shipper.flush());

export function useLogsOpen(): boolean {
  return useStore(logsController.store, (s) => s.open);
}
