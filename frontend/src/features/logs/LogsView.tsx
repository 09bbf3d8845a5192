import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import TimeInput from '@cloudscape-design/components/time-input';
import type { Timeline, TimelineView } from '../../bridge/logs';
import { useStore } from '../../state/store';
import { describeRange } from './range';
import type { LogsController } from './state';

const time = (s?: string) => (s ? new Date(s).toLocaleTimeString() : '');
const ms = (n: number) => (n < 0 ? '—' : `${Math.round(n)} ms`);

/** An SVG chart from logparse, shown as an image (no script can run in it). */
function Chart({ name, svg }: { name: string; svg: string }) {
  const titles: Record<string, string> = { 'skew.svg': 'Clock skew', 'api-latency.svg': 'API latency', 'agent-states.svg': 'Agent states' };
  return (
    <figure style={{ margin: 0 }} data-testid={`chart-${name}`}>
      <figcaption>
        <Box variant="h4">{titles[name] ?? name}</Box>
      </figcaption>
      <img alt={titles[name] ?? name} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} style={{ width: '100%', maxWidth: 960 }} />
    </figure>
  );
}

export function TimelineSummary({ tl }: { tl: Timeline }) {
  return (
    <ColumnLayout columns={4} variant="text-grid">
      <div>
        <Box variant="awsui-key-label">Entries</Box>
        <div data-testid="logs-entries">{tl.entries}</div>
      </div>
      <div>
        <Box variant="awsui-key-label">Span</Box>
        <div>
          {time(tl.start)} – {time(tl.end)}
        </div>
      </div>
      <div>
        <Box variant="awsui-key-label">Errors</Box>
        <div>{tl.errorCount}</div>
      </div>
      <div>
        <Box variant="awsui-key-label">Clock skew</Box>
        <div>
          {tl.skew.samples ? `${Math.round(tl.skew.meanMs)} ms mean, ${Math.round(tl.skew.maxAbsMs)} ms max` : '—'}
          {tl.skew.warning && <Box color="text-status-warning">{tl.skew.warning}</Box>}
        </div>
      </div>
    </ColumnLayout>
  );
}

