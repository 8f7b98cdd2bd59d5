// The state of one proxied request, from arrival to its usage row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProfileEntry } from '../../core/catalog';
import type { RawJsonBody } from '../../core/forward-body';
import type { UsageRecord } from '../../core/usage-record';
import type { ProxyDeps } from './deps';
import type { CallSignal } from '../http/call-signal';
import { abortedOutcome } from './shutdown';

export interface ProxyCall {
  req: IncomingMessage;
  res: ServerResponse;
  deps: ProxyDeps;
  requestId: string;
  startedAt: number;
  userId: string;
  tokenId: string;
  profile: ProfileEntry;
  /** aborted when the client goes away, or by shutdown (reason ShuttingDown): aborts the upstream request */
  signal: CallSignal;
  /** filled in as the request proceeds; recorded once (recordUsage) */
  usage: UsageRecord;
  recorded: boolean;
  /** the JSON body as received, when it is valid UTF-8: a same-format forward copies what it did not change */
  rawBody?: RawJsonBody;
}

const MAX_CLIENT_CHARS = 200;

export function newUsageRecord(
  call: Pick<ProxyCall, 'requestId' | 'startedAt' | 'userId' | 'tokenId'>,
  inboundApi: UsageRecord['inboundApi'],
  endpoint: UsageRecord['endpoint'],
  userAgent: string | undefined,
): UsageRecord {
  return {
    requestId: call.requestId,
    startedAt: call.startedAt,
    userId: call.userId,
    tokenId: call.tokenId,
    inboundApi,
    endpoint,
    client: userAgent ? userAgent.slice(0, MAX_CLIENT_CHARS) : null,
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

/**
 * Hand the row to the recorder, once. Called before the client's response ends, so what depends on
 * it (spend caps, the activity log) sees every answered request.
 */
export function recordUsage(call: ProxyCall): void {
  if (call.recorded) return;
  call.recorded = true;
  call.usage.latencyMs = Date.now() - call.startedAt;
  if (call.signal.aborted && call.usage.errorKind === null) {
    const cut = abortedOutcome(call.signal);
    call.usage.errorKind = cut.kind;
    if (call.usage.status === 0) call.usage.status = cut.status;
  }
  call.deps.usage.record(call.usage);
}
