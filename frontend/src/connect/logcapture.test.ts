import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The real Streams bundle needs a browser: a fake `connect` global stands in, modelled on
// amazon-connect-streams 2.28.2 (release/connect-streams.js): LogEntry's fields, Logger.write
// → addLogEntry (which stores the entry, then sets its line), the chained withObject /
// withException that run *after* addLogEntry returned, and the CRM's own conduit listener
// that copies each CCP's `log` messages into connect.getLog() (LogEntry.fromObject).
vi.mock('amazon-connect-streams', () => ({}));
const { captureCCPLogs, captureOwnLogger } = await import('./logcapture');

type Entry = Record<string, unknown>;

class FakeEntry {
  component: string;
  level: string;
  text: string;
  time: Date = new Date('2026-11-22T09:00:00.123Z');
  tabId: string | null;
  exception: unknown = null;
  objects: unknown[] = [];
  line = 0;
  agentResourceId: string | null = 'agent-resource-1';
  loggerId: string | undefined;
  contextLayer: string;
  constructor(component: string, level: string, text: string, loggerId: string | undefined, tabId: string | null = 'tab-crm', contextLayer = 'CRM') {
    this.component = component;
    this.level = level;
    this.text = text;
    this.loggerId = loggerId;
    this.tabId = tabId;
    this.contextLayer = contextLayer;
  }
  withObject(o: unknown) {
    this.objects.push(JSON.parse(JSON.stringify(o)));
    return this;
  }
  withException(e: Error) {
    this.exception = { type: e.name, message: e.message, stack: String(e.stack ?? '').split('\n').slice(0, 2) };
    return this;
  }
  static fromObject(o: Entry) {
    const e = new FakeEntry('ccp', String(o.level), String(o.text), o.loggerId as string, (o.tabId as string) ?? null, (o.contextLayer as string) ?? '');
    e.time = new Date(o.time as Date);
    e.exception = o.exception;
    e.objects = o.objects as unknown[];
    return e;
  }
}

class FakeLogger {
  _logs: FakeEntry[] = [];
  private lineCount = 0;
  constructor(private id: string) {}
  getLoggerId() {
    return this.id;
  }
  write(component: string, level: string, text: string) {
    const e = new FakeEntry(component, level, text, this.id);
    this.addLogEntry(e);
    return e;
  }
  addLogEntry(e: FakeEntry) {
    this._logs.push(e);
    e.line = this.lineCount++;
  }
  info(text: string) {
    return this.write('ccp', 'INFO', text);
  }
  error(text: string) {
    return this.write('ccp', 'ERROR', text);
  }
}

class FakeConduit {
  private subs = new Map<string, Set<(d: unknown) => void>>();
  constructor(readonly name: string) {}
  onUpstream(ev: string, f: (d: unknown) => void) {
    if (!this.subs.has(ev)) this.subs.set(ev, new Set());
    this.subs.get(ev)!.add(f);
    return { unsubscribe: () => this.subs.get(ev)!.delete(f) };
  }
  /** A message from this CCP (structured clone: a plain object, Dates kept). */
  upstream(ev: string, data: Entry) {
    for (const f of [...(this.subs.get(ev) ?? [])]) f(structuredClone(data));
  }
}

const EAST = 'https://east.my.connect.aws/ccp-v2';
const WEST = 'https://west.my.connect.aws/ccp-v2';
const REGIONS = ['us-east-1', 'us-west-2'];
const FIELDS = ['time', 'level', 'component', 'text', 'objects', 'exception', 'line', 'agentResourceId', 'loggerId', 'contextLayer', 'tabId'];

let logger: FakeLogger;
let east: FakeConduit;
let west: FakeConduit;
let got: Array<{ source: string; region: string; entry: Entry }>;
const sink = (source: string, region: string, json: string) => got.push({ source, region, entry: JSON.parse(json) as Entry });
const flushMicrotasks = () => new Promise<void>((r) => setTimeout(r, 0));

/** A CCP's log entry as its downstream logger posts it (complete, with its own loggerId). */
function ccpEntry(text: string, loggerId: string, extra: Entry = {}): Entry {
  return {
    component: 'softphone',
    level: 'WARN',
    text,
    time: new Date('2026-11-22T09:00:01.500Z'),
    tabId: 'tab-ccp',
    exception: { type: 'Error', message: 'ice', stack: ['at x'] },
    objects: [{ contactId: 'c-1', state: { type: 'connected' } }],
    line: 41,
    agentResourceId: 'agent-resource-1',
    loggerId,
    contextLayer: 'CCP',
    ...extra,
  };
}

