// The time range of a support bundle, as the Logs view edits it (local date and time fields)
// and as the Export binding takes it (internal/bridge/logs.go parseRange: RFC 3339, a local
// date YYYY-MM-DD — a "to" date includes that whole day —, or "" for unbounded).

export interface ExportRange {
  fromDate: string; // YYYY-MM-DD, "" = from the oldest record kept
  fromTime: string; // HH:mm, "" = start of fromDate
  toDate: string; // YYYY-MM-DD, "" = until now
  toTime: string; // HH:mm, "" = end of toDate
}

export const EVERYTHING: ExportRange = { fromDate: '', fromTime: '', toDate: '', toTime: '' };

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** The default: from 24 hours before now, until now (open end: what arrives while exporting is included). */
export function last24Hours(now: Date = new Date()): ExportRange {
  const from = new Date(now.getTime() - 24 * 3600_000);
  return { fromDate: localDate(from), fromTime: localTime(from), toDate: '', toTime: '' };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One end as the binding takes it, or an error message. */
function end(date: string, time: string, which: 'start' | 'end'): string | { error: string } {
  date = date.trim();
  time = time.trim();
  if (!date) return time ? { error: `Pick the ${which} date too, or clear the time.` } : '';
  if (!DATE.test(date) || Number.isNaN(new Date(`${date}T00:00`).getTime())) return { error: `The ${which} date must be YYYY-MM-DD.` };
  if (!time) return date; // Go reads a date in local time; a "to" date includes the whole day
  if (!TIME.test(time)) return { error: `The ${which} time must be HH:MM.` };
  return new Date(`${date}T${time}`).toISOString(); // local wall time → RFC 3339 (UTC)
}

/** The binding's from/to for a range, or why the range is not valid. */
export function rangeArgs(r: ExportRange): { from: string; to: string } | { error: string } {
  const from = end(r.fromDate, r.fromTime, 'start');
  if (typeof from !== 'string') return from;
  const to = end(r.toDate, r.toTime, 'end');
  if (typeof to !== 'string') return to;
  if (from && to && bound(from, false) > bound(to, true)) return { error: 'The end of the range is before its start.' };
  return { from, to };
}

/** An end's instant for comparison (a date alone: its first or last moment, local time). */
function bound(v: string, isTo: boolean): number {
  if (DATE.test(v)) return new Date(`${v}T${isTo ? '23:59:59.999' : '00:00'}`).getTime();
  return new Date(v).getTime();
}

/** Says in words what will be exported. */
export function describeRange(r: ExportRange): string {
  const from = r.fromDate ? `${r.fromDate}${r.fromTime ? ' ' + r.fromTime : ''}` : 'the oldest record kept (7 days)';
  const to = r.toDate ? `${r.toDate}${r.toTime ? ' ' + r.toTime : ' (whole day)'}` : 'now';
  return `From ${from} to ${to}.`;
}
