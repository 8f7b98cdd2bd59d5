// The sentence under the Usage totals when the range reaches past what the request log keeps: retention prunes
// single requests (the CSV export's lines, the refusal reasons) but never the daily totals the cards count.
import type { UsageSummary } from '../../../shared/types';

/** null when the log holds every request of the range; `retentionDays` null when the setting could not be read. */
export function logCoverageNote(s: Pick<UsageSummary, 'log_from' | 'to'>, retentionDays: number | null): string | null {
  if (s.log_from === null || s.log_from === undefined) return null;
  const retention = retentionDays === null ? '' : ` (retention ${retentionDays} ${retentionDays === 1 ? 'day' : 'days'})`;
  const where = 'Settings, "Keep request details for"';
  if (s.log_from > s.to) {
    return `The request log holds every request from ${s.log_from} (UTC) only: this range's days are in the totals only${retention}, ` +
      `so the CSV export holds some of their requests or none (${where}).`;
  }
  return `The request log holds every request from ${s.log_from} (UTC); earlier days are in the totals only${retention}, ` +
    `so the CSV export holds some of their requests or none (${where}).`;
}
