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
  softphone: { enabled: boolean; disableRingtone: boolean; ringtoneUrl: string; disableEchoCancellation: boolean };
  contactAttributes: ContactAttributeLabel[];
  shell: 'bundled' | 'hosted';
  hostedShellUrl: string;
  approvedOrigins: string[];
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
