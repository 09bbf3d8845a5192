import Badge from '@cloudscape-design/components/badge';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { HealthStatus, RegionInfo, RegionSnapshot } from '../../bridge/region';
import type { RegionView } from '../../connect/types';
import { useStore } from '../../state/store';
import { regionStore } from './state';

const healthType: Record<HealthStatus, StatusIndicatorProps.Type> = {
  healthy: 'success',
  degraded: 'warning',
  down: 'error',
  unknown: 'pending',
};

/** One region's health, e.g. "us-west-2 (secondary): healthy". */
export function RegionHealth({ r }: { r: RegionInfo }) {
  const noAnswer = r.health.problem === 'no_answer';
  const label = `${r.region}${r.role ? ` (${r.role})` : ''}: ${r.health.status}${noAnswer ? ', not answering' : ''}`;
  return (
    <span
      data-testid={`region-health-${r.region}`}
      data-status={r.health.status}
      data-problem={r.health.problem ?? ''}
      title={r.health.lastSeen ? `last sign of life ${new Date(r.health.lastSeen).toLocaleTimeString()}` : 'no sign of life yet'}
    >
      <StatusIndicator type={healthType[r.health.status] ?? 'pending'}>
        <span style={{ color: '#fff', fontSize: 12 }}>{label}</span>
      </StatusIndicator>
    </span>
  );
}

/** The badge from the tracker's snapshot: active region and both instances' health. */
export function RegionStatus({ snapshot }: { snapshot: RegionSnapshot }) {
  const gr = snapshot.regions.length > 1;
  const active = snapshot.activeRegion || 'region pending';
  return (
    <span data-testid="region" data-active={snapshot.activeRegion} data-phase={snapshot.phase}>
      <SpaceBetween direction="horizontal" size="xs" alignItems="center">
        <span data-testid="region-active">
          <Badge color={snapshot.phase === 'configure_error' ? 'red' : gr ? 'blue' : 'grey'}>
            {active}
            {snapshot.restored ? ' (last session)' : ''}
          </Badge>
        </span>
        {gr && snapshot.regions.map((r) => <RegionHealth key={r.region} r={r} />)}
      </SpaceBetween>
    </span>
  );
}

/** Topbar badge: the tracker's view when Go provides it, else what Streams reported. */
export function RegionBadge({ region }: { region: RegionView | null }) {
  const snapshot = useStore(regionStore, (s) => s.snapshot);
  if (snapshot && (snapshot.activeRegion || snapshot.regions.length > 0)) return <RegionStatus snapshot={snapshot} />;
  if (!region) return null;
  return (
    <span data-testid="region">
      <SpaceBetween direction="horizontal" size="xs" alignItems="center">
        <Badge color={region.enabled ? 'blue' : 'grey'}>{region.active ?? 'region pending'}</Badge>
        {region.enabled && <span style={{ fontSize: 12 }}>Global Resiliency ({region.regions.join(' ⇄ ')})</span>}
      </SpaceBetween>
    </span>
  );
}
