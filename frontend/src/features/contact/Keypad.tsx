import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function Keypad({ onDigit, sent }: { onDigit(d: string): void; sent: string }) {
  return (
    <div data-testid="keypad">
      <Box variant="code" display="block" margin={{ bottom: 'xs' }}>
        {sent || ' '}
      </Box>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 56px)', gap: 6 }}>
        {KEYS.map((k) => (
          <Button key={k} onClick={() => onDigit(k)} ariaLabel={`digit ${k}`}>
            {k}
          </Button>
        ))}
      </div>
    </div>
  );
}
