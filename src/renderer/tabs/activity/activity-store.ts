// Activity tab state: the filtered list of requests (newest first, paged), what is expanded, bodies fetched
// on demand, and the body-capture setting.
import { create } from 'zustand';
import type { ActivityEntry, ActivityQuery, RequestDetail } from '../../../shared/activity-types';
import type { User } from '../../../shared/types';
import { bridge } from '../../bridge/bridge';
import { attempt, type Outcome } from '../../lib/errors';

const PAGE_SIZE = 50;

export interface ActivityFilters {
  status: '' | 'success' | 'error';
  user_id: string;
  model: string;
  client: string;
}

const NO_FILTERS: ActivityFilters = { status: '', user_id: '', model: '', client: '' };

interface ActivityState {
  filters: ActivityFilters;
  requests: ActivityEntry[] | null;
  nextBefore: string | null;
  loading: boolean;
  error: string | null;
  users: User[];
  expanded: string | null;
  details: Record<string, RequestDetail | { error: string }>;
  captureUntil: string | null;
  setFilters(f: Partial<ActivityFilters>): Promise<void>;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  toggle(requestId: string): void;
  loadDetail(requestId: string): Promise<void>;
  setCapture(until: string | null): Promise<Outcome<unknown>>;
}

function query(f: ActivityFilters, before: string | null): ActivityQuery {
  const q: ActivityQuery = { limit: PAGE_SIZE };
  if (before) q.before = before;
  if (f.status) q.status = f.status;
  if (f.user_id) q.user_id = f.user_id;
  if (f.model.trim()) q.model = f.model.trim();
  if (f.client.trim()) q.client = f.client.trim();
  return q;
}

export const useActivityStore = create<ActivityState>()((set, get) => ({
  filters: NO_FILTERS,
  requests: null,
  nextBefore: null,
  loading: false,
  error: null,
  users: [],
  expanded: null,
  details: {},
  captureUntil: null,
  setFilters: async (f) => {
    set({ filters: { ...get().filters, ...f } });
    await get().load();
  },
  load: async () => {
    const filters = get().filters;
    set({ loading: true });
    const [page, users, settings] = await Promise.all([
      attempt(() => bridge().listRequests(query(filters, null))),
      attempt(() => bridge().listUsers(undefined)),
      attempt(() => bridge().getSettings(undefined)),
    ]);
    // a slower answer for older filters must not overwrite the current one
    if (get().filters !== filters) return;
    set({
      ...(page.ok ? { requests: page.value.requests, nextBefore: page.value.next_before, error: null } : { error: page.error.message }),
      ...(users.ok ? { users: users.value } : {}),
      ...(settings.ok ? { captureUntil: settings.value.body_capture_until } : {}),
      loading: false,
    });
  },
  loadMore: async () => {
    const { filters, nextBefore, requests } = get();
    if (!nextBefore || !requests) return;
    set({ loading: true });
    const page = await attempt(() => bridge().listRequests(query(filters, nextBefore)));
    if (get().filters !== filters) return;
    set(page.ok
      ? { requests: [...requests, ...page.value.requests], nextBefore: page.value.next_before, loading: false, error: null }
      : { loading: false, error: page.error.message });
  },
  toggle: (requestId) => set({ expanded: get().expanded === requestId ? null : requestId }),
  loadDetail: async (requestId) => {
    const r = await attempt(() => bridge().getRequest({ request_id: requestId }));
    set({ details: { ...get().details, [requestId]: r.ok ? r.value : { error: r.error.message } } });
  },
  setCapture: async (until) => {
    const r = await attempt(() => bridge().updateSettings({ body_capture_until: until }));
    if (r.ok) set({ captureUntil: r.value.body_capture_until });
    return r;
  },
}));
