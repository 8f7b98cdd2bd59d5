// What the proxy hands the usage recorder for every request, successful or not. No prompt or completion text.
import type { InboundApi, UpstreamErrorKind } from './canonical';
import type { PriceBasis } from './pricing';

export type UsageEndpoint = 'chat' | 'messages' | 'responses' | 'generate_content' | 'embeddings' | 'count_tokens';

export interface FailedAttempt {
  model: string;
  kind: UpstreamErrorKind;
  status: number | null;
  /** redacted */
  message: string;
  /** ms from sending this attempt to its failure */
  latencyMs: number;
  /** the pause after this failure before the next try of the same model (retry back-off or retry-after); absent when none */
  waitMs?: number;
  /** what the provider billed for this try all the same (an answer that could not be used): counted in the row's figures */
  billed?: AttemptBill;
}

/** The token counts a usage row holds. */
export interface RowTokens {
  inputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  cacheWrite1hInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** A failed try's billed tokens, priced as its model's. */
export interface AttemptBill extends RowTokens {
  /** USD; null when a price is unknown */
  costUsd: number | null;
  /** the try was cut short (node/proxy/cut-short.ts): its figures are an estimate, and the row says so */
  estimated?: boolean;
}

export interface UsageRecord {
  requestId: string;
  /** epoch ms when the request arrived */
  startedAt: number;
  userId: string;
  tokenId: string | null;
  /** the inbound API the client spoke (OpenAI embeddings count as `chat`, the OpenAI API family) */
  inboundApi: InboundApi;
  /** the client's user agent (e.g. `claude-cli/2.1.197`), cut short; null when it sent none */
  client: string | null;
  endpoint: UsageEndpoint;
  /** the model name the client sent */
  requestedModel: string;
  /** `provider/model` that served; nothing served: the last try the provider billed, else the last tried; null when nothing was tried */
  modelId: string | null;
  providerId: string | null;
  stream: boolean;
  failedAttempts: FailedAttempt[];
  inputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  /** of cacheCreationInputTokens, those written to the 1-hour cache (the rest to the 5-minute one) */
  cacheWrite1hInputTokens?: number;
  outputTokens: number;
  reasoningTokens: number;
  /** USD; null when a class the request used has no known price: never counted as $0 (see core/pricing.ts) */
  costUsd: number | null;
  /** costUsd is null because a price is unknown; absent: false */
  priceUnknown?: boolean;
  /** how the cost was reached where it is not every class at its catalog price; absent: none */
  priceBasis?: readonly PriceBasis[];
  /** paid web searches the serving answer ran (Usage.webSearchCalls), their fee in costUsd; absent: none */
  webSearchCalls?: number;
  /** what the provider billed (OpenRouter `usage.cost`); costUsd is this when present */
  providerCostUsd?: number | null;
  /** providerCostUsd minus the catalog estimate, so drift of the catalog's prices shows */
  costDriftUsd?: number | null;
  /** token counts were estimated with the tokenizer, not reported by the provider */
  estimated: boolean;
  /** ms to the first byte sent to the client; null if none was sent */
  ttfbMs: number | null;
  /** total ms */
  latencyMs: number;
  /** HTTP status returned to the client (200 for a stream that began, even if it failed later) */
  status: number;
  /** null on success; the error kind otherwise (e.g. 'rate_limit', 'client_closed', 'budget_exhausted') */
  errorKind: string | null;
  /** fields of the request the serving provider's format could not carry (sent as `x-switchboard-dropped`) */
  dropped: string[];
  /** what the router checked models against, as core/routing/needs-code.ts codes it; absent: it was not routed */
  routeNeeds?: number;
  /** the max_tokens the router's context check reserved room for; absent: none asked (or not routed) */
  routeMaxOutput?: number;
}
