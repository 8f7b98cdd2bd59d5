import { describe, expect, it } from 'vitest';
import type { Provider } from '../../shared/types';
import { useProvidersStore } from '../tabs/providers/providers-store';
import { firstRunSteps, useFirstRunStore } from './first-run-store';

const provider = (over: Partial<Provider>): Provider => ({
  id: 'p', name: 'P', type: 'openai', base_url: '', enabled: true, priority: 0, has_key: false, api_key_masked: null, key_source: null,
  keyless: false, byok_keys: 0, created_at: '', updated_at: '',
  health: { status: 'unknown', last_checked_at: null, last_latency_ms: null, consecutive_failures: 0, message: null },
  ...over,
});
const health = (status: Provider['health']['status'], message: string | null = null) =>
  ({ status, last_checked_at: null, last_latency_ms: null, consecutive_failures: 0, message });
const done = (steps: ReturnType<typeof firstRunSteps>) => steps.filter((s) => s.done).map((s) => s.id);

describe('firstRunSteps', () => {
  it('starts with nothing done on a fresh install (no key, local servers not running)', () => {
    const steps = firstRunSteps([
      provider({ id: 'openai', enabled: false }),
      provider({ id: 'ollama', keyless: true, health: health('not_running') }),
    ], false, false);
    expect(done(steps)).toEqual([]);
    expect(steps[0]!.detail).toMatch(/Providers tab/);
  });

  it('ticks the key, then the test, then the snippet and the request', () => {
    const keyed = provider({ has_key: true, name: 'OpenAI' });
    expect(done(firstRunSteps([keyed], false, false))).toEqual(['key']);
    const failing = firstRunSteps([{ ...keyed, health: health('unhealthy', 'HTTP 401: invalid key') }], false, false);
    expect(failing[1]).toMatchObject({ done: false, detail: 'OpenAI: HTTP 401: invalid key' });
    expect(done(firstRunSteps([{ ...keyed, health: health('healthy') }], false, true))).toEqual(['key', 'tested', 'snippet']);
    expect(done(firstRunSteps([], true, false))).toEqual(['key', 'tested', 'snippet', 'request']);
  });

  it('counts a local server that answers as set up', () => {
    expect(done(firstRunSteps([provider({ keyless: true, health: health('healthy') })], false, false))).toEqual(['key', 'tested']);
  });
});

describe('the checklist follows the Providers tab', () => {
  it('takes the list the Providers tab just loaded (after a save or a test), while no request has succeeded', () => {
    useFirstRunStore.setState({ providers: [provider({ id: 'openai' })], served: false });
    const tested = [provider({ id: 'openai', has_key: true, health: health('healthy') })];
    useProvidersStore.setState({ providers: tested });
    expect(useFirstRunStore.getState().providers).toBe(tested);
    expect(done(firstRunSteps(useFirstRunStore.getState().providers!, false, false))).toEqual(['key', 'tested']);
    // once a request succeeded the checklist is gone: nothing more to follow
    useFirstRunStore.setState({ served: true });
    useProvidersStore.setState({ providers: [] });
    expect(useFirstRunStore.getState().providers).toBe(tested);
  });
});
