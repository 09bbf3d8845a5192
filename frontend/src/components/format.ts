/** 0:07, 1:02:03 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function channelLabel(channel: string): string {
  switch (channel) {
    case 'VOICE':
      return 'Call';
    case 'QUEUE_CALLBACK':
      return 'Callback';
    case 'CHAT':
      return 'Chat';
    case 'TASK':
      return 'Task';
    case 'EMAIL':
      return 'Email';
    default:
      return channel || 'Contact';
  }
}
