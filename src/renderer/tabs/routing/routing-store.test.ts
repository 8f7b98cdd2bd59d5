import { beforeEach, describe, expect, it } from 'vitest';
import { AdminError, type Bridge } from '../../../shared/contract';
import { DEFAULT_ROUTING_RULES } from '../../../shared/defaults';
import type { RoutingRules, User } from '../../../shared/types';
import { setBridge } from '../../bridge/bridge';
import { isDirty, useRoutingStore } from './routing-store';

/**
 * The server as it is: the rules' power_level is the Default profile's, set by the rules PUT with the rest,
 * and rules whose weights are all zero are refused whole.
 */
function fakeServer() {
  let rules: RoutingRules = { ...DEFAULT_ROUTING_RULES };
  let defaultLevel = rules.power_level;
  const calls: string[] = [];
  const defaultProfile = () => ({ id: 'default', name: 'Default', power_level: defaultLevel }) as User;
  const api: Partial<Bridge> = {
    getRoutingRules: async () => ({ ...rules, power_level: defaultLevel }),
    listModels: async () => [],
    listUsers: async () => [defaultProfile()],
    updateRoutingRules: async (patch) => {
      calls.push('updateRoutingRules');
      const w = patch.weights ?? rules.weights;
      if (w.cost + w.latency + w.quality === 0) throw new AdminError(400, 'weights must not all be zero', 'weights');
      rules = { ...rules, ...patch, weights: w };
      // as the server does: only a level sent is set on the Default profile; the answer reports that profile's
      if (patch.power_level !== undefined) defaultLevel = patch.power_level;
      return { ...rules, power_level: defaultLevel };
    },
    updateUser: async ({ patch }) => {
      calls.push('updateUser');
      defaultLevel = patch.power_level ?? defaultLevel;
      return defaultProfile();
    },
  };
  return { bridge: api as Bridge, calls, level: () => defaultLevel, rules: () => rules };
}

describe('Routing store: Save', () => {
  let server: ReturnType<typeof fakeServer>;
  const store = () => useRoutingStore.getState();

  beforeEach(async () => {
    server = fakeServer();
    setBridge(server.bridge);
    await store().load();
  });

  it('changes nothing, the Default profile\'s level included, when the server refuses the rules', async () => {
    store().edit((d) => ({ ...d, power_level: 'eco', strategy: 'custom', weights: { cost: '0', latency: '0', quality: '0' } }));
    expect(await store().save()).toBe(false);
    expect(server.level()).toBe('balanced');
    expect(server.calls).toEqual(['updateRoutingRules']);
    expect(store().saveErrors).toEqual([{ field: 'weights', message: 'weights must not all be zero' }]);
  });

  it('a Save of something else leaves a level the tray switched since the tab loaded', async () => {
    await server.bridge.updateUser({ id: 'default', patch: { power_level: 'precision' } }); // the tray
    store().edit((d) => ({ ...d, timeout_ms: '5000' }));
    expect(await store().save()).toBe(true);
    expect(server.level()).toBe('precision');
  });

  it('a Save of something else leaves a step-down finer than the tenth of a percent the tab shows', async () => {
    await server.bridge.updateRoutingRules({ budget_step_down_at: 0.8333 }); // over the admin API
    await store().load();
    expect(store().draft?.budget_step_down_pct).toBe('83.3');
    store().edit((d) => ({ ...d, max_retries: '1' }));
    expect(await store().save()).toBe(true);
    expect(server.rules()).toMatchObject({ max_retries: 1, budget_step_down_at: 0.8333 });
    // one the user types is saved as typed
    store().edit((d) => ({ ...d, budget_step_down_pct: '90' }));
    expect(await store().save()).toBe(true);
    expect(server.rules().budget_step_down_at).toBe(0.9);
  });

  it('saves the level with the rules in one request, and is clean afterwards', async () => {
    store().edit((d) => ({ ...d, power_level: 'eco', timeout_ms: '5000' }));
    expect(await store().save()).toBe(true);
    expect(server.calls).toEqual(['updateRoutingRules']);
    expect(server.level()).toBe('eco');
    expect(server.rules()).toMatchObject({ timeout_ms: 5000, power_level: 'eco' });
    expect(store().draft?.power_level).toBe('eco');
    expect(isDirty(store())).toBe(false);
  });
});

