import { describe, expect, it } from 'vitest';
import { errorKindLabel, refusalReasonLabel } from './error-kinds';

describe('errorKindLabel', () => {
  it('says not_found neutrally: a provider\'s 404 and a previous_response_id that does not exist share the kind', () => {
    expect(errorKindLabel('not_found')).toBe('not found');
  });

  it('says the kinds the proxy records without a label of their own in words, never snake_case', () => {
    expect(errorKindLabel('upstream')).toBe('provider failed');
    expect(errorKindLabel('http_500')).toBe('HTTP 500');
    expect(errorKindLabel('http_429')).toBe('HTTP 429');
    expect(errorKindLabel('unknown')).toBe('unexpected answer');
    expect(errorKindLabel('some_new_kind')).toBe('some new kind');
  });
});

describe('refusalReasonLabel', () => {
  it('keeps the summary\'s unknown (a refusal recorded without a kind) as "unknown"', () => {
    expect(refusalReasonLabel('unknown')).toBe('unknown');
    expect(refusalReasonLabel('budget_exhausted')).toBe('budget used up');
    expect(refusalReasonLabel('http_400')).toBe('HTTP 400');
  });
});
