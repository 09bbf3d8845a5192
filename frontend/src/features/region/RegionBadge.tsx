import Badge from '@cloudscape-design/components/badge';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { RegionView } from '../../connect/types';

export function RegionBadge({ region }: { region: RegionView | null }) {
  if (!region) return null;
  return (
    <span data-testid="region">
      <SpaceBetween direction="horizontal" size="xs" alignItems="center">
        <Badge color={region.enabled ? 'blue' : 'grey'}>{region.active ?? 'region pending'}</Badge>
        {region.enabled && <span style={{ fontSize: 12 }}>Global Resiliency ({region.regions.join(' ⇄ ')})</span>}
        {region.failoverPending && (
          <StatusIndicator type="pending" colorOverride="yellow">
            <span style={{ color: '#fbd332' }}>Failover to {region.failoverPending} after your active contacts end</span>
          </StatusIndicator>
        )}
        {!region.failoverPending && region.lastFailover && (
          <StatusIndicator type="info" colorOverride="blue">
            <span style={{ color: '#ffffff' }}>Failed over to {region.lastFailover.to}</span>
          </StatusIndicator>
        )}
      </SpaceBetween>
    </span>
  );
}
