// Composition of the region tracking and log capture features around startCCP
// (features/region, features/logs, src/connect/gr.ts and logcapture.ts).
import { bridge } from '../bridge';
import { regionBridge } from '../bridge/region';
import { activeRegion, attachGR, fetchAgentStates } from '../connect/gr';
import { captureCCPLogs, captureOwnLogger } from '../connect/logcapture';
import { startCCP } from '../connect/streams';
import type { Actions } from '../features/ccp/actions';
import type { CCPState } from '../features/ccp/model';
import { captureWindowErrors, withLogCapture } from '../features/logs/capture';
import { flog, shipper } from '../features/logs/instance';
import { resetRegionCaches } from '../features/region/caches';
import { RegionIntegration } from '../features/region/integration';
import { regionStore } from '../features/region/state';
import type { Store } from '../state/store';

export function wireIntegrations(store: Store<CCPState>, actions: () => Actions) {
  captureWindowErrors(flog);
  addEventListener('pagehide', () => void shipper.flush());
  const region = new RegionIntegration({
    bridge: regionBridge,
    on: bridge.on,
    store: regionStore,
    gr: { attach: attachGR, activeRegion },
    resetCaches: (sw) =>
      void resetRegionCaches(sw, {
        hasQuickConnects: () => store.get().quickConnects.length > 0,
        dropQuickConnects: () => store.set({ quickConnects: [] }),
        loadQuickConnects: () => actions().loadQuickConnects(),
        fetchAgentStates,
        setAgentStates: (states) => store.set((s) => (s.agent ? { agent: { ...s.agent, states } } : {})),
        log: (level, text, fields) => flog[level]('ccpdesk.region', text, fields),
      }),
    log: (level, text, fields) => flog[level]('ccpdesk.region', text, fields),
  });
  void region.load();
  const start = region.wrap(withLogCapture(startCCP, shipper, { captureOwnLogger, captureCCPLogs, activeRegion }, flog));
  flog.info('ccpdesk', 'page loaded', { url: location.pathname });
  return { startCCP: start, region };
}
