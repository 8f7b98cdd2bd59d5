// A fresh install (no key stored, no local server running) finds no model at all. Saying "no model
// can serve this request" is true but useless there: this hint says what to do instead.
import type { PlanExclusion } from './types';

const SETUP_HINT =
  'no provider is ready yet. Add a provider key in the Providers tab of Switchboard ' +
  '(or set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY before starting it), or start Ollama or LM Studio on this machine';

/** The hint when every model was passed over for lack of set-up (or there is none); null otherwise. */
export function setupHint(excluded: readonly PlanExclusion[]): string | null {
  return excluded.every((x) => x.kind === 'setup') ? SETUP_HINT : null;
}

/** The no-candidate message with the hint in front of the per-model reasons, when it applies. */
export function noCandidateMessage(message: string, excluded: readonly PlanExclusion[]): string {
  const hint = setupHint(excluded);
  return hint === null ? message : `No model can serve this request: ${hint}. Details: ${message}`;
}
