import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { contact, NOW } from '../../test/fixtures';
import { ActiveContact, type ActiveContactProps } from './ActiveContact';

function props(over: Partial<ActiveContactProps> = {}): ActiveContactProps {
  return {
    contact: contact({ phase: 'active', state: 'connected' }),
    attributes: [{ key: 'accountId', label: 'Account' }],
    muted: false,
    pending: {},
    keypadOpen: false,
    digitsSent: '',
    onToggleHold: vi.fn(),
    onHangUpConnection: vi.fn(),
    onToggleMute: vi.fn(),
    onToggleKeypad: vi.fn(),
    onDigit: vi.fn(),
    onOpenTransfer: vi.fn(),
    onSwap: vi.fn(),
    onJoin: vi.fn(),
    onEnd: vi.fn(),
    ...over,
  };
}

const third = { connectionId: 'k-2', type: 'outbound', state: 'connected', label: 'Escalations desk', number: '+15555550199', onHold: false, active: true, initial: false, since: NOW };

describe('ActiveContact', () => {
  it('shows the timer, the customer, hold, mute, keypad, transfer and end with shortcuts', () => {
    const p = props();
    render(<ActiveContact {...p} />);
    expect(screen.getByTestId('contact-timer').textContent).toMatch(/Connected · \d+:\d\d · BasicQueue/);
    expect(screen.getByText('Customer')).toBeTruthy();
    fireEvent.click(screen.getByTestId('hold-k-1'));
    expect(p.onToggleHold).toHaveBeenCalledWith('k-1');
    fireEvent.click(screen.getByTestId('contact-mute'));
    expect(p.onToggleMute).toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('transfer'));
    expect(p.onOpenTransfer).toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('end'));
    expect(p.onEnd).toHaveBeenCalled();
    for (const k of ['Alt+E', 'Alt+H', 'Alt+M', 'Alt+K', 'Alt+T']) expect(screen.getByLabelText(`shortcut ${k}`)).toBeTruthy();
    expect(screen.queryByTestId('swap')).toBeNull();
  });

  it('shows Resume for a held customer', () => {
    const c = contact({ phase: 'active', connections: [{ ...contact().connections[0]!, onHold: true, state: 'hold' }] });
    render(<ActiveContact {...props({ contact: c })} />);
    expect(screen.getByTestId('hold-k-1').textContent).toContain('Resume');
    expect(screen.getByText('On hold')).toBeTruthy();
  });

  it('offers swap, join and hang-up per third party in a multi-party call', () => {
    const c = contact({ phase: 'active', multiParty: true, connections: [{ ...contact().connections[0]!, onHold: true }, third] });
    const p = props({ contact: c });
    render(<ActiveContact {...p} />);
    fireEvent.click(screen.getByTestId('swap'));
    fireEvent.click(screen.getByTestId('join'));
    fireEvent.click(screen.getByLabelText('Hang up Escalations desk'));
    expect(p.onSwap).toHaveBeenCalled();
    expect(p.onJoin).toHaveBeenCalled();
    expect(p.onHangUpConnection).toHaveBeenCalledWith('k-2');
  });

  it('sends keypad digits', () => {
    const p = props({ keypadOpen: true, digitsSent: '12' });
    render(<ActiveContact {...p} />);
    fireEvent.click(screen.getByLabelText('digit 5'));
    fireEvent.click(screen.getByLabelText('digit #'));
    expect(p.onDigit).toHaveBeenNthCalledWith(1, '5');
    expect(p.onDigit).toHaveBeenNthCalledWith(2, '#');
    expect(screen.getByTestId('keypad').textContent).toContain('12');
  });

  it('has no hold or keypad for a chat', () => {
    render(<ActiveContact {...props({ contact: contact({ phase: 'active', channel: 'CHAT' }) })} />);
    expect(screen.queryByTestId('hold-k-1')).toBeNull();
    expect(screen.queryByTestId('keypad-toggle')).toBeNull();
    expect(screen.getByTestId('end').textContent).toContain('End');
  });
});
