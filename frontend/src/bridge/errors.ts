// Every binding failure is normalised to a BridgeError with a stable code
// (internal/bridge/errors.go: bad_request, config_invalid, sandbox_unavailable, …).
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Go sends {code, message} as JSON text (internal/bridge/errors_wire.go); Wails wraps it in an Error. */
function fromWire(text: string): BridgeError | null {
  if (!text.startsWith('{')) return null;
  try {
    const o = JSON.parse(text) as { code?: unknown; message?: unknown };
    return typeof o.code === 'string' ? new BridgeError(o.code, String(o.message ?? o.code)) : null;
  } catch {
    return null;
  }
}

export function toBridgeError(e: unknown): BridgeError {
  if (e instanceof BridgeError) return e;
  const wire = e instanceof Error ? fromWire(e.message) : typeof e === 'string' ? fromWire(e) : null;
  if (wire) return wire;
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown };
    if (typeof o.code === 'string') return new BridgeError(o.code, String(o.message ?? o.code));
    if (e instanceof Error) return new BridgeError('internal', e.message);
  }
  if (typeof e === 'string') return new BridgeError('internal', e);
  return new BridgeError('internal', 'Unknown error from the app');
}

export async function call<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw toBridgeError(e);
  }
}
