// A try that failed after its prompt went out, for a reason that is no answer from the provider: Switchboard
// gave up on it (timeout_ms), or its stream or body broke off or ended before any content. The provider had
// the prompt and bills it, so the try is billed (its failed attempt's `billed`, counted in the row, marked
// estimated). A provider's error status (4xx, 5xx) is an answer it does not bill; a connection never made, or
// dropped before the provider's headers came, sent nothing it is known to bill.
import { UpstreamFailure, type UpstreamError, type Usage } from '../../core/canonical';
import { isSaneUsage } from '../../core/usage-sanity';

const UNANSWERED_KINDS: ReadonlySet<UpstreamError['kind']> = new Set(['timeout', 'stream', 'connect']);

/** A failure with no answer from the provider: if it was billed, the provider's final figures never came, so the bill is an estimate. */
export function isUnansweredTry(e: Pick<UpstreamError, 'kind' | 'status'>): boolean {
  return e.status === undefined && UNANSWERED_KINDS.has(e.kind);
}

/**
 * Gives a cut-short try's error what the try is billed, unless it has a bill already: `figures` are the
 * provider's running count (Anthropic's message_start, Gemini's usageMetadata so far) or the prompt estimated.
 * Call it only once the prompt was sent, and not when the client left (the row bills that try itself).
 * `answered`: the provider's headers came (a connection lost after them broke off an answer, not a request).
 */
export function billCutShort(err: unknown, answered: boolean, figures: () => Usage | undefined): void {
  if (!(err instanceof UpstreamFailure) || err.error.billed !== undefined || !isUnansweredTry(err.error)) return;
  if (err.error.kind === 'connect' && !answered) return;
  const usage = figures();
  if (usage !== undefined && isSaneUsage(usage)) err.error.billed = usage;
}
