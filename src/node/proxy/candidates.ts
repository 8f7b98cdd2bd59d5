// The one candidate loop every endpoint uses: try the plan's models in order, retry a model after a
// transient failure, fail over when another may do better. What an error means comes from its kind
// alone (core/error-policy.ts).
//
// `timeout_ms` is per try: how long one attempt may wait for the provider's first byte (a stream's answer
// begun, a JSON answer whole: headers, keep-alives or a role chunk alone are not an answer). A provider that
// hangs costs that much, then the same model is tried again or the next candidate is (a timeout fails
// over like any other provider failure). The tries are bounded by count: at most `max_retries + 1`
// models tried (one passed over as cooling down is not tried: the next takes its place), each at most
// `retries_per_model + 1` times, with pauses of at most a few seconds between. A model that other requests had
// cooling down when this request's failure was recorded, or that has begun cooling down by the end of the pause
// (their failures opened its breaker, or another request holds its probe), is not tried again: the request moves
// on, as a request sent then would be routed. A cooldown this request's own failure opened does not stop its
// retry (SPEC §2): that retry is the model's probe, the others seeing it cooling meanwhile.
import { UpstreamFailure, type UpstreamError, type Usage } from '../../core/canonical';
import { isOwnRuntime } from '../../core/catalog';
import { policyOf, refusalOf, retriesSameModel } from '../../core/error-policy';
import { redactSecrets } from '../../core/redact';
import { boundWebSearches, isSaneUsage, MAX_WEB_SEARCHES_PER_ANSWER } from '../../core/usage-sanity';
import type { FailedAttempt } from '../../core/usage-record';
import type { PlannedCandidate, RoutePlan } from '../../core/routing';
import type { RoutingRules } from '../../shared/types';
import { exhaustedError, noCandidateError, requestFault } from './final-error';
import { attemptBill, type ProxyCall } from './proxy-call';
import { isUnansweredTry } from './cut-short';
import { ProxyError } from './respond';
import { byokOwner } from './provider-key';
import { goesSilentWhileGenerating } from './deps';
import type { CallSignal } from '../http/call-signal';

/** First wait before trying the same model again; doubles per try. */
const BACKOFF_MS = 250;
/** A provider asking for a longer pause than this is left for the next candidate (or the client). */
const MAX_SAME_MODEL_WAIT_MS = 5_000;
/**
 * A timer may fire a little before the wall clock says its time is up (Node counts from the event loop's
 * cached time): a cooldown ending within this of the pause's end (one this try's own retry-after opened) is
 * waited out, not taken for another request's.
 */
const TIMER_SLACK_MS = 250;

/** One try of one candidate: its time budget, and the keys it sent (redacted from whatever comes back). */
export interface Attempt {
  budgetMs: number;
  sentKeys: (string | undefined)[];
  /**
   * set by the try when the provider's headers came: their HTTP status, which the try's failure record shows when
   * the failure itself carries none (a 200 whose body broke off, or whose answer did not begin in time)
   */
  headersStatus?: number;
}

export class ClientClosed extends Error {
  constructor() {
    super('the client closed the request');
  }
}

/**
 * Run `tryOne` on each candidate until one succeeds. `tryOne` throws an UpstreamFailure (any other
 * exception is a bug here, kind `internal`). Throws the client's ProxyError when nothing served it,
 * ClientClosed when the client went away. `replan`: route the request again (the router's own answer,
 * thrown, when nothing is left), for when every model tried was on a local server found not running.
 * `searchesAllowed`: the web searches a failed try's bill may hold for that candidate (webSearchesAllowed: 0 when
 * the request offered it no search tool); without it, MAX_WEB_SEARCHES_PER_ANSWER.
 */
