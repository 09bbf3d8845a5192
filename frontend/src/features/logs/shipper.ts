// Batches log entries (Streams' and ours) and sends them to Go (Logs.Ingest), size-bounded.
// Nothing valid is lost to a batch limit: a batch Go refuses as too large is split in half
// and each half sent again; only a single entry over the limit is dropped, and that drop is
// itself logged. While Go is unreachable, entries wait (up to maxQueued, oldest dropped
// first, counted). A batch Go answers with a storeError (full disk, failed write or fsync) is
// settled, never sent again: Go stored the whole records it could and counted the rest
// (resending would store records twice); the shipper counts those drops and reports them
// (onStatus, the Logs view).
import type { IngestBatch, IngestResult, LogEntryJSON, LogSource } from '../../bridge/logs';
import { BridgeError } from '../../bridge/errors';

export interface ShipperOptions {
  send(batch: string): Promise<IngestResult>;
  maxBatchBytes?: number; // JSON text per request (Go's limit is 4 MiB)
  maxBatchEntries?: number;
  flushEveryMs?: number;
  maxQueued?: number;
  setTimer?: (f: () => void, ms: number) => unknown;
  /** Called when diskFull, storeError or storeDropped change (the Logs view shows them). */
  onStatus?: (stats: Readonly<ShipperStats>) => void;
}

export interface ShipperStats {
  queued: number;
  sent: number;
  batches: number;
  split: number;
  dropped: number; // by the shipper: queue overflow, single entries over the ingest limit
  /** Records Go could not store: full disk, failed write or fsync (since start). */
  storeDropped: number;
  /** Why Go could not store the last batch it answered ('' once a batch is stored normally again). */
  storeError: string;
  /** That reason was a full disk. */
  diskFull: boolean;
  lastError: string;
}

interface Item {
  key: string; // source\u0000region
  json: string;
}

export const TOO_LARGE = 'logs_batch_too_large';

export class LogShipper {
  private queue: Item[] = [];
  private bytes = 0;
  private timer: unknown = null;
  private flushing: Promise<void> | null = null;
  readonly stats: ShipperStats = { queued: 0, sent: 0, batches: 0, split: 0, dropped: 0, storeDropped: 0, storeError: '', diskFull: false, lastError: '' };
  private readonly o: Required<Omit<ShipperOptions, 'onStatus'>> & Pick<ShipperOptions, 'onStatus'>;

  constructor(o: ShipperOptions) {
    this.o = {
      maxBatchBytes: 1 << 20,
      maxBatchEntries: 2000,
      flushEveryMs: 1000,
      maxQueued: 50_000,
      setTimer: (f, ms) => setTimeout(f, ms),
      ...o,
    };
  }

  add(source: LogSource, region: string, entry: LogEntryJSON | Record<string, unknown>): void {
    let json: string;
    try {
      json = JSON.stringify(entry);
    } catch {
      json = JSON.stringify({ component: 'ccpdesk', level: 'WARN', text: 'unserialisable log entry dropped', time: new Date().toISOString() });
    }
    this.addJSON(source, region, json);
  }

  /** add, for an entry already serialised (the Streams capture: one JSON.stringify per entry, no copy). */
  addJSON(source: LogSource, region: string, json: string): void {
    this.queue.push({ key: `${source}\u0000${region}`, json });
    this.bytes += json.length;
    if (this.queue.length > this.o.maxQueued) {
      const old = this.queue.shift()!;
      this.bytes -= old.json.length;
      this.stats.dropped++;
    }
    this.stats.queued = this.queue.length;
    if (this.bytes >= this.o.maxBatchBytes || this.queue.length >= this.o.maxBatchEntries) void this.flush();
    else if (this.timer === null) this.timer = this.o.setTimer(() => void this.flush(), this.o.flushEveryMs);
  }

  /** Send everything queued now; resolves when done (errors are counted, entries kept). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.queue.length ? this.flush() : undefined));
    this.timer = null;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      // One batch: consecutive items with the same source and region, within the bounds.
      const key = this.queue[0]!.key;
      const take: Item[] = [];
      let size = 64;
      for (const it of this.queue) {
        if (it.key !== key || take.length >= this.o.maxBatchEntries) break;
        if (take.length > 0 && size + it.json.length + 1 > this.o.maxBatchBytes) break;
        take.push(it);
        size += it.json.length + 1;
      }
      const settled = await this.sendItems(key, take);
      const done = this.queue.splice(0, settled);
      this.bytes -= done.reduce((n, it) => n + it.json.length, 0);
      this.stats.queued = this.queue.length;
      if (settled < take.length) {
        // Go is unreachable: keep the rest and try again later.
        if (this.timer === null) this.timer = this.o.setTimer(() => void this.flush(), this.o.flushEveryMs * 5);
        return;
      }
    }
  }

  /** Send items; returns how many (from the start) are settled: stored, or dropped as individually too large. */
  private async sendItems(key: string, items: Item[]): Promise<number> {
    const [source, region] = key.split('\u0000') as [LogSource, string];
    const text = `{"source":${JSON.stringify(source)},"region":${JSON.stringify(region)},"entries":[${items.map((i) => i.json).join(',')}]}`;
    try {
      const res = await this.o.send(text);
      this.stats.sent += res?.accepted ?? items.length;
      this.stats.batches++;
      const why = res?.storeError || (res?.diskFull ? 'disk full' : '');
      this.storeStatus(why, Boolean(res?.diskFull), why ? Math.max(0, res?.dropped ?? 0) : 0);
      return items.length;
    } catch (e) {
      const code = e instanceof BridgeError ? e.code : '';
      this.stats.lastError = e instanceof Error ? e.message : String(e);
      if (code !== TOO_LARGE) return 0; // Go unreachable (or capture off): keep them, retry later
      if (items.length === 1) {
        this.stats.dropped++;
        this.add('frontend', region, {
          component: 'ccpdesk.logs',
          level: 'WARN',
          text: `a ${source} log entry of ${items[0]!.json.length} bytes was over the ingest limit and dropped`,
          time: new Date().toISOString(),
        });
        return 1;
      }
      this.stats.split++;
      const mid = Math.ceil(items.length / 2);
      const first = await this.sendItems(key, items.slice(0, mid));
      if (first < mid) return first;
      return mid + (await this.sendItems(key, items.slice(mid)));
    }
  }

  private storeStatus(why: string, full: boolean, dropped: number): void {
    if (why === this.stats.storeError && full === this.stats.diskFull && dropped === 0) return;
    this.stats.storeError = why;
    this.stats.diskFull = full;
    this.stats.storeDropped += dropped;
    if (why) this.stats.lastError = `${why}: ${this.stats.storeDropped} log records dropped`;
    try {
      this.o.onStatus?.({ ...this.stats });
    } catch {
      /* a listener must not break shipping */
    }
  }
}

export type { IngestBatch };
