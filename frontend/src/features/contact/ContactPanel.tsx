import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useEffect, useState } from 'react';
import { useActions, useCCP } from '../ccp/context';
import { selectedContact } from '../ccp/model';
import { AfterContactWork } from './AfterContactWork';
import { ActiveContact } from './ActiveContact';
import { ContactSwitcher } from './ContactSwitcher';
import { IncomingContact } from './IncomingContact';
import { TransferModal } from './TransferModal';

export interface PanelUI {
  keypadOpen: boolean;
  transferOpen: boolean;
}

/** The contact area: switcher, then the selected contact in its phase. */
export function ContactPanel({ ui, setUI }: { ui: PanelUI; setUI(u: Partial<PanelUI>): void }) {
  const a = useActions();
  const contacts = useCCP((s) => s.contacts);
  const selectedId = useCCP((s) => s.selectedId);
  const agent = useCCP((s) => s.agent);
  const pending = useCCP((s) => s.pending);
  const labels = useCCP((s) => s.config?.contactAttributes ?? []);
  const quick = useCCP((s) => s.quickConnects);
  const quickLoading = useCCP((s) => s.quickConnectsLoading);
  const c = selectedContact({ contacts, selectedId });
  const [digits, setDigits] = useState<Record<string, string>>({});

  useEffect(() => {
    if (ui.transferOpen) void a.loadQuickConnects();
  }, [ui.transferOpen, a]);

  const onDigit = useCallback(
    (d: string) => {
      if (!c) return;
      setDigits((x) => ({ ...x, [c.contactId]: (x[c.contactId] ?? '') + d }));
      void a.sendDigits(c.contactId, d);
    },
    [a, c],
  );

  if (!c) {
    return (
      <Container data-testid="contact-panel">
        <Box textAlign="center" color="text-status-inactive" padding="l" data-testid="no-contact">
          {agent?.state.type === 'routable' ? 'Waiting for contacts…' : 'No contacts. Set your status to Available to receive contacts.'}
        </Box>
      </Container>
    );
  }

  const muted = agent?.muted || c.muted;
  return (
    <div data-testid="contact-panel" data-contact-id={c.contactId} data-phase={c.phase}>
      <SpaceBetween size="s">
        <ContactSwitcher contacts={contacts} selectedId={c.contactId} onSelect={a.select} />
        {c.phase === 'ringing' && (
          <IncomingContact
            contact={c}
            attributes={labels}
            accepting={Boolean(pending[`accept:${c.contactId}`])}
            rejecting={Boolean(pending[`reject:${c.contactId}`])}
            onAccept={() => void a.accept(c.contactId)}
            onReject={() => void a.reject(c.contactId)}
          />
        )}
        {(c.phase === 'active' || c.phase === 'dialing') && (
          <ActiveContact
            contact={c}
            attributes={labels}
            muted={Boolean(muted)}
            pending={pending}
            keypadOpen={ui.keypadOpen}
            digitsSent={digits[c.contactId] ?? ''}
            onToggleHold={(id) => void a.toggleHold(c.contactId, id)}
            onHangUpConnection={(id) => void a.hangUpConnection(c.contactId, id)}
            onToggleMute={a.toggleMute}
            onToggleKeypad={() => setUI({ keypadOpen: !ui.keypadOpen })}
            onDigit={onDigit}
            onOpenTransfer={() => setUI({ transferOpen: true })}
            onSwap={() => void a.swap(c.contactId)}
            onJoin={() => void a.join(c.contactId)}
            onEnd={() => void a.end(c.contactId)}
          />
        )}
        {(c.phase === 'acw' || c.phase === 'missed') && (
          <AfterContactWork
            contact={c}
            attributes={labels}
            states={agent?.states ?? []}
            nextState={agent?.nextState ?? null}
            clearing={Boolean(pending[`clear:${c.contactId}`])}
            onClear={() => void a.clear(c.contactId)}
            onNextState={(n) => void a.setState(n)}
          />
        )}
      </SpaceBetween>
      <TransferModal
        visible={ui.transferOpen}
        loading={quickLoading}
        quickConnects={quick}
        busy={Boolean(pending[`transfer:${c.contactId}`])}
        onDismiss={() => setUI({ transferOpen: false })}
        onQuickConnect={(id) => void a.transfer(c.contactId, id).then((ok) => ok && setUI({ transferOpen: false }))}
        onNumber={(n) => void a.addParticipant(c.contactId, n).then((ok) => ok && setUI({ transferOpen: false }))}
      />
    </div>
  );
}