export async function runCandidates<T>(
  call: ProxyCall,
  plan: RoutePlan,
  rules: Pick<RoutingRules, 'max_retries' | 'retries_per_model' | 'timeout_ms'>,
  tryOne: (candidate: PlannedCandidate, attempt: Attempt) => Promise<T>,
  replan?: () => RoutePlan,
  searchesAllowed: (candidate: PlannedCandidate) => number = () => MAX_WEB_SEARCHES_PER_ANSWER,
): Promise<T> {
  if (plan.candidates.length === 0) throw noCandidateError(plan);
  const { deps, usage } = call;
  const errors: UpstreamError[] = [];
  const maxModels = Math.max(1, rules.max_retries + 1);
  let order: readonly PlannedCandidate[] = plan.candidates;
  let tried = 0;
  /** every failure so far was a local server found not running (nothing listens where it should) */
  let onlyNotRunning = true;
  /**
   * the last try the provider billed: a request no model served is filed under it (its cost is that try's);
   * one a model refused as the client's fault (a plain 400) stays filed under that model, which answered it
   */
  let billedBy: { modelId: string; providerId: string } | undefined;
  const passOver = (): void => {
    if (order === plan.candidates && plan.reserves) order = [...order, ...plan.reserves()];
  };
  /** candidates left cooling down (passed over, or not tried again once cooling): waiting may serve the request */
  const cooling: Breakers[] = [];
  /** whose breakers each of `errors` is about, in the same order: when the client may come back is read from them */
  const triedBy: Breakers[] = [];
  for (let i = 0; i < order.length && tried < maxModels; i++) {
    const candidate = order[i]!;
    const { model, provider } = candidate;
    // the profile whose own (BYOK) key is sent: a rate limit is that key's alone (routing/cooldown.ts)
    const owner = byokOwner(call, provider.id);
    const keyOwner = owner?.id;
    // the plan was made when the request arrived: a fallback that has begun cooling down since (or
    // whose half-open probe another request holds), or whose local server was found not running since
    // (by an earlier try of this request), is passed over, not sent a burst, and its attempt goes to the
    // next: the candidates past the budget come into reach
    const coolingNow = i > 0 && deps.health.isCoolingDown(model.id, provider.id, Date.now(), keyOwner);
    if (coolingNow || (i > 0 && isOwnRuntime(provider) && deps.health.isProviderDown(provider.id))) {
      if (coolingNow) cooling.push({ modelId: model.id, providerId: provider.id, keyOwner });
      passOver();
      continue;
    }
    tried++;
    /** while the cooldown this request's own failure opened lasts: when it ends (see ownCooldown) */
    let ownCooldownEnds: number | null = null;
    for (let attempt = 0; ; attempt++) {
      if (call.signal.aborted) throw new ClientClosed();
      usage.modelId = model.id;
      usage.providerId = provider.id;
      const sentAt = Date.now();
      const coolingBeforeSend = deps.health.isCoolingDown(model.id, provider.id, sentAt, keyOwner);
      deps.health.beginAttempt(model.id, provider.id, sentAt, keyOwner);
      // this try claimed the model's half-open probe: the model is held back for everyone else, not for it
      const probing = !coolingBeforeSend && deps.health.isCoolingDown(model.id, provider.id, sentAt, keyOwner);
      const t0 = Date.now();
      const sentKeys: (string | undefined)[] = [];
      const thisTry: Attempt = { budgetMs: rules.timeout_ms, sentKeys };
      try {
        return await tryOne(candidate, thisTry);
      } catch (err) {
        if (call.signal.aborted || err instanceof ProxyError) {
          deps.health.endAttempt(model.id, provider.id, Date.now(), keyOwner);
          if (call.signal.aborted) throw new ClientClosed();
          throw err;
        }
        const e = withKeyOwner(asUpstreamError(err, call, sentKeys), provider.id, owner?.name);
        const failed: FailedAttempt = {
          model: model.id, kind: e.kind, status: e.status ?? thisTry.headersStatus ?? null, message: e.message, latencyMs: Date.now() - t0,
          // figures no request can have (1e300, negative) are not billed: as for an answer, never trusted
          ...(e.billed === undefined || !isSaneUsage(e.billed) ? {} : { billed: triedBill(model, provider.type, e.billed, isUnansweredTry(e) || e.billedEstimated === true, searchesAllowed(candidate)) }),
        };
        usage.failedAttempts.push(failed);
        if (failed.billed) billedBy = { modelId: model.id, providerId: provider.id };
        // each model's latest failure: what it says now (a retry's 429 naming 30 s after a first one naming 2 s)
        // decides whether the client is told to wait, and how long
        if (attempt > 0) errors[errors.length - 1] = e;
        else {
          errors.push(e);
          triedBy.push({ modelId: model.id, providerId: provider.id, keyOwner });
        }
        // nothing listens at a local server's address (stopped since the last probe): it leaves routing as
        // not running now, rather than cooling down and being tried again (a refused connection costs
        // nothing, so trying it again would only make the client wait); its try used up no attempt
        if (e.kind === 'connect' && isOwnRuntime(provider) && (await deps.health.confirmLocalDown?.(provider.id)) === true) {
          deps.health.endAttempt(model.id, provider.id, Date.now(), keyOwner);
          tried--;
          passOver();
          break;
        }
        onlyNotRunning = false;
        const policy = policyOf(e.kind);
        const failedAt = Date.now();
        const endBefore = coolingEnd(call, model.id, provider.id, keyOwner, failedAt);
        // a rate limit counts against the key that was sent (a profile's own BYOK key, or the shared one);
        // the provider's own health (unreachable, 5xx) counts whichever key
        if (policy.cooldown) deps.health.recordFailure(model.id, provider.id, e.kind, failedAt, e.retryAfterMs, { reachable: e.reachable === true, keyOwner });
        else if (e.status !== undefined) {
          // it answered (a 400 the request caused, a wrong key): it is up, whatever its breaker thought; a
          // refused key or model also goes last for a while (the next requests try their fallback first);
          // a profile's own key refused says nothing of the key everyone else sends
          const refused = refusalOf(e);
          if (refused && !(keyOwner !== undefined && e.kind === 'auth')) deps.health.recordRefusal(model.id, provider.id, refused.scope, refused.reason, Date.now(), keyOwner);
          else deps.health.recordSuccess(model.id, provider.id, Date.now(), keyOwner);
        } else deps.health.endAttempt(model.id, provider.id, Date.now(), keyOwner);
        // an Ollama or LM Studio that no longer has the model (`ollama rm` since it was listed: 404 "model ... not
        // found, try pulling it first") is listed again (shared, at most every few seconds): the catalog shows it
        // not installed, and the next request naming it is told to pull it rather than tried and failed. Not awaited:
        // the next candidate is tried at once, not after a listing that may take seconds (the catalog updates when it ends).
        // A 404 only: LM Studio's 400 "Failed to load model" (read as not_found) is a model it has but cannot load now
        if (e.kind === 'not_found' && e.status === 404 && listsInstalled(provider)) {
          void deps.health.relistLocal?.([provider.id]).catch((err: unknown) => deps.log(`health: listing ${provider.id} failed: ${String(err)}`));
        }
        const cooled = ownCooldown({ endBefore, endAfter: coolingEnd(call, model.id, provider.id, keyOwner, failedAt), probing, ownEnds: ownCooldownEnds, now: failedAt });
        ownCooldownEnds = cooled === 'others' ? null : cooled;
        if (!policy.failover) throw requestFault(e);
        const wait = retriesSameModel(e) && attempt < rules.retries_per_model && !startsOver(e, provider) ? sameModelWait(e, attempt) : null;
        if (wait === null) break;
        // other requests had the model cooling down already (their failures opened it, another holds its probe):
        // the next candidate at once, not a burst at a model known to be failing
        if (cooled === 'others') {
          cooling.push({ modelId: model.id, providerId: provider.id, keyOwner });
          break;
        }
        // the pause is its own figure: neither this try's latency nor the next one's
        const slept = Date.now();
        try {
          await sleep(wait, call.signal);
          // the model may have begun cooling down meanwhile (other requests' failures, a probe another holds): the
          // next candidate, not a burst at a model known to be failing. A cooldown about to end (this try's own
          // retry-after, the timer a moment early) is waited out. No await between the last look and beginAttempt:
          // of several requests whose pauses end together, one claims the probe and the others see it held.
          // A cooldown this request's own failure opened, still running, is no reason to skip: its retry is the
          // one SPEC §2 promises, sent as the model's probe (the others see the model cooling meanwhile)
          let ends = coolingEnd(call, model.id, provider.id, keyOwner);
          while (ends !== null && ends - Date.now() <= TIMER_SLACK_MS && !call.signal.aborted) {
            await sleep(Math.max(1, ends - Date.now() + 1), call.signal);
            ends = coolingEnd(call, model.id, provider.id, keyOwner);
          }
          if (ends !== null && !stillOwn(ends, ownCooldownEnds) && !call.signal.aborted) {
            cooling.push({ modelId: model.id, providerId: provider.id, keyOwner });
            break;
          }
        } finally {
          failed.waitMs = Date.now() - slept;
        }
      }
    }
  }
  // the router, asked again, leaves those servers out: it answers what it answers when one is down
  // (503 saying to start it, not to be retried), or finds another model
  if (replan && errors.length > 0 && onlyNotRunning) return runCandidates(call, replan(), rules, tryOne, undefined, searchesAllowed);
  if (billedBy !== undefined) {
    usage.modelId = billedBy.modelId;
    usage.providerId = billedBy.providerId;
  }
  // read once every failure is recorded: the cooldowns this request's own failures opened count, and a model
  // they left closed may be tried again in a moment if it was only busy (final-error.ts soonestBack)
  const now = Date.now();
  const endsAt = (b: Breakers): number | null => deps.health.cooldownEndsAt(b.modelId, b.providerId, now, b.keyOwner);
  throw exhaustedError(usage.failedAttempts, errors, { now, triedBackAt: triedBy.map(endsAt), coolingUntil: cooling.map((b) => endsAt(b) ?? now + 1_000) });
}

