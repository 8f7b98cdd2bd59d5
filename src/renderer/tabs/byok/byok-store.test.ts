import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../shared/contract';
import type { AppStatus, ProfileToken, Provider, User } from '../../../shared/types';
import { setBridge } from '../../bridge/bridge';
import { STATUS_POLL_MS, useStatusStore } from '../../header/status-store';
import { useByokStore } from './byok-store';
import { snippetToken } from './setup-snippets';

/** A server with the Default profile and its file token: issue and revoke change what it reports. */
function fakeServer() {
  const fileToken = 'sb-default-file-token';
  const tokens: (ProfileToken & { raw: string })[] = [
    { id: 'tok_file', name: 'default', prefix: 'sb-defa…', raw: fileToken, created_at: '', last_used_at: null, revoked_at: null },
  ];
  let n = 0;
  const user = (): User => ({
    id: 'default', name: 'Default', power_level: 'balanced', monthly_cap_usd: null, credit_balance_usd: null, preferred_models: [],
    privacy_guard: 'off', tokens: tokens.map(({ raw: _raw, ...t }) => t), created_at: '', updated_at: '',
  });
  const live = (raw: string) => tokens.some((t) => t.raw === raw && t.revoked_at === null);
  const api: Partial<Bridge> = {
    listUsers: async () => [user()],
    listProviders: async () => [],
    listByok: async () => [],
    getStatus: async () => ({ default_token: live(fileToken) ? fileToken : null }) as AppStatus,
    issueToken: async () => {
      n += 1;
      const t = { id: `tok_${n}`, name: 'token', prefix: 'sb-new…', raw: `sb-new-${n}`, created_at: '', last_used_at: null, revoked_at: null };
      tokens.push(t);
      const { raw, ...info } = t;
      return { token: raw, token_info: info };
    },
    revokeToken: async ({ token_id }) => {
      for (const t of tokens) if (t.id === token_id) t.revoked_at = 'now';
      return { revoked: true as const };
    },
  };
  return { bridge: api as Bridge, fileToken };
}

describe('BYOK store: revoking a token', () => {
  let server: ReturnType<typeof fakeServer>;
  const snippet = () => snippetToken('default', useByokStore.getState().revealed, useStatusStore.getState().status?.default_token ?? null);

  beforeEach(async () => {
    server = fakeServer();
    setBridge(server.bridge);
    useByokStore.setState({ revealed: [], users: null, selectedId: null });
    await useStatusStore.getState().load();
    await useByokStore.getState().load();
  });

  it('takes a revoked token issued in this session out of the snippets', async () => {
    await useByokStore.getState().issueToken('default', '');
    expect(snippet()).toBe('sb-new-1');
    expect(useByokStore.getState().revealed[0]).toMatchObject({ userId: 'default', tokenId: 'tok_1' });
    expect((await useByokStore.getState().revokeToken('default', 'tok_1')).ok).toBe(true);
    expect(useByokStore.getState().revealed).toEqual([]);
    expect(snippet()).toBe(server.fileToken);
  });

  it('stops offering the Default profile\'s file token once it is revoked', async () => {
    expect(snippet()).toBe(server.fileToken);
    await useByokStore.getState().revokeToken('default', 'tok_file');
    expect(snippet()).toBeNull();
  });
});

describe('BYOK store: own keys', () => {
  it('drops the last profile\'s keys as another\'s load, so its preferred models never fill the key form', async () => {
    const entry = (provider_id: string) => ({ provider_id, api_key_masked: 'sk-...1234', preferred_models: [`${provider_id}/m`], created_at: '', updated_at: '' });
    let release: () => void = () => {};
    const api: Partial<Bridge> = {
      listByok: ({ id }) => (id === 'alice' ? Promise.resolve([entry('fo')]) : new Promise((res) => { release = () => res([]); })) as ReturnType<Bridge['listByok']>,
    };
    setBridge(api as Bridge);
    useByokStore.setState({ selectedId: 'alice' });
    await useByokStore.getState().loadKeys();
    expect(useByokStore.getState().keys).toMatchObject({ userId: 'alice', entries: [entry('fo')] });
    useByokStore.setState({ selectedId: 'bob' });
    const loading = useByokStore.getState().loadKeys();
    expect(useByokStore.getState().keys).toMatchObject({ userId: 'bob', entries: null, loading: true });
    release();
    await loading;
    expect(useByokStore.getState().keys).toMatchObject({ userId: 'bob', entries: [], loading: false });
  });
});

