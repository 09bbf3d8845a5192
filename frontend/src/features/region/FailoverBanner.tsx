import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import type { RegionContact, RegionInfo, RegionSnapshot } from '../../bridge/region';
import { useStore } from '../../state/store';
import { regionStore } from './state';

const ringing = (c: RegionContact) => c.state === 'connecting' || c.state === 'incoming';

function contactLine(c: RegionContact): string {
  const state = c.state === 'ended' ? 'after-contact work' : ringing(c) ? 'ringing' : (c.state ?? '');
  return state ? `${c.contactId} (${state})` : c.contactId;
}

/** What to check when Streams reports a Global Resiliency configuration error. */
export const configureErrorChecks = [
  'secondaryCCPUrl and loginUrl are both set in the configuration',
  'the two CCP URLs have different origins (one per instance)',
  'both instances are in the same traffic distribution group',
  'the agent is replicated to both instances',
  "ccpdesk's origin is approved on both instances",
];

export function FailoverBannerView({ snapshot, now = Date.now() }: { snapshot: RegionSnapshot | null; now?: number }) {
  if (!snapshot) return null;
  const target = snapshot.targetRegion ?? '';
  switch (snapshot.phase) {
    case 'failover_detected':
      return (
        <div data-testid="failover-banner" data-phase="detected">
          <Alert type="info" header={`Switching to ${target}`}>
            Your organisation is moving contact handling from {snapshot.activeRegion} to {target}. Keep working; nothing needs
            a reload.
          </Alert>
        </div>
      );
    case 'failover_pending': {
      const n = snapshot.waitingFor.length;
      return (
        <div data-testid="failover-banner" data-phase="pending">
          <Alert type="warning" header={`Moving to ${target} after ${n === 1 ? 'this contact' : n > 1 ? `these ${n} contacts` : 'your current contacts'}`}>
            Finish and clear your current {n === 1 ? 'contact' : 'contacts'} (after-contact work included); the panel then moves
            to {target} by itself.
            {snapshot.waitingFor.some(ringing) && (
              <Box variant="small" display="block">
                A ringing contact holds the move too, until you reject it, miss it, or accept and clear it.
              </Box>
            )}
            {n > 0 && (
              <Box variant="small" display="block">
                Waiting for: {snapshot.waitingFor.map(contactLine).join(', ')}
              </Box>
            )}
          </Alert>
        </div>
      );
    }
    case 'failover_completed': {
      const at = snapshot.completedAt ? new Date(snapshot.completedAt) : new Date(now);
      return (
        <div data-testid="failover-banner" data-phase="completed">
          <Alert type="success" header={`Now working in ${snapshot.activeRegion}`}>
            Failover completed at {at.toLocaleTimeString()}. Agent states and quick connects now come from {snapshot.activeRegion}; nothing was reloaded.
          </Alert>
        </div>
      );
    }
    case 'configure_error':
      return (
        <div data-testid="configure-error">
          <Alert type="error" header="Global Resiliency is not set up correctly">
            <Box variant="p">{snapshot.configureError?.message ?? 'Streams reported a configuration error.'}</Box>
            <AdminChecks checks={configureErrorChecks} />
          </Alert>
        </div>
      );
  }
  return null;
}

/** A list of what the administrator should check, under a guidance alert. */
function AdminChecks({ checks }: { checks: string[] }) {
  return (
    <>
      <Box variant="small" display="block">
        Ask your administrator to check that:
      </Box>
      <ul style={{ margin: '4px 0 0 0' }}>
        {checks.map((c) => (
          <li key={c}>
            <Box variant="small">{c}</Box>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What to check when a region's CCP does not answer the page (region.ProblemNoAnswer). */
export function noAnswerChecks(r: RegionInfo, appOrigin: string): string[] {
  return [
    `the ${r.region} instance lists ccpdesk's origin (${appOrigin}) in its approved origins — each instance of the pair has its own list`,
    `${r.ccpUrl || `the ${r.region} CCP URL`} opens from this computer (network, proxy, firewall)`,
    `the agent exists in ${r.region} too (replicated to both instances of the traffic distribution group)`,
    '`ccpdesk doctor` checks both CCP URLs and prints the origins to approve',
  ];
}

/** Guidance for each region whose CCP has not answered since the page started. */
export function RegionProblemsView({ snapshot, appOrigin }: { snapshot: RegionSnapshot | null; appOrigin: string }) {
  const silent = snapshot?.regions.filter((r) => r.health.problem === 'no_answer') ?? [];
  return (
    <>
      {silent.map((r) => (
        <div key={r.region} data-testid="region-guidance" data-region={r.region} data-status={r.health.status}>
          <Alert type={r.active ? 'error' : 'warning'} header={`The ${r.region}${r.role ? ` (${r.role})` : ''} CCP is not answering`}>
            <Box variant="p">
              {r.active
                ? 'The active CCP has not loaded, so contacts cannot reach you.'
                : `You keep working in ${snapshot?.activeRegion || 'the active region'}, but a failover to ${r.region} would leave you without a CCP.`}
            </Box>
            <AdminChecks checks={noAnswerChecks(r, appOrigin)} />
          </Alert>
        </div>
      ))}
    </>
  );
}

/** The banner above the panel, from the page's region store. */
export function FailoverBanner() {
  const snapshot = useStore(regionStore, (s) => s.snapshot);
  return (
    <>
      <FailoverBannerView snapshot={snapshot} />
      <RegionProblemsView snapshot={snapshot} appOrigin={location.origin} />
    </>
  );
}
