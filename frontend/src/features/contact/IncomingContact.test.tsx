import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { contact } from '../../test/fixtures';
import { IncomingContact } from './IncomingContact';

describe('IncomingContact', () => {
  const labels = [
    { key: 'accountId', label: 'Account' },
    { key: 'tier', label: 'Tier' },
    { key: 'missing', label: 'Missing one' },
  ];
  it.each([
    ['VOICE', 'Incoming call'],
    ['CHAT', 'Incoming chat'],
    ['TASK', 'Incoming task'],
    ['QUEUE_CALLBACK', 'Incoming callback'],
  ])('shows the %s channel', (channel, title) => {
    render(<IncomingContact contact={contact({ channel })} attributes={labels} accepting={false} rejecting={false} onAccept={() => {}} onReject={() => {}} />);
    expect(screen.getByText(title)).toBeTruthy();
  });

  it('shows caller, queue, time in queue, configured attributes only, ringing and shortcuts', () => {
    render(<IncomingContact contact={contact()} attributes={labels} accepting={false} rejecting={false} onAccept={() => {}} onReject={() => {}} />);
    expect(screen.getByTestId('caller').textContent).toBe('+15555550100');
    expect(screen.getByText('BasicQueue')).toBeTruthy();
    expect(screen.getByTestId('time-in-queue').textContent).toMatch(/Time in queue:\s*\d+:\d\d/);
    expect(screen.getByText('Account')).toBeTruthy();
    expect(screen.getByText('A-1001')).toBeTruthy();
    expect(screen.getByText('Gold')).toBeTruthy();
    expect(screen.getByText('Missing one')).toBeTruthy();
    expect(screen.queryByText('secret')).toBeNull(); // not configured, not shown
    expect(screen.getByTestId('ringing').textContent).toContain('Ringing');
    expect(screen.getByLabelText('shortcut Alt+A')).toBeTruthy();
    expect(screen.getByLabelText('shortcut Alt+R')).toBeTruthy();
  });

  it('calls accept and reject', () => {
    const onAccept = vi.fn();
    const onReject = vi.fn();
    render(<IncomingContact contact={contact()} attributes={[]} accepting={false} rejecting={false} onAccept={onAccept} onReject={onReject} />);
    fireEvent.click(screen.getByTestId('accept'));
    fireEvent.click(screen.getByTestId('reject'));
    expect(onAccept).toHaveBeenCalledOnce();
    expect(onReject).toHaveBeenCalledOnce();
  });
});
