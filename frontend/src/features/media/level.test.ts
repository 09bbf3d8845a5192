import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { levelOf, micError, useMicLevel } from './level';

function fakeAudio(sample: number) {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const ctx = {
    createAnalyser: () => ({ fftSize: 0, getFloatTimeDomainData: (b: Float32Array) => b.fill(sample) }),
    createMediaStreamSource: () => ({ connect: vi.fn() }),
    close: vi.fn(async () => undefined),
  };
  return { track, ctx, deps: { getUserMedia: vi.fn(async () => stream), newAudioContext: () => ctx as unknown as AudioContext, everyMs: 10 } };
}

describe('level meter', () => {
  it('levelOf maps RMS dBFS -60..0 to 0..100', () => {
    expect(levelOf(new Float32Array(8))).toBe(0);
    expect(levelOf(new Float32Array(8).fill(1))).toBe(100);
    expect(levelOf(new Float32Array(8).fill(0.1))).toBe(67); // -20 dBFS
  });

  it('explains why there is no level', () => {
    expect(micError({ name: 'NotAllowedError' })).toMatch(/not allowed/);
    expect(micError({ name: 'NotFoundError' })).toMatch(/No microphone available/);
    expect(micError(new Error('boom'))).toMatch(/boom/);
  });

  it('reads the analyser while on, and stops the microphone when off', async () => {
    const f = fakeAudio(0.1);
    const { result, rerender } = renderHook(({ on }) => useMicLevel(on, 'mic-2', f.deps), { initialProps: { on: true } });
    await waitFor(() => expect(result.current).toMatchObject({ status: 'live', level: 67 }));
    expect(f.deps.getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { exact: 'mic-2' } }, video: false });
    act(() => rerender({ on: false }));
    expect(result.current.status).toBe('off');
    expect(f.track.stop).toHaveBeenCalled();
    expect(f.ctx.close).toHaveBeenCalled();
  });

  it('says clearly when the microphone cannot be used', async () => {
    const deps = { getUserMedia: vi.fn(async () => { throw Object.assign(new Error('denied'), { name: 'NotAllowedError' }); }), everyMs: 10 };
    const { result } = renderHook(() => useMicLevel(true, null, deps));
    await waitFor(() => expect(result.current.status).toBe('unavailable'));
    expect(result.current.message).toMatch(/not allowed/);
    expect(deps.getUserMedia).toHaveBeenCalledWith({ audio: true, video: false });
  });
});
