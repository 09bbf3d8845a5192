import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useStore } from '../../state/store';
import { LoginController, type LoginState } from './controller';

const reasons: Record<string, { type: 'info' | 'warning' | 'error'; text: string }> = {
  auth_fail: { type: 'info', text: 'You are not signed in to Amazon Connect.' },
  retries_exhausted: { type: 'warning', text: 'The Contact Control Panel did not load. Signing in usually fixes it.' },
  ack_timeout: { type: 'warning', text: 'The Contact Control Panel is not answering. You may need to sign in.' },
  cancelled: { type: 'info', text: 'Sign-in cancelled.' },
  timeout: { type: 'warning', text: 'Sign-in took too long and was stopped.' },
  blocked: { type: 'error', text: 'Sign-in was stopped: the page went to a host that is not allowed.' },
  session_expired: { type: 'warning', text: 'Your Amazon Connect session ended. Sign in again: the panel comes back as it was.' },
  signed_out: { type: 'info', text: 'You signed out.' },
};

/** The sign-in screen (SSO mode): why the agent is signed out, and one button. */
export function SignInScreen({ login }: { login: LoginController }) {
  const st = useStore(login.store, (s) => s);
  const a = st.auth;
  const s = a?.session;
  const why = s?.reason ? reasons[s.reason] : undefined;
  const signingIn = s?.phase === 'signing-in';
  return (
    <div
      data-testid="signin-screen"
      role="dialog"
      aria-label="Sign in"
      style={{ position: 'fixed', inset: 0, zIndex: 1000, background: 'rgba(255,255,255,0.97)', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <div style={{ width: 'min(560px, 92vw)' }}>
        <Container header={<Header variant="h1">Sign in to Amazon Connect</Header>}>
          <SpaceBetween size="m">
            {why && (
              <Alert type={why.type} data-testid="signin-reason" header={why.text}>
                {s?.reason === 'blocked' && s.blockedHost ? `Blocked host: ${s.blockedHost}. ` : ''}
                {s?.message && s.reason !== 'blocked' && s.message !== why.text ? s.message : ''}
              </Alert>
            )}
            <Box>
              You sign in with your organisation’s identity provider
              {a?.loginHost ? (
                <>
                  {' '}
                  (<Box variant="code" display="inline">{a.loginHost}</Box>)
                </>
              ) : null}
              . The window shows its pages, then comes back here.
              {a?.usernameHint ? (
                <>
                  {' '}
                  Last signed in as <b data-testid="signin-hint">{a.usernameHint}</b>.
                </>
              ) : null}
            </Box>
            {st.error && <Alert type="error">{st.error}</Alert>}
            <SpaceBetween size="xs" direction="horizontal">
              <Button variant="primary" data-testid="signin-button" loading={signingIn || st.busy} onClick={() => void login.signIn()}>
                Sign in
              </Button>
              {signingIn && (
                <Button data-testid="signin-cancel" onClick={() => void login.cancel()}>
                  Cancel
                </Button>
              )}
            </SpaceBetween>
            {a && !a.keyring.available && (
              <Box variant="small" data-testid="keyring-off">
                OS keyring off ({a.keyring.reason || 'unavailable'}): ccpdesk remembers your username and identity provider only until it exits.
              </Box>
            )}
          </SpaceBetween>
        </Container>
      </div>
    </div>
  );
}

/** Session warning (12-hour limit) and the sign-out link, while signed in. */
export function SessionBar({ login }: { login: LoginController }) {
  const st = useStore(login.store, (s) => s);
  const s = st.auth?.session;
  if (st.mode !== 'sso' || s?.phase !== 'signed-in') return null;
  return (
    <div style={{ position: 'fixed', right: 12, bottom: 8, zIndex: 900, display: 'flex', gap: 12, alignItems: 'center' }}>
      {s.expiring && (
        <div data-testid="session-expiring">
          <Alert type="warning">{s.message}</Alert>
        </div>
      )}
      <Button variant="inline-link" data-testid="signout-button" loading={st.busy} onClick={() => void login.signOut()}>
        Sign out
      </Button>
    </div>
  );
}

/** The sign-in layer over the desk: the screen when signed out, the session bar when signed in. */
export function SignInLayer({ login }: { login: LoginController }) {
  const show = useStore(login.store, (s: LoginState) => LoginController.showScreen(s));
  return show ? <SignInScreen login={login} /> : <SessionBar login={login} />;
}
