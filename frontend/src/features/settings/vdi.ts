import type { SoftphonePlan, VDIDetection } from '../../bridge/types';

/** One line for the settings/diagnostics view: what VDI detection found at start. */
export function vdiSummary(d: VDIDetection | null): string {
  if (!d) return 'not run';
  if (!d.environment) {
    if (d.clients.length > 0) return `none (VDI client on this device: ${d.clients.join(', ')})`;
    if (d.candidates.length > 1) return `conflicting markers: ${d.candidates.join(', ')}`;
    return 'none detected';
  }
  const parts = [d.environment + (d.inSession ? ' session' : ' host')];
  if (d.suggestedVDIPlatform) parts.push(`suggested VDIPlatform ${d.suggestedVDIPlatform}`);
  return parts.join(', ');
}

/** The softphone mode and the parameters passed to Streams, e.g. "signalling (no softphone, no ringtone)". */
export function softphoneModeSummary(p: SoftphonePlan): string {
  const sp = p.softphone;
  if (!sp.allowFramedSoftphone) return `${p.mode} (no softphone${sp.disableRingtone ? ', no ringtone' : ''})`;
  return `${p.mode} (softphone${sp.VDIPlatform ? `, VDIPlatform ${sp.VDIPlatform}` : ''})`;
}