describe('Routing store: a level switched elsewhere (the tray)', () => {
  const store = () => useRoutingStore.getState();

  beforeEach(async () => {
    setBridge(fakeServer().bridge);
    await store().load();
  });

  it('shows the new level and stays clean when the tab did not touch the level', () => {
    store().edit((d) => ({ ...d, timeout_ms: '5000' }));
    store().followPowerLevel('precision');
    expect(store().draft?.power_level).toBe('precision');
    expect(store().rules?.power_level).toBe('precision');
    expect(store().draft?.timeout_ms).toBe('5000');
    store().edit((d) => ({ ...d, timeout_ms: String(DEFAULT_ROUTING_RULES.timeout_ms) }));
    expect(isDirty(store())).toBe(false);
  });

  it('keeps a level the user picked and has not saved, still unsaved', () => {
    store().edit((d) => ({ ...d, power_level: 'eco' }));
    store().followPowerLevel('precision');
    expect(store().draft?.power_level).toBe('eco');
    expect(isDirty(store())).toBe(true);
    store().reset();
    expect(store().draft?.power_level).toBe('precision');
  });

  it('a level picked that the tray then also picks is no longer an unsaved change', () => {
    store().edit((d) => ({ ...d, power_level: 'eco' }));
    store().followPowerLevel('eco');
    expect(isDirty(store())).toBe(false);
  });
});

describe('Routing store: a name switch turned on from the BYOK snippets', () => {
  const store = () => useRoutingStore.getState();
  let server: ReturnType<typeof fakeServer>;

  beforeEach(async () => {
    server = fakeServer();
    setBridge(server.bridge);
    await store().load();
  });

  it('saves only that rule, shows it saved, and leaves the tab\'s other edits unsaved', async () => {
    store().edit((d) => ({ ...d, timeout_ms: '5000' }));
    const r = await store().setNameSwitch('claude_code_model_names', true);
    expect(r.ok).toBe(true);
    expect(server.rules()).toMatchObject({ claude_code_model_names: true, timeout_ms: DEFAULT_ROUTING_RULES.timeout_ms });
    expect(store().rules?.claude_code_model_names).toBe(true);
    expect(store().draft).toMatchObject({ claude_code_model_names: true, timeout_ms: '5000' });
    expect(isDirty(store())).toBe(true);
    store().reset();
    expect(store().draft).toMatchObject({ claude_code_model_names: true, timeout_ms: String(DEFAULT_ROUTING_RULES.timeout_ms) });
  });

  it('with nothing else edited the tab stays clean', async () => {
    await store().setNameSwitch('gemini_cli_model_names', true);
    expect(store().draft?.gemini_cli_model_names).toBe(true);
    expect(isDirty(store())).toBe(false);
  });
});

describe('Routing store: errors a Save showed, as the fields are corrected', () => {
  const store = () => useRoutingStore.getState();
  const fields = () => store().saveErrors.map((e) => e.field);

  beforeEach(async () => {
    setBridge(fakeServer().bridge);
    await store().load();
  });

  it('checks again on each edit: a corrected field\'s error goes, one broken meanwhile shows', async () => {
    store().edit((d) => ({ ...d, timeout_ms: '0', cooldown_failures: '0' }));
    expect(store().saveErrors).toEqual([]); // nothing shown before a Save
    expect(await store().save()).toBe(false);
    expect(fields()).toEqual(['timeout_ms', 'cooldown_failures']);
    store().edit((d) => ({ ...d, timeout_ms: '60000' }));
    expect(fields()).toEqual(['cooldown_failures']);
    store().edit((d) => ({ ...d, max_retries: 'x' }));
    expect(fields()).toEqual(['max_retries', 'cooldown_failures']);
    store().edit((d) => ({ ...d, max_retries: '2', cooldown_failures: '3' }));
    expect(store().saveErrors).toEqual([]);
  });

  it('keeps the server\'s error until its field changes', async () => {
    store().edit((d) => ({ ...d, strategy: 'custom', weights: { cost: '0', latency: '0', quality: '0' } }));
    expect(await store().save()).toBe(false);
    expect(store().saveErrors).toEqual([{ field: 'weights', message: 'weights must not all be zero' }]);
    store().edit((d) => ({ ...d, timeout_ms: '5000' }));
    expect(fields()).toEqual(['weights']);
    store().edit((d) => ({ ...d, weights: { ...d.weights, cost: '1' } }));
    expect(store().saveErrors).toEqual([]);
  });
});

describe('Routing store: loading again', () => {
  it('keeps an edit made while the tab loads the rules again (the tab shows the old ones meanwhile), shown as unsaved', async () => {
    const server = fakeServer();
    setBridge(server.bridge);
    const store = () => useRoutingStore.getState();
    await store().load();
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const getRoutingRules = server.bridge.getRoutingRules;
    server.bridge.getRoutingRules = async (a) => { await held; return getRoutingRules(a); };
    const loading = store().load();
    store().edit((d) => ({ ...d, gemini_cli_model_names: true }));
    release();
    await loading;
    expect(store().draft?.gemini_cli_model_names).toBe(true);
    expect(isDirty(store())).toBe(true);
    // a load with no edit meanwhile shows the rules as loaded
    store().reset();
    await store().load();
    expect(store().draft?.gemini_cli_model_names).toBe(false);
    expect(isDirty(store())).toBe(false);
  });
});
