import type { DiagnosticProps } from '../../components/DiagnosticScreen';
import { hintFor } from '../../connect/errors';
import type { Problem } from '../ccp/model';
import type { ShellConfig } from '../../bridge/types';

export interface DiagnosticActions {
  retry(): void;
  signIn?(): void;
}

/** Build the diagnostic screen for an init failure: what happened, and what to do next. */
export function diagnosticFor(p: Problem, cfg: ShellConfig | null, act: DiagnosticActions): DiagnosticProps {
  const origins = cfg?.approvedOrigins?.join(', ') ?? '';
  const facts = [
    { label: 'CCP URL', value: cfg?.ccpUrl ?? '' },
    ...(cfg?.secondaryCCPUrl ? [{ label: 'Secondary CCP URL', value: cfg.secondaryCCPUrl }] : []),
    { label: 'This app’s origin', value: typeof location !== 'undefined' ? `${location.protocol}//${location.host}` : '' },
    { label: 'Origins to approve', value: origins },
    { label: 'Mode', value: cfg?.sandbox ? 'sandbox (ccpsim)' : 'instance' },
  ];
  const actions: DiagnosticProps['actions'] = [{ label: 'Retry', onClick: act.retry, primary: true }];
  if (act.signIn) actions.push({ label: cfg?.sandbox ? 'Sign in to the sandbox again' : 'Sign in', onClick: act.signIn });
  const hint = hintFor(p.kind);
  switch (p.kind) {
    case 'no-backend':
      return {
        title: 'ccpdesk cannot reach its backend',
        summary: 'This page is not running inside the ccpdesk app (or the app refused this origin).',
        steps: [
          'Start ccpdesk itself, or `wails dev` and open http://localhost:34115.',
          'For a hosted shell: check that hostedShellUrl in the configuration is exactly this page’s origin.',
          `Detail: ${p.detail ?? 'none'}`,
        ],
        facts,
        severity: 'error',
        actions: [{ label: 'Reload', onClick: act.retry, primary: true }],
      };
    case 'ack_timeout':
    case 'retries_exhausted':
      return {
        title: p.kind === 'ack_timeout' ? 'Still connecting to the Contact Control Panel…' : 'The Contact Control Panel did not load',
        summary: hint?.message ?? 'The CCP did not answer.',
        steps: [
          cfg?.sandbox ? 'Sign in to the sandbox again (button below).' : 'Sign in: the CCP shows its sign-in page when you are signed out (visible CCP area).',
          `Make sure the instance approves this app’s origin: ${origins}. Run \`ccpdesk doctor\` to print the exact origins.`,
          'Check the CCP URL in the configuration and your network connection (VPN, proxy).',
          p.kind === 'ack_timeout' ? 'ccpdesk keeps retrying for up to 10 attempts.' : 'Press Retry to start over.',
        ],
        facts,
        severity: p.kind === 'ack_timeout' ? 'warning' : 'error',
        actions,
      };
    default:
      return {
        title: 'The Contact Control Panel reported a problem',
        summary: hint?.message ?? p.kind,
        steps: [hint?.action ?? 'Retry.', ...(p.detail ? [`Detail: ${p.detail}`] : [])],
        facts,
        severity: 'error',
        actions,
      };
  }
}