describe('BYOK store: the polled profile list', () => {
  const profile = (id: string, lastUsed: string | null = null) =>
    ({ id, name: id, tokens: [{ id: `tok_${id}`, name: 'default', prefix: 'sb-…', created_at: '', last_used_at: lastUsed, revoked_at: null }] }) as unknown as User;
  const provider = (id: string) => ({ id, name: id }) as unknown as Provider;
  let stop: () => void = () => {};

  beforeEach(() => {
    vi.useFakeTimers();
    useByokStore.setState({ revealed: [], users: null, providers: [], selectedId: null, loading: false, error: null });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('drops an answer older than a later load: a poll begun before a profile was created keeps it selected', async () => {
    const profiles = [profile('default')];
    const held: (() => void)[] = [];
    let listings = 0;
    const api: Partial<Bridge> = {
      // the second listing (the first poll) answers only when the test says, with the profiles as they were then
      listUsers: () => {
        const then = [...profiles];
        listings += 1;
        return listings === 2 ? new Promise((res) => held.push(() => res(then))) : Promise.resolve(then);
      },
      listProviders: async () => [],
      listByok: async () => [],
      createUser: async ({ id }) => {
        profiles.push(profile(id ?? 'x'));
        return { user: profile(id ?? 'x'), token: 'sb-alice', token_id: 'tok_a' };
      },
    };
    setBridge(api as Bridge);
    stop = useByokStore.getState().watch();
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS);
    expect(held).toHaveLength(1);
    expect((await useByokStore.getState().createUser({ id: 'alice', name: 'alice' })).ok).toBe(true);
    expect(useByokStore.getState().selectedId).toBe('alice');
    held[0]?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(useByokStore.getState().selectedId).toBe('alice');
    expect(useByokStore.getState().users?.map((u) => u.id)).toEqual(['default', 'alice']);
  });

  it('polls the profiles alone: a provider added elsewhere does not change the key form\'s list under the user', async () => {
    let lastUsed: string | null = null;
    const providers = [provider('fo')];
    const calls = { users: 0, providers: 0 };
    const api: Partial<Bridge> = {
      listUsers: async () => (calls.users++, [profile('alice', lastUsed)]),
      listProviders: async () => (calls.providers++, [...providers]),
      listByok: async () => [],
    };
    setBridge(api as Bridge);
    stop = useByokStore.getState().watch();
    await vi.advanceTimersByTimeAsync(0);
    expect(useByokStore.getState().providers.map((p) => p.id)).toEqual(['fo']);
    // another window adds a provider that sorts first; a request is made with Alice's token
    providers.unshift(provider('aaa'));
    lastUsed = '2026-12-04T22:00:00Z';
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS * 2);
    expect(calls).toEqual({ users: 3, providers: 1 });
    expect(useByokStore.getState().users?.[0]?.tokens[0]?.last_used_at).toBe(lastUsed);
    expect(useByokStore.getState().providers.map((p) => p.id)).toEqual(['fo']);
    // a change made in the tab loads both again
    await useByokStore.getState().load();
    expect(useByokStore.getState().providers.map((p) => p.id)).toEqual(['aaa', 'fo']);
  });

  it('shows the profiles from a server slower than the poll, one request out at a time', async () => {
    let out = 0;
    let most = 0;
    let calls = 0;
    const api: Partial<Bridge> = {
      listUsers: () => {
        calls += 1;
        out += 1;
        most = Math.max(most, out);
        return new Promise((res) => setTimeout(() => {
          out -= 1;
          res([profile('default')]);
        }, STATUS_POLL_MS + 1000));
      },
      listProviders: async () => [],
      listByok: async () => [],
    };
    setBridge(api as Bridge);
    stop = useByokStore.getState().watch();
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS + 1000);
    expect(useByokStore.getState()).toMatchObject({ loading: false, selectedId: 'default' });
    expect(useByokStore.getState().users?.map((u) => u.id)).toEqual(['default']);
    await vi.advanceTimersByTimeAsync(60_000);
    stop();
    await vi.advanceTimersByTimeAsync(STATUS_POLL_MS + 1000);
    expect(most).toBe(1);
    // each tick while one was out was skipped: the load at 0, then a poll every other tick
    expect(calls).toBeLessThanOrEqual(8);
    expect(out).toBe(0);
  });
});
