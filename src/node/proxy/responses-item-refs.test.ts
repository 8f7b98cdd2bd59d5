import { describe, expect, it } from 'vitest';
import { REASON, RouteError, type Exclusion } from '../../core/routing';
import { referencesRuledOut } from './responses-item-refs';

const out = (model: string, e: Exclusion) => ({ model, ...e });
const refusal = (named: boolean, ...excluded: ReturnType<typeof out>[]) => new RouteError('no_candidate', 'no model', excluded, [], named);
const read = { servableBy: ['responses' as const] };

describe('referencesRuledOut', () => {
  it('says so when every model that could be called was kept out as one whose API cannot carry the reference', () => {
    expect(referencesRuledOut(refusal(true, out('an/m', REASON.otherFormat)), read)).toBe(true);
    // a power level chose: the models not set up are bystanders
    expect(referencesRuledOut(refusal(false, out('an/m', REASON.otherFormat), out('x/y', REASON.noKey)), read)).toBe(true);
    expect(referencesRuledOut(refusal(false, out('x/y', REASON.noKey)), read)).toBe(false);
  });

  it('does not when a web search no model offered could run kept one out: a format exclusion too, but not the reference\'s', () => {
    for (const gap of [REASON.noOpenAISearch, REASON.noGrounding]) {
      expect(referencesRuledOut(refusal(true, out('fr/m', gap)), read), gap.reason).toBe(false);
      expect(referencesRuledOut(refusal(false, out('an/m', REASON.otherFormat), out('fr/m', gap)), read), gap.reason).toBe(false);
    }
  });

  it('does not for another refusal, or one the request\'s other needs made', () => {
    expect(referencesRuledOut(undefined, read)).toBe(false);
    expect(referencesRuledOut(refusal(true, out('an/m', REASON.privacyLocalOnly)), read)).toBe(false);
    expect(referencesRuledOut(refusal(true, out('an/m', REASON.otherFormat)), { servableBy: ['chat'] })).toBe(false);
  });
});
