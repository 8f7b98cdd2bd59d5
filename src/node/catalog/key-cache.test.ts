import { describe, expect, it } from 'vitest';
import { KeyCache } from './key-cache';

/** A secret store whose reads settle when the test says so. */
function manualStore() {
  const reads: { account: string; resolve: (v: string | null) => void; reject: (e: Error) => void }[] = [];
  return {
    reads,
    get: (account: string) => new Promise<string | null>((resolve, reject) => reads.push({ account, resolve, reject })),
    /** settles the oldest unsettled read of `account` */
    settle(account: string, value: string | null | Error) {
      const i = reads.findIndex((r) => r.account === account);
      const [r] = reads.splice(i, 1);
      if (value instanceof Error) r?.reject(value);
      else r?.resolve(value);
    },
  };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('KeyCache', () => {
  it('reads every tracked account once, up front, and answers from memory after', async () => {
    const store = manualStore();
    const keys = new KeyCache(store);
    keys.track(new Set(['provider/a', 'provider/b']));
    expect(store.reads.map((r) => r.account)).toEqual(['provider/a', 'provider/b']);
    const early = keys.get('provider/a');
    store.settle('provider/a', 'sk-a');
    store.settle('provider/b', null);
    expect(await early).toEqual({ kind: 'found', value: 'sk-a' });
    await tick();
    expect(await keys.get('provider/a')).toEqual({ kind: 'found', value: 'sk-a' });
    expect(await keys.get('provider/b')).toEqual({ kind: 'absent' });
    keys.track(new Set(['provider/a', 'provider/b']));
    expect(store.reads).toHaveLength(0);
  });

  it('tells unavailable from absent, and retries a failed read only after retryMs', async () => {
    const store = manualStore();
    let clock = 0;
    const keys = new KeyCache(store, () => clock, 1_000);
    keys.track(new Set(['provider/a']));
    store.settle('provider/a', new Error('the collection is locked'));
    expect(await keys.get('provider/a')).toEqual({ kind: 'unavailable', reason: 'the collection is locked' });
    await tick();
    clock = 999;
    expect((await keys.get('provider/a')).kind).toBe('unavailable');
    expect(store.reads).toHaveLength(0);
    clock = 1_000;
    const retried = keys.get('provider/a');
    expect(store.reads).toHaveLength(1);
    store.settle('provider/a', 'sk-unlocked');
    expect(await retried).toEqual({ kind: 'found', value: 'sk-unlocked' });
  });

  it('says when stored keys cannot be read, tries again when asked (after retryMs), and says when they can', async () => {
    const store = manualStore();
    let clock = 0;
    const said: (string | null)[] = [];
    const keys = new KeyCache(store, () => clock, 1_000, (reason) => said.push(reason));
    keys.track(new Set(['provider/a', 'provider/b']));
    store.settle('provider/b', null);
    store.settle('provider/a', new Error('unlock prompt was dismissed'));
    await tick();
    // a locked Secret Service answers an unknown name with "no such item": only the stored key's read tells
    expect(keys.unreadable()).toBe('unlock prompt was dismissed');
    expect(said).toEqual(['unlock prompt was dismissed']);
    expect(store.reads).toHaveLength(0);
    clock = 1_000;
    expect(keys.unreadable()).toBe('unlock prompt was dismissed');
    expect(store.reads.map((r) => r.account)).toEqual(['provider/a']);
    store.settle('provider/a', 'sk-unlocked');
    await tick();
    expect(keys.unreadable()).toBeNull();
    expect(said).toEqual(['unlock prompt was dismissed', null]);
    // an account the catalog no longer refers to no longer counts
    keys.reload('provider/a');
    store.settle('provider/a', new Error('locked again'));
    await tick();
    expect(keys.unreadable()).toBe('locked again');
    keys.track(new Set(['provider/b']));
    expect(keys.unreadable()).toBeNull();
  });

  it('waits for a read in flight at most waitMs; the read still lands for later callers', async () => {
    const store = manualStore();
    const keys = new KeyCache(store);
    keys.track(new Set(['provider/slow']));
    const read = await keys.get('provider/slow', 20);
    expect(read.kind).toBe('unavailable');
    expect(read.kind === 'unavailable' && read.reason).toMatch(/did not answer within 20 ms/);
    store.settle('provider/slow', 'sk-slow');
    await tick();
    expect(await keys.get('provider/slow', 20)).toEqual({ kind: 'found', value: 'sk-slow' });
  });

  it('reloads a changed account, and a reload started earlier never overwrites a later one', async () => {
    const store = manualStore();
    const keys = new KeyCache(store);
    keys.track(new Set(['provider/a']));
    store.settle('provider/a', 'sk-old');
    await tick();
    keys.reload('provider/a');
    keys.reload('provider/a');
    const next = keys.get('provider/a');
    store.reads[1]?.resolve('sk-newest');
    store.reads[0]?.resolve('sk-stale');
    expect(await next).toEqual({ kind: 'found', value: 'sk-newest' });
    await tick();
    expect(await keys.get('provider/a')).toEqual({ kind: 'found', value: 'sk-newest' });
    keys.reload('provider/untracked');
    expect(store.reads).toHaveLength(2);
  });

  it('forgets accounts the catalog no longer refers to', async () => {
    const store = manualStore();
    const keys = new KeyCache(store);
    keys.track(new Set(['provider/a']));
    store.settle('provider/a', 'sk-a');
    await tick();
    keys.track(new Set());
    keys.track(new Set(['provider/a']));
    expect(store.reads.map((r) => r.account)).toEqual(['provider/a']);
  });
});
