import SegmentedControl from '@cloudscape-design/components/segmented-control';
import { channelLabel } from '../../components/format';
import type { ContactView } from '../../connect/types';
import { memo } from 'react';

const PHASE: Record<string, string> = { ringing: 'ringing', dialing: 'dialing', active: '', acw: 'ACW', missed: 'missed' };

function ContactSwitcherView({ contacts, selectedId, onSelect }: { contacts: ContactView[]; selectedId: string | null; onSelect(id: string): void }) {
  if (contacts.length < 2) return null;
  return (
    <div data-testid="contact-switcher">
      <SegmentedControl
        label="Contacts"
        selectedId={selectedId}
        onChange={({ detail }) => onSelect(detail.selectedId)}
        options={contacts.map((c, i) => ({
          id: c.contactId,
          text: `${i + 1}. ${channelLabel(c.channel)} ${c.caller || ''}${PHASE[c.phase] ? ` (${PHASE[c.phase]})` : ''}`.trim(),
        }))}
      />
    </div>
  );
}

/** Memoised: the panel re-renders on every store change; this only when its props change. */
export const ContactSwitcher = memo(ContactSwitcherView);
