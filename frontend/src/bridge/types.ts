// Types of what Go sends; they mirror internal/bridge (ShellConfig) and internal/events.

export interface ContactAttributeLabel {
  key: string;
  label: string;
}

export interface ShellConfig {
  version: string;
  sandbox: boolean;
  selfTest: boolean;
  selfTestScenario: string;
  ccpUrl: string;
  secondaryCCPUrl: string;
  regions: string[];
  loginUrl: string;
  ccpVisibility: 'visible' | 'hidden' | 'side-by-side';
  ccpLoadTimeoutMs: number;
  softphone: {
    enabled: boolean;
    disableRingtone: boolean;
    ringtoneUrl: string;
    disableEchoCancellation: boolean;
    mode: SoftphoneMode;
    vdiPlatform: VDIPlatform | '';
  };
  contactAttributes: ContactAttributeLabel[];
  shell: 'bundled' | 'hosted';
  hostedShellUrl: string;
  approvedOrigins: string[];
  /** --browser-only (wails dev): the native window stays idle; browser tabs run the app. */
  browserOnly?: boolean;
  /** Resolved softphone mode (internal/vdi Plan): pass media.softphone to initCCP as params.softphone. */
  media: SoftphonePlan;
  /** VDI detection at start (diagnostics); null when not run. */
  vdi: VDIDetection | null;
}

export type SoftphoneMode = 'standard' | 'signalling' | 'media';
export type VDIPlatform = 'CITRIX' | 'CITRIX_413' | 'AWS_WORKSPACE' | 'OMNISSA' | 'AZURE';

/** initCCP's params.softphone, field for field (internal/vdi SoftphoneParams). */
export interface SoftphoneParams {
  allowFramedSoftphone: boolean;
  disableRingtone: boolean;
  ringtoneUrl?: string;
  disableEchoCancellation: boolean;
  VDIPlatform?: VDIPlatform;
}

export interface SoftphonePlan {
  mode: SoftphoneMode;
  softphone: SoftphoneParams;
  /** Media mode: show only the compact softphone window (features/media). */
  mediaOnly: boolean;
  notes: string[];
}

export interface VDIDetection {
  environment: string;
  inSession: boolean;
  suggestedVDIPlatform: VDIPlatform | '';
  candidates: string[];
  clients: string[];
  evidence: { vendor: string; kind: string; source: string; marker: string }[];
  notes: string[];
  probeErrors: string[] | null;
}

export interface SimContactRequest {
  channel: 'VOICE' | 'CHAT' | 'TASK';
  from?: string;
  queue?: string;
  attributes?: Record<string, string>;
  region?: string;
  callback?: boolean;
  name?: string;
}

export interface IncomingContactInfo {
  contactId: string;
  channel: string;
  caller: string;
  queue: string;
}

// Event names: keep in sync with internal/events/events.go.
export const Events = {
  SecondInstance: 'app:second-instance',
  QuitRequested: 'desktop:quit-requested',
  SandboxState: 'sandbox:state',
} as const;

export interface QuitRequest {
  activeContacts: number;
}
