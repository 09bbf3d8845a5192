import Box from '@cloudscape-design/components/box';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ShellConfig } from '../../bridge/types';
import { SHORTCUT_HELP } from '../shortcuts/shortcuts';
import { softphoneModeSummary, vdiSummary } from './vdi';

/** Read-only view of the effective configuration and the keyboard shortcuts. */
export function SettingsPanel({ config }: { config: ShellConfig }) {
  return (
    <SpaceBetween size="m">
      <ExpandableSection headerText="Keyboard shortcuts" defaultExpanded>
        <table style={{ borderCollapse: 'collapse' }} data-testid="shortcuts">
          <tbody>
            {SHORTCUT_HELP.map((s) => (
              <tr key={s.keys}>
                <td style={{ paddingRight: 12 }}>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ExpandableSection>
      <ExpandableSection headerText="Configuration">
        <KeyValuePairs
          columns={1}
          items={[
            { label: 'Mode', value: config.sandbox ? 'Sandbox (built-in ccpsim)' : 'Amazon Connect instance' },
            { label: 'CCP URL', value: config.ccpUrl },
            { label: 'Secondary CCP URL', value: config.secondaryCCPUrl || '—' },
            { label: 'Regions', value: config.regions.join(', ') || '—' },
            { label: 'CCP visibility', value: config.ccpVisibility },
            { label: 'Shell', value: config.shell + (config.hostedShellUrl ? ` (${config.hostedShellUrl})` : '') },
            { label: 'Softphone', value: config.softphone.enabled ? 'embedded' : 'off (desk phone)' },
            { label: 'Softphone mode', value: config.media ? softphoneModeSummary(config.media) : '—' },
            { label: 'VDI detected', value: vdiSummary(config.vdi ?? null) },
            { label: 'Approved origins needed', value: config.approvedOrigins.join(', ') },
            { label: 'Version', value: config.version },
          ]}
        />
        <Box variant="small">Edit the configuration file (see docs/configuration.md) and restart; run `ccpdesk doctor` to check it.</Box>
      </ExpandableSection>
    </SpaceBetween>
  );
}
