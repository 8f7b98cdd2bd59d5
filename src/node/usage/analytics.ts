// The read side of usage, one import for the service and the benchmark.
export { usageSummary, usageSummaryBetween, NO_TARGET } from './usage-summary';
export { csvExport, exportCsv, csvLines, csvField, daysWindow, datesWindow, CSV_COLUMNS, CSV_EXPORT_MAX_ROWS, type CsvExport, type CsvWindow } from './csv-export';
export { lastRowId, whatIf } from './what-if';
export { alerts, type AlertProfile, type SpendSource } from './alerts';
export { credits, type CreditsProfile, type CreditsSource } from './credits';
export { parseDays, parseRange, MAX_USAGE_DAYS, type UsageRange } from './days-param';
