// Log capture for the whole page: Streams' entries (our page's logger and each regional
// CCP, src/connect/logcapture.ts) and ccpdesk's own frontend log, shipped to Go in batches.
import type { LogEntryJSON } from '../../bridge/logs';
import type { CCPListener, CCPOptions, CCPPort } from '../../connect/streams';
import type { LogShipper } from './shipper';

export type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** ccpdesk's own frontend log (source "frontend"), in Streams' LogEntry shape. */
export class FrontendLog {
  private line = 0;
  constructor(
    private shipper: Pick<LogShipper, 'add'>,
    private region: () => string,
  ) {}

  write(level: Level, component: string, text: string, fields?: Record<string, unknown>): void {
    const e: LogEntryJSON = { component, level, text, time: new Date().toISOString(), objects: fields ? [fields] : [], line: this.line++, loggerId: 'ccpdesk-frontend' };
    this.shipper.add('frontend', this.region(), e);
  }
  info(component: string, text: string, fields?: Record<string, unknown>) {
    this.write('INFO', component, text, fields);
  }
  warn(component: string, text: string, fields?: Record<string, unknown>) {
    this.write('WARN', component, text, fields);
  }
  error(component: string, text: string, fields?: Record<string, unknown>) {
    this.write('ERROR', component, text, fields);
  }
}

type Sink = (source: 'streams-ccp' | 'streams-crm', region: string, json: string) => void;

export interface StreamsCapture {
  captureOwnLogger(sink: Sink, regionNow: () => string): () => void;
  captureCCPLogs(o: { ccpUrl: string; secondaryCCPUrl?: string; regions: string[] }, sink: Sink): () => void;
  activeRegion(fallback: string): string;
}

type StartCCP = (container: HTMLElement, opts: CCPOptions, on: CCPListener) => CCPPort;

/** Decorate startCCP: capture our page's Streams logger before initCCP, the CCPs' after. */
export function withLogCapture(start: StartCCP, shipper: Pick<LogShipper, 'addJSON'>, streams: StreamsCapture, flog?: FrontendLog): StartCCP {
  return (container, opts, on) => {
    const primary = opts.regions[0] ?? '';
    const sink: Sink = (source, region, json) => shipper.addJSON(source, region, json);
    try {
      streams.captureOwnLogger(sink, () => streams.activeRegion(primary));
    } catch (e) {
      flog?.error('ccpdesk.logs', 'cannot capture the page logger', { error: String(e) });
    }
    const port = start(container, opts, on);
    try {
      streams.captureCCPLogs({ ccpUrl: opts.ccpUrl, secondaryCCPUrl: opts.secondaryCCPUrl, regions: opts.regions }, sink);
    } catch (e) {
      flog?.error('ccpdesk.logs', 'cannot capture the CCP logs', { error: String(e) });
    }
    return port;
  };
}

/** Uncaught errors of the page become frontend log records. */
export function captureWindowErrors(flog: FrontendLog, w: Pick<Window, 'addEventListener'> = window): void {
  w.addEventListener('error', (ev: Event) => {
    const e = ev as ErrorEvent;
    flog.error('ccpdesk.window', String(e.message ?? 'error'), { source: e.filename, line: e.lineno });
  });
  w.addEventListener('unhandledrejection', (ev: Event) => {
    const r = (ev as PromiseRejectionEvent).reason;
    flog.error('ccpdesk.window', 'unhandled rejection', { reason: String((r as Error)?.message ?? r) });
  });
}
