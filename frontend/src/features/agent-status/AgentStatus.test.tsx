import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { agent } from '../../test/fixtures';
import { AgentStatus, statusType } from './AgentStatus';

describe('AgentStatus', () => {
  it('shows the state with its duration and the next state', () => {
    render(<AgentStatus agent={agent({ nextState: 'Break' })} busy={false} calling={false} onSetState={() => {}} onCall={() => {}} onToggleMute={() => {}} />);
    expect(screen.getByTestId('agent-state').textContent).toMatch(/Available · \d+:\d\d/);
    expect(screen.getByTestId('next-state').textContent).toContain('Break');
  });

  it('lists every state from getAgentStates, offline included, and sets one', () => {
    const onSetState = vi.fn();
    const { container } = render(<AgentStatus agent={agent()} busy={false} calling={false} onSetState={onSetState} onCall={() => {}} onToggleMute={() => {}} />);
    const select = createWrapper(container).findSelect()!;
    select.openDropdown();
    const labels = select.findDropdown()!.findOptions().map((o) => o.findLabel().getElement().textContent);
    expect(labels).toEqual(['Available', 'Break', 'Offline']);
    select.selectOptionByValue('Break');
    expect(onSetState).toHaveBeenCalledWith('Break');
  });

  it('on a contact: the state says Busy, the dropdown keeps the status the agent chose', () => {
    const { container } = render(
      <AgentStatus agent={agent({ state: { name: 'Busy', type: 'system', since: 0 }, selected: 'Available' })} busy={false} calling={false} onSetState={() => {}} onCall={() => {}} onToggleMute={() => {}} />,
    );
    expect(screen.getByTestId('agent-state').textContent).toMatch(/^Busy · /);
    expect(createWrapper(container).findSelect()!.findTrigger().getElement().textContent).toContain('Available');
  });

  it('calls a number', () => {
    const onCall = vi.fn();
    render(<AgentStatus agent={agent()} busy={false} calling={false} onSetState={() => {}} onCall={onCall} onToggleMute={() => {}} />);
    fireEvent.change(screen.getByLabelText('Number to call'), { target: { value: ' +15555550123 ' } });
    fireEvent.click(screen.getByText('Call'));
    expect(onCall).toHaveBeenCalledWith('+15555550123');
  });

  it('offers a way back after a missed contact', () => {
    const onSetState = vi.fn();
    render(<AgentStatus agent={agent({ state: { name: 'MissedCallAgent', type: 'error', since: 0 } })} busy={false} calling={false} onSetState={onSetState} onCall={() => {}} onToggleMute={() => {}} />);
    expect(screen.getByText('You missed a contact')).toBeTruthy();
    fireEvent.click(screen.getByTestId('recover-available'));
    expect(onSetState).toHaveBeenCalledWith('Available');
  });

  it('hides the dialer without the outbound permission', () => {
    render(<AgentStatus agent={agent({ canCallOut: false })} busy={false} calling={false} onSetState={() => {}} onCall={() => {}} onToggleMute={() => {}} />);
    expect(screen.queryByLabelText('Number to call')).toBeNull();
  });

  it.each([
    ['routable', 'success'],
    ['offline', 'stopped'],
    ['error', 'error'],
    ['system', 'in-progress'],
    ['not_routable', 'pending'],
  ] as const)('maps %s to %s', (type, want) => {
    expect(statusType({ name: 'x', type, since: 0 })).toBe(want);
  });
});
