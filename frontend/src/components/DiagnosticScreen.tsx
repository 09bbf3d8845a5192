import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';

export interface DiagnosticProps {
  title: string;
  summary: string;
  steps: string[];
  facts: Array<{ label: string; value: string }>;
  severity: 'error' | 'warning';
  actions: Array<{ label: string; onClick: () => void; primary?: boolean }>;
}

/** The screen shown instead of a blank window when the CCP cannot start. */
export function DiagnosticScreen(p: DiagnosticProps) {
  return (
    <Container header={<Header variant="h2">{p.title}</Header>} data-testid="diagnostic">
      <SpaceBetween size="m">
        <Alert type={p.severity} header={p.summary}>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {p.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </Alert>
        <Box>
          {p.facts.map((f) => (
            <div key={f.label}>
              <Box variant="awsui-key-label" display="inline">
                {f.label}:
              </Box>{' '}
              <Box variant="code" display="inline">
                {f.value || '—'}
              </Box>
            </div>
          ))}
        </Box>
        <SpaceBetween direction="horizontal" size="xs">
          {p.actions.map((a) => (
            <Button key={a.label} variant={a.primary ? 'primary' : 'normal'} onClick={a.onClick}>
              {a.label}
            </Button>
          ))}
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}
