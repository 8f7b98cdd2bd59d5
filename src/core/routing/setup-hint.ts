// A fresh install (no key stored, no local server running) finds no model at all. Saying "no model
// can serve this request" is true but useless there: this hint says what to do instead.
import { REASON } from './eligibility';
import type { PlanExclusion } from './types';
import { PROVIDER_TYPE_INFO } from '../../shared/provider-types';
import { ROUTING_NAMES } from '../../shared/defaults';
import { canBeAlias } from '../../shared/validate-rules';

/** every provider's key variable, as Switchboard reads them at start (OPENAI_API_KEY, ..., XAI_API_KEY) */
const ENV_KEYS = Object.values(PROVIDER_TYPE_INFO).flatMap((t) => (t.envKey === undefined ? [] : [t.envKey]));

const SETUP_HINT =
  'no provider is ready yet. Add a provider key in the Providers tab of Switchboard ' +
  `(or set its variable before starting it: ${ENV_KEYS.slice(0, -1).join(', ')} or ${ENV_KEYS.at(-1)}), ` +
  'or start Ollama or LM Studio on this machine';

export interface SetupState {
  /** some enabled model's provider can be called (it has a key, or needs none, and is not a server that is down) */
  readonly anyReady: boolean;
  /** the model name the client sent */
  readonly requested?: string;
  /** the server of one's own a model is on (its runtime's name, the URL it is asked at), for a model that is */
  readonly serverOf?: (modelId: string) => { readonly runtime: string; readonly url: string } | undefined;
  /** the models that can be called (those anyReady counts), in the catalog's order: the hint names the ones of the same name */
  readonly readyModels?: readonly { readonly id: string; readonly modelName: string }[];
  /** the name is a model id of the catalog (which an alias cannot be) */
  readonly isModelId?: (name: string) => boolean;
}

/** Models of the same name named in the hint: at most this many. */
const SAME_NAME_SHOWN = 3;

/**
 * What follows the last `/`, in lower case, dots as dashes: `openai/gpt-4o-mini` and OpenRouter's `openai/gpt-4o-mini`
 * are both gpt-4o-mini, `anthropic/claude-sonnet-4-5` and OpenRouter's `anthropic/claude-sonnet-4.5` claude-sonnet-4-5.
 */
const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1).toLowerCase().replaceAll('.', '-');

/** The models set up whose name is the one asked for (baseName), with OpenRouter's vendor prefix or without (openrouter/openai/gpt-4o-mini). */
function sameNameModels(name: string, state: SetupState): string[] {
  const base = baseName(name);
  const out: string[] = [];
  for (const m of state.readyModels ?? []) {
    if (m.id !== name && baseName(m.modelName) === base) out.push(m.id);
    if (out.length === SAME_NAME_SHOWN) break;
  }
  return out;
}

/**
 * The way round a name not set up besides setting it up: an alias of that name (to a set-up model of the same
 * name, else a power level) where the rules would take one; else (a `provider/model` id) sending that model
 * or a routing name instead.
 */
function otherRoute(name: string, state: SetupState | undefined): string {
  const same = state === undefined ? [] : sameNameModels(name, state);
  if (canBeAlias(name, state?.isModelId ?? (() => false))) {
    return `or map the name to a model you have with an alias in the routing rules (e.g. "aliases": {${JSON.stringify(name)}: [${JSON.stringify(same[0] ?? 'balanced')}]})`;
  }
  const sameText = same.length === 0 ? '' : `${same.map((id) => JSON.stringify(id)).join(', ')} (the same model, set up) or `;
  return `or send ${sameText}"auto" (or a power level: ${ROUTING_NAMES.slice(1).join(', ')}) as the model instead`;
}

/** Every model was left out only because its own server (Ollama, LM Studio, ...) did not answer: starting it mends that. */
export function onlyNotRunning(excluded: readonly PlanExclusion[]): boolean {
  return excluded.length > 0 && excluded.every((x) => x.kind === REASON.notRunning.kind && x.reason === REASON.notRunning.reason);
}

/** "Ollama does not answer at http://127.0.0.1:11434/v1", once per server, for the models left out as not running. */
function startHint(excluded: readonly PlanExclusion[], state: SetupState | undefined): string {
  const servers = new Set<string>();
  for (const x of excluded) {
    const server = state?.serverOf?.(x.model);
    servers.add(server === undefined ? `the server of ${x.model} does not answer` : `${server.runtime} does not answer at ${server.url}`);
  }
  const models = excluded.length > 3 ? `${excluded.length} models` : excluded.map((x) => x.model).join(', ');
  return `${[...servers].join('; ')}, so ${models} cannot be tried. Start it (Ollama: its app or \`ollama serve\`; ` +
    'LM Studio: its server, `lms server start`), then send the request again';
}

/**
 * What mends each reason the models were left out for, once each, in the order they come: a model switched
 * off (discovered cloud models come in off) is switched on in the Models tab, a local runtime's model it does
 * not have is pulled there (a key would help neither), anything else is its provider's set-up.
 */
function setupFixes(excluded: readonly PlanExclusion[]): string {
  const fixes = new Set<string>();
  for (const x of excluded) {
    fixes.add(x.reason === REASON.modelDisabled.reason ? 'switch it on in the Models tab'
      : x.reason === REASON.notInstalled.reason ? 'pull it (ollama pull) or download it (LM Studio) on its runtime'
        : "add its provider's key (or switch it on) in the Providers tab");
  }
  const text = [...fixes].join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The hint when every model was passed over for lack of set-up (or there is none); null otherwise.
 * With other providers serving, it is about the models asked for, not a fresh install: a client's own
 * name (Claude Code's background haiku, a Gemini name) whose provider has no key.
 */
export function setupHint(excluded: readonly PlanExclusion[], state?: SetupState): string | null {
  if (!excluded.every((x) => x.kind === 'setup')) return null;
  // a server of one's own that is down: a key would not help, starting it would
  if (onlyNotRunning(excluded)) return startHint(excluded, state);
  // the models themselves are off or missing on their runtime: their fix, whether or not anything else is ready
  // (a provider whose discovered models all came in off is set up, though nothing it has is switched on)
  const modelsOnly = excluded.length > 0 && excluded.every((x) => x.reason === REASON.modelDisabled.reason || x.reason === REASON.notInstalled.reason);
  if ((state?.anyReady !== true && !modelsOnly) || excluded.length === 0) return SETUP_HINT;
  const name = state?.requested ?? excluded[0]!.model;
  const clientNames = /^claude-/i.test(name) ? ', or turn on "Claude Code names" in the Routing tab'
    : /^gemini-/i.test(name) ? ', or set "gemini_cli_model_names": true in the routing rules' : '';
  const fix = setupFixes(excluded);
  const others = state?.anyReady === true ? ', though other providers are' : '';
  return `${JSON.stringify(name)} is not set up (${excluded.map((x) => `${x.model}: ${x.reason}`).join('; ')})${others}. ` +
    `${fix}, ${otherRoute(name, state)}${clientNames}`;
}

/** The no-candidate message with the hint in front of the per-model reasons, when it applies. */
export function noCandidateMessage(message: string, excluded: readonly PlanExclusion[], state?: SetupState): string {
  const hint = setupHint(excluded, state);
  return hint === null ? message : `No model can serve this request: ${hint}. Details: ${message}`;
}
