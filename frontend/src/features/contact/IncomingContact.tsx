import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { AttributeList } from '../../components/AttributeList';
import { Duration } from '../../components/Duration';
import { KeyHint } from '../../components/KeyHint';
import { channelLabel } from '../../components/format';
import type { ContactAttributeLabel } from '../../bridge/types';
import type { ContactView } from '../../connect/types';
import { SHORTCUTS } from '../shortcuts/shortcuts';
import { memo } from 'react';

export function attributeItems(c: ContactView, labels: ContactAttributeLabel[]) {
  return labels.map((l) => ({ label: l.label || l.key, value: c.attributes[l.key] ?? '' }));
}

export interface IncomingProps {
  contact: ContactView;
  attributes: ContactAttributeLabel[];
  accepting: boolean;
  rejecting: boolean;
  onAccept(): void;
  onReject(): void;
}

function IncomingContactView({ contact: c, attributes, accepting, rejecting, onAccept, onReject }: IncomingProps) {
  const kind = channelLabel(c.channel);
  return (
    <Container
      data-testid="incoming-contact"
      header={
        <Header
          variant="h2"
          description={
            <span className="ccpdesk-ringing" data-testid="ringing">
              <StatusIndicator type="in-progress">Ringing · <Duration since={c.stateSince} /></StatusIndicator>
            </span>
          }
        >
          Incoming {kind.toLowerCase()}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <Box variant="h1" tagOverride="div" data-testid="caller">
          {c.caller || 'Unknown caller'}
        </Box>
        <AttributeList
          items={[
            { label: 'Channel', value: kind },
            { label: 'Queue', value: c.queueName },
          ]}
        />
        {c.queuedAt !== null && (
          <Box data-testid="time-in-queue">
            <Box variant="awsui-key-label" display="inline">
              Time in queue:
            </Box>{' '}
            <Duration since={c.queuedAt} />
          </Box>
        )}
        {c.channel === 'TASK' && c.description && <Box>{c.description}</Box>}
        <AttributeList items={attributeItems(c, attributes)} />
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="primary" iconName="call" onClick={onAccept} loading={accepting} disabled={rejecting} data-testid="accept">
            Accept
            <KeyHint keys={SHORTCUTS.accept} />
          </Button>
          <Button onClick={onReject} loading={rejecting} disabled={accepting} data-testid="reject">
            Reject
            <KeyHint keys={SHORTCUTS.reject} />
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}

/** Memoised: the panel re-renders on every store change; this only when its props change. */
export const IncomingContact = memo(IncomingContactView);
