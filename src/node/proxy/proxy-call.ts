// The state of one proxied request, from arrival to its usage row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProfileEntry } from '../../core/catalog';
import type { UsageRecord } from '../../core/usage-record';
import type { ProxyDeps } from './deps';

export interface ProxyCall {
  req: IncomingMessage;
  res: ServerResponse;
  deps: ProxyDeps;
  requestId: string;
  startedAt: number;
  userId: string;
  tokenId: string;
  profile: ProfileEntry;
  /** aborted when the client goes away: aborts the upstream request */
  signal: AbortSignal;
  /** filled in as the request proceeds; recorded once at the end */
  usage: UsageRecord;
}

export function newUsageRecord(call: Pick<ProxyCall, 'requestId' | 'startedAt' | 'userId' | 'tokenId'>, inboundApi: UsageRecord['inboundApi'], endpoint: UsageRecord['endpoint']): UsageRecord {
  return {
    requestId: call.requestId,
    startedAt: call.startedAt,
    userId: call.userId,
    tokenId: call.tokenId,
    client: null,
    inboundApi,
    endpoint,
    requestedModel: '',
    modelId: null,
    providerId: null,
    stream: false,
    failedAttempts: [],
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheCreationInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    estimated: false,
    ttfbMs: null,
    latencyMs: 0,
    status: 0,
    errorKind: null,
    dropped: [],
  };
}
