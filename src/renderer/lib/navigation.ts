// One tab sending the user to another (the Providers tab's "Show them in Models"): the tab opens as a click on
// it would open it (an unsaved-edits prompt included), and the Models tab starts filtered to the provider named.
import { create } from 'zustand';

let opener: ((tab: string) => void) | null = null;

/** App says how a tab is opened (null when it unmounts). */
export function setTabOpener(open: ((tab: string) => void) | null): void {
  opener = open;
}

interface NavigationState {
  /** the provider the Models tab's filter starts on the next time it opens ('' for all) */
  modelsProvider: string;
  showModelsOf(providerId: string): void;
  /** the Models tab took `modelsProvider` */
  modelsFiltered(): void;
}

export const useNavigation = create<NavigationState>()((set) => ({
  modelsProvider: '',
  showModelsOf: (providerId) => {
    set({ modelsProvider: providerId });
    opener?.('models');
  },
  modelsFiltered: () => set({ modelsProvider: '' }),
}));
