// Typed calls to the Go log service (internal/bridge/logs.go).
import * as Logs from '../../wailsjs/go/bridge/Logs';
import { call } from './errors';

export type LogSource = 'streams-ccp' | 'streams-crm' | 'frontend';

/** A Streams LogEntry (or one of ours in the same shape), as JSON. */
export interface LogEntryJSON {
  component: string;
  level: string;
  text: string;
  time: string;
  objects?: unknown[];
  exception?: unknown;
  line?: number;
  agentResourceId?: string | null;
  loggerId?: string | null;
  contextLayer?: string | null;
  tabId?: string | null;
}

export interface IngestBatch {
  source: LogSource;
  region: string;
  entries: LogEntryJSON[];
}

/**
 * What Go did with one batch (logs.IngestResult; hand-written: the generated model is cast
 * through unknown). A full disk, a failed write or a failed fsync is not an error: Go stores
 * the whole records it can, counts the rest in dropped and says why in storeError (and
 * diskFull). Such a result is settled — sending the batch again would store records twice.
 */
export interface IngestResult {
  ack: { First: number; Last: number };
  accepted: number;
  rejects?: Array<{ index: number; field: string; reason: string }>;
  /** Valid records Go could not write (full disk); they are lost, and Go logs a gap record later. */
  dropped?: number;
  /** The disk was full while storing this batch. */
  diskFull?: boolean;
  /** What went wrong storing this valid batch (full disk, write or fsync failure); absent when it was stored. */
  storeError?: string;
}

export interface Timeline {
  files: Array<{ name: string; format: string; region?: string; entries: number; problems: number }>;
  entries: number;
  start?: string;
  end?: string;
  levels: Record<string, number>;
  agentStates: Array<{ time: string; region?: string; name: string; type?: string }>;
  contacts: Array<{ contactId: string; type?: string; region?: string; first: string; last: string; states: Array<{ time: string; state: string }> }>;
  api: Array<{ op: string; count: number; failures: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  apiFailures: Array<{ time: string; region?: string; op: string; latencyMs: number; ok: boolean; error?: string }>;
  snapshots: number;
  snapshotGaps: Array<{ from: string; to: string; region?: string; seconds: number }>;
  skew: { samples: number; minMs: number; maxMs: number; meanMs: number; maxAbsMs: number; warning?: string };
  softphoneErrors: Array<{ time: string; region?: string; message: string; type: string; cause: string; remedy: string }>;
  logGaps: Array<{ time: string; text: string }>;
  errors: Array<{ time: string; region?: string; level: string; text: string }>;
  errorCount: number;
  problems: Array<{ file: string; offset: number; message: string }>;
  problemCount: number;
}

export interface TimelineView {
  source: string;
  timeline: Timeline | null;
  charts: Record<string, string> | null;
}

export interface LogsDiagnostics {
  dir: string;
  keySource: string;
  /** "off", "on (AES-256-GCM, key: os-keyring (…))", or "on, but no key: …". */
  encryption: string;
  /** Why capture is off (e.g. encryption at rest without a keyring); absent while it works. */
  off?: string;
  stats: { NextSeq: number; Written: number; Dropped: number; Segments: number; Bytes: number; LastError: string };
}

const LISTS = ['files', 'agentStates', 'contacts', 'api', 'apiFailures', 'snapshotGaps', 'softphoneErrors', 'logGaps', 'errors', 'problems'] as const;

/** Go sends empty lists as null: make them arrays so the view can map over them. */
export function normalizeView(v: TimelineView): TimelineView {
  const tl = v?.timeline;
  if (!tl) return { source: v?.source ?? '', timeline: null, charts: v?.charts ?? {} };
  const out = { ...tl, levels: tl.levels ?? {}, skew: tl.skew ?? { samples: 0, minMs: 0, maxMs: 0, meanMs: 0, maxAbsMs: 0 } } as Timeline;
  for (const k of LISTS) (out as unknown as Record<string, unknown[]>)[k] = (tl[k] as unknown[] | null) ?? [];
  out.contacts = out.contacts.map((c) => ({ ...c, states: c.states ?? [] }));
  return { source: v.source, timeline: out, charts: v.charts ?? {} };
}

export const logsBridge = {
  /** Send one batch (JSON text: the size Go checks is the size sent). */
  ingest: (batch: IngestBatch | string) =>
    call(() => Logs.Ingest(typeof batch === 'string' ? batch : JSON.stringify(batch)) as unknown as Promise<IngestResult>),
  exportBundle: (from: string, to: string) => call(() => Logs.Export(from, to)),
  today: async () => normalizeView(await call(() => Logs.Today() as unknown as Promise<TimelineView>)),
  openTimeline: async () => normalizeView(await call(() => Logs.OpenTimeline() as unknown as Promise<TimelineView>)),
  diagnostics: () => call(() => Logs.Diagnostics() as unknown as Promise<LogsDiagnostics>),
};

export type LogsBridge = typeof logsBridge;
