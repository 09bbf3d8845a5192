import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useState, memo } from 'react';
import { Duration } from '../../components/Duration';
import { KeyHint } from '../../components/KeyHint';
import type { AgentView } from '../../connect/types';
import { SHORTCUTS } from '../shortcuts/shortcuts';

export function statusType(a: AgentView['state']): StatusIndicatorProps.Type {
  switch (a.type) {
    case 'routable':
      return 'success';
    case 'offline':
      return 'stopped';
    case 'error':
      return 'error';
    case 'system':
      return 'in-progress';
    default:
      return 'pending';
  }
}

export interface AgentStatusProps {
  agent: AgentView;
  busy: boolean;
  onSetState(name: string): void;
  onCall(number: string): void;
  onToggleMute(): void;
  calling: boolean;
}

function AgentStatusView({ agent, busy, onSetState, onCall, onToggleMute, calling }: AgentStatusProps) {
  const [number, setNumber] = useState('');
  const options = agent.states.map((s) => ({ label: s.name, value: s.name, description: s.type === 'routable' ? 'Receives contacts' : s.type === 'offline' ? 'Signed out of routing' : undefined }));
  // The dropdown shows the status the agent chose; on a contact the state above says Busy or After contact work.
  const chosen = agent.selected ?? agent.state.name;
  const current = options.find((o) => o.value === chosen) ?? { label: chosen, value: chosen };
  return (
    <Container
      data-testid="agent-status"
      header={
        <Header
          variant="h2"
          description={agent.routingProfile ? `Routing profile: ${agent.routingProfile}` : undefined}
          actions={
            <Button iconName={agent.muted ? 'microphone-off' : 'microphone'} onClick={onToggleMute} ariaLabel={agent.muted ? 'Unmute' : 'Mute'} data-testid="mute">
              {agent.muted ? 'Unmute' : 'Mute'}
              <KeyHint keys={SHORTCUTS.mute} />
            </Button>
          }
        >
          {agent.name}
        </Header>
      }
    >
      <SpaceBetween size="s">
        <div data-testid="agent-state">
          <StatusIndicator type={statusType(agent.state)}>
            {agent.state.name} · <Duration since={agent.state.since} testId="agent-state-duration" />
          </StatusIndicator>
          {agent.nextState && (
            <Box variant="small" display="block" data-testid="next-state">
              Next status: {agent.nextState} (after your current contacts)
            </Box>
          )}
        </div>
        {agent.state.type === 'error' && (
          <Alert
            type="warning"
            header={agent.state.name.startsWith('Missed') ? 'You missed a contact' : `Your status is ${agent.state.name}`}
            action={
              agent.states.some((x) => x.type === 'routable') ? (
                <Button onClick={() => onSetState(agent.states.find((x) => x.type === 'routable')!.name)} data-testid="recover-available">
                  Set {agent.states.find((x) => x.type === 'routable')!.name}
                </Button>
              ) : undefined
            }
          >
            You will not receive contacts until you set a status.
          </Alert>
        )}
        <FormField label="Status">
          <Select
            selectedOption={current}
            options={options}
            disabled={busy}
            onChange={({ detail }) => detail.selectedOption.value && onSetState(detail.selectedOption.value)}
            ariaLabel="Change status"
            data-testid="state-select"
          />
        </FormField>
        {agent.canCallOut && (
          <FormField label="Call a number" description="Include the country code, e.g. +15555550123">
            <SpaceBetween direction="horizontal" size="xs">
              <Input value={number} onChange={({ detail }) => setNumber(detail.value)} placeholder="+1…" inputMode="tel" ariaLabel="Number to call" />
              <Button iconName="call" disabled={!number.trim() || calling} loading={calling} onClick={() => onCall(number.trim())}>
                Call
              </Button>
            </SpaceBetween>
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}

/** Memoised: the panel re-renders on every store change; this only when its props change. */
export const AgentStatus = memo(AgentStatusView);
