import AppLayout from '@cloudscape-design/components/app-layout';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { DiagnosticScreen } from '../components/DiagnosticScreen';
import { AgentStatus } from '../features/agent-status/AgentStatus';
import { useActions, useCCP } from '../features/ccp/context';
import { ContactPanel, type PanelUI } from '../features/contact/ContactPanel';
import { QuitConfirm } from '../features/desktop/QuitConfirm';
import { diagnosticFor } from '../features/login/Diagnostic';
import { RegionBadge } from '../features/region/RegionBadge';
import { FailoverBanner } from '../features/region/FailoverBanner';
import { LogsButton } from '../features/logs/LogsView';
import { logsController } from '../features/logs/instance';
import { SettingsPanel } from '../features/settings/SettingsPanel';
import { useShortcuts } from '../features/shortcuts/shortcuts';
import { SimulatorPanel, type SimulatorApi } from '../features/simulator/SimulatorPanel';
import type { CCPState } from '../features/ccp/model';

export interface LayoutProps {
  getState(): CCPState;
  onCCPContainer(el: HTMLDivElement): void;
  simulator: SimulatorApi | null;
  onRetry(): void;
  onSignIn(): void;
  onConfirmQuit(): void;
  onCancelQuit(): void;
  onDismissNotice(): void;
}

// Layout holds the app chrome (Cloudscape AppLayout, top bar, drawers): it subscribes only to what the chrome
// shows, so Streams' agent and contact refreshes re-render PanelMain and below, never AppLayout (issue 8:
// a whole-layout render per refresh cost more than a frame).
export function Layout(p: LayoutProps) {
  const a = useActions();
  const phase = useCCP((s) => s.phase);
  const cfg = useCCP((s) => s.config);
  const problem = useCCP((s) => s.problem);
  const errors = useCCP((s) => s.errors);
  const region = useCCP((s) => s.region);
  const quit = useCCP((s) => s.quitRequest);
  const notice = useCCP((s) => s.notice);
  const [ui, setUIState] = useState<PanelUI>({ keypadOpen: false, transferOpen: false });
  const setUI = useCallback((u: Partial<PanelUI>) => setUIState((x) => ({ ...x, ...u })), []);
  const [showCCP, setShowCCP] = useState<boolean | null>(null);
  const [drawer, setDrawer] = useState<string | null>(null);
  const targets = useMemo(
    () => ({ toggleKeypad: () => setUIState((x) => ({ ...x, keypadOpen: !x.keypadOpen })), openTransfer: () => setUIState((x) => ({ ...x, transferOpen: true })) }),
    [],
  );
  useShortcuts(p.getState, a, targets);

  const ccpRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (ccpRef.current && (phase === 'connecting' || phase === 'ready' || phase === 'failed')) p.onCCPContainer(ccpRef.current);
  }, [phase, p]);

  const visibility = cfg?.ccpVisibility ?? 'side-by-side';
  const ccpShown = showCCP ?? visibility !== 'hidden';
  const panelShown = visibility !== 'visible' || showCCP === false;

  const flash: FlashbarProps.MessageDefinition[] = [
    ...errors.map((e) => ({
      id: String(e.at),
      type: 'error' as const,
      header: `${e.operation}: ${e.message}`,
      content: e.action,
      dismissible: true,
      onDismiss: () => a.dismissError(e.at),
    })),
    ...(notice ? [{ id: 'notice', type: 'info' as const, content: notice, dismissible: true, onDismiss: p.onDismissNotice }] : []),
    ...(problem && !problem.fatal && problem.kind === 'auth_fail'
      ? [{ id: 'auth', type: 'warning' as const, header: 'Your session ended', content: 'Sign in again to keep receiving contacts.', action: <Button onClick={p.onSignIn}>Sign in</Button> }]
      : []),
  ];

  const main = <PanelMain ui={ui} setUI={setUI} onRetry={p.onRetry} onSignIn={p.onSignIn} />;

  const drawers = [
    ...(p.simulator
      ? [{ id: 'simulator', content: <SimulatorDrawer api={p.simulator} />, trigger: { iconName: 'status-in-progress' as const }, ariaLabels: { drawerName: 'Simulator', triggerButton: 'Open the simulator', closeButton: 'Close the simulator' } }]
      : []),
    ...(cfg ? [{ id: 'settings', content: <div style={{ padding: 16 }}><SettingsPanel config={cfg} /></div>, trigger: { iconName: 'settings' as const }, ariaLabels: { drawerName: 'Settings', triggerButton: 'Open settings', closeButton: 'Close settings' } }] : []),
  ];

  return (
    <>
      <div className="ccpdesk-topbar">
        <SpaceBetween direction="horizontal" size="s" alignItems="center">
          <strong>ccpdesk</strong>
          {cfg?.sandbox && <Badge color="severity-medium">Sandbox</Badge>}
          <RegionBadge region={region} />
        </SpaceBetween>
        <LogsButton c={logsController} />
        <Button variant="inline-link" onClick={() => setShowCCP(!ccpShown)} data-testid="toggle-ccp">
          {ccpShown ? 'Hide CCP' : 'Show CCP'}
        </Button>
      </div>
      <AppLayout
        navigationHide
        toolsHide
        disableContentPaddings={false}
        notifications={flash.length ? <Flashbar items={flash} /> : undefined}
        drawers={drawers}
        activeDrawerId={drawer}
        onDrawerChange={({ detail }) => setDrawer(detail.activeDrawerId)}
        headerSelector=".ccpdesk-topbar"
        content={
          <>
            <FailoverBanner />
            <div className="ccpdesk-columns">
              {panelShown && <div className="ccpdesk-panel">{main}</div>}
              <div
                ref={ccpRef}
                data-testid="ccp-container"
                className={ccpShown ? 'ccpdesk-ccp' : 'ccpdesk-ccp ccpdesk-ccp-hidden'}
                aria-hidden={!ccpShown}
              />
            </div>
          </>
        }
      />
      {quit && <QuitConfirm activeContacts={quit.activeContacts} onQuit={p.onConfirmQuit} onCancel={p.onCancelQuit} />}
    </>
  );
}

