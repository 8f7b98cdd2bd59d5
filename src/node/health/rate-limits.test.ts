import { describe, expect, it } from 'vitest';
import { RateLimitTracker, parseReset } from './rate-limits';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('RateLimitTracker', () => {
  it('reads OpenAI-style headers and says when a key is near its limit', () => {
    const t = new RateLimitTracker();
    t.observe('openai', {
      'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '1200', 'x-ratelimit-reset-tokens': '6m0s',
      'content-type': 'application/json',
    }, NOW);
    const near = t.nearLimit(NOW);
    expect(near).toEqual([{ providerId: 'openai', state: { dimension: 'tokens', limit: 30000, remaining: 1200, resetAt: NOW + 360_000, seenAt: NOW } }]);
    const [alert] = t.alerts(NOW, () => 'OpenAI');
    expect(alert).toMatchObject({ kind: 'rate_limit_near', severity: 'warning', subject: 'openai', id: 'rate_limit_near:openai:tokens' });
    expect(alert!.message).toBe('The OpenAI key is near its rate limit: 1200 of 30000 tokens left; it resets in 360 s');
    // after the reset, the reading says nothing
    expect(t.nearLimit(NOW + 361_000)).toEqual([]);
  });

  it("keeps each key's readings apart: a profile's own key does not overwrite or clear the shared one's", () => {
    const t = new RateLimitTracker();
    const near = { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '1' };
    const far = { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '80' };
    t.observe('fo', near, NOW);
    t.observe('fo', far, NOW, { id: 'second', name: 'Second' });
    expect(t.alerts(NOW, () => 'Fake').map((a) => [a.id, a.message])).toEqual([
      ['rate_limit_near:fo:requests', 'The Fake key is near its rate limit: 1 of 100 requests left'],
    ]);
    t.observe('fo', near, NOW, { id: 'second', name: 'Second' });
    t.observe('fo', far, NOW);
    expect(t.alerts(NOW, () => 'Fake').map((a) => [a.id, a.message])).toEqual([
      ['rate_limit_near:fo:byok-second:requests', "Second's Fake key is near its rate limit: 1 of 100 requests left"],
    ]);
  });

  it('takes an empty header for no reading, not for none left', () => {
    const t = new RateLimitTracker();
    t.observe('groq', { 'x-ratelimit-limit-requests': '14400', 'x-ratelimit-remaining-requests': '', 'x-ratelimit-reset-requests': '2s' }, NOW);
    expect(t.nearLimit(NOW)).toEqual([]);
  });

  it('reads Anthropic headers (RFC 3339 reset) and OpenRouter ones (epoch ms)', () => {
    const t = new RateLimitTracker();
    t.observe('anthropic', {
      'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-03-01T12:00:30Z',
      'anthropic-ratelimit-input-tokens-limit': '40000', 'anthropic-ratelimit-input-tokens-remaining': '39000',
    }, NOW);
    t.observe('openrouter', { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': String(NOW + 10_000) }, NOW);
    const alerts = t.alerts(NOW, (id) => id);
    expect(alerts.map((a) => [a.id, a.severity])).toEqual([
      ['rate_limit_near:anthropic:requests', 'critical'],
      ['rate_limit_near:openrouter:requests', 'warning'],
    ]);
  });

  it('ignores answers without the headers and stale readings', () => {
    const t = new RateLimitTracker();
    t.observe('x', { 'content-type': 'text/plain' }, NOW);
    t.observe('y', { 'x-ratelimit-limit-requests': '10', 'x-ratelimit-remaining-requests': '0' }, NOW);
    expect(t.nearLimit(NOW).map((n) => n.providerId)).toEqual(['y']);
    expect(t.nearLimit(NOW + 16 * 60_000)).toEqual([]);
  });

  it('parses the reset formats providers use', () => {
    expect(parseReset('1s', NOW)).toBe(NOW + 1000);
    expect(parseReset('1m30.5s', NOW)).toBe(NOW + 90_500);
    expect(parseReset('120ms', NOW)).toBe(NOW + 120);
    expect(parseReset('2', NOW)).toBe(NOW + 2000);
    expect(parseReset('1772366400', NOW)).toBe(1772366400_000);
    expect(parseReset('2026-03-01T12:01:00Z', NOW)).toBe(NOW + 60_000);
    expect(parseReset('soon', NOW)).toBeNull();
  });
});
