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

export function toBridgeError(e: unknown): BridgeError {
  if (e instanceof BridgeError) return e;
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