/** The simulator drawer's content: subscribes to contacts itself (the drawer list must not change per refresh). */
function SimulatorDrawer({ api }: { api: SimulatorApi }) {
  const contacts = useCCP((s) => s.contacts);
  const region = useCCP((s) => s.region);
  return <SimulatorPanel api={api} contacts={contacts} region={region} />;
}

/** The panel column: agent status and the contact area, re-rendered on Streams' refreshes. */
const PanelMain = memo(function PanelMain({ ui, setUI, onRetry, onSignIn }: { ui: PanelUI; setUI(u: Partial<PanelUI>): void; onRetry(): void; onSignIn(): void }) {
  const a = useActions();
  const phase = useCCP((s) => s.phase);
  const cfg = useCCP((s) => s.config);
  const agent = useCCP((s) => s.agent);
  const problem = useCCP((s) => s.problem);
  const busy = useCCP((s) => Boolean(s.pending.state));
  const calling = useCCP((s) => Boolean(s.pending.call));
  const onSetState = useCallback((n: string) => void a.setState(n), [a]);
  const onCall = useCallback((n: string) => void a.call(n), [a]);
  let main: ReactNode;
  if (phase === 'loading' || phase === 'signing-in') {
    main = (
      <Box textAlign="center" padding="xxl" data-testid="starting">
        <Spinner size="large" />
        <Box variant="p">{phase === 'signing-in' ? 'Signing in to the sandbox…' : 'Starting…'}</Box>
      </Box>
    );
  } else if (problem && (problem.fatal || (problem.kind === 'ack_timeout' && !agent))) {
    main = <DiagnosticScreen {...diagnosticFor(problem, cfg, { retry: onRetry, signIn: onSignIn })} />;
  } else if (!agent) {
    main = (
      <Box textAlign="center" padding="xxl" data-testid="connecting">
        <Spinner size="large" />
        <Box variant="p">Connecting to the Contact Control Panel…</Box>
      </Box>
    );
  } else {
    main = (
      <SpaceBetween size="m">
        <AgentStatus
          agent={agent}
          busy={busy}
          calling={calling}
          onSetState={onSetState}
          onCall={onCall}
          onToggleMute={a.toggleMute}
        />
        <ContactPanel ui={ui} setUI={setUI} />
      </SpaceBetween>
    );
  }

  return main;
});
