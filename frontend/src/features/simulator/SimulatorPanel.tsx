import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Alert from '@cloudscape-design/components/alert';
import { useState } from 'react';
import { channelLabel } from '../../components/format';
import type { SimContactRequest } from '../../bridge/types';
import type { ContactView, RegionView } from '../../connect/types';

export interface SimulatorApi {
  makeContact(req: SimContactRequest): Promise<string>;
  hangUp(contactId: string): Promise<void>;
  answer(contactId: string): Promise<void>;
  failover(region: string): Promise<void>;
  expireSession(): Promise<void>;
}

const QUEUES = ['BasicQueue', 'Sales', 'Support'];

/** Sandbox only: drive ccpsim from the app (the customer's side of the world). */
export function SimulatorPanel({ api, contacts, region }: { api: SimulatorApi; contacts: ContactView[]; region: RegionView | null }) {
  const [channel, setChannel] = useState<SimContactRequest['channel']>('VOICE');
  const [from, setFrom] = useState('+15555550100');
  const [queue, setQueue] = useState('BasicQueue');
  const [account, setAccount] = useState('A-1001');
  const [status, setStatus] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (label: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const r = await f();
      setStatus({ type: 'success', text: `${label}${typeof r === 'string' && r ? `: ${r}` : ''}` });
    } catch (e) {
      setStatus({ type: 'error', text: `${label} failed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  const live = contacts.filter((c) => c.phase !== 'acw' && c.phase !== 'missed');
  const other = region?.regions.find((r) => r !== region.active) ?? region?.regions[1] ?? '';
  return (
    <div data-testid="simulator" style={{ padding: 16 }}>
      <SpaceBetween size="m">
        <Header variant="h3" description="Sandbox only: plays the customer and Amazon Connect.">
          Simulator
        </Header>
        {status && <Alert type={status.type} dismissible onDismiss={() => setStatus(null)}>{status.text}</Alert>}
        <SegmentedControl
          label="Channel"
          selectedId={channel}
          onChange={({ detail }) => setChannel(detail.selectedId as SimContactRequest['channel'])}
          options={[
            { id: 'VOICE', text: 'Call' },
            { id: 'CHAT', text: 'Chat' },
            { id: 'TASK', text: 'Task' },
          ]}
        />
        <FormField label={channel === 'TASK' ? 'Task name' : channel === 'CHAT' ? 'Customer name' : 'From'}>
          <Input value={from} onChange={({ detail }) => setFrom(detail.value)} />
        </FormField>
        <FormField label="Queue">
          <Select selectedOption={{ label: queue, value: queue }} options={QUEUES.map((q) => ({ label: q, value: q }))} onChange={({ detail }) => setQueue(detail.selectedOption.value ?? 'BasicQueue')} />
        </FormField>
        <FormField label="Attribute accountId">
          <Input value={account} onChange={({ detail }) => setAccount(detail.value)} />
        </FormField>
        <Button
          variant="primary"
          disabled={busy}
          data-testid="sim-make-contact"
          onClick={() =>
            void act('Contact arriving', () =>
              api.makeContact({
                channel,
                from: channel === 'VOICE' ? from : undefined,
                name: channel !== 'VOICE' ? from : undefined,
                queue,
                attributes: { accountId: account, tier: 'Gold', customerName: channel === 'CHAT' ? from : '' },
              }),
            )
          }
        >
          Make a {channel === 'VOICE' ? 'call' : channel.toLowerCase()} arrive
        </Button>
        <FormField label="As the customer">
          <SpaceBetween size="xs">
            {live.length === 0 && <span>No live contact.</span>}
            {live.map((c) => (
              <SpaceBetween key={c.contactId} direction="horizontal" size="xs">
                <Button disabled={busy} onClick={() => void act('Customer hung up', () => api.hangUp(c.contactId))} data-testid={`sim-hangup-${c.contactId}`}>
                  {c.channel === 'VOICE' ? 'Hang up' : 'End'} {channelLabel(c.channel).toLowerCase()} {c.caller || c.contactId}
                </Button>
                {c.connections.some((x) => !x.initial && x.state === 'connecting') && (
                  <Button disabled={busy} onClick={() => void act('Third party answered', () => api.answer(c.contactId))}>
                    Third party answers
                  </Button>
                )}
                {c.phase === 'dialing' && (
                  <Button disabled={busy} onClick={() => void act('Customer answered', () => api.answer(c.contactId))}>
                    Customer answers
                  </Button>
                )}
              </SpaceBetween>
            ))}
          </SpaceBetween>
        </FormField>
        <FormField label="Global Resiliency" description={region?.active ? `Active region: ${region.active}` : undefined}>
          <Button disabled={busy || !other} onClick={() => void act(`Failover to ${other} requested`, () => api.failover(other))} data-testid="sim-failover">
            Fail over to {other || '…'}
          </Button>
        </FormField>
        <FormField label="Session">
          <Button disabled={busy} onClick={() => void act('Session expired', () => api.expireSession())}>
            Expire the agent’s session
          </Button>
        </FormField>
      </SpaceBetween>
    </div>
  );
}
