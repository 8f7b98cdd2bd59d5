// What the proxy hands the usage recorder for every request, successful or not. No prompt or completion text.
import type { UpstreamErrorKind } from './canonical';

export type UsageEndpoint = 'chat' | 'messages' | 'embeddings' | 'count_tokens';

export interface FailedAttempt {
  model: string;
  kind: UpstreamErrorKind;
  status: number | null;
  /** redacted */
  message: string;
  /** ms from sending this attempt to its failure; absent or null when unknown */
  latencyMs?: number | null;
}

export interface UsageRecord {
  requestId: string;
  /** epoch ms when the request arrived */
  startedAt: number;
  userId: string;
  tokenId: string | null;
  /** the caller's User-Agent header; null when it sent none */
  client: string | null;
  /** the inbound API the client spoke */
  inboundApi: 'openai' | 'anthropic';
  endpoint: UsageEndpoint;
  /** the model name the client sent */
  requestedModel: string;
  /** `provider/model` that served (or last tried); null when nothing was tried */
  modelId: string | null;
  providerId: string | null;
  stream: boolean;
  failedAttempts: FailedAttempt[];
  inputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** token counts were estimated with the tokenizer, not reported by the provider */
  estimated: boolean;
  /** ms to the first byte sent to the client; null if none was sent */
  ttfbMs: number | null;
  /** total ms */
  latencyMs: number;
  /** HTTP status returned to the client (200 for a stream that began, even if it failed later) */
  status: number;
  /** null on success; the error kind otherwise (e.g. 'rate_limit', 'client_disconnect', 'budget') */
  errorKind: string | null;
  /** request fields a format crossing could not carry (the x-switchboard-dropped header) */
  dropped: string[];
}
