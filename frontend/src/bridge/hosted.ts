// Hosted shell support. In the bundled shell, Wails' asset server injects its runtime
// (window.go, window.runtime, window.wails). A hosted copy of this frontend, served by the
// organisation at its approved HTTPS origin and loaded top-level in the app window, gets
// no injected runtime; this installs the same minimal IPC the Wails runtime uses (calls
// via the native message handler, answers via window.wails.Callback, events via
// window.wails.EventsNotify). Wails itself refuses every call from an origin that is not
// the app's own or listed in BindingsAllowedOrigins, so this gives a foreign page nothing.

type Callback = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Listener = { cb: (...data: unknown[]) => void; left: number };

interface W {
  go?: unknown;
  runtime?: unknown;
  wails?: unknown;
  WailsInvoke?: (m: string) => void;
  webkit?: { messageHandlers?: { external?: { postMessage(m: string): void } } };
  chrome?: { webview?: { postMessage(m: string): void } };
}

export function installHostedRuntime(w: W = window as unknown as W): boolean {
  if (w.go) return false; // bundled shell or wails dev: the real runtime is there
  const post = w.webkit?.messageHandlers?.external
    ? (m: string) => w.webkit!.messageHandlers!.external!.postMessage(m)
    : w.chrome?.webview
      ? (m: string) => w.chrome!.webview!.postMessage(m)
      : null;
  if (!post) return false; // a normal browser: no app around us
  w.WailsInvoke = post;
  const callbacks = new Map<string, Callback>();
  const listeners = new Map<string, Listener[]>();
  let seq = 0;
  const invoke = (name: string, args: unknown[]) =>
    new Promise((resolve, reject) => {
      const callbackID = `${name}-${Date.now()}-${++seq}`;
      callbacks.set(callbackID, { resolve, reject });
      post('C' + JSON.stringify({ name, args, callbackID }));
    });
  w.wails = {
    Callback(msg: string) {
      const m = JSON.parse(msg) as { callbackid: string; result?: unknown; error?: unknown };
      const c = callbacks.get(m.callbackid);
      if (!c) return;
      callbacks.delete(m.callbackid);
      if (m.error) c.reject(m.error);
      else c.resolve(m.result);
    },
    EventsNotify(msg: string) {
      const m = JSON.parse(msg) as { name: string; data?: unknown[] };
      const ls = listeners.get(m.name) ?? [];
      for (const l of [...ls]) {
        l.cb(...(m.data ?? []));
        if (l.left > 0 && --l.left === 0) ls.splice(ls.indexOf(l), 1);
      }
    },
  };
  const proxy = (path: string[]): unknown =>
    new Proxy(function () {}, {
      get: (_t, key) => (typeof key === 'string' ? proxy([...path, key]) : undefined),
      apply: (_t, _this, args: unknown[]) => invoke(path.join('.'), args),
    });
  w.go = proxy([]);
  w.runtime = {
    EventsOnMultiple(name: string, cb: (...d: unknown[]) => void, max: number) {
      const l = { cb, left: max };
      listeners.set(name, [...(listeners.get(name) ?? []), l]);
      return () => listeners.set(name, (listeners.get(name) ?? []).filter((x) => x !== l));
    },
    EventsOff(name: string) {
      listeners.delete(name);
    },
    EventsEmit(name: string, ...data: unknown[]) {
      post('EE' + JSON.stringify({ name, data }));
    },
    LogPrint: () => {},
    LogInfo: () => {},
    LogError: () => {},
  };
  return true;
}
