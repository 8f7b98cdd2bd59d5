// App status for the header and the set-up snippets, polled every few seconds.
import { create } from 'zustand';
import type { AppStatus } from '../../shared/types';
import { bridge } from '../bridge/bridge';
import { attempt } from '../lib/errors';

export const STATUS_POLL_MS = 5000;

interface StatusState {
  status: AppStatus | null;
  error: string | null;
  load(): Promise<void>;
  setPaused(paused: boolean): Promise<string | null>;
}

export const useStatusStore = create<StatusState>()((set) => ({
  status: null,
  error: null,
  load: async () => {
    const r = await attempt(() => bridge().getStatus(undefined));
    if (r.ok) set({ status: r.value, error: null });
    else set({ error: r.error.message });
  },
  setPaused: async (paused) => {
    const r = await attempt(() => bridge().setProxyPaused({ paused }));
    if (!r.ok) return r.error.message;
    set({ status: r.value, error: null });
    return null;
  },
}));
