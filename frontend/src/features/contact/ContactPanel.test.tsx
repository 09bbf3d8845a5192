import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CCPPort } from '../../connect/streams';
import { createStore } from '../../state/store';
import { agent, contact, NOW } from '../../test/fixtures';
import { createActions } from '../ccp/actions';
import { CCPProvider } from '../ccp/context';
import { initialState, type CCPState } from '../ccp/model';
import { ContactPanel } from './ContactPanel';

// The panel wired to the store and actions, with a fake CCP port (no Streams here).
function setup(state: Partial<CCPState>, port: Partial<CCPPort> = {}) {
  const ok = () => Promise.resolve();
  const p = { accept: vi.fn(ok), end: vi.fn(ok), clear: vi.fn(ok), hold: vi.fn(ok), resume: vi.fn(ok), quickConnects: vi.fn(async () => [{ id: 'q1', name: 'Sales queue', type: 'queue', phoneNumber: '' }]), transfer: vi.fn(ok), ...port } as unknown as CCPPort;
  const store = createStore<CCPState>({ ...initialState, phase: 'ready', agent: agent(), config: { contactAttributes: [{ key: 'accountId', label: 'Account' }] } as never, ...state });
  const actions = createActions(store, () => p);
  let ui = { keypadOpen: false, transferOpen: false };
  const view = () => (
    <CCPProvider store={store} actions={actions}>
      <ContactPanel ui={ui} setUI={(u) => { ui = { ...ui, ...u }; r.rerender(view()); }} />
    </CCPProvider>
  );
  const r = render(view());
  return { store, port: p };
}

describe('ContactPanel', () => {
  it('waits for contacts when idle', () => {
    setup({});
    expect(screen.getByTestId('no-contact').textContent).toContain('Waiting for contacts');
  });

  it('follows a contact from ringing to ACW to cleared', async () => {
    const { store, port } = setup({ contacts: [contact()] });
    expect(screen.getByTestId('incoming-contact')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('accept')));
    expect(port.accept).toHaveBeenCalledWith('c-1');

    act(() => store.set({ contacts: [contact({ phase: 'active', state: 'connected', stateSince: NOW })] }));
    expect(screen.getByTestId('active-contact')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('hold-k-1')));
    expect(port.hold).toHaveBeenCalledWith('c-1', 'k-1');
    await act(async () => fireEvent.click(screen.getByTestId('end')));
    expect(port.end).toHaveBeenCalledWith('c-1');

    act(() => store.set({ contacts: [contact({ phase: 'acw', state: 'ended' })] }));
    await act(async () => fireEvent.click(screen.getByTestId('clear')));
    expect(port.clear).toHaveBeenCalledWith('c-1');
    act(() => store.set({ contacts: [] }));
    expect(screen.getByTestId('no-contact')).toBeTruthy();
  });

  it('switches between several contacts', () => {
    const { store } = setup({ contacts: [contact({ phase: 'active' }), contact({ contactId: 'c-2', channel: 'CHAT', caller: 'Jo', phase: 'ringing' })] });
    // the ringing one is the most urgent
    expect(screen.getByTestId('incoming-contact').textContent).toContain('Incoming chat');
    fireEvent.click(screen.getByText(/1\. Call/));
    expect(store.get().selectedId).toBe('c-1');
    expect(screen.getByTestId('active-contact')).toBeTruthy();
  });

  it('transfers through a searchable quick connect', async () => {
    const { port } = setup({ contacts: [contact({ phase: 'active' })] });
    await act(async () => fireEvent.click(screen.getByTestId('transfer')));
    await act(async () => {});
    expect(port.quickConnects).toHaveBeenCalled();
    await act(async () => fireEvent.click(await screen.findByLabelText('Transfer to Sales queue')));
    expect(port.transfer).toHaveBeenCalledWith('c-1', 'q1');
  });

  it('shows a readable error when Streams refuses', async () => {
    const { store } = setup({ contacts: [contact()] }, { accept: () => Promise.reject({ code: 'InvalidStateException', operation: 'Accept contact', message: 'gone', action: 'retry', at: 1 }) });
    await act(async () => fireEvent.click(screen.getByTestId('accept')));
    expect(store.get().errors[0]?.operation).toBe('Accept contact');
  });
});
