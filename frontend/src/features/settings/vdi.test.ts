import { describe, expect, it } from 'vitest';
import type { VDIDetection } from '../../bridge/types';
import { softphoneModeSummary, vdiSummary } from './vdi';

const none: VDIDetection = { environment: '', inSession: false, suggestedVDIPlatform: '', candidates: [], clients: [], evidence: [], notes: [], probeErrors: [] };

describe('vdiSummary', () => {
  it.each([
    ['not run', null, 'not run'],
    ['nothing', none, 'none detected'],
    ['local device', { ...none, clients: ['citrix'] }, 'none (VDI client on this device: citrix)'],
    ['conflict', { ...none, candidates: ['citrix', 'azure'] }, 'conflicting markers: citrix, azure'],
    ['session', { ...none, environment: 'citrix', inSession: true, suggestedVDIPlatform: 'CITRIX', candidates: ['citrix'] }, 'citrix session, suggested VDIPlatform CITRIX'],
  ] as const)('%s', (_n, d, want) => {
    expect(vdiSummary(d as VDIDetection | null)).toBe(want);
  });
});

describe('softphoneModeSummary', () => {
  it('signalling', () => {
    expect(softphoneModeSummary({ mode: 'signalling', mediaOnly: false, notes: [], softphone: { allowFramedSoftphone: false, disableRingtone: true, disableEchoCancellation: false } })).toBe(
      'signalling (no softphone, no ringtone)',
    );
  });
  it('standard with redirection', () => {
    expect(
      softphoneModeSummary({ mode: 'standard', mediaOnly: false, notes: [], softphone: { allowFramedSoftphone: true, disableRingtone: false, disableEchoCancellation: false, VDIPlatform: 'AZURE' } }),
    ).toBe('standard (softphone, VDIPlatform AZURE)');
  });
});
