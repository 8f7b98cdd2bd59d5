import { describe, expect, it } from 'vitest';
import type { RequestAttempt } from '../../../shared/activity-types';
import { resultTone, statusBadge } from './status-badge';

const served: RequestAttempt[] = [{ model: 'fo/gpt-fake', error_kind: null, status: 200, latency_ms: 5, message: null }];

describe('statusBadge', () => {
  it('a request cut short is neutral, not red: the client hung up or Switchboard shut down', () => {
    expect(statusBadge({ status: 200, error_kind: 'client_closed', attempts: served })).toEqual({
      tone: 'neutral', text: '200 client_closed', title: 'cut short (the client hung up), not an error',
    });
    expect(statusBadge({ status: 200, error_kind: 'shutdown', attempts: served })).toMatchObject({ tone: 'neutral', text: '200 shutdown' });
    // cut short before any provider was called: still no error, and not a refusal
    expect(statusBadge({ status: 499, error_kind: 'client_closed', attempts: [] })).toMatchObject({ tone: 'neutral', text: '499 client_closed' });
  });

  it('a served request is ok, a failed one bad, one refused before routing says so', () => {
    expect(statusBadge({ status: 200, error_kind: null, attempts: served })).toEqual({ tone: 'ok', text: '200' });
    expect(statusBadge({ status: 502, error_kind: 'server', attempts: served })).toEqual({ tone: 'bad', text: '502 server' });
    expect(statusBadge({ status: 402, error_kind: 'budget_exhausted', attempts: [] })).toEqual({
      tone: 'bad', text: '402 refused: budget_exhausted', title: 'refused before routing',
    });
  });
});

describe('resultTone', () => {
  it('an attempt cut short is neutral', () => {
    expect(resultTone(null)).toBe('ok');
    expect(resultTone('client_closed')).toBe('neutral');
    expect(resultTone('shutdown')).toBe('neutral');
    expect(resultTone('timeout')).toBe('bad');
  });
});
