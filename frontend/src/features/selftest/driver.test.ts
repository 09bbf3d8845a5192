import { describe, expect, it, vi } from 'vitest';
import { createStore } from '../../state/store';
import { agent, contact } from '../../test/fixtures';
import type { Actions } from '../ccp/actions';
import { initialState, type CCPState } from '../ccp/model';
import { runSelfTest } from './driver';

// Drives the scenario against a store that a fake CCP updates when the driver clicks.
describe('runSelfTest', () => {
  it('plays accept → end → clear through the panel buttons and reports each step', async () => {
    const store = createStore<CCPState>({ ...initialState, phase: 'ready', agent: agent({ state: { name: 'Offline', type: 'offline', since: 0 } }) });
    const doc = document.implementation.createHTMLDocument('t');
    const button = (id: string, onClick: () => void) => {
      const b = doc.createElement('button');
      b.dataset.testid = id;
      b.onclick = onClick;
      doc.body.appendChild(b);
    };
    const c = contact();
    button('accept', () => store.set({ contacts: [{ ...c, phase: 'active', state: 'connected' }] }));
    button('end', () => store.set({ contacts: [{ ...c, phase: 'acw', state: 'ended' }] }));
    button('clear', () => store.set({ contacts: [] }));
    const actions = { setState: vi.fn(async () => { store.set({ agent: agent() }); return true; }) } as unknown as Actions;
    const steps: string[] = [];
    const api = {
      step: vi.fn(async (name: string) => {
        steps.push(name);
        if (name === 'agent_ready') setTimeout(() => store.set({ contacts: [c] }), 5);
        return '';
      }),
      finish: vi.fn(async () => undefined),
    };
    await runSelfTest(store, actions, api, { pauseMs: 1, doc, full: false });
    expect(actions.setState).toHaveBeenCalledWith('Available');
    expect(steps).toEqual(['agent_ready', 'incoming', 'connected', 'after_call_work', 'cleared']);
    expect(api.finish).toHaveBeenCalledWith('');
  });

  it('reports a failure instead of hanging', async () => {
    const store = createStore<CCPState>({ ...initialState, phase: 'ready', agent: agent() });
    const api = { step: vi.fn(async () => ''), finish: vi.fn(async () => undefined) };
    await runSelfTest(store, {} as Actions, api, { stepTimeoutMs: 20, pauseMs: 1, doc: document });
    expect(api.finish).toHaveBeenCalledWith(expect.stringContaining('timed out waiting for an incoming contact'));
  });
});
