// Unsaved edits: a tab that has them registers here, so switching tabs (or closing the page) asks first
// instead of dropping them without a word.
import { create } from 'zustand';

interface Guard {
  /** what the prompt calls the edits, e.g. "routing rules" */
  what: string;
  /** drop the edits (the tab reloads its saved state) */
  discard(): void;
}

interface LeaveGuardState {
  guards: Record<string, Guard>;
  /** register (guard) or clear (null) the unsaved edits of a tab */
  set(tab: string, guard: Guard | null): void;
}

export const useLeaveGuard = create<LeaveGuardState>()((set, get) => ({
  guards: {},
  set: (tab, guard) => {
    const guards = { ...get().guards };
    if (guard) guards[tab] = guard;
    else delete guards[tab];
    set({ guards });
  },
}));

/** The browser's own "leave site?" prompt while any tab has unsaved edits. */
export function installBeforeUnload(): () => void {
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (Object.keys(useLeaveGuard.getState().guards).length === 0) return;
    e.preventDefault();
    // some browsers still want returnValue set to show the prompt
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}
