import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { agent, contact } from '../../test/fixtures';
import { AfterContactWork } from './AfterContactWork';

describe('AfterContactWork', () => {
  it('shows the ACW timer and clears', () => {
    const onClear = vi.fn();
    render(<AfterContactWork contact={contact({ phase: 'acw', state: 'ended' })} attributes={[]} states={agent().states} nextState={null} clearing={false} onClear={onClear} onNextState={() => {}} />);
    expect(screen.getByTestId('acw-timer').textContent).toMatch(/After contact work · \d+:\d\d/);
    fireEvent.click(screen.getByTestId('clear'));
    expect(onClear).toHaveBeenCalled();
    expect(screen.getByLabelText('shortcut Alt+C')).toBeTruthy();
  });

  it('explains a missed contact', () => {
    render(<AfterContactWork contact={contact({ phase: 'missed', state: 'missed' })} attributes={[]} states={[]} nextState={null} clearing={false} onClear={() => {}} onNextState={() => {}} />);
    expect(screen.getByText('You missed this contact')).toBeTruthy();
  });
});
