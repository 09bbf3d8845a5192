import { describe, expect, it } from 'vitest';
import { channelLabel, formatDuration } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [7_900, '0:07'],
    [62_000, '1:02'],
    [3_723_000, '1:02:03'],
  ])('%i ms → %s', (ms, want) => expect(formatDuration(ms)).toBe(want));
  it('labels channels', () => {
    expect(channelLabel('VOICE')).toBe('Call');
    expect(channelLabel('X')).toBe('X');
    expect(channelLabel('')).toBe('Contact');
  });
});