export function TimelineDetails({ view }: { view: TimelineView }) {
  const tl = view.timeline;
  if (!tl) return null;
  const charts = Object.entries(view.charts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <SpaceBetween size="l">
      <TimelineSummary tl={tl} />
      {tl.problemCount > 0 && (
        <Alert type="warning" header={`${tl.problemCount} damaged part(s) skipped`}>
          {tl.problems.slice(0, 5).map((p) => `${p.file} @${p.offset}: ${p.message}`).join('; ')}
        </Alert>
      )}
      {tl.softphoneErrors.length > 0 && (
        <div data-testid="logs-softphone">
          <Table
            variant="embedded"
            header={<Header variant="h3">Softphone errors</Header>}
            items={tl.softphoneErrors}
            columnDefinitions={[
              { id: 't', header: 'Time', cell: (e) => time(e.time) },
              { id: 'type', header: 'Error', cell: (e) => e.type },
              { id: 'cause', header: 'Likely cause', cell: (e) => e.cause },
              { id: 'remedy', header: 'Remedy', cell: (e) => e.remedy },
            ]}
          />
        </div>
      )}
      <div data-testid="logs-agent-states">
        <Table
          variant="embedded"
          header={<Header variant="h3" counter={`(${tl.agentStates.length})`}>Agent states</Header>}
          items={tl.agentStates.slice(-50)}
          empty="No agent snapshots in these logs."
          columnDefinitions={[
            { id: 't', header: 'Time', cell: (s) => time(s.time) },
            { id: 'region', header: 'Region', cell: (s) => s.region ?? '' },
            { id: 'name', header: 'State', cell: (s) => s.name },
            { id: 'type', header: 'Type', cell: (s) => s.type ?? '' },
          ]}
        />
      </div>
      <div data-testid="logs-api">
        <Table
          variant="embedded"
          header={<Header variant="h3" counter={`(${tl.api.length})`}>API calls</Header>}
          items={tl.api}
          empty="No API calls in these logs."
          columnDefinitions={[
            { id: 'op', header: 'Operation', cell: (a) => a.op },
            { id: 'n', header: 'Calls', cell: (a) => a.count },
            { id: 'f', header: 'Failures', cell: (a) => (a.failures ? <Box color="text-status-error">{a.failures}</Box> : 0) },
            { id: 'p50', header: 'p50', cell: (a) => ms(a.p50Ms) },
            { id: 'p95', header: 'p95', cell: (a) => ms(a.p95Ms) },
            { id: 'max', header: 'max', cell: (a) => ms(a.maxMs) },
          ]}
        />
      </div>
      {tl.apiFailures.length > 0 && (
        <ExpandableSection headerText={`Failed API calls (${tl.apiFailures.length})`}>
          <ul>
            {tl.apiFailures.slice(0, 50).map((f, i) => (
              <li key={i}>
                {time(f.time)} {f.region} {f.op}: {f.error}
              </li>
            ))}
          </ul>
        </ExpandableSection>
      )}
      <div data-testid="logs-contacts">
        <Table
          variant="embedded"
          header={<Header variant="h3" counter={`(${tl.contacts.length})`}>Contacts</Header>}
          items={tl.contacts.slice(-50)}
          empty="No contacts in these logs."
          columnDefinitions={[
            { id: 'id', header: 'Contact', cell: (c) => c.contactId },
            { id: 'type', header: 'Channel', cell: (c) => c.type ?? '' },
            { id: 'region', header: 'Region', cell: (c) => c.region ?? '' },
            { id: 'states', header: 'States', cell: (c) => c.states.map((s) => `${time(s.time)} ${s.state}`).join(' → ') },
          ]}
        />
      </div>
      {(tl.snapshotGaps.length > 0 || tl.logGaps.length > 0) && (
        <Container header={<Header variant="h3">Gaps</Header>}>
          <ul data-testid="logs-gaps">
            {tl.snapshotGaps.map((g, i) => (
              <li key={`s${i}`}>
                {time(g.from)} – {time(g.to)} {g.region}: no agent snapshot for {Math.round(g.seconds)} s
              </li>
            ))}
            {tl.logGaps.map((g, i) => (
              <li key={`l${i}`}>{g.text}</li>
            ))}
          </ul>
        </Container>
      )}
      {charts.length > 0 && (
        <SpaceBetween size="m">
          {charts.map(([name, svg]) => (
            <Chart key={name} name={name} svg={svg} />
          ))}
        </SpaceBetween>
      )}
      {tl.errors.length > 0 && (
        <ExpandableSection headerText={`Error lines (${tl.errorCount})`}>
          <ul>
            {tl.errors.slice(0, 100).map((e, i) => (
              <li key={i}>
                {time(e.time)} {e.region} {e.level}: {e.text}
              </li>
            ))}
          </ul>
        </ExpandableSection>
      )}
    </SpaceBetween>
  );
}

/** The support bundle's time range and the export button. */
function ExportForm({ c }: { c: LogsController }) {
  const r = useStore(c.store, (x) => x.range);
  const loading = useStore(c.store, (x) => x.loading);
  const end = (which: 'from' | 'to', label: string) => (
    <FormField label={label}>
      <SpaceBetween direction="horizontal" size="xxs">
        <div data-testid={`logs-range-${which}-date`}>
          <DatePicker
            value={which === 'from' ? r.fromDate : r.toDate}
            onChange={({ detail }) => c.setRange(which === 'from' ? { fromDate: detail.value } : { toDate: detail.value })}
            placeholder="YYYY/MM/DD"
            ariaLabel={`${label} date`}
            openCalendarAriaLabel={(d) => `${label} date${d ? `, ${d}` : ''}`}
          />
        </div>
        <div data-testid={`logs-range-${which}-time`} style={{ width: 90 }}>
          <TimeInput
            value={which === 'from' ? r.fromTime : r.toTime}
            onChange={({ detail }) => c.setRange(which === 'from' ? { fromTime: detail.value } : { toTime: detail.value })}
            format="hh:mm"
            placeholder="hh:mm"
            ariaLabel={`${label} time`}
          />
        </div>
      </SpaceBetween>
    </FormField>
  );
  return (
    <Container header={<Header variant="h3" description="Default: the last 24 hours. Empty fields are open ends: no start is everything kept (7 days), no end is until now.">Support bundle</Header>}>
      <SpaceBetween size="s">
        <SpaceBetween direction="horizontal" size="l" alignItems="end">
          {end('from', 'From')}
          {end('to', 'To')}
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={c.rangeLast24Hours} data-testid="logs-range-24h">
              Last 24 hours
            </Button>
            <Button onClick={c.rangeEverything} data-testid="logs-range-all">
              Everything
            </Button>
            <Button onClick={() => void c.exportRange()} data-testid="logs-export" disabled={loading} iconName="download" variant="primary">
              Export for support…
            </Button>
          </SpaceBetween>
        </SpaceBetween>
        <Box variant="small" color="text-body-secondary" data-testid="logs-range-text">
          {describeRange(r)} Times are this computer's local time.
        </Box>
      </SpaceBetween>
    </Container>
  );
}

