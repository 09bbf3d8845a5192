import type { AgentView, ContactView } from '../../connect/types';

export type CallAudioKind = 'none' | 'ringing' | 'dialing' | 'connected' | 'hold' | 'muted' | 'ended';

export interface CallAudio {
  kind: CallAudioKind;
  label: string;
  detail: string;
}

const voice = (c: ContactView) => c.channel === 'VOICE' || c.channel === 'QUEUE_CALLBACK';

/** The current call's audio state, as the media window shows it. */
export function callAudio(agent: AgentView | null, contacts: ContactView[]): CallAudio {
  const calls = contacts.filter(voice);
  const pick = (phase: ContactView['phase']) => calls.find((c) => c.phase === phase);
  const c = pick('active') ?? pick('ringing') ?? pick('dialing') ?? pick('acw');
  if (!c) return { kind: 'none', label: 'No call', detail: '' };
  const who = c.caller || c.name || '';
  switch (c.phase) {
    case 'ringing':
      return { kind: 'ringing', label: 'Ringing', detail: who };
    case 'dialing':
      return { kind: 'dialing', label: 'Dialing', detail: who };
    case 'acw':
      return { kind: 'ended', label: 'Call ended', detail: 'after-call work' };
    default: {
      const others = c.connections.filter((x) => x.active);
      const held = c.agentOnHold || (others.length > 0 && others.every((x) => x.onHold));
      if (held) return { kind: 'hold', label: 'On hold', detail: who };
      if (agent?.muted || c.muted) return { kind: 'muted', label: 'Connected, muted', detail: who };
      return { kind: 'connected', label: 'Connected', detail: who };
    }
  }
}
