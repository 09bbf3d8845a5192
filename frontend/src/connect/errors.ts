import type { CCPError } from './types';

// Streams API failures reach the caller as a JSON string {type, message, statusCode,
// retryStatus} (src/client.js _formatCallError), sometimes as an Error, sometimes as a
// plain string ('error' for accept). This turns any of them into a readable CCPError.

interface Hint {
  message: string;
  action: string;
}

const HINTS: Record<string, Hint> = {
  InvalidStateException: {
    message: 'The contact or agent is no longer in a state that allows this.',
    action: 'Wait a second for the panel to refresh, then try again.',
  },
  AccessDeniedException: {
    message: 'Your security profile does not allow this action.',
    action: 'Ask your Amazon Connect administrator for the permission.',
  },
  UnauthorizedException: {
    message: 'Your session with Amazon Connect has expired.',
    action: 'Sign in again.',
  },
  RefreshTokenExpiredException: {
    message: 'Your session with Amazon Connect has expired.',
    action: 'Sign in again.',
  },
  BadEndpointException: {
    message: 'The number or quick connect cannot be reached.',
    action: 'Check the number (with country code, e.g. +1…) or pick another quick connect.',
  },
  InvalidConfigurationException: {
    message: 'Your Amazon Connect agent configuration is incomplete.',
    action: 'Ask your administrator to check your routing profile and phone settings.',
  },
  QuotaExceededException: {
    message: 'Amazon Connect refused the request: a limit was reached.',
    action: 'Finish another contact first, or ask your administrator about the limit.',
  },
  SendDataFailedException: {
    message: 'The request could not be sent to Amazon Connect.',
    action: 'Check your network connection and try again.',
  },
  // Softphone errors (connect.SoftphoneErrorTypes)
  microphone_not_shared: {
    message: 'The softphone cannot use your microphone.',
    action: 'Allow microphone access for ccpdesk in your system settings, then restart the app.',
  },
  unsupported_browser: { message: 'This system cannot run the softphone.', action: 'Use a desk phone (set it in the CCP).' },
  signalling_connection_failure: {
    message: 'The softphone lost its connection to Amazon Connect.',
    action: 'Check your network; the call may need to be redialled.',
  },
  signalling_handshake_failure: {
    message: 'The softphone could not set up the call.',
    action: 'Check your network and firewall (UDP 3478) and try again.',
  },
  ice_collection_timeout: {
    message: 'The softphone could not find a network path for audio.',
    action: 'Check your network and firewall (UDP 3478) and try again.',
  },
  user_busy_error: { message: 'The softphone is already in use in another window.', action: 'Close the other CCP window.' },
  webrtc_error: { message: 'The softphone failed (WebRTC error).', action: 'Restart the app; if it persists, use a desk phone.' },
  realtime_communication_error: {
    message: 'The softphone could not connect the call audio.',
    action: 'Check your network and microphone, then try again.',
  },
  // Initialisation problems (the diagnostic screen)
  ack_timeout: {
    message: 'The Contact Control Panel did not answer.',
    action: 'You may need to sign in, or this app’s origin is not approved for the instance (run `ccpdesk doctor`).',
  },
  retries_exhausted: {
    message: 'The Contact Control Panel could not be loaded after 10 attempts.',
    action: 'Check the CCP URL, your network, sign-in, and the approved origins, then retry.',
  },
  auth_fail: { message: 'Amazon Connect rejected your session.', action: 'Sign in again.' },
  access_denied: {
    message: 'Amazon Connect denied access to the CCP.',
    action: 'Check that your user is an agent with a routing profile and a security profile that allows the CCP.',
  },
  gr_configure_error: {
    message: 'Global Resiliency could not be configured.',
    action: 'Check secondaryCCPUrl and loginUrl in the configuration (`ccpdesk doctor`).',
  },
};

export function hintFor(code: string): Hint | undefined {
  return HINTS[code];
}

/** Parse whatever Streams gave a failure callback into a CCPError. */
export function toCCPError(operation: string, raw: unknown, now: number = Date.now()): CCPError {
  let code = 'Error';
  let detail = '';
  let obj: unknown = raw;
  if (typeof raw === 'string') {
    try {
      obj = JSON.parse(raw);
    } catch {
      obj = undefined;
      if (raw === 'error') {
        code = 'InvalidStateException';
      } else {
        detail = raw;
      }
    }
  }
  if (obj && typeof obj === 'object') {
    const o = obj as Record<string, unknown>;
    if (typeof o.type === 'string') code = o.type;
    else if (typeof o.errorType === 'string') code = o.errorType;
    else if (typeof o.name === 'string' && o.name !== 'Error') code = o.name;
    if (typeof o.message === 'string') detail = o.message;
    else if (typeof o.errorMessage === 'string') detail = o.errorMessage;
    if (o.statusCode === 401 && code === 'Error') code = 'UnauthorizedException';
  }
  const hint = HINTS[code];
  const message = hint ? hint.message + (detail && !hint.message.includes(detail) ? ` (${detail})` : '') : detail || `${operation} failed.`;
  return {
    code,
    operation,
    message,
    action: hint?.action ?? 'Try again. If it keeps failing, reload the app (Ctrl+R) and tell your supervisor.',
    at: now,
  };
}
