// Captures every Streams log entry without modifying the library (docs/logs.md, "Capture"):
//  - our page's own Streams logger (connect.getLog(), the "CRM" layer): its public
//    addLogEntry method is wrapped on the logger instance; every entry (write, info, error,
//    … all end there) is noted when Streams stores it and serialised at the end of the
//    current task (a microtask): `getLog().info(…).withObject(o).withException(e)` adds
//    objects and exception *after* addLogEntry returned, so serialising inside the wrapper
//    lost them;
//  - each regional CCP's entries: they arrive as `log` messages on that CCP's conduit;
//    listening per conduit tags them with the region, for the inactive CCP too. (Streams
//    also copies them into connect.getLog(); the wrapper skips those — another loggerId.)
import 'amazon-connect-streams';

import { conduits, regionResolver } from './gr';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type CapturedSource = 'streams-ccp' | 'streams-crm';

/** Receives each entry as its JSON text (serialised once, at capture: Streams may change the object later). */
export interface CaptureSink {
  (source: CapturedSource, region: string, json: string): void;
}

/** A LogEntry as JSON text (Date → ISO text, objects/exception kept); a minimal entry if it cannot be serialised. */
export function entryJSON(e: Loose): string {
  try {
    return JSON.stringify(e);
  } catch {
    return JSON.stringify({ component: String(e?.component ?? ''), level: String(e?.level ?? 'LOG'), text: String(e?.text ?? ''), time: new Date().toISOString() });
  }
}

/** Wrap connect.getLog().addLogEntry; returns the function that restores it. */
export function captureOwnLogger(sink: CaptureSink, regionNow: () => string): () => void {
  const logger = connect.getLog() as unknown as Loose;
  const own = String(logger.getLoggerId?.() ?? '');
  const original = logger.addLogEntry as (e: Loose) => void;
  // Entries stored in this task, with the region when they were logged; serialised together
  // once the caller's chained withObject/withException have run (one microtask per task).
  let pending: Array<[string, Loose]> = [];
  const ship = () => {
    const batch = pending;
    pending = [];
    for (const [region, e] of batch) {
      try {
        sink('streams-crm', region, entryJSON(e));
      } catch {
        /* capture must never break Streams */
      }
    }
  };
  const wrapped = function (this: unknown, e: Loose) {
    original.call(this ?? logger, e);
    try {
      if (e && (e.loggerId === own || !e.loggerId)) {
        if (pending.push([regionNow(), e]) === 1) queueMicrotask(ship);
      }
    } catch {
      /* capture must never break Streams */
    }
  };
  logger.addLogEntry = wrapped;
  return () => {
    if (logger.addLogEntry === wrapped) logger.addLogEntry = original;
  };
}

/**
 * Listen to `log` messages of every regional CCP conduit. Conduits exist only after
 * initCCP; call this right after it. Returns an unsubscribe function.
 */
export function captureCCPLogs(o: { ccpUrl: string; secondaryCCPUrl?: string; regions: string[] }, sink: CaptureSink): () => void {
  const regionOf = regionResolver(o);
  const own = String((connect.getLog() as unknown as Loose).getLoggerId?.() ?? '');
  const subs = conduits().map((c) =>
    c.onUpstream('log', (e: Loose) => {
      try {
        if (e && e.loggerId && e.loggerId === own) return; // our own entries echoed back
        sink('streams-ccp', regionOf(c), entryJSON(e));
      } catch {
        /* never break Streams */
      }
    }),
  );
  return () => subs.forEach((s: Loose) => s.unsubscribe());
}
