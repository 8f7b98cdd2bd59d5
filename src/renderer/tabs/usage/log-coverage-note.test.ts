import { describe, expect, it } from 'vitest';
import { logCoverageNote } from './log-coverage-note';

describe('logCoverageNote', () => {
  it('says nothing when the request log holds every request of the range', () => {
    expect(logCoverageNote({ log_from: null, to: '2026-05-15' }, 7)).toBeNull();
  });

  it('names the first whole day and the retention setting when the range starts before it', () => {
    expect(logCoverageNote({ log_from: '2026-05-09', to: '2026-05-15' }, 7)).toBe(
      'The request log holds every request from 2026-05-09 (UTC); earlier days are in the totals only (retention 7 days), ' +
        'so the CSV export holds some of their requests or none (Settings, "Keep request details for").',
    );
    expect(logCoverageNote({ log_from: '2026-05-15', to: '2026-05-15' }, 1)).toContain('(retention 1 day)');
    expect(logCoverageNote({ log_from: '2026-05-09', to: '2026-05-15' }, null)).toContain('in the totals only, so');
  });

  it('a range ending before that day is in the totals only, all of it', () => {
    expect(logCoverageNote({ log_from: '2026-05-09', to: '2026-05-05' }, 7)).toMatch(
      /^The request log holds every request from 2026-05-09 \(UTC\) only: this range's days are in the totals only \(retention 7 days\)/,
    );
  });
});
