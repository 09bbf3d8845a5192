import { useEffect, useState } from 'react';

/** What the level meter needs from the platform (injected in tests). */
export interface AudioDeps {
  getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>;
  newAudioContext?: () => AudioContext;
  /** How often the level is read, ms. */
  everyMs?: number;
}

export interface MicLevel {
  status: 'off' | 'starting' | 'live' | 'unavailable';
  /** 0..100 (the input's RMS, -60..0 dBFS). */
  level: number;
  message: string;
}

function defaults(): Required<AudioDeps> {
  const md = globalThis.navigator?.mediaDevices;
  const AC = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  return {
    getUserMedia: md?.getUserMedia ? (c) => md.getUserMedia(c) : () => Promise.reject(new Error('this window has no getUserMedia')),
    newAudioContext: AC ? () => new AC() : () => { throw new Error('this window has no Web Audio'); },
    everyMs: 100,
  };
}

/** Explains a getUserMedia failure. */
export function micError(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone access was not allowed, so the level cannot be shown.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone available: nothing to measure.';
  if (name === 'NotReadableError') return 'The microphone is in use by another program or cannot be read.';
  return `The microphone level cannot be shown: ${(e as Error)?.message ?? String(e)}`;
}

/** RMS of samples in dBFS mapped to 0..100 (-60 dB and below is 0). */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.round(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
}

/**
 * A microphone level meter: getUserMedia on deviceId (a window device id; otherwise the default),
 * a Web Audio analyser read every everyMs. Stops the tracks and the context when off or unmounted.
 */
export function useMicLevel(on: boolean, deviceId: string | null, deps: AudioDeps = {}): MicLevel {
  const [st, setSt] = useState<MicLevel>({ status: 'off', level: 0, message: '' });
  const { getUserMedia, newAudioContext, everyMs } = { ...defaults(), ...deps };
  useEffect(() => {
    if (!on) {
      setSt({ status: 'off', level: 0, message: '' });
      return;
    }
    let stream: MediaStream | null = null;
    let ctx: AudioContext | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let live = true;
    setSt({ status: 'starting', level: 0, message: 'Asking for the microphone…' });
    getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false })
      .then((s) => {
        stream = s;
        if (!live) return;
        ctx = newAudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 1024;
        ctx.createMediaStreamSource(s).connect(analyser);
        const buf = new Float32Array(analyser.fftSize);
        setSt({ status: 'live', level: 0, message: '' });
        timer = setInterval(() => {
          analyser.getFloatTimeDomainData(buf);
          const level = levelOf(buf);
          setSt((x) => (x.level === level && x.status === 'live' ? x : { status: 'live', level, message: '' }));
        }, everyMs);
      })
      .catch((e) => {
        if (live) setSt({ status: 'unavailable', level: 0, message: micError(e) });
      });
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
      void ctx?.close().catch(() => undefined);
    };
    // getUserMedia/newAudioContext are stable per deps object; only on/deviceId restart the meter
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [on, deviceId]);
  return st;
}
