import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DiagnosticScreen } from '../../components/DiagnosticScreen';
import { diagnosticFor } from './Diagnostic';

const cfg = { sandbox: false, ccpUrl: 'https://x.my.connect.aws/ccp-v2/', secondaryCCPUrl: '', approvedOrigins: ['wails://wails', 'http://wails.localhost'] } as never;

describe('diagnostic screen', () => {
  it.each([
    ['ack_timeout', /did not answer/, /wails:\/\/wails, http:\/\/wails.localhost/],
    ['retries_exhausted', /after 10 attempts/, /ccpdesk doctor/],
    ['access_denied', /denied access/, /routing profile/],
    ['no-backend', /not running inside the ccpdesk app/, /wails dev/],
  ] as const)('%s explains what happened and what to do', (kind, summary, step) => {
    const retry = vi.fn();
    render(<DiagnosticScreen {...diagnosticFor({ kind, at: 0, fatal: true }, cfg, { retry, signIn: vi.fn() })} />);
    const text = screen.getByTestId('diagnostic').textContent ?? '';
    expect(text).toMatch(summary);
    expect(text).toMatch(step);
    expect(text).toContain('https://x.my.connect.aws/ccp-v2/');
    screen.getAllByRole('button')[0]!.click();
    expect(retry).toHaveBeenCalled();
  });
});
