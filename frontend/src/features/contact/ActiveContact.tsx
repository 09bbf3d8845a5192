import Badge from '@cloudscape-design/components/badge';
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
import type { ConnectionView, ContactView } from '../../connect/types';
import { SHORTCUTS } from '../shortcuts/shortcuts';
import { attributeItems } from './IncomingContact';
import { Keypad } from './Keypad';
import { memo } from 'react';

export interface ActiveContactProps {
  contact: ContactView;
  attributes: ContactAttributeLabel[];
  muted: boolean;
  pending: Record<string, boolean>;
  keypadOpen: boolean;
  digitsSent: string;
  onToggleHold(connectionId: string): void;
  onHangUpConnection(connectionId: string): void;
  onToggleMute(): void;
  onToggleKeypad(): void;
  onDigit(d: string): void;
  onOpenTransfer(): void;
  onSwap(): void;
  onJoin(): void;
  onEnd(): void;
}

function connState(c: ConnectionView) {
  if (c.onHold) return <StatusIndicator type="stopped">On hold</StatusIndicator>;
  if (c.state === 'connecting') return <StatusIndicator type="in-progress">Connecting</StatusIndicator>;
  if (c.state === 'connected') return <StatusIndicator type="success">Connected</StatusIndicator>;
  return <StatusIndicator type="stopped">{c.state}</StatusIndicator>;
}

function ActiveContactView(p: ActiveContactProps) {
  const c = p.contact;
  const voice = c.channel === 'VOICE' || c.channel === 'QUEUE_CALLBACK';
  const parties = c.connections.filter((x) => x.active);
  const dialing = c.phase === 'dialing';
  return (
    <Container
      data-testid="active-contact"
      header={
        <Header
          variant="h2"
          description={
            <span data-testid="contact-timer">
              {dialing ? 'Dialing' : 'Connected'} · <Duration since={c.stateSince} />
              {c.queueName ? ` · ${c.queueName}` : ''}
            </span>
          }
          actions={
            <Button variant="primary" iconName="close" onClick={p.onEnd} loading={p.pending[`end:${c.contactId}`]} data-testid="end">
              {voice ? 'Hang up' : 'End'}
              <KeyHint keys={SHORTCUTS.end} />
            </Button>
          }
        >
          {channelLabel(c.channel)} with {c.caller || 'customer'}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <div role="list" aria-label="Participants" data-testid="participants">
          {parties.map((x) => (
            <div role="listitem" key={x.connectionId} style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, padding: '4px 0' }}>
              <span>
                <strong>{x.label || x.number || (x.initial ? c.caller : '') || 'Participant'}</strong>{' '}
                {x.initial ? <Badge>Customer</Badge> : <Badge color="blue">{x.type === 'outbound' ? 'Third party' : x.type}</Badge>}{' '}
                {connState(x)} <Box variant="small" display="inline"><Duration since={x.since} /></Box>
              </span>
              <SpaceBetween direction="horizontal" size="xxs">
                {voice && (x.state === 'connected' || x.onHold) && (
                  <Button
                    iconName={x.onHold ? 'play' : 'pause'}
                    loading={p.pending[`hold:${x.connectionId}`]}
                    onClick={() => p.onToggleHold(x.connectionId)}
                    data-testid={`hold-${x.connectionId}`}
                    ariaLabel={`${x.onHold ? 'Resume' : 'Hold'} ${x.label}`}
                  >
                    {x.onHold ? 'Resume' : 'Hold'}
                    {x.initial && <KeyHint keys={SHORTCUTS.hold} />}
                  </Button>
                )}
                {!x.initial && (
                  <Button onClick={() => p.onHangUpConnection(x.connectionId)} ariaLabel={`Hang up ${x.label}`}>
                    Hang up
                  </Button>
                )}
              </SpaceBetween>
            </div>
          ))}
        </div>
        {voice && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName={p.muted ? 'microphone-off' : 'microphone'} onClick={p.onToggleMute} data-testid="contact-mute">
              {p.muted ? 'Unmute' : 'Mute'}
              <KeyHint keys={SHORTCUTS.mute} />
            </Button>
            <Button iconName="keyboard" onClick={p.onToggleKeypad} data-testid="keypad-toggle" ariaExpanded={p.keypadOpen}>
              Keypad
              <KeyHint keys={SHORTCUTS.keypad} />
            </Button>
            <Button iconName="share" onClick={p.onOpenTransfer} data-testid="transfer">
              Transfer / add
              <KeyHint keys={SHORTCUTS.transfer} />
            </Button>
            {c.multiParty && (
              <>
                <Button onClick={p.onSwap} loading={p.pending[`swap:${c.contactId}`]} data-testid="swap">
                  Swap
                </Button>
                <Button iconName="group" onClick={p.onJoin} loading={p.pending[`join:${c.contactId}`]} data-testid="join">
                  Join
                </Button>
              </>
            )}
          </SpaceBetween>
        )}
        {!voice && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="share" onClick={p.onOpenTransfer} data-testid="transfer">
              Transfer
              <KeyHint keys={SHORTCUTS.transfer} />
            </Button>
          </SpaceBetween>
        )}
        {voice && p.keypadOpen && <Keypad onDigit={p.onDigit} sent={p.digitsSent} />}
        <AttributeList items={attributeItems(c, p.attributes)} />
      </SpaceBetween>
    </Container>
  );
}

/** Memoised: the panel re-renders on every store change; this only when its props change. */
export const ActiveContact = memo(ActiveContactView);
