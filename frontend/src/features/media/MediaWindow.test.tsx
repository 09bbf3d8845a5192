import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MicDevice } from '../../connect/types';
import { createStore } from '../../state/store';
import { agent, contact } from '../../test/fixtures';
import { CCPProvider } from '../ccp/context';
import { initialState, type CCPState } from '../ccp/model';
import { MediaWindow, type MediaDeps } from './MediaWindow';

const mic = (id: string, source: MicDevice['source']): MicDevice => ({ deviceId: id, label: `Mic ${id}`, source });

function setup(state: Partial<CCPState>, d: Partial<MediaDeps> = {}) {
  const store = createStore<CCPState>({ ...initialState, phase: 'ready', agent: agent(), ...state });
  const deps: MediaDeps = {
    mics: { frame: vi.fn(async () => [mic('f1', 'ccp'), mic('f2', 'ccp')]), window: vi.fn(async () => []) },
    selectSoftphoneMic: vi.fn(),
    audio: { getUserMedia: vi.fn(async () => { throw Object.assign(new Error('no device'), { name: 'NotFoundError' }); }), everyMs: 10 },
    ...d,
  };
  const onCCPContainer = vi.fn();
  const r = render(
    <CCPProvider store={store} actions={{} as never}>
      <MediaWindow onCCPContainer={onCCPContainer} onRetry={vi.fn()} onSignIn={vi.fn()} onConfirmQuit={vi.fn()} onCancelQuit={vi.fn()} deps={deps} />
    </CCPProvider>,
  );
  return { ...r, store, deps, onCCPContainer };
}

describe('MediaWindow', () => {
  it('shows the agent, the call audio state as it changes, and hosts the CCP', async () => {
    const { store, onCCPContainer } = setup({ contacts: [contact()] });
    expect(screen.getByTestId('media-agent').textContent).toBe('Alex Agent');
    expect(screen.getByTestId('media-agent-state').textContent).toBe('Available');
    expect(screen.getByTestId('media-call-audio').textContent).toBe('Ringing');
    expect(onCCPContainer).toHaveBeenCalledWith(screen.getByTestId('ccp-container'));
    await waitFor(() => expect(screen.getByTestId('media-level-message').textContent).toMatch(/No microphone available/));
    await waitFor(() => expect(screen.getByTestId('media-mics')).toBeTruthy());
    act(() => store.set({ contacts: [contact({ phase: 'active' })] }));
    await waitFor(() => expect(screen.getByTestId('media-call-audio').textContent).toBe('Connected'));
    act(() => store.set({ agent: agent({ muted: true }) }));
    await waitFor(() => expect(screen.getByTestId('media-call-audio').textContent).toBe('Connected, muted'));
    act(() => store.set({ contacts: [contact({ phase: 'active', agentOnHold: true })] }));
    await waitFor(() => expect(screen.getByTestId('media-call-audio').textContent).toBe('On hold'));
    act(() => store.set({ contacts: [] }));
    await waitFor(() => expect(screen.getByTestId('media-call-audio').textContent).toBe('No call'));
  });

  it("lists the CCP frame's microphones and hands the choice to the softphone", async () => {
    const { container, deps } = setup({});
    await waitFor(() => expect(screen.getByTestId('media-mics')).toBeTruthy());
    const select = createWrapper(container).findSelect()!;
    select.openDropdown();
    expect(select.findDropdown()!.findOptions().map((o) => o.findLabel().getElement().textContent)).toEqual(['Mic f1', 'Mic f2']);
    select.selectOptionByValue('f2');
    expect(deps.selectSoftphoneMic).toHaveBeenCalledWith('f2');
    expect(deps.mics.window).not.toHaveBeenCalled();
    // no microphone for the level meter: said so
    await waitFor(() => expect(screen.getByTestId('media-level-message').textContent).toMatch(/No microphone available/));
  });

  it("falls back to this window's microphones (meter only, not sent to the softphone)", async () => {
    const { container, deps } = setup({}, { mics: { frame: async () => [], window: async () => [mic('w1', 'window')] } });
    await waitFor(() => expect(screen.getByTestId('media-mics').textContent).toMatch(/CCP reports no microphone.*level meter/));
    const select = createWrapper(container).findSelect()!;
    select.openDropdown();
    select.selectOptionByValue('w1');
    expect(deps.selectSoftphoneMic).not.toHaveBeenCalled();
    await waitFor(() => expect(deps.audio!.getUserMedia).toHaveBeenLastCalledWith({ audio: { deviceId: { exact: 'w1' } }, video: false }));
    await waitFor(() => expect(screen.getByTestId('media-level-message').textContent).toMatch(/No microphone available/));
  });

  it('says clearly when there is no microphone at all', async () => {
    setup({}, { mics: { frame: async () => { throw new Error('Timeout exceeded'); }, window: async () => [] } });
    await waitFor(() => expect(screen.getByTestId('media-no-mic').textContent).toMatch(/No microphone available.*Timeout exceeded/));
    await waitFor(() => expect(screen.getByTestId('media-level-message').textContent).toMatch(/No microphone available/));
  });

  it('waits for the CCP before showing the agent', () => {
    setup({ phase: 'connecting', agent: null });
    expect(screen.getByTestId('media-starting').textContent).toMatch(/Connecting the softphone/);
  });
});
