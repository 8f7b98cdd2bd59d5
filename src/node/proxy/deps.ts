// What the proxy needs from the rest of the app, as narrow structural interfaces.
import type { CatalogSnapshot, ProfileEntry, ProviderEntry } from '../../core/catalog';
import type { UpstreamErrorKind } from '../../core/canonical';
import type { UsageRecord } from '../../core/usage-record';
import type { FailureContext } from '../../core/routing';
import type { UpstreamClient } from '../http/upstream-client';
import type { ResponseStore } from '../responses/response-store';
import type { UsageFigures } from '../usage/usage-row';
import type { UsageRowKey } from '../usage/usage-writer';
import type { InFlightCosts } from './in-flight';
import type { BackgroundSettler } from './responses-settler';
import type { ThoughtSignatures } from './thought-signatures';
import type { ReasoningMakers } from './reasoning-makers';
import type { ConversationAffinity } from './conversation-affinity';

export interface ProxyCatalog {
  snapshot(): CatalogSnapshot;
  profile(userId: string): ProfileEntry | undefined;
  resolveToken(raw: string): { userId: string; tokenId: string } | null;
  /** a token resolveToken refused was one of a profile's, now revoked (asked on the 401 path only) */
  isRevokedToken?(raw: string): boolean;
  /** throws KeyUnavailableError when a stored key cannot be read within `waitMs`; `ownOnly`: the profile's own key or that */
  providerKey(providerId: string, userId?: string, waitMs?: number, ownOnly?: boolean): Promise<string | undefined>;
  recordLatency(modelId: string, ms: number): void;
}

export interface ProxyUsage {
  record(r: UsageRecord): void;
  /** replaces a recorded row's figures (a background response's real usage, known later): usage/recorder.ts */
  amend(key: UsageRowKey, figures: UsageFigures): 'queued' | 'written' | 'missing';
  /** why no request may be served now (usage cannot be recorded: disk full or read-only), or null */
  refusal(): string | null;
  monthSpentUsd(userId: string, now: number): number;
  /** the profile's credit balance after spending not yet in the snapshot */
  liveCreditBalanceUsd(profile: { id: string; creditBalanceUsd: number | null }): number | null;
  /** once per request: its body as parsed and the answer (JSON or streamed text); stored only while body capture is on */
  captureBodies(requestId: string, request: unknown, response: unknown): void;
  /** body capture is on: worth keeping a stream's text for captureBodies */
  capturingBodies(): boolean;
  /** the characters of a stream's text worth keeping for captureBodies; past them it is not kept */
  bodyCaptureWindow(): number;
}

export interface ProxyHealth {
  // `keyOwner` everywhere: the profile whose own (BYOK) key is sent, absent for the shared key (rate
  // limits are the key's: core/routing/cooldown.ts)
  isCoolingDown(modelId: string, providerId: string, now: number, keyOwner?: string): boolean;
  /** while cooling down: when the model may be tried again (epoch ms) */
  cooldownEndsAt(modelId: string, providerId: string, now: number, keyOwner?: string): number | null;
  /** claims the half-open probe of a cooled-down model, if there is one */
  beginAttempt(modelId: string, providerId: string, now: number, keyOwner?: string): void;
  /** the attempt ended without a word from the provider (the client left, we could not send): releases its probe */
  endAttempt(modelId: string, providerId: string, now: number, keyOwner?: string): void;
  /** `how.reachable`: the provider's headers came first, so it counts against this model alone; `how.keyOwner`: whose key a 429 limits */
  recordFailure(modelId: string, providerId: string, kind: UpstreamErrorKind, now: number, retryAfterMs?: number, how?: FailureContext): void;
  /** with `keyOwner` (a profile's own key was sent) the shared key's rate limit and refusals stay */
  recordSuccess(modelId: string, providerId: string, now: number, keyOwner?: string): void;
  /** a stream began (2xx, first content): the provider is up and a probe of the model no longer holds others back; its end still gives the verdict */
  recordAnswering(modelId: string, providerId: string, now: number, keyOwner?: string): void;
  /** the provider answered, refusing the key or the model (error-policy refusalOf): up (and `keyOwner`'s key past its rate limit), but tried last for a while */
  recordRefusal(modelId: string, providerId: string, scope: 'provider' | 'model', reason: string, now: number, keyOwner?: string): void;
  /** why the router tries this model last now, or null; `keyOwner`: whose own (BYOK) key it would send (a refused key is that key's) */
  refusal(modelId: string, providerId: string, now: number, keyOwner?: string): string | null;
  /** a local provider whose server does not answer (the router leaves it out as "not running") */
  isProviderDown(providerId: string): boolean;
  /** probe these local providers now (they are down and nothing else can serve); true when one answers */
  recheckLocal?(providerIds: readonly string[]): Promise<boolean>;
  /** list these Ollama or LM Studio servers' models again now, if running (provider-watch.ts relist: shared, at most every few seconds) */
  relistLocal?(providerIds: readonly string[]): Promise<void>;
  /** a request could not connect to this local provider: probe it now; true when it does not answer (it is then left out as not running) */
  confirmLocalDown?(providerId: string): Promise<boolean>;
  /**
   * the rate-limit headers of an upstream answer (x-ratelimit-*, anthropic-ratelimit-*), for the near-limit
   * alert; `owner` is the profile whose own (BYOK) key was sent, absent for the provider's shared key
   */
  observeRateLimits(providerId: string, headers: Record<string, string | string[] | undefined>, now: number, owner?: { id: string; name: string }): void;
}

