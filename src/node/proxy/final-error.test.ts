import { describe, expect, it } from 'vitest';
import { MAX_COOLDOWN_MS, REASON, RouteError, contextTooSmall, type Exclusion } from '../../core/routing';
import { MISSING_CAPABILITY } from '../../core/routing/eligibility';
import type { FailedAttempt } from '../../core/usage-record';
import { exhaustedError, noCandidateError, routeErrorToProxy } from './final-error';

const NOW = 1_000_000;
const none = (named: boolean, ...why: Exclusion[]) =>
  new RouteError('no_candidate', 'no model can serve this request', why.map((e, i) => ({ model: `p/m${i}`, ...e })), [], named);

describe('routeErrorToProxy: a request no model was left for', () => {
  it('answers 400 when the request itself rules every model out, naming the kind of mismatch', () => {
    expect(routeErrorToProxy(none(false, REASON.otherFormat, REASON.noKey), NOW)).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'model_not_supported' });
    expect(routeErrorToProxy(none(false, MISSING_CAPABILITY.documents!), NOW)).toMatchObject({ status: 400, code: 'model_not_supported' });
    expect(routeErrorToProxy(none(false, contextTooSmall(300_000, 200_000), REASON.modelDisabled, REASON.embeddingsModel), NOW))
      .toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(routeErrorToProxy(none(true, REASON.privacyLocalOnly), NOW)).toMatchObject({ status: 400, code: 'privacy_guard' });
  });

  it('says how big the prompt is against the largest context it was too long for, those models named first', () => {
    const e = routeErrorToProxy(none(true, REASON.noKey, REASON.noKey, contextTooSmall(50_319, 10_000), contextTooSmall(50_319, 32_000)), NOW);
    // a fallback without a key could not serve it either: the prompt's size is what the client can mend
    expect(e).toMatchObject({ status: 400, code: 'context_length_exceeded', overflow: { needs: 50_319, has: 32_000 } });
    expect(e.message).toBe('no model can serve this request (p/m2: context too small (needs 50319, has 10000); p/m3: context too small (needs 50319, has 32000); p/m0: provider has no key; p/m1: provider has no key)');
    expect(routeErrorToProxy(none(true, contextTooSmall(50_319, 10_000), MISSING_CAPABILITY.vision!), NOW)).toMatchObject({ code: 'model_not_supported', overflow: undefined });
  });

  it('answers 400 for a named model that cannot serve it, even for want of a key: retrying will not help', () => {
    expect(routeErrorToProxy(none(true, REASON.notEmbeddings), NOW)).toMatchObject({ status: 400, code: 'model_not_supported' });
    const noKey = routeErrorToProxy(none(true, REASON.noKey), NOW);
    expect(noKey).toMatchObject({ status: 400, code: 'model_not_supported' });
    expect(noKey.message).toMatch(/Providers tab/);
  });

  it('answers a named model whose own server does not answer as a fresh install: 503 saying to start it, not to be retried', () => {
    const e = routeErrorToProxy(none(true, REASON.notRunning), NOW, { anyReady: false, requested: 'p/m0' });
    // api_error, not overloaded_error: Claude Code retries anything typed overloaded_error before it reads x-should-retry
    expect(e).toMatchObject({ status: 503, type: 'api_error', code: 'no_candidate', headers: { 'x-should-retry': 'false' } });
    expect(e.message).toMatch(/^No model can serve this request: the server of p\/m0 does not answer, so p\/m0 cannot be tried\. Start it/);
    // one of its fallbacks lacking a key: adding it would serve, so it stays the 400 a named model not set up gets
    expect(routeErrorToProxy(none(true, REASON.notRunning, REASON.noKey), NOW)).toMatchObject({ status: 400, code: 'model_not_supported' });
  });

  it('answers 503 with the earliest moment one comes back when models are cooling down', () => {
    const e = routeErrorToProxy(none(false, { ...REASON.coolingDown, retryAt: NOW + 12_400 }, { ...REASON.coolingDown, retryAt: NOW + 30_000 }, REASON.otherFormat), NOW);
    // waiting helps here: overloaded_error, which clients retry
    expect(e).toMatchObject({ status: 503, type: 'overloaded_error', code: 'cooling_down' });
    expect(e.headers).toEqual({ 'x-should-retry': 'true', 'retry-after': '13' });
  });

  it('answers 503 saying what to do when nothing is set up, and not to retry', () => {
    for (const e of [routeErrorToProxy(none(false, REASON.noKey, REASON.notRunning), NOW), routeErrorToProxy(none(false), NOW)]) {
      expect(e).toMatchObject({ status: 503, type: 'api_error', code: 'no_candidate' });
      expect(e.headers['x-should-retry']).toBe('false');
      expect(e.message).toMatch(/Add a provider key/);
    }
  });
});

