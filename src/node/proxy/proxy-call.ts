// The state of one proxied request, from arrival to its usage row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProfileEntry } from '../../core/catalog';
import type { RawJsonBody } from '../../core/forward-body';
import type { AttemptBill, UsageRecord } from '../../core/usage-record';
import type { Usage } from '../../core/canonical';
import { priceUsage, rowTokens, type ServedModel } from '../../core/pricing';
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
  addFailedBills(call.usage);
  if (call.signal.aborted && call.usage.errorKind === null) {
    const cut = abortedOutcome(call.signal);
    call.usage.errorKind = cut.kind;
    if (call.usage.status === 0) call.usage.status = cut.status;
  }
  call.deps.usage.record(call.usage);
}

/** A failed try's reported (or, `estimated`, cut-short) usage, priced as the model that was tried (its tokens as the row counts them). */
export function attemptBill(model: ServedModel, providerType: string, usage: Usage, estimated = false): AttemptBill {
  const bill: AttemptBill = { ...rowTokens(usage), costUsd: priceUsage(model, usage, providerType).costUsd };
  if (estimated) bill.estimated = true;
  return bill;
}

/**
 * The row counts what every try was billed: the failed tries a provider billed all the same (an answer that
 * could not be used, tried again) are added to the served answer's figures, or make a failed request's own.
 * A try at an unknown price leaves the request's cost unknown, never counted as $0.
 */
function addFailedBills(u: UsageRecord): void {
  for (const a of u.failedAttempts) {
    const b = a.billed;
    if (b === undefined) continue;
    u.inputTokens += b.inputTokens;
    u.cachedInputTokens += b.cachedInputTokens;
    u.cacheCreationInputTokens += b.cacheCreationInputTokens;
    u.cacheWrite1hInputTokens = (u.cacheWrite1hInputTokens ?? 0) + b.cacheWrite1hInputTokens;
    u.outputTokens += b.outputTokens;
    u.reasoningTokens += b.reasoningTokens;
    if (b.estimated) u.estimated = true;
    if (b.costUsd === null) {
      u.costUsd = null;
      u.priceUnknown = true;
    } else if (u.costUsd !== null) u.costUsd += b.costUsd;
  }
}
