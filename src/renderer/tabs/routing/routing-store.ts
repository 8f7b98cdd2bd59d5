// Routing tab state: the saved rules, the draft being edited, and the simulator's last preview.
// The power level in the draft is the Default profile's (what `auto` means for it, as the tray sets it).
import { create } from 'zustand';
import type { Model, RoutePreview, RoutingRules, User } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type UiError } from '../../lib/errors';
import { draftFromRules, draftSignature, rulesFromDraft, type DraftError, type RoutingDraft } from './routing-draft';

export const DEFAULT_PROFILE_ID = 'default';

interface RoutingState {
  rules: RoutingRules | null;
  draft: RoutingDraft | null;
  /** the signature of the draft as last loaded or saved: the draft is dirty when it differs */
  saved: string | null;
  models: Model[];
  users: User[];
  loading: boolean;
  error: string | null;
  saving: boolean;
  saveErrors: DraftError[];
  preview: { pending: boolean; result: RoutePreview | null; error: UiError | null };
  load(): Promise<void>;
  edit(update: (d: RoutingDraft) => RoutingDraft): void;
  reset(): void;
  save(): Promise<boolean>;
  simulate(request: unknown, userId: string): Promise<void>;
}

/** The rules as the form shows them: the power level is the Default profile's own. */
function draftOf(rules: RoutingRules, users: readonly User[]): RoutingDraft {
  const level = users.find((u) => u.id === DEFAULT_PROFILE_ID)?.power_level ?? rules.power_level;
  return draftFromRules({ ...rules, power_level: level });
}

export const isDirty = (s: Pick<RoutingState, 'draft' | 'saved'>): boolean => s.draft !== null && s.saved !== draftSignature(s.draft);

export const useRoutingStore = create<RoutingState>()((set, get) => ({
  rules: null,
  draft: null,
  saved: null,
  models: [],
  users: [],
  loading: false,
  error: null,
  saving: false,
  saveErrors: [],
  preview: { pending: false, result: null, error: null },
  load: async () => {
    set({ loading: true });
    const [rules, models, users] = await Promise.all([
      attempt(() => bridge().getRoutingRules(undefined)),
      attempt(() => bridge().listModels({})),
      attempt(() => bridge().listUsers(undefined)),
    ]);
    if (!rules.ok) return set({ loading: false, error: rules.error.message });
    const userList = users.ok ? users.value : [];
    const draft = draftOf(rules.value, userList);
    set({
      rules: rules.value,
      draft,
      saved: draftSignature(draft),
      models: models.ok ? models.value : [],
      users: userList,
      loading: false,
      error: null,
      saveErrors: [],
    });
  },
  edit: (update) => {
    const d = get().draft;
    if (d) set({ draft: update(d) });
  },
  reset: () => {
    const r = get().rules;
    if (r) {
      const draft = draftOf(r, get().users);
      set({ draft, saved: draftSignature(draft), saveErrors: [] });
    }
  },
  save: async () => {
    const d = get().draft;
    if (!d) return false;
    const parsed = rulesFromDraft(d);
    if (!parsed.ok) {
      set({ saveErrors: parsed.errors });
      return false;
    }
    set({ saving: true });
    const fail = (e: UiError): false => {
      set({ saving: false, saveErrors: [{ field: e.field ?? '', message: e.message }] });
      return false;
    };
    // the level is the Default profile's (what the tray switches); the rules keep it too, as the level new profiles start with
    const current = get().users.find((u) => u.id === DEFAULT_PROFILE_ID);
    if (current && current.power_level !== d.power_level) {
      const u = await attempt(() => bridge().updateUser({ id: DEFAULT_PROFILE_ID, patch: { power_level: d.power_level } }));
      if (!u.ok) return fail(u.error);
      set({ users: get().users.map((x) => (x.id === DEFAULT_PROFILE_ID ? u.value : x)) });
    }
    const r = await attempt(() => bridge().updateRoutingRules(parsed.update));
    if (!r.ok) return fail(r.error);
    const draft = draftOf(r.value, get().users);
    set({ saving: false, rules: r.value, draft, saved: draftSignature(draft), saveErrors: [] });
    return true;
  },
  simulate: async (request, userId) => {
    set({ preview: { ...get().preview, pending: true } });
    const r = await attempt(() => bridge().previewRoute(userId ? { request, user_id: userId } : { request }));
    set({ preview: r.ok ? { pending: false, result: r.value, error: null } : { pending: false, result: null, error: r.error } });
  },
}));
