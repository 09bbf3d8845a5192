import { describe, expect, it } from 'vitest';
import { toCCPError } from './errors';

describe('toCCPError', () => {
  it.each([
    ['worker JSON string', JSON.stringify({ type: 'InvalidStateException', message: 'contact ended', statusCode: 400 }), 'InvalidStateException', /no longer in a state/, /try again/],
    ['accept failure string', 'error', 'InvalidStateException', /no longer/, /try again/],
    ['401 without type', { statusCode: 401, message: 'x' }, 'UnauthorizedException', /expired/, /Sign in/],
    ['softphone error', { errorType: 'microphone_not_shared', errorMessage: 'denied' }, 'microphone_not_shared', /microphone/, /Allow microphone/],
    ['unknown code keeps the detail', { type: 'WeirdException', message: 'odd thing' }, 'WeirdException', /odd thing/, /reload/],
    ['plain text', 'network down', 'Error', /network down/, /Try again/],
    ['nothing', undefined, 'Error', /Hold failed/, /Try again/],
  ])('%s', (_n, raw, code, message, action) => {
    const e = toCCPError('Hold', raw, 5);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.action).toMatch(action);
    expect(e.operation).toBe('Hold');
    expect(e.at).toBe(5);
  });
});
