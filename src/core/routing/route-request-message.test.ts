// The "no model can serve this request" message names what kept out the models that are set up before the
// bundled models of providers never set up, which say nothing about the request.
import { describe, expect, it } from 'vitest';
import catalog from '../../../resources/catalog.json';
import { PROVIDER_TYPE_INFO } from '../../shared/provider-types';
import type { Capability, ProviderType } from '../../shared/types';
import { ALWAYS_HEALTHY, assembleSnapshot, chatNeedsOf, makeModel, makeProfile, makeProvider } from '../../../test/helpers/snapshot-builders';
import { routeError } from '../../../test/helpers/route-error';

/** A fresh install: every bundled provider there but not set up; one provider of the user's own with one model that reads no PDFs. */
function install() {
  const bundled = catalog.providers.map((p, i) => {
    const info = PROVIDER_TYPE_INFO[p.type as ProviderType];
    return makeProvider({ id: p.type, type: p.type as ProviderType, format: info.format, enabled: false, hasKey: false, keyless: info.keyless, local: info.local, priority: i + 1 });
  });
  const models = catalog.models.map((m) => makeModel({
    providerId: m.provider_type, modelName: m.model_name, capabilities: m.capabilities as Capability[],
    inputCostPer1m: m.input_cost_per_1m, outputCostPer1m: m.output_cost_per_1m, contextLength: m.context_length, quality: m.quality,
  }));
  const mine = makeProvider({ id: 'mine', priority: 100 });
  const own = makeModel({ providerId: 'mine', modelName: 'chat-only', capabilities: ['chat', 'tools', 'json'] });
  return assembleSnapshot([...bundled, mine], [...models, own]);
}

describe('routeRequest: the no-candidate message', () => {
  it('names the set-up model\'s real blocker first, not the bundled providers that are disabled', () => {
    const e = routeError({
      snapshot: install(), profile: makeProfile(), requestedModel: 'auto', needs: chatNeedsOf({ capabilities: ['chat', 'documents'] }),
      health: ALWAYS_HEALTHY, monthSpentUsd: 0, now: Date.UTC(2026, 11, 4),
    });
    expect(e.excluded.length).toBeGreaterThan(6);
    expect(e.message).toMatch(/^no model can serve this request \(mine\/chat-only: no document \(PDF\) support; [^;]+: provider disabled;/);
    // the exclusions themselves keep the catalog's order (the route preview lists them so)
    expect(e.excluded.at(-1)?.model).toBe('mine/chat-only');
  });
});
