// Routing rules changed for a while and put back as they were: for one test's body, or for a describe block.
import { afterAll, beforeAll } from 'vitest';
import type { SwitchboardApp } from '../../../src/node/app';
import type { RoutingRules, RoutingRulesUpdate } from '../../../src/shared/types';

/** The current values of the rules `patch` changes, so that they can be put back. */
async function valuesOf(app: SwitchboardApp, patch: RoutingRulesUpdate): Promise<RoutingRulesUpdate> {
  const rules = await app.service.getRoutingRules(undefined);
  return Object.fromEntries(Object.keys(patch).map((k) => [k, rules[k as keyof RoutingRules]]));
}

/** Runs `fn` under these rules, then puts back the values they replaced (whether `fn` passed or not). */
export async function withRules<T>(app: SwitchboardApp, patch: RoutingRulesUpdate, fn: () => Promise<T>): Promise<T> {
  const saved = await valuesOf(app, patch);
  await app.service.updateRoutingRules(patch);
  try {
    return await fn();
  } finally {
    await app.service.updateRoutingRules(saved);
  }
}

/** These rules for the tests of the enclosing describe block; `app` is read when the block starts. */
export function rulesForBlock(app: () => SwitchboardApp, patch: RoutingRulesUpdate): void {
  let saved: RoutingRulesUpdate = {};
  beforeAll(async () => {
    saved = await valuesOf(app(), patch);
    await app().service.updateRoutingRules(patch);
  });
  afterAll(async () => { await app().service.updateRoutingRules(saved); });
}
