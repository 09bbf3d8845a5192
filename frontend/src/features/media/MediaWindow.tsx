// Media mode (docs/vdi.md): the local desktop copy of ccpdesk for an agent whose contact panel runs
// in a VDI (signalling mode). This window only hosts the softphone: the CCP runs here with
// allowFramedSoftphone true; it shows the agent, the call's audio state, the microphones and a level.
import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useEffect, useMemo, useRef, useState } from 'react';
import { DiagnosticScreen } from '../../components/DiagnosticScreen';
import { frameMicrophones, setSoftphoneMicrophone } from '../../connect/media';
import { useCCP } from '../ccp/context';
import { QuitConfirm } from '../desktop/QuitConfirm';
import { diagnosticFor } from '../login/Diagnostic';
import { callAudio, type CallAudioKind } from './audio';
import { useMicrophones, windowMicrophones, type MicSources } from './devices';
import { useMicLevel, type AudioDeps } from './level';
import './media.css';

export interface MediaDeps {
  mics: MicSources;
  /** Hands a CCP-frame device id to the softphone. */
  selectSoftphoneMic(deviceId: string): void;
  audio?: AudioDeps;
}

const defaultDeps: MediaDeps = {
  mics: { frame: () => frameMicrophones(), window: () => windowMicrophones() },
  selectSoftphoneMic: (id) => setSoftphoneMicrophone(id),
};

export interface MediaWindowProps {
  onCCPContainer(el: HTMLDivElement): void;
  onRetry(): void;
  onSignIn(): void;
  onConfirmQuit(): void;
  onCancelQuit(): void;
  deps?: MediaDeps;
}

const audioColor: Record<CallAudioKind, 'grey' | 'blue' | 'green' | 'red' | 'severity-medium'> = {
  none: 'grey',
  ringing: 'blue',
  dialing: 'blue',
  connected: 'green',
  hold: 'severity-medium',
  muted: 'red',
  ended: 'grey',
};

export function MediaWindow({ deps = defaultDeps, ...p }: MediaWindowProps) {
  const phase = useCCP((s) => s.phase);
  const cfg = useCCP((s) => s.config);
  const agent = useCCP((s) => s.agent);
  const contacts = useCCP((s) => s.contacts);
  const problem = useCCP((s) => s.problem);
  const quit = useCCP((s) => s.quitRequest);
  const [showCCP, setShowCCP] = useState(false);

  const ccpRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (ccpRef.current && (phase === 'connecting' || phase === 'ready' || phase === 'failed')) p.onCCPContainer(ccpRef.current);
  }, [phase, p]);

  const ready = phase === 'ready' && Boolean(agent);
  const mics = useMicrophones(deps.mics, ready);
  const [micId, setMicId] = useState<string | null>(null);
  const selected = mics.devices.find((d) => d.deviceId === micId) ?? null;
  const windowMic = selected?.source === 'window' ? selected.deviceId : null;
  const level = useMicLevel(ready, windowMic, deps.audio);
  const audio = useMemo(() => callAudio(agent, contacts), [agent, contacts]);

  let body;
  if (problem && (problem.fatal || (problem.kind === 'ack_timeout' && !agent))) {
    body = <DiagnosticScreen {...diagnosticFor(problem, cfg, { retry: p.onRetry, signIn: p.onSignIn })} />;
  } else if (!ready) {
    body = (
      <Box textAlign="center" padding="l" data-testid="media-starting">
        <Spinner size="large" />
        <Box variant="p">{phase === 'signing-in' ? 'Signing in…' : 'Connecting the softphone to Amazon Connect…'}</Box>
      </Box>
    );
  } else {
    body = (
      <SpaceBetween size="m">
        <Container header={<Header variant="h3">Agent</Header>}>
          <SpaceBetween direction="horizontal" size="s" alignItems="center">
            <strong data-testid="media-agent">{agent!.name || agent!.username}</strong>
            <Badge color={agent!.state.type === 'routable' ? 'green' : agent!.state.type === 'error' ? 'red' : 'grey'}>
              <span data-testid="media-agent-state">{agent!.state.name}</span>
            </Badge>
          </SpaceBetween>
        </Container>
        <Container header={<Header variant="h3">Call audio</Header>}>
          <SpaceBetween direction="horizontal" size="s" alignItems="center">
            <Badge color={audioColor[audio.kind]}>
              <span data-testid="media-call-audio" data-kind={audio.kind}>
                {audio.label}
              </span>
            </Badge>
            {audio.detail && <Box color="text-body-secondary">{audio.detail}</Box>}
          </SpaceBetween>
        </Container>
        <Container header={<Header variant="h3">Microphone</Header>}>
          <SpaceBetween size="s">
            {mics.status === 'loading' && <Box data-testid="media-mics-loading">Looking for microphones…</Box>}
            {mics.status === 'none' && (
              <Alert type="warning" header="No microphone" data-testid="media-no-mic" action={<Button onClick={mics.refresh}>Refresh</Button>}>
                {mics.note}
              </Alert>
            )}
            {mics.status === 'ready' && (
              <FormField label="Device" description={mics.note || 'The softphone uses the microphone chosen here.'} data-testid="media-mics">
                <Select
                  selectedOption={selected ? { value: selected.deviceId, label: selected.label } : null}
                  placeholder="Default microphone"
                  options={mics.devices.map((d) => ({ value: d.deviceId, label: d.label }))}
                  onChange={({ detail }) => {
                    const id = detail.selectedOption.value ?? null;
                    setMicId(id);
                    const d = mics.devices.find((x) => x.deviceId === id);
                    if (d?.source === 'ccp') deps.selectSoftphoneMic(d.deviceId);
                  }}
                  ariaLabel="Microphone"
                />
              </FormField>
            )}
            <FormField label="Level">
              {level.status === 'live' ? (
                <div className="ccpdesk-meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={level.level} data-testid="media-level">
                  <div className="ccpdesk-meter-fill" style={{ width: `${level.level}%` }} />
                </div>
              ) : (
                <Box color="text-body-secondary" data-testid="media-level-message">
                  {level.message || 'Level meter off.'}
                </Box>
              )}
            </FormField>
          </SpaceBetween>
        </Container>
      </SpaceBetween>
    );
  }

  return (
    <div className="ccpdesk-media" data-testid="media-window">
      <div className="ccpdesk-media-top">
        <SpaceBetween direction="horizontal" size="s" alignItems="center">
          <strong>ccpdesk</strong>
          <Badge color="blue">Media</Badge>
          {cfg?.sandbox && <Badge color="severity-medium">Sandbox</Badge>}
        </SpaceBetween>
        <Button variant="inline-link" onClick={() => setShowCCP(!showCCP)} data-testid="toggle-ccp">
          {showCCP ? 'Hide CCP' : 'Show CCP'}
        </Button>
      </div>
      <Box variant="small" color="text-body-secondary">
        This window plays the call audio for the agent. Handle contacts in the ccpdesk window in your virtual desktop.
      </Box>
      <div style={{ marginTop: 12 }}>{body}</div>
      <div
        ref={ccpRef}
        data-testid="ccp-container"
        className={showCCP ? 'ccpdesk-ccp ccpdesk-media-ccp' : 'ccpdesk-ccp ccpdesk-ccp-hidden'}
        aria-hidden={!showCCP}
      />
      {quit && <QuitConfirm activeContacts={quit.activeContacts} onQuit={p.onConfirmQuit} onCancel={p.onCancelQuit} />}
    </div>
  );
}
