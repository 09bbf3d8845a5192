import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { AttributeList } from '../../components/AttributeList';
import { Duration } from '../../components/Duration';
import { KeyHint } from '../../components/KeyHint';
import { channelLabel } from '../../components/format';
import type { ContactAttributeLabel } from '../../bridge/types';
import type { AgentStateOption, ContactView } from '../../connect/types';
import { SHORTCUTS } from '../shortcuts/shortcuts';
import { attributeItems } from './IncomingContact';
import { memo } from 'react';

export interface ACWProps {
  contact: ContactView;
  attributes: ContactAttributeLabel[];
  states: AgentStateOption[];
  nextState: string | null;
  clearing: boolean;
  onClear(): void;
  onNextState(name: string): void;
}

function AfterContactWorkView({ contact: c, attributes, states, nextState, clearing, onClear, onNextState }: ACWProps) {
  const missed = c.phase === 'missed';
  const opts = states.map((s) => ({ label: s.name, value: s.name }));
  return (
    <Container
      data-testid="acw-contact"
      header={
        <Header
          variant="h2"
          description={
            <span data-testid="acw-timer">
              {missed ? 'Missed' : 'After contact work'} · <Duration since={c.stateSince} />
            </span>
          }
          actions={
            <Button variant="primary" onClick={onClear} loading={clearing} data-testid="clear">
              Clear contact
              <KeyHint keys={SHORTCUTS.clear} />
            </Button>
          }
        >
          {channelLabel(c.channel)} with {c.caller || 'customer'} ended
        </Header>
      }
    >
      <SpaceBetween size="m">
        {missed && (
          <Alert type="warning" header="You missed this contact">
            Your status is now a missed-contact state and you will not receive contacts. Clear it and pick a status.
          </Alert>
        )}
        <Select
          selectedOption={nextState ? { label: nextState, value: nextState } : null}
          placeholder="Next status after clearing"
          options={opts}
          onChange={({ detail }) => detail.selectedOption.value && onNextState(detail.selectedOption.value)}
          ariaLabel="Next status"
        />
        <AttributeList items={attributeItems(c, attributes)} />
      </SpaceBetween>
    </Container>
  );
}

/** Memoised: the panel re-renders on every store change; this only when its props change. */
export const AfterContactWork = memo(AfterContactWorkView);