/** Records the shipper saw Go drop: full disk, failed write or fsync. */
function StoreProblem({ c }: { c: LogsController }) {
  const why = useStore(c.store, (x) => x.storeError);
  const full = useStore(c.store, (x) => x.diskFull);
  const n = useStore(c.store, (x) => x.storeDropped);
  if (!why && n === 0) return null;
  const header = full ? `Disk full — ${n} log records dropped` : why ? `Logs cannot be stored (${why}) — ${n} log records dropped` : `${n} log records were dropped (full disk or a failed write)`;
  return (
    <Alert type={why ? 'error' : 'warning'} header={header} data-testid="logs-store-problem">
      {full ? 'Free some disk space: capture resumes by itself, and the log records the gap.' : why ? 'Capture resumes by itself once writing works again; the log records the gap.' : 'Capture has resumed; the log records the gap.'}
    </Alert>
  );
}

export function LogsView({ c }: { c: LogsController }) {
  const s = useStore(c.store, (x) => x);
  return (
    <Modal
      visible={s.open}
      onDismiss={c.close}
      size="max"
      header={<Header variant="h2" description={s.view?.source && s.view.source !== 'today' ? s.view.source : "Today's logs of this computer"}>Logs</Header>}
      footer={
        <Box float="right">
          <Button onClick={c.close}>Close</Button>
        </Box>
      }
    >
      <div data-testid="logs-view">
        <SpaceBetween size="m">
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => void c.today()} data-testid="logs-today" disabled={s.loading}>
              Today
            </Button>
            <Button onClick={() => void c.openFile()} data-testid="logs-open" disabled={s.loading}>
              Open a log file…
            </Button>
          </SpaceBetween>
          <ExportForm c={c} />
          <StoreProblem c={c} />
          {s.exported && (
            <Alert type="success" dismissible onDismiss={() => c.store.set({ exported: null })}>
              Support bundle saved to <span data-testid="logs-exported">{s.exported}</span>
            </Alert>
          )}
          {s.error && (
            <Alert type="error" data-testid="logs-error">
              {s.error}
            </Alert>
          )}
          {s.loading && <Spinner />}
          {s.view && <TimelineDetails view={s.view} />}
          {s.diagnostics?.off && (
            <Alert type="error" header="Log capture is off" data-testid="logs-capture-off">
              {s.diagnostics.off}
            </Alert>
          )}
          {s.diagnostics && (
            <Box variant="small" color="text-body-secondary" data-testid="logs-diagnostics">
              Logs in {s.diagnostics.dir}; {s.diagnostics.stats.Written} records written, {s.diagnostics.stats.Dropped} dropped.
              Redaction key: {s.diagnostics.keySource}. Encryption at rest: {s.diagnostics.encryption}.
            </Box>
          )}
        </SpaceBetween>
      </div>
    </Modal>
  );
}

/** Topbar button opening the Logs view. */
export function LogsButton({ c }: { c: LogsController }) {
  return (
    <>
      <Button variant="inline-link" onClick={c.open} data-testid="open-logs">
        <span style={{ color: '#fff' }}>Logs</span>
      </Button>
      <LogsView c={c} />
    </>
  );
}
