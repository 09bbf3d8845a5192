// The media window's access to the CCP's softphone context (media mode, docs/vdi.md): the
// microphones the CCP frame sees (connect.core.getFrameMediaDevices) and choosing one for the
// framed softphone (Agent.setMicrophoneDevice, a configuration::set_microphone_device broadcast).
import type { MicDevice } from './types';

/** Audio inputs as the CCP frame (where the softphone runs) sees them; [] when it reports none. */
export async function frameMicrophones(timeoutMs = 3000): Promise<MicDevice[]> {
  const devices = await connect.core.getFrameMediaDevices(timeoutMs);
  if (!Array.isArray(devices)) return [];
  return devices
    .filter((d) => d && d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}`, source: 'ccp' as const }));
}

/** Asks the framed softphone to use deviceId (a device id from frameMicrophones). */
export function setSoftphoneMicrophone(deviceId: string): void {
  new connect.Agent().setMicrophoneDevice(deviceId);
}
