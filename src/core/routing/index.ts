// The routing engine's public surface.
export { routeRequest, EXPECTED_OUTPUT_TOKENS, expectedAnswerTokens } from './route-request';
export { BYSTANDER_KINDS, RouteError, isRouteError, relevantExclusions, ROUTE_ERROR_STATUS, type RouteErrorKind } from './route-error';
export type { HealthView, PlanExclusion, PlannedCandidate, RequestNeeds, RouteInput, RoutePlan } from './types';
export { chatCapabilities, chatNeeds, embeddingNeeds } from './request-needs';
export { EVERY_NEED, needsCode, needsFromCode } from './needs-code';
export type { BreakerState } from './breaker';
export { CooldownTracker, MAX_COOLDOWN_MS, type BreakerScope, type BreakerView, type CooldownRules, type FailureContext, keyBreakerId } from './cooldown';
export { decayedLatency, LATENCY_STALE_MS, medianLatency, nextLatency } from './latency';
export { REASON, WEB_SEARCH_GAPS, contextTooSmall, contextWindowFor, DEFAULT_OUTPUT_RESERVE, type Exclusion, type ExclusionKind } from './eligibility';
export { LEVEL_TILT, STRATEGY_WEIGHTS, levelWeights, normaliseWeights, strategyWeights } from './scoring';
export { expandChain, resolveRequestedName, type ResolvedName } from './resolve-name';
export { noCandidateMessage, onlyNotRunning, setupHint, type SetupState } from './setup-hint';
