// Routing tab state: the saved rules, the draft being edited, and the simulator's last preview.
import { create } from 'zustand';
import type { Model, RoutePreview, RoutingRules, User } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type UiError } from '../../lib/errors';
import { draftFromRules, rulesFromDraft, type DraftError, type RoutingDraft } from './routing-draft';

interface RoutingState {
  rules: RoutingRules | null;
  draft: RoutingDraft | null;
  models: Model[];
  users: User[];
  loading: boolean;
  error: string | null;
  saving: boolean;
  saveError: DraftError | null;
  preview: { pending: boolean; result: RoutePreview | null; error: UiError | null };
  load(): Promise<void>;
  edit(update: (d: RoutingDraft) => RoutingDraft): void;
  reset(): void;
  save(): Promise<boolean>;
  simulate(request: unknown, userId: string): Promise<void>;
}

export const useRoutingStore = create<RoutingState>()((set, get) => ({
  rules: null,
  draft: null,
  models: [],
  users: [],
  loading: false,
  error: null,
  saving: false,
  saveError: null,
  preview: { pending: false, result: null, error: null },
  load: async () => {
    set({ loading: true });
    const [rules, models, users] = await Promise.all([
      attempt(() => bridge().getRoutingRules(undefined)),
      attempt(() => bridge().listModels({})),
      attempt(() => bridge().listUsers(undefined)),
    ]);
    if (!rules.ok) return set({ loading: false, error: rules.error.message });
    set({
      rules: rules.value,
      draft: draftFromRules(rules.value),
      models: models.ok ? models.value : [],
      users: users.ok ? users.value : [],
      loading: false,
      error: null,
      saveError: null,
    });
  },
  edit: (update) => {
    const d = get().draft;
    if (d) set({ draft: update(d), saveError: null });
  },
  reset: () => {
    const r = get().rules;
    if (r) set({ draft: draftFromRules(r), saveError: null });
  },
  save: async () => {
    const d = get().draft;
    if (!d) return false;
    const parsed = rulesFromDraft(d);
    if (!parsed.ok) {
      set({ saveError: parsed.error });
      return false;
    }
    set({ saving: true });
    const r = await attempt(() => bridge().updateRoutingRules(parsed.update));
    if (!r.ok) {
      set({ saving: false, saveError: { field: r.error.field ?? '', message: r.error.message } });
      return false;
    }
    set({ saving: false, rules: r.value, draft: draftFromRules(r.value), saveError: null });
    return true;
  },
  simulate: async (request, userId) => {
    set({ preview: { ...get().preview, pending: true } });
    const r = await attempt(() => bridge().previewRoute(userId ? { request, user_id: userId } : { request }));
    set({ preview: r.ok ? { pending: false, result: r.value, error: null } : { pending: false, result: null, error: r.error } });
  },
}));
