import { describe, expect, it, vi } from 'vitest';
import type { CatalogSnapshot } from '../../core/catalog';
import { ProviderWatch, RELIST_EVERY_MS } from './provider-watch';

function watch(tests: string[]): ProviderWatch {
  const snapshot = { providers: new Map(), models: [] } as unknown as CatalogSnapshot;
  return new ProviderWatch({
    catalog: { snapshot: () => snapshot, recordHealth: () => undefined },
    test: async (id) => { tests.push(id); },
    list: async (id) => { tests.push(`list ${id}`); },
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ProviderWatch.testSoon after a change', () => {
  it('still tests when the only test since began before the change (an idle check with the old key, finishing late)', async () => {
    const tests: string[] = [];
    const w = watch(tests);
    const oldCheckBegan = Date.now() - 1_000;
    w.testSoon('p', 20);
    w.noteTested('p', false, oldCheckBegan);
    await sleep(60);
    expect(tests).toEqual(['p']);
    w.stop();
  });

  it('does not test again when a test began after the change (the UI tests right after saving)', async () => {
    const tests: string[] = [];
    const w = watch(tests);
    w.testSoon('p', 20);
    await sleep(2);
    w.noteTested('p', true, Date.now());
    await sleep(60);
    expect(tests).toEqual([]);
    w.stop();
  });
});

describe('ProviderWatch.noteTested', () => {
  it('takes a server a test found not running out of routing; any other failed test leaves it as it was', () => {
    const w = watch([]);
    w.noteTested('p', false, Date.now());
    expect(w.probe.isDown('p')).toBe(false);
    w.noteTested('p', false, Date.now(), true);
    expect(w.probe.isDown('p')).toBe(true);
    w.noteTested('p', true, Date.now());
    expect(w.probe.isDown('p')).toBe(false);
    w.stop();
  });
});

describe('ProviderWatch.testRunningLocal at start', () => {
  it('tests the enabled local runtimes the probe found running, and nothing else', async () => {
    const tests: string[] = [];
    const p = (id: string, over: object) => [id, { id, type: 'openai', local: false, enabled: true, baseUrl: 'http://127.0.0.1:1/v1', ...over }];
    const snapshot = {
      providers: new Map([
        p('ollama', { type: 'ollama' }), p('lmstudio', { type: 'lmstudio' }), p('off', { type: 'ollama', enabled: false }),
        p('openai', { baseUrl: 'https://api.openai.com/v1' }),
      ] as [string, never][]),
      models: [],
    } as unknown as CatalogSnapshot;
    const w = new ProviderWatch({
      catalog: { snapshot: () => snapshot, recordHealth: () => undefined },
      test: async (id) => { tests.push(id); },
      list: async (id) => { tests.push(`list ${id}`); },
      initiallyDown: ['lmstudio'],
    });
    w.testRunningLocal();
    await sleep(20);
    expect(tests).toEqual(['ollama']);
    w.stop();
  });
});

describe('ProviderWatch.relist (a request named a model its runtime did not list): the listing alone, never a connection test', () => {
  const provider = (id: string, type: string, enabled = true) => [id, { id, type, enabled, local: true, baseUrl: 'http://127.0.0.1:1/v1' }] as const;
  function relister(tests: string[], finish: Promise<void> = Promise.resolve()): ProviderWatch {
    const snapshot = {
      providers: new Map([provider('oll', 'ollama'), provider('lms', 'lmstudio'), provider('off', 'ollama', false), provider('cloud', 'openai'), provider('stopped', 'ollama')]),
      models: [],
    } as unknown as CatalogSnapshot;
    const w = new ProviderWatch({ catalog: { snapshot: () => snapshot, recordHealth: () => undefined }, // a connection test would be named `test <id>`: relist only lists
    test: async (id) => { tests.push(`test ${id}`); }, list: async (id) => { tests.push(id); await finish; } });
    w.probe.noteUnreachable('stopped');
    return w;
  }

  it('lists each running Ollama or LM Studio once, however many requests ask meanwhile, and again only after RELIST_EVERY_MS', async () => {
    const tests: string[] = [];
    let release = (): void => undefined;
    const w = relister(tests, new Promise<void>((r) => { release = r; }));
    // the clock is fixed before the first listing, so 'now' is the very time relist reads
    const now = 1_000_000;
    const at = vi.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const first = w.relist(['oll', 'lms']);
      const second = w.relist(['oll']);
      release();
      await Promise.all([first, second]);
      expect(tests).toEqual(['oll', 'lms']);
      at.mockReturnValue(now + RELIST_EVERY_MS - 1);
      await w.relist(['oll']);
      expect(tests).toEqual(['oll', 'lms']);
      at.mockReturnValue(now + RELIST_EVERY_MS);
      await w.relist(['oll']);
    } finally {
      at.mockRestore();
    }
    expect(tests).toEqual(['oll', 'lms', 'oll']);
    w.stop();
  });

  it('lists no provider that is disabled, not running or not a runtime that says what is installed', async () => {
    const tests: string[] = [];
    const w = relister(tests);
    await w.relist(['off', 'cloud', 'stopped', 'gone']);
    expect(tests).toEqual([]);
    w.stop();
  });
});