/** The breakers a try of a model touches: the model's, its provider's, and the rate limit of the key sent (keyOwner's, or the shared one). */
interface Breakers {
  modelId: string;
  providerId: string;
  keyOwner: string | undefined;
}

/** While the model is cooling down for this key (its breaker open, or its probe held by another request): when that ends; else null. */
function coolingEnd(call: ProxyCall, modelId: string, providerId: string, keyOwner: string | undefined, now = Date.now()): number | null {
  if (!call.deps.health.isCoolingDown(modelId, providerId, now, keyOwner)) return null;
  return call.deps.health.cooldownEndsAt(modelId, providerId, now, keyOwner) ?? Infinity;
}

/**
 * Whose the model's cooldown is once a failure of this request's was recorded at `now` (`endBefore`, `endAfter`: its
 * cooldown's end just before and after, null when not cooling): 'others' when it was cooling already and not by this
 * request (other requests' failures opened it, another holds its probe); else when this request's own cooldown ends
 * (its failure opened it, or a cooldown an earlier failure of this request opened, `ownEnds`, still runs), null when
 * none holds the model back. A probe this try held made the model look cooling before: its failure opens it anew.
 */
function ownCooldown(o: { endBefore: number | null; endAfter: number | null; probing: boolean; ownEnds: number | null; now: number }): number | null | 'others' {
  const { endBefore, endAfter } = o;
  if (endBefore === null) return endAfter;
  if (o.probing && endAfter !== endBefore) return endAfter;
  if (stillOwn(endBefore, o.ownEnds, o.now)) return endAfter;
  return 'others';
}