describe('noCandidateError: a plan with no candidate at all', () => {
  it('answers 503 not to be retried, typed api_error (not overloaded_error, which Claude Code retries whatever the header says)', () => {
    const e = noCandidateError({ excluded: [{ model: 'p/m0', ...REASON.noKey }] });
    expect(e).toMatchObject({ status: 503, type: 'api_error', headers: { 'x-should-retry': 'false' } });
  });
});

describe('exhaustedError: every candidate tried failed', () => {
  const fail = (kind: FailedAttempt['kind'], status: number) => ({ model: 'p/m', kind, status, message: 'm', latencyMs: 1 });
  it('answers 400 context_length_exceeded when every provider found the prompt too long (clients compact on it)', () => {
    const e = exhaustedError([fail('context_length', 400), fail('context_length', 400)], [{ kind: 'context_length', status: 400, message: 'prompt is too long' }, { kind: 'context_length', status: 400, message: 'too long' }]);
    expect(e).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' });
    expect(e.headers['x-should-retry']).toBe('false');
  });

  it('passes on the sizes the providers named (the largest context among them), for the client to be told in its own words', () => {
    const e = exhaustedError([fail('context_length', 400), fail('context_length', 400), fail('context_length', 400)], [
      { kind: 'context_length', status: 400, message: 'a', overflow: { needs: 43_500, output: 32_000, has: 40_960 } },
      { kind: 'context_length', status: 400, message: 'b' },
      { kind: 'context_length', status: 400, message: 'c', overflow: { needs: 20_000, has: 16_384 } },
    ]);
    expect(e).toMatchObject({ status: 400, code: 'context_length_exceeded', overflow: { needs: 43_500, output: 32_000, has: 40_960 } });
    expect(exhaustedError([fail('context_length', 400)], [{ kind: 'context_length', status: 400, message: 'too long' }]).overflow).toBeUndefined();
  });

  it('answers 400 context_length_exceeded when some found the prompt too long and the others could not carry it', () => {
    const e = exhaustedError([fail('context_length', 400), fail('untranslatable', 0)], [{ kind: 'context_length', status: 400, message: 'too long' }, { kind: 'untranslatable', message: 'no' }]);
    expect(e).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' });
  });

  it('answers 400 model_not_supported when no candidate\'s format could carry the request', () => {
    const e = exhaustedError([fail('untranslatable', 0)], [{ kind: 'untranslatable', message: 'Chat Completions takes documents only inline (base64), not by URL' }]);
    expect(e).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'model_not_supported' });
    expect(e.headers['x-should-retry']).toBe('false');
  });

  it('answers 429 with retry-after when the models that could take the request were only rate limited (others found it too long)', () => {
    const e = exhaustedError([fail('context_length', 400), fail('rate_limit', 429)], [{ kind: 'context_length', status: 400, message: 'too long' }, { kind: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 20_000 }]);
    expect(e).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect(e.headers).toMatchObject({ 'x-should-retry': 'true', 'retry-after': '20' });
    const o = exhaustedError([fail('untranslatable', 0), fail('overloaded', 529)], [{ kind: 'untranslatable', message: 'no' }, { kind: 'overloaded', status: 529, message: 'busy' }]);
    expect(o).toMatchObject({ status: 503, type: 'overloaded_error' });
  });

  it('passes on a retry-after for at most MAX_COOLDOWN_MS (a day, an HTTP date in 2099: the model is tried again by then)', () => {
    const day = exhaustedError([fail('rate_limit', 429)], [{ kind: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 86_400_000 }]);
    expect(day.headers).toMatchObject({ 'x-should-retry': 'true', 'retry-after': String(MAX_COOLDOWN_MS / 1_000) });
    const far = exhaustedError([fail('overloaded', 503)], [{ kind: 'overloaded', status: 503, message: 'busy', retryAfterMs: 2_299_839_515_000 }]);
    expect(far).toMatchObject({ status: 503, headers: { 'retry-after': String(MAX_COOLDOWN_MS / 1_000) } });
  });

  it('answers 502 when providers failed for other reasons too', () => {
    const e = exhaustedError([fail('context_length', 400), fail('server', 500)], [{ kind: 'context_length', status: 400, message: 'too long' }, { kind: 'server', status: 500, message: 'boom' }]);
    expect(e).toMatchObject({ status: 502, type: 'api_error' });
  });

  it('tells a client to come back when a model can serve again: a failure waiting never mends does not count as a moment', () => {
    const refused = { kind: 'auth', status: 401, message: 'bad key' } as const;
    const failing = { kind: 'server', status: 500, message: 'boom' } as const;
    // the 500 left its model cooling down for 600 s: a refused key is no reason to come back in a second
    const e = exhaustedError([fail('auth', 401), fail('server', 500)], [refused, failing], { now: NOW, triedBackAt: [null, NOW + 600_000], coolingUntil: [NOW + 600_000] });
    expect(e).toMatchObject({ status: 503, type: 'overloaded_error' });
    expect(e.headers['retry-after']).toBe('600');
    // a model only busy, not cooling down, is back in a moment; one busy and cooling down, when its cooldown ends
    const busy = { kind: 'overloaded', status: 529, message: 'busy' } as const;
    // (nothing else left cooling: whether a busy model is waited for does not hang on an unrelated one)
    const busyAfterRefused = exhaustedError([fail('auth', 401), fail('overloaded', 529)], [refused, busy], { now: NOW, triedBackAt: [null, null], coolingUntil: [] });
    expect(busyAfterRefused).toMatchObject({ status: 503, type: 'overloaded_error' });
    expect(busyAfterRefused.headers).toMatchObject({ 'x-should-retry': 'true', 'retry-after': '1' });
    expect(exhaustedError([fail('auth', 401), fail('overloaded', 529)], [refused, busy], { now: NOW, triedBackAt: [null, null], coolingUntil: [NOW + 600_000] }).headers['retry-after']).toBe('1');
    expect(exhaustedError([fail('overloaded', 529)], [busy], { now: NOW, triedBackAt: [NOW + 30_000], coolingUntil: [] }).headers['retry-after']).toBe('30');
    // nothing that waiting brings back: the providers' failure, final
    expect(exhaustedError([fail('auth', 401), fail('server', 500)], [refused, failing], { now: NOW, triedBackAt: [null, null], coolingUntil: [] })).toMatchObject({ status: 502, type: 'api_error' });
    // a 500 tried again that opened its own cooldown is no reason to wait by itself (the provider's failure, final);
    // beside a model only busy, cooling as well, the client is told the sooner of the two
    expect(exhaustedError([fail('auth', 401), fail('server', 500)], [refused, failing], { now: NOW, triedBackAt: [null, NOW + 600_000], coolingUntil: [] })).toMatchObject({ status: 502, type: 'api_error' });
    expect(exhaustedError([fail('server', 500), fail('overloaded', 529)], [failing, busy], { now: NOW, triedBackAt: [NOW + 60_000, NOW + 300_000], coolingUntil: [] }).headers['retry-after']).toBe('60');
  });
});
