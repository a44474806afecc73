import { RUN_LIST_COLUMNS, runListCells, type RunListEntry } from './run-list';
import { runReportRows, type RunReport } from './run-report';

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n');
}

/** `report --list --csv`: a header row, then one row per run. */
export function runListCsv(entries: readonly RunListEntry[]): string {
  return csv([[...RUN_LIST_COLUMNS], ...entries.map(runListCells)]);
}

/** `report --run … --csv`: `metric,value` rows, the same rows as the text report ('' for unknown). */
export function runReportCsv(report: RunReport): string {
  return csv([['metric', 'value'], ...runReportRows(report).map(([k, v]) => [k.trim(), v === '-' ? '' : v])]);
}