beforeEach(() => {
  logger = new FakeLogger('crm-logger');
  east = new FakeConduit(EAST);
  west = new FakeConduit(WEST);
  got = [];
  const upstream = { getAllConduits: () => [east, west] };
  vi.stubGlobal('connect', { getLog: () => logger, core: { getUpstream: () => upstream } });
  // Streams' own CRM listener (initCCP): CCP entries are copied into our logger.
  for (const c of [east, west]) {
    c.onUpstream('log', (e) => {
      const o = e as Entry;
      if (o.loggerId !== logger.getLoggerId()) logger.addLogEntry(FakeEntry.fromObject(o));
    });
  }
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('captureOwnLogger', () => {
  it("sends each of our page logger's entries once, with every Streams field, tagged with the region at the time", async () => {
    let region = 'us-east-1';
    const restore = captureOwnLogger(sink, () => region);
    logger.info('plain');
    logger
      .error('with object and exception')
      .withObject({ contactId: 'c-9', attempt: 2 })
      .withException(new TypeError('boom'));
    region = 'us-west-2'; // failover: later entries carry the new region
    logger.info('after failover').withObject({ n: 1 });
    await flushMicrotasks();

    expect(got.map((g) => [g.source, g.region, g.entry.text])).toEqual([
      ['streams-crm', 'us-east-1', 'plain'],
      ['streams-crm', 'us-east-1', 'with object and exception'],
      ['streams-crm', 'us-west-2', 'after failover'],
    ]);
    for (const g of got) expect(Object.keys(g.entry).sort()).toEqual([...FIELDS].sort());
    const e = got[1]!.entry;
    expect(e).toEqual({
      component: 'ccp',
      level: 'ERROR',
      text: 'with object and exception',
      time: '2026-11-22T09:00:00.123Z',
      tabId: 'tab-crm',
      // chained after addLogEntry returned: still captured
      exception: { type: 'TypeError', message: 'boom', stack: expect.any(Array) },
      objects: [{ contactId: 'c-9', attempt: 2 }],
      line: 1, // set by Streams after it stored the entry
      agentResourceId: 'agent-resource-1',
      loggerId: 'crm-logger',
      contextLayer: 'CRM',
    });
    expect(got[2]!.entry.objects).toEqual([{ n: 1 }]);
    // Streams still stored everything itself.
    expect(logger._logs.map((x) => x.text)).toEqual(['plain', 'with object and exception', 'after failover']);

    restore();
    logger.info('not captured after restore');
    await flushMicrotasks();
    expect(got).toHaveLength(3);
    expect(logger._logs).toHaveLength(4);
  });

  it('a failing sink never breaks Streams', async () => {
    captureOwnLogger(() => {
      throw new Error('sink down');
    }, () => 'us-east-1');
    expect(() => logger.info('still logged').withObject({ a: 1 })).not.toThrow();
    await flushMicrotasks();
    expect(logger._logs.map((x) => x.text)).toEqual(['still logged']);
  });
});

describe('captureCCPLogs with captureOwnLogger', () => {
  it("tags each CCP's entries with its conduit's region, exactly once, all fields kept; our echoed entries are not counted twice", async () => {
    captureOwnLogger(sink, () => 'us-east-1');
    const stop = captureCCPLogs({ ccpUrl: EAST, secondaryCCPUrl: WEST, regions: REGIONS }, sink);

    const a = ccpEntry('east softphone', 'ccp-east-logger');
    const b = ccpEntry('west (inactive) keepalive', 'ccp-west-logger', { level: 'INFO', exception: null, objects: [] });
    east.upstream('log', a);
    west.upstream('log', b);
    // One of our own CRM entries echoed back by a CCP (the CRM broadcast): not a CCP entry.
    west.upstream('log', ccpEntry('our own, echoed', 'crm-logger'));
    logger.info('our own');
    await flushMicrotasks();

    const ccp = got.filter((g) => g.source === 'streams-ccp');
    const crm = got.filter((g) => g.source === 'streams-crm');
    expect(ccp.map((g) => [g.region, g.entry.text])).toEqual([
      ['us-east-1', 'east softphone'],
      ['us-west-2', 'west (inactive) keepalive'],
    ]);
    // Streams copied the CCP entries into connect.getLog() (another loggerId): not sent again as CRM entries.
    expect(logger._logs.map((x) => x.text)).toContain('east softphone');
    expect(crm.map((g) => g.entry.text)).toEqual(['our own']);
    // Every field as the CCP sent it (Date → ISO text).
    expect(ccp[0]!.entry).toEqual({ ...a, time: '2026-11-22T09:00:01.500Z' });
    expect(ccp[1]!.entry).toEqual({ ...b, time: '2026-11-22T09:00:01.500Z' });
    for (const g of ccp) expect(Object.keys(g.entry).sort()).toEqual([...FIELDS].sort());

    stop();
    east.upstream('log', ccpEntry('after stop', 'ccp-east-logger'));
    await flushMicrotasks();
    expect(got.filter((g) => g.source === 'streams-ccp')).toHaveLength(2);
  });

  it('without Global Resiliency (one conduit, no secondary) every CCP entry gets the primary region', async () => {
    vi.stubGlobal('connect', { getLog: () => logger, core: { getUpstream: () => east } });
    captureCCPLogs({ ccpUrl: EAST, regions: ['us-east-1'] }, sink);
    east.upstream('log', ccpEntry('single', 'ccp-east-logger'));
    await flushMicrotasks();
    expect(got.map((g) => [g.source, g.region, g.entry.text])).toEqual([['streams-ccp', 'us-east-1', 'single']]);
  });
});
