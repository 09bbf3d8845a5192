// Structural sharing for the plain views src/connect produces on every Streams refresh: the parts of
// `next` equal to `prev` are returned as `prev`'s objects, so the store sees no change when nothing
// changed and memoised components skip the parts that did not change.

/** Time stamps derived as Date.now() - duration jitter by a few ms per refresh; within this they are the same. */
const SINCE_TOLERANCE_MS = 1000;
const SINCE_KEYS = new Set(['since', 'stateSince']);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The identity of an element of a list of views, for matching it against the previous list. */
function idOf(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  return v.contactId ?? v.connectionId ?? v.name;
}

/** next, with every part equal to prev replaced by prev's (prev itself when all of it is equal). */
export function share<T>(prev: T, next: T): T {
  return shareAny(prev, next, '') as T;
}

function shareAny(prev: unknown, next: unknown, key: string): unknown {
  if (Object.is(prev, next)) return prev;
  if (typeof prev === 'number' && typeof next === 'number' && SINCE_KEYS.has(key)) {
    return Math.abs(prev - next) < SINCE_TOLERANCE_MS ? prev : next;
  }
  if (Array.isArray(prev) && Array.isArray(next)) return shareArray(prev, next);
  if (isObj(prev) && isObj(next)) return shareObject(prev, next);
  return next;
}

function shareArray(prev: unknown[], next: unknown[]): unknown[] {
  const byId = new Map<unknown, unknown>();
  for (const p of prev) {
    const id = idOf(p);
    if (id !== undefined) byId.set(id, p);
  }
  let same = prev.length === next.length;
  const out = next.map((n, i) => {
    const id = idOf(n);
    const p = id !== undefined ? byId.get(id) : prev[i];
    const v = p === undefined ? n : shareAny(p, n, '');
    if (v !== prev[i]) same = false;
    return v;
  });
  return same ? prev : out;
}

function shareObject(prev: Obj, next: Obj): Obj {
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(prev).length;
  const out: Obj = {};
  for (const k of keys) {
    const v = k in prev ? shareAny(prev[k], next[k], k) : next[k];
    if (v !== prev[k] || !(k in prev)) same = false;
    out[k] = v;
  }
  return same ? prev : out;
}
