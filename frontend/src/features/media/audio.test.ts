import { describe, expect, it } from 'vitest';
import { agent, contact } from '../../test/fixtures';
import { callAudio } from './audio';

describe('callAudio', () => {
  it('no voice call: No call (chats do not count)', () => {
    expect(callAudio(agent(), []).kind).toBe('none');
    expect(callAudio(agent(), [contact({ channel: 'CHAT', phase: 'active' })]).kind).toBe('none');
  });

  it('ringing, dialing, connected, muted, on hold, ended', () => {
    expect(callAudio(agent(), [contact()])).toMatchObject({ kind: 'ringing', label: 'Ringing', detail: '+15555550100' });
    expect(callAudio(agent(), [contact({ phase: 'dialing', inbound: false })]).kind).toBe('dialing');
    const active = contact({ phase: 'active', state: 'connected' });
    expect(callAudio(agent(), [active])).toMatchObject({ kind: 'connected', label: 'Connected' });
    expect(callAudio(agent({ muted: true }), [active]).kind).toBe('muted');
    const held = { ...active, connections: active.connections.map((c) => ({ ...c, onHold: true })) };
    expect(callAudio(agent({ muted: true }), [held])).toMatchObject({ kind: 'hold', label: 'On hold' });
    expect(callAudio(agent(), [contact({ phase: 'active', agentOnHold: true })]).kind).toBe('hold');
    expect(callAudio(agent(), [contact({ phase: 'acw' })]).kind).toBe('ended');
  });

  it('the connected call wins over a second one ringing', () => {
    const c = callAudio(agent(), [contact({ contactId: 'r' }), contact({ contactId: 'a', phase: 'active', caller: '+1999' })]);
    expect(c).toMatchObject({ kind: 'connected', detail: '+1999' });
  });
});
