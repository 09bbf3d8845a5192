import { describe, expect, it } from 'vitest';
import { BridgeError, call, toBridgeError } from './errors';

describe('toBridgeError', () => {
  it.each([
    [{ code: 'bad_request', message: 'm' }, 'bad_request', 'm'],
    [new Error('boom'), 'internal', 'boom'],
    ['text', 'internal', 'text'],
    [42, 'internal', 'Unknown error from the app'],
    [new Error('{"code":"logs_batch_too_large","message":"m2"}'), 'logs_batch_too_large', 'm2'],
    ['{"code":"bad_request","message":"m3"}', 'bad_request', 'm3'],
    [new Error('{not json'), 'internal', '{not json'],
  ])('%j', (raw, code, message) => {
    const e = toBridgeError(raw);
    expect(e).toBeInstanceOf(BridgeError);
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });
  it('call normalises rejections', async () => {
    await expect(call(() => Promise.reject({ code: 'timeout', message: 't' }))).rejects.toMatchObject({ code: 'timeout' });
  });
});
