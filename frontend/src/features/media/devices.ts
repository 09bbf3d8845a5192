import { useCallback, useEffect, useState } from 'react';
import type { MicDevice } from '../../connect/types';

export interface MicSources {
  /** Microphones the CCP frame (the softphone) sees. */
  frame(): Promise<MicDevice[]>;
  /** Microphones this window sees (navigator.mediaDevices). */
  window(): Promise<MicDevice[]>;
}

export interface MicList {
  status: 'loading' | 'ready' | 'none';
  devices: MicDevice[];
  /** Why the list is what it is, in words (empty when the softphone's own list is shown). */
  note: string;
  refresh(): void;
}

/** Audio inputs from navigator.mediaDevices; labels are hidden until microphone access is allowed. */
export async function windowMicrophones(md: Pick<MediaDevices, 'enumerateDevices'> | undefined = globalThis.navigator?.mediaDevices): Promise<MicDevice[]> {
  if (!md?.enumerateDevices) throw new Error('this window cannot list media devices');
  const all = await md.enumerateDevices();
  return all
    .filter((d) => d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1} (name hidden until microphone access is allowed)`, source: 'window' as const }));
}

/**
 * The microphone list: the CCP frame's first (those can be handed to the softphone); when the
 * CCP reports none, this window's own (for the level meter only).
 */
export function useMicrophones(src: MicSources, enabled: boolean): MicList {
  const [state, setState] = useState<Omit<MicList, 'refresh'>>({ status: 'loading', devices: [], note: '' });
  const [gen, setGen] = useState(0);
  const refresh = useCallback(() => setGen((g) => g + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, status: 'loading' }));
    void (async () => {
      let frameNote = '';
      try {
        const ccp = await src.frame();
        if (ccp.length) {
          if (live) setState({ status: 'ready', devices: ccp, note: '' });
          return;
        }
        frameNote = 'The CCP reports no microphone.';
      } catch (e) {
        frameNote = `The CCP did not list its microphones (${(e as Error)?.message ?? e}).`;
      }
      try {
        const own = await src.window();
        if (!live) return;
        if (own.length) setState({ status: 'ready', devices: own, note: `${frameNote} Showing this window's microphones: they drive the level meter; the softphone's own microphone is chosen in the CCP's audio settings.` });
        else setState({ status: 'none', devices: [], note: `No microphone available. ${frameNote} Connect a microphone, then refresh.` });
      } catch (e) {
        if (live) setState({ status: 'none', devices: [], note: `No microphone available: ${(e as Error)?.message ?? e}. ${frameNote}` });
      }
    })();
    return () => {
      live = false;
    };
  }, [src, enabled, gen]);
  return { ...state, refresh };
}
