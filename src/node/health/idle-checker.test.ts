import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, ProviderEntry } from '../../core/catalog';
import { IdleChecker } from './idle-checker';


const makeProvider = (over: Partial<ProviderEntry> & { id: string }): ProviderEntry => ({
  name: over.id, type: 'openai', format: 'openai', baseUrl: 'https://api.example.com/v1',
  enabled: true, priority: 0, hasKey: true, keyless: false, local: false, ...over,
});
describe('IdleChecker', () => {
  it('checks enabled providers that can be called and had no traffic, one at a time, then waits', async () => {
    let now = 1_000_000;
    const providers = new Map([
      ['busy', makeProvider({ id: 'busy' })],
      ['quiet', makeProvider({ id: 'quiet' })],
      ['keyless', makeProvider({ id: 'keyless', hasKey: false, keyless: true })],
      ['nokey', makeProvider({ id: 'nokey', hasKey: false })],
      ['off', makeProvider({ id: 'off', enabled: false })],
      ['down', makeProvider({ id: 'down', local: true })],
    ]);
    const tested: string[] = [];
    let inFlight = 0;
    const checker = new IdleChecker({
      snapshot: () => ({ providers }) as unknown as CatalogSnapshot,
      test: async (id) => {
        inFlight++;
        expect(inFlight).toBe(1);
        tested.push(id);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
      },
      idleMs: 300_000,
      isDown: (id) => id === 'down',
      now: () => now,
    });
    checker.noteTraffic('busy', now - 1000);
    await checker.checkIdle();
    expect(tested).toEqual(['quiet', 'keyless']);
    await checker.checkIdle();
    expect(tested).toHaveLength(2);
    now += 300_000;
    await checker.checkIdle();
    expect(tested.slice(2).sort()).toEqual(['busy', 'keyless', 'quiet']);
    // the clock set back an hour: the checks go on, not an hour later
    now -= 3_600_000;
    await checker.checkIdle();
    expect(tested.slice(5).sort()).toEqual(['busy', 'keyless', 'quiet']);
    await checker.checkIdle();
    expect(tested).toHaveLength(8);
  });
});
