// Routing tab state: the saved rules, the draft being edited, and the simulator's last preview.
// The rules' power level is the Default profile's (what `auto` means for it, as the tray sets it): the server
// reports it and a rules PUT sets it, in the same transaction as the rest.
import { create } from 'zustand';
import type { Model, PowerLevel, RoutePreview, RoutingRules, User } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome, type UiError } from '../../lib/errors';
import { draftError, draftFromRules, draftSignature, errorsAfterEdit, rulesFromDraft, type DraftError, type RoutingDraft } from './routing-draft';

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
  /**
   * The level `auto` routes with now, as the status poll reports it (the tray may have switched it): the
   * tab shows it, unless the level is an unsaved edit of its own.
   */
  followPowerLevel(level: PowerLevel): void;
  /**
   * Turns a client-name switch on or off at once (the BYOK tab's set-up snippets do), saving only that rule:
   * the tab's other unsaved edits stay unsaved, and the switch shows the saved value in both tabs.
   */
  setNameSwitch(key: NameSwitch, on: boolean): Promise<Outcome<RoutingRules>>;
}

export type NameSwitch = 'claude_code_model_names' | 'gemini_cli_model_names';

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
    // the tab shows the rules it had while it loads them again: an edit made meanwhile is kept, not replaced
    const shown = get().draft;
    set({ loading: true });
    const [rules, models, users] = await Promise.all([
      attempt(() => bridge().getRoutingRules(undefined)),
      attempt(() => bridge().listModels({})),
      attempt(() => bridge().listUsers(undefined)),
    ]);
    if (!rules.ok) return set({ loading: false, error: rules.error.message });
    const loaded = draftFromRules(rules.value);
    const now = get().draft;
    const edited = now !== null && now !== shown;
    set({
      rules: rules.value,
      draft: edited ? now : loaded,
      saved: draftSignature(loaded),
      models: models.ok ? models.value : [],
      users: users.ok ? users.value : [],
      loading: false,
      error: null,
      saveErrors: edited ? get().saveErrors : [],
    });
  },
  // once a Save showed errors, each edit checks again: a corrected field's error goes at once
  edit: (update) => {
    const d = get().draft;
    if (!d) return;
    const draft = update(d);
    set({ draft, saveErrors: errorsAfterEdit(get().saveErrors, d, draft) });
  },
  reset: () => {
    const r = get().rules;
    if (r) {
      const draft = draftFromRules(r);
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
    // one PUT, the power level with the rest: a Save the server refuses changes nothing, the level included
    // (it was sent to the Default profile first, and stayed switched when the rules were then refused)
    // a level left as the tab loaded it is not sent: the tray may have switched it since, and a Save of
    // something else must not switch it back
    const { power_level: level, ...rest } = parsed.update;
    const rules = get().rules;
    const update = level === rules?.power_level ? rest : parsed.update;
    // the step-down shows rounded to a tenth of a percent: left as shown, the stored share (0.8333) is not
    // sent back rounded (0.833)
    if (rules && d.budget_step_down_pct === draftFromRules(rules).budget_step_down_pct) delete update.budget_step_down_at;
    const r = await attempt(() => bridge().updateRoutingRules(update));
    if (!r.ok) {
      set({ saving: false, saveErrors: [draftError(r.error.field, r.error.message)] });
      return false;
    }
    const draft = draftFromRules(r.value);
    set({ saving: false, rules: r.value, draft, saved: draftSignature(draft), saveErrors: [] });
    return true;
  },
  simulate: async (request, userId) => {
    set({ preview: { ...get().preview, pending: true } });
    const r = await attempt(() => bridge().previewRoute(userId ? { request, user_id: userId } : { request }));
    set({ preview: r.ok ? { pending: false, result: r.value, error: null } : { pending: false, result: null, error: r.error } });
  },
  followPowerLevel: (level) => {
    const { rules, draft, saving } = get();
    // a Save in flight answers with the rules as they then are
    if (!rules || !draft || saving || rules.power_level === level) return;
    const next = { ...rules, power_level: level };
    set({
      rules: next,
      // the level as loaded follows; one the user picked stays (and still shows as unsaved)
      draft: draft.power_level === rules.power_level ? { ...draft, power_level: level } : draft,
      saved: draftSignature(draftFromRules(next)),
    });
  },
  setNameSwitch: async (key, on) => {
    const r = await attempt(() => bridge().updateRoutingRules({ [key]: on }));
    if (!r.ok) return r;
    const { rules, draft } = get();
    // rules not loaded yet: the Routing tab loads them when it opens
    if (rules && draft) {
      const next = { ...rules, [key]: r.value[key] };
      set({ rules: next, draft: { ...draft, [key]: r.value[key] }, saved: draftSignature(draftFromRules(next)) });
    } else {
      const loaded = draftFromRules(r.value);
      set({ rules: r.value, draft: loaded, saved: draftSignature(loaded) });
    }
    return r;
  },
}));