export interface ProxyDeps {
  catalog: ProxyCatalog;
  /** the Responses API's stored responses */
  responses: Pick<ResponseStore, 'get' | 'put' | 'delete' | 'isAnothers' | 'itemHeldBy' | 'conversationBytes' | 'heldAtProviders'>;
  /** asks providers about pending background responses until they end, so their usage rows settle */
  settler: Pick<BackgroundSettler, 'track'>;
  /**
   * Largest conversation a previous_response_id may continue, the stored turns and the new request
   * together, in bytes: a client could not send more in one request (MAX_BODY_BYTES)
   */
  maxConversationBytes: number;
  usage: ProxyUsage;
  /** what each profile's requests in flight are expected to cost: its budget counts them as spent */
  inFlight: InFlightCosts;
  health: ProxyHealth;
  upstream: UpstreamClient;
  isPaused(): boolean;
  log(line: string): void;
  /** longest silence between upstream stream chunks */
  idleTimeoutMs: number;
  /** the same from Ollama and LM Studio (upstreamIdleMs) */
  localIdleTimeoutMs: number;
  /** largest upstream response body we read whole (non-streaming) */
  maxUpstreamBodyBytes: number;
  /** largest single SSE event an upstream may send (absent: the parser's default, 64 MB, as maxUpstreamBodyBytes's) */
  maxSseEventBytes?: number;
  /** most bytes one upstream stream may bring (absent: the parser's default, 128 MB) */
  maxStreamBytes?: number;
  /** the thought signatures of Gemini's calls in other APIs' tool loops, put back when the calls return */
  thoughtSignatures: ThoughtSignatures;
  /** which provider and key made each encrypted reasoning item relayed from a Responses upstream (absent: none known) */
  reasoningMakers?: ReasoningMakers;
  /** each conversation's last serving model, for the routing of its next request (absent: each routed on its own) */
  conversations?: ConversationAffinity;
  /** this install's secret that seals Claude's thinking a client holds (thinking-seal.ts); absent: none is sealed or read */
  thinkingKey?: Uint8Array;
  /** switchboard.db's path, named when another program's lock on it refuses a write a request makes (503) */
  databaseFile?: string;
  /** how long thinking a client is shown nothing of holds a translated stream back, and keep-alives' spacing (absent: HIDDEN_THINKING_MS, 5 s) */
  hiddenThinkingMs?: number;
  /** how long a committed stream from Ollama or LM Studio may be silent to its client before a keep-alive (absent: LOCAL_KEEP_ALIVE_MS, 10 s) */
  localKeepAliveMs?: number;
}

/**
 * Ollama and LM Studio send a tool call as one chunk once the model has generated all of it (ollama/ollama#11633,
 * #13581; lmstudio-bug-tracker#1868): a Write of a whole file is minutes of silence that is the model at work,
 * not a server that hung. Other servers (llama-server, vLLM, the cloud) stream a call as it is generated. The
 * type alone decides: their servers buffer tool calls wherever they run (this machine, the LAN or a rented box).
 */
export function goesSilentWhileGenerating(provider: Pick<ProviderEntry, 'type'>): boolean {
  return provider.type === 'ollama' || provider.type === 'lmstudio';
}

/**
 * The idle limit of such a runtime: at the 10-20 tokens a second of a laptop, a tool call of 6,000 to 12,000
 * tokens (a file of several hundred lines); as long as timeout_ms may be set, and as Claude Code waits for an
 * answer (its API_TIMEOUT_MS). A server that really hung is the user's own, and their client may cancel.
 */
export const LOCAL_IDLE_TIMEOUT_MS = 600_000;

/** The longest an answer under way from `provider` may go silent. */
export function upstreamIdleMs(deps: Pick<ProxyDeps, 'idleTimeoutMs' | 'localIdleTimeoutMs'>, provider: Pick<ProviderEntry, 'type'>): number {
  return goesSilentWhileGenerating(provider) ? deps.localIdleTimeoutMs : deps.idleTimeoutMs;
}
