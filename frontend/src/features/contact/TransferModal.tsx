import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useMemo, useState } from 'react';
import type { QuickConnect } from '../../connect/types';

export interface TransferModalProps {
  visible: boolean;
  loading: boolean;
  quickConnects: QuickConnect[];
  busy: boolean;
  onDismiss(): void;
  onQuickConnect(id: string): void;
  onNumber(number: string): void;
}

const TYPE_LABEL: Record<string, string> = { agent: 'Agent', queue: 'Queue', phone_number: 'External number' };

export function filterQuickConnects(list: QuickConnect[], text: string): QuickConnect[] {
  const t = text.trim().toLowerCase();
  if (!t) return list;
  return list.filter((q) => q.name.toLowerCase().includes(t) || q.phoneNumber.includes(t) || (TYPE_LABEL[q.type] ?? q.type).toLowerCase().includes(t));
}

/** Transfer / conference: searchable quick connects, or any number. The new party joins
 * as a consult (the customer is held); then swap, join (conference) or end your leg. */
export function TransferModal(p: TransferModalProps) {
  const [filter, setFilter] = useState('');
  const [number, setNumber] = useState('');
  const shown = useMemo(() => filterQuickConnects(p.quickConnects, filter), [p.quickConnects, filter]);
  return (
    <Modal visible={p.visible} onDismiss={p.onDismiss} header="Transfer or add a participant" data-testid="transfer-modal">
      <SpaceBetween size="m">
        <TextFilter filteringText={filter} onChange={({ detail }) => setFilter(detail.filteringText)} filteringPlaceholder="Search quick connects" filteringAriaLabel="Search quick connects" />
        <div role="list" style={{ maxHeight: 260, overflowY: 'auto' }} data-testid="quick-connects">
          {p.loading && <Box>Loading quick connects…</Box>}
          {!p.loading && shown.length === 0 && <Box color="text-status-inactive">No quick connect matches.</Box>}
          {shown.map((q) => (
            <div role="listitem" key={q.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 0' }}>
              <span>
                <strong>{q.name}</strong>{' '}
                <Box variant="small" display="inline">
                  {TYPE_LABEL[q.type] ?? q.type}
                  {q.phoneNumber ? ` · ${q.phoneNumber}` : ''}
                </Box>
              </span>
              <Button disabled={p.busy} onClick={() => p.onQuickConnect(q.id)} ariaLabel={`Transfer to ${q.name}`}>
                Add
              </Button>
            </div>
          ))}
        </div>
        <FormField label="Add a participant by number" description="With country code, e.g. +15555550123">
          <SpaceBetween direction="horizontal" size="xs">
            <Input value={number} onChange={({ detail }) => setNumber(detail.value)} inputMode="tel" ariaLabel="Participant number" />
            <Button disabled={!number.trim() || p.busy} onClick={() => p.onNumber(number.trim())}>
              Dial
            </Button>
          </SpaceBetween>
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
