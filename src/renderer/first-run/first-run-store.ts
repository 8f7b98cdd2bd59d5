// The first-run checklist: add a key (or start a local server) -> it is tested -> copy a snippet -> the
// first request arrives. Shown until a request has succeeded; every step reads real state.
import { create } from 'zustand';
import type { Provider } from '../../shared/types';
import { bridge } from '../bridge/bridge';
import { attempt } from '../lib/errors';
import { useProvidersStore } from '../tabs/providers/providers-store';

const COPIED_KEY = 'switchboard.snippet-copied';

export interface Step {
  id: 'key' | 'tested' | 'snippet' | 'request';
  title: string;
  done: boolean;
  /** what is in the way, when something is */
  detail: string | null;
}

interface FirstRunState {
  providers: Provider[] | null;
  /** a request has succeeded (null until known) */
  served: boolean | null;
  snippetCopied: boolean;
  load(): Promise<void>;
  noteSnippetCopied(): void;
}

function readCopied(): boolean {
  try {
    return localStorage.getItem(COPIED_KEY) === '1';
  } catch {
    return false;
  }
}

export const useFirstRunStore = create<FirstRunState>()((set) => ({
  providers: null,
  served: null,
  snippetCopied: readCopied(),
  load: async () => {
    const [providers, served] = await Promise.all([
      attempt(() => bridge().listProviders(undefined)),
      attempt(() => bridge().listRequests({ status: 'success', limit: 1 })),
    ]);
    set({
      ...(providers.ok ? { providers: providers.value } : {}),
      ...(served.ok ? { served: served.value.requests.length > 0 } : {}),
    });
  },
  noteSnippetCopied: () => {
    try {
      localStorage.setItem(COPIED_KEY, '1');
    } catch {
      // private mode: the step still ticks for this session
    }
    set({ snippetCopied: true });
  },
}));

// The Providers tab reloads its list after every save, test and switch: the checklist takes that list at once
// (its own poll came up to 4 s later, the row already saying Connection OK beside a step still to do).
useProvidersStore.subscribe((state, prev) => {
  if (state.providers !== prev.providers && state.providers !== null && useFirstRunStore.getState().served === false) {
    useFirstRunStore.setState({ providers: state.providers });
  }
});

/** A provider a request could reach: keyed, or keyless (local) and answering. */
const usable = (p: Provider): boolean => p.enabled && (p.keyless ? p.health.status === 'healthy' : p.has_key);

export function firstRunSteps(providers: readonly Provider[], served: boolean, snippetCopied: boolean): Step[] {
  const candidates = providers.filter((p) => p.enabled && (p.has_key || p.keyless) && (!p.keyless || p.health.status !== 'not_running'));
  const keyed = providers.some(usable) || served;
  const healthy = candidates.some((p) => p.health.status === 'healthy') || served;
  const failing = candidates.find((p) => p.health.status === 'unhealthy');
  return [
    {
      id: 'key', title: 'Add a provider key (or start Ollama or LM Studio)', done: keyed,
      detail: keyed ? null : 'In the Providers tab: Edit a provider and paste its API key.',
    },
    {
      id: 'tested', title: 'Switchboard tests the connection', done: healthy,
      detail: healthy || !failing ? null : `${failing.name}: ${failing.health.message ?? 'the test failed'}`,
    },
    { id: 'snippet', title: 'Point a tool at the proxy (copy a snippet from the BYOK tab)', done: snippetCopied || served, detail: null },
    { id: 'request', title: 'The first request arrives', done: served, detail: null },
  ];
}
