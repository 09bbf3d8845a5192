import { describe, expect, it, vi } from 'vitest';
import { installHostedRuntime } from './hosted';

type Win = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('installHostedRuntime', () => {
  it('does nothing in the bundled shell (window.go exists)', () => {
    const w: Win = { go: {}, webkit: { messageHandlers: { external: { postMessage: vi.fn() } } } };
    expect(installHostedRuntime(w)).toBe(false);
  });

  it('does nothing in a plain browser', () => {
    expect(installHostedRuntime({})).toBe(false);
  });

  it('speaks the Wails IPC: calls, callbacks, errors and events', async () => {
    const sent: string[] = [];
    const w: Win = { webkit: { messageHandlers: { external: { postMessage: (m: string) => sent.push(m) } } } };
    expect(installHostedRuntime(w)).toBe(true);

    const p = w.go.bridge.Shell.Config();
    expect(sent[0]!.startsWith('C')).toBe(true);
    const msg = JSON.parse(sent[0]!.slice(1));
    expect(msg.name).toBe('bridge.Shell.Config');
    expect(msg.args).toEqual([]);
    w.wails.Callback(JSON.stringify({ callbackid: msg.callbackID, result: { sandbox: true } }));
    await expect(p).resolves.toEqual({ sandbox: true });

    const q = w.go.bridge.Simulator.HangUp('c-1');
    const m2 = JSON.parse(sent[1]!.slice(1));
    expect(m2.args).toEqual(['c-1']);
    w.wails.Callback(JSON.stringify({ callbackid: m2.callbackID, error: { code: 'bad_request', message: 'x' } }));
    await expect(q).rejects.toEqual({ code: 'bad_request', message: 'x' });

    const got: unknown[] = [];
    const off = w.runtime.EventsOnMultiple('desktop:quit-requested', (d: unknown) => got.push(d), -1);
    w.wails.EventsNotify(JSON.stringify({ name: 'desktop:quit-requested', data: [{ activeContacts: 2 }] }));
    off();
    w.wails.EventsNotify(JSON.stringify({ name: 'desktop:quit-requested', data: [{ activeContacts: 3 }] }));
    expect(got).toEqual([{ activeContacts: 2 }]);
  });

  it('uses the WebView2 channel on Windows', () => {
    const post = vi.fn();
    const w: Win = { chrome: { webview: { postMessage: post } } };
    installHostedRuntime(w);
    void w.go.bridge.Shell.Config();
    expect(post).toHaveBeenCalledOnce();
  });
});
