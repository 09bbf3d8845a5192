// Composition of the region tracking and log capture features around startCCP
// (features/region, features/logs, src/connect/gr.ts and logcapture.ts).
import { bridge } from '../bridge';
import { regionBridge } from '../bridge/region';
import { activeRegion, attachGR } from '../connect/gr';
import { captureCCPLogs, captureOwnLogger } from '../connect/logcapture';
import { startCCP } from '../connect/streams';
import type { Actions } from '../features/ccp/actions';
import type { CCPState } from '../features/ccp/model';
import { captureWindowErrors, withLogCapture } from '../features/logs/capture';
import { flog, shipper } from '../features/logs/instance';
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
    resetCaches: (sw) => {
      // Quick connects and queue ARNs name the instance: drop them, fetch from the new CCP
      // if the agent had them loaded. Agent states are re-read from the new region's agent
      // on Streams' next refresh (streams.ts reads getAgentStates() on every publish).
      const hadQuick = store.get().quickConnects.length > 0;
      store.set({ quickConnects: [] });
      if (hadQuick) void actions().loadQuickConnects();
      flog.info('ccpdesk.region', `caches reset after the switch ${sw.from} → ${sw.to}`, { quickConnectsRefetched: hadQuick });
    },
    log: (level, text, fields) => flog[level]('ccpdesk.region', text, fields),
  });
  void region.load();
  const start = region.wrap(withLogCapture(startCCP, shipper, { captureOwnLogger, captureCCPLogs, activeRegion }, flog));
  flog.info('ccpdesk', 'page loaded', { url: location.pathname });
  return { startCCP: start, region };
}