/**
 * The model cooling until `ends` is still in the cooldown this request's failure opened (ending at `own`), perhaps
 * made longer by others' late failures: it has not ended (no probe can have been claimed since), and ends no sooner.
 */
function stillOwn(ends: number, own: number | null, now = Date.now()): boolean {
  return own !== null && now < own && ends >= own;
}

/**
 * Ollama or LM Studio timing out once it had the whole request was at work on the answer (a tool call it sends
 * whole once generated; Ollama sends even its headers only with the first chunk, so the wait can end before
 * any header): the same model again would start it over on the same hardware and take as long, so the next
 * candidate is tried instead.
 */
function startsOver(e: UpstreamError, provider: PlannedCandidate['provider']): boolean {
  return e.kind === 'timeout' && (e.reachable === true || e.sent === true) && goesSilentWhileGenerating(provider);
}

/** Ollama and LM Studio list what is installed on them (provider-watch.ts relist). */
function listsInstalled(provider: PlannedCandidate['provider']): boolean {
  return provider.type === 'ollama' || provider.type === 'lmstudio';
}

/** How long to wait before trying the same model again, or null when it is not worth it. */
function sameModelWait(e: UpstreamError, attempt: number): number | null {
  const wait = e.retryAfterMs ?? BACKOFF_MS * 2 ** attempt * (1 + Math.random() * 0.2);
  if (wait > MAX_SAME_MODEL_WAIT_MS) return null;
  return Math.round(wait);
}

function sleep(ms: number, signal: CallSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A refused key that was the profile's own (BYOK) says so: the provider's Test, made with the shared key,
 * shows it healthy, and "Incorrect API key provided" alone sends the user to the wrong key.
 */
function withKeyOwner(e: UpstreamError, providerId: string, ownerName: string | undefined): UpstreamError {
  if (ownerName === undefined || e.kind !== 'auth') return e;
  return { ...e, message: `${ownerName}'s own key for ${providerId} was refused: ${e.message}` };
}

/** The classified error of a failed try; a provider may echo the key it was sent, so those are redacted too. */
function asUpstreamError(err: unknown, call: ProxyCall, sentKeys: readonly (string | undefined)[]): UpstreamError {
  if (err instanceof UpstreamFailure) return { ...err.error, message: redactSecrets(err.error.message, sentKeys) };
  // an adapter that threw: our bug, never the provider's (it is not cooled down for it)
  call.deps.log(`proxy: internal error while trying ${call.usage.modelId}: ${redactSecrets(String((err as Error)?.stack ?? err), sentKeys)}`);
  return { kind: 'internal', message: 'Switchboard could not prepare or read this exchange (an internal error, logged)' };
}

/** A failed try's bill, its web searches held to what the request allowed that try (more: the bound, estimated). */
function triedBill(model: PlannedCandidate['model'], providerType: string, billed: Usage, estimated: boolean, allowed: number): ReturnType<typeof attemptBill> {
  const bounded = boundWebSearches(billed, allowed);
  return attemptBill(model, providerType, bounded.usage, estimated || bounded.over);
}
