// Whether the headless UI still needs the admin token typed in.
import { create } from 'zustand';

interface AuthState {
  mode: 'desktop' | 'http' | 'unknown';
  needsLogin: boolean;
  reason: string | null;
  /** bumped on every successful login so the tabs reload their data */
  session: number;
  setMode(mode: 'desktop' | 'http'): void;
  requireLogin(reason: string | null): void;
  loggedIn(): void;
}

export const useAuthStore = create<AuthState>()((set) => ({
  mode: 'unknown',
  needsLogin: false,
  reason: null,
  session: 0,
  setMode: (mode) => set({ mode }),
  requireLogin: (reason) => set({ needsLogin: true, reason }),
  loggedIn: () => set((s) => ({ needsLogin: false, reason: null, session: s.session + 1 })),
}));
