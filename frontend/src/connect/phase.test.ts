import { describe, expect, it, vi } from 'vitest';

// streams.ts imports the real Streams bundle (which needs a browser); only the pure
// phase mapping is tested here.
vi.mock('amazon-connect-streams', () => ({}));
const { phaseOf } = await import('./streams');

describe('phaseOf', () => {
  it.each([
    ['incoming', true, 'ringing'],
    ['connecting', true, 'ringing'],
    ['connecting', false, 'dialing'],
    ['pending', true, 'ringing'],
    ['connected', true, 'active'],
    ['paused', true, 'active'],
    ['ended', true, 'acw'],
    ['missed', true, 'missed'],
    ['rejected', true, 'missed'],
    ['error', false, 'missed'],
  ])('%s inbound=%s → %s', (state, inbound, want) => {
    expect(phaseOf(state, inbound)).toBe(want);
  });
});
