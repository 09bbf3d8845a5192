import { useNow } from '../state/useNow';
import { formatDuration } from './format';

export function Duration({ since, testId }: { since: number; testId?: string }) {
  const now = useNow(1000);
  return (
    <span data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatDuration(now - since)}
    </span>
  );
}
