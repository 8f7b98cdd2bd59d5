// BYOK tab state: profiles with their tokens, the selected profile's own provider keys,
// and a freshly issued token (held only until the user dismisses it).
import { create } from 'zustand';
import type { ByokEntry, ByokSaved, ByokSet, Provider, User, UserCreate, UserUpdate } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome } from '../../lib/errors';
import { STATUS_POLL_MS, useStatusStore } from '../../header/status-store';

export interface RevealedToken {
  userId: string;
  /** the token's row id, so revoking it also takes it out of the snippets */
  tokenId: string;
  token: string;
}

interface ByokState {
  users: User[] | null;
  providers: Provider[];
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  keys: { userId: string | null; entries: ByokEntry[] | null; loading: boolean; error: string | null };
  /** every token issued in this session, newest first, until dismissed */
  revealed: RevealedToken[];
  /** the profiles and the providers (for the key form), as the tab opens and after each change made here */
  load(): Promise<void>;
  /** loads, then reloads the profiles alone every STATUS_POLL_MS (a token's Last used) until the returned stop is called */
  watch(): () => void;
  select(id: string): Promise<void>;
  loadKeys(): Promise<void>;
  createUser(input: UserCreate): Promise<Outcome<User>>;
  updateUser(id: string, patch: UserUpdate): Promise<Outcome<User>>;
  deleteUser(id: string): Promise<Outcome<unknown>>;
  issueToken(id: string, name: string): Promise<Outcome<unknown>>;
  revokeToken(id: string, tokenId: string): Promise<Outcome<unknown>>;
  /** saves the key; the answer carries the provider's answer to a listing with it (`test`) */
  setKey(id: string, input: ByokSet): Promise<Outcome<ByokSaved>>;
  deleteKey(id: string, providerId: string): Promise<Outcome<unknown>>;
  dismissToken(token: string): void;
}

// A load's answer is applied only when no later load began meanwhile: one begun before a profile was created must
// not take the selection back from it. Each full load (the tab opening, and after each create, update or delete
// here) counts one; a poll counts none, so it drops no answer, and it is skipped while any load or poll is still out
// (before, each poll was a load: with a server slower than the poll, every answer was dropped by the next poll and
// the requests piled up).
let loads = 0;
let outstanding = 0;

async function whileOut<T>(run: () => Promise<T>): Promise<T> {
  outstanding += 1;
  try {
    return await run();
  } finally {
    outstanding -= 1;
  }
}

/** Shows a fresh listing of the profiles (and of the providers, from a full load), the selection kept while listed. */
async function showProfiles(users: User[], providers?: Provider[]): Promise<void> {
  const selected = useByokStore.getState().selectedId;
  const keep = selected !== null && users.some((u) => u.id === selected);
  useByokStore.setState({ users, ...(providers ? { providers } : {}), loading: false, error: null, selectedId: keep ? selected : (users[0]?.id ?? null) });
  if (!keep) await useByokStore.getState().loadKeys();
}

export const useByokStore = create<ByokState>()((set, get) => ({
  users: null,
  providers: [],
  loading: false,
  error: null,
  selectedId: null,
  keys: { userId: null, entries: null, loading: false, error: null },
  revealed: [],
  load: async () => {
    const mine = ++loads;
    set({ loading: true });
    const [users, providers] = await whileOut(() => Promise.all([
      attempt(() => bridge().listUsers(undefined)),
      attempt(() => bridge().listProviders(undefined)),
    ]));
    if (mine !== loads) return;
    if (!users.ok) return set({ loading: false, error: users.error.message });
    await showProfiles(users.value, providers.ok ? providers.value : undefined);
  },
  watch: () => {
    void get().load();
    // the profiles alone: the providers stay as loaded, so the key form's list does not change under the user
    const timer = setInterval(() => {
      if (outstanding > 0) return;
      const since = loads;
      void whileOut(() => attempt(() => bridge().listUsers(undefined))).then(async (users) => {
        // a failed poll leaves the list shown (and a key half typed under it); the next one tries again
        if (since === loads && users.ok) await showProfiles(users.value);
      });
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  },
  select: async (id) => {
    set({ selectedId: id });
    await get().loadKeys();
  },
  loadKeys: async () => {
    const id = get().selectedId;
    if (id === null) return set({ keys: { userId: null, entries: null, loading: false, error: null } });
    // another profile's entries go at once: the key form pre-fills its preferred models from them
    const was = get().keys;
    set({ keys: { ...was, userId: id, entries: was.userId === id ? was.entries : null, loading: true } });
    const r = await attempt(() => bridge().listByok({ id }));
    if (get().selectedId !== id) return;
    set({ keys: r.ok ? { userId: id, entries: r.value, loading: false, error: null } : { userId: id, entries: null, loading: false, error: r.error.message } });
  },
  createUser: async (input) => {
    const r = await attempt(() => bridge().createUser(input));
    if (!r.ok) return r;
    set({ revealed: [{ userId: r.value.user.id, tokenId: r.value.token_id, token: r.value.token }, ...get().revealed], selectedId: r.value.user.id });
    await get().load();
    await get().loadKeys();
    return { ok: true, value: r.value.user };
  },
  updateUser: async (id, patch) => {
    const r = await attempt(() => bridge().updateUser({ id, patch }));
    if (r.ok) await get().load();
    return r;
  },
  deleteUser: async (id) => {
    const r = await attempt(() => bridge().deleteUser({ id }));
    if (r.ok) await get().load();
    return r;
  },
  issueToken: async (id, name) => {
    const r = await attempt(() => bridge().issueToken(name.trim() ? { id, name: name.trim() } : { id }));
    if (!r.ok) return r;
    set({ revealed: [{ userId: id, tokenId: r.value.token_info.id, token: r.value.token }, ...get().revealed] });
    await get().load();
    return r;
  },
  revokeToken: async (id, tokenId) => {
    const r = await attempt(() => bridge().revokeToken({ id, token_id: tokenId }));
    if (!r.ok) return r;
    // a revoked token must leave the snippets at once; the status may stop offering the Default profile's file token
    set({ revealed: get().revealed.filter((t) => t.tokenId !== tokenId) });
    await Promise.all([get().load(), useStatusStore.getState().load()]);
    return r;
  },
  setKey: async (id, input) => {
    const r = await attempt(() => bridge().setByok({ id, ...input }));
    if (r.ok) await get().loadKeys();
    return r;
  },
  deleteKey: async (id, providerId) => {
    const r = await attempt(() => bridge().deleteByok({ id, provider_id: providerId }));
    if (r.ok) await get().loadKeys();
    return r;
  },
  dismissToken: (token) => set({ revealed: get().revealed.filter((r) => r.token !== token) }),
}));
