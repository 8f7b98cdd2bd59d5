import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES } from '../../src/shared/defaults';
import { createHarness, refusal, type Harness } from './service-harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('routing rules', () => {
  it('starts from the defaults and applies any subset', async () => {
    expect(await h.service.getRoutingRules()).toEqual(DEFAULT_ROUTING_RULES);
    const next = await h.service.updateRoutingRules({ strategy: 'cost', aliases: { fast: ['ollama/llama3.2'] }, weights: { cost: 1 } as never });
    expect(next).toMatchObject({ strategy: 'cost', power_level: 'balanced', aliases: { fast: ['ollama/llama3.2'] }, weights: { cost: 1, latency: 0.2, quality: 0.4 } });
    expect(h.catalog.snapshot().rules).toEqual(next);
    expect((await h.service.listAudit({}))[0]).toMatchObject({ action: 'routing_rules.update', detail: JSON.stringify({ changed: ['strategy', 'aliases', 'weights'] }) });
  });

  it("power_level is the Default profile's: setting it here is what auto routes with, and it shows the tray's switch", async () => {
    const set = await h.service.updateRoutingRules({ power_level: 'precision' });
    expect(set.power_level).toBe('precision');
    expect((await h.service.listUsers()).find((u) => u.id === 'default')?.power_level).toBe('precision');
    expect(h.catalog.snapshot().rules.power_level).toBe('precision');
    // the tray (and the BYOK tab) switch the Default profile: the rules say so
    await h.service.updateUser({ id: 'default', patch: { power_level: 'eco' } });
    expect((await h.service.getRoutingRules()).power_level).toBe('eco');
    // a change of something else leaves the level alone
    expect((await h.service.updateRoutingRules({ strategy: 'cost' })).power_level).toBe('eco');
    expect((await h.service.listUsers()).find((u) => u.id === 'default')?.power_level).toBe('eco');
  });

  it('400s naming the field and changes nothing', async () => {
    const before = h.state();
    const version = h.catalog.snapshot().version;
    expect(await refusal(h.service.updateRoutingRules({ aliases: { auto: ['ollama/llama3.2'] } }))).toMatchObject({ status: 400, field: 'aliases.auto' });
    expect(await refusal(h.service.updateRoutingRules({ fallbacks: { 'ollama/llama3.2': ['ghost/x'] } }))).toMatchObject({ status: 400, field: 'fallbacks.ollama/llama3.2[0]' });
    expect(await refusal(h.service.updateRoutingRules({ strategy: 'cost', timeout_ms: 10 }))).toMatchObject({ status: 400, field: 'timeout_ms' });
    expect(await refusal(h.service.updateRoutingRules({ weights: { cost: 0, latency: 0, quality: 0 } }))).toMatchObject({ status: 400, field: 'weights' });
    expect(h.state()).toBe(before);
    expect(h.catalog.snapshot().version).toBe(version);
  });
});

describe('settings and audit', () => {
  it('has defaults, updates a subset, validates', async () => {
    const unset = { body_capture_until: null, launch_at_login: null, upstream_connections: 128 };
    expect(await h.service.getSettings()).toEqual({ usage_retention_days: 365, proxy_port: 4141, ...unset });
    expect(await h.service.updateSettings({ usage_retention_days: 30 })).toEqual({ usage_retention_days: 30, proxy_port: 4141, ...unset });
    const before = h.state();
    expect(await refusal(h.service.updateSettings({ usage_retention_days: 0 }))).toMatchObject({ status: 400, field: 'usage_retention_days' });
    expect(await refusal(h.service.updateSettings({ proxy_port: 4141, theme: 'dark' } as never))).toMatchObject({ status: 400, field: 'theme' });
    expect(h.state()).toBe(before);
  });

  it('lists the audit log newest first with a limit', async () => {
    await h.service.updateSettings({ proxy_port: 5000 });
    await h.service.createUser({ name: 'A' });
    const all = await h.service.listAudit({});
    expect(all.map((a) => a.action)).toEqual(['user.create', 'settings.update']);
    expect(await h.service.listAudit({ limit: 1 })).toHaveLength(1);
    expect(await refusal(h.service.listAudit({ limit: 'lots' }))).toMatchObject({ status: 400, field: 'limit' });
  });
});
