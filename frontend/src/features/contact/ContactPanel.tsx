import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ContactAttributeLabel } from '../../bridge/types';
import type { AgentStateOption } from '../../connect/types';
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

const NO_LABELS: ContactAttributeLabel[] = [];
const NO_STATES: AgentStateOption[] = [];

/** The contact area: switcher, then the selected contact in its phase. Its children are memoised and get
 * stable callbacks, so a refresh that changes only the agent (or another contact) re-renders no contact view. */
export function ContactPanel({ ui, setUI }: { ui: PanelUI; setUI(u: Partial<PanelUI>): void }) {
  const a = useActions();
  const contacts = useCCP((s) => s.contacts);
  const selectedId = useCCP((s) => s.selectedId);
  const agent = useCCP((s) => s.agent);
  const pending = useCCP((s) => s.pending);
  const labels = useCCP((s) => s.config?.contactAttributes ?? NO_LABELS);
  const quick = useCCP((s) => s.quickConnects);
  const quickLoading = useCCP((s) => s.quickConnectsLoading);
  const c = selectedContact({ contacts, selectedId });
  const [digits, setDigits] = useState<Record<string, string>>({});

  useEffect(() => {
    if (ui.transferOpen) void a.loadQuickConnects();
  }, [ui.transferOpen, a]);

  const id = c?.contactId ?? '';
  const onDigit = useCallback(
    (d: string) => {
      if (!id) return;
      setDigits((x) => ({ ...x, [id]: (x[id] ?? '') + d }));
      void a.sendDigits(id, d);
    },
    [a, id],
  );
  const h = useMemo(
    () => ({
      accept: () => void a.accept(id),
      reject: () => void a.reject(id),
      toggleHold: (connId: string) => void a.toggleHold(id, connId),
      hangUp: (connId: string) => void a.hangUpConnection(id, connId),
      openTransfer: () => setUI({ transferOpen: true }),
      closeTransfer: () => setUI({ transferOpen: false }),
      swap: () => void a.swap(id),
      join: () => void a.join(id),
      end: () => void a.end(id),
      clear: () => void a.clear(id),
      nextState: (n: string) => void a.setState(n),
      quickConnect: (qc: string) => void a.transfer(id, qc).then((ok) => ok && setUI({ transferOpen: false })),
      number: (n: string) => void a.addParticipant(id, n).then((ok) => ok && setUI({ transferOpen: false })),
    }),
    [a, id, setUI],
  );
  const keypadOpen = ui.keypadOpen;
  const onToggleKeypad = useCallback(() => setUI({ keypadOpen: !keypadOpen }), [setUI, keypadOpen]);

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
            onAccept={h.accept}
            onReject={h.reject}
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
            onToggleHold={h.toggleHold}
            onHangUpConnection={h.hangUp}
            onToggleMute={a.toggleMute}
            onToggleKeypad={onToggleKeypad}
            onDigit={onDigit}
            onOpenTransfer={h.openTransfer}
            onSwap={h.swap}
            onJoin={h.join}
            onEnd={h.end}
          />
        )}
        {(c.phase === 'acw' || c.phase === 'missed') && (
          <AfterContactWork
            contact={c}
            attributes={labels}
            states={agent?.states ?? NO_STATES}
            nextState={agent?.nextState ?? null}
            clearing={Boolean(pending[`clear:${c.contactId}`])}
            onClear={h.clear}
            onNextState={h.nextState}
          />
        )}
      </SpaceBetween>
      {/* Mounted only while open: a hidden Cloudscape Modal still rendered its whole tree on every refresh. */}
      {ui.transferOpen && <TransferModal
        visible={ui.transferOpen}
        loading={quickLoading}
        quickConnects={quick}
        busy={Boolean(pending[`transfer:${c.contactId}`])}
        onDismiss={h.closeTransfer}
        onQuickConnect={h.quickConnect}
        onNumber={h.number}
      />}
    </div>
  );
}
