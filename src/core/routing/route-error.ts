// Routing failures as values with a kind; the proxy maps kinds to statuses and never parses messages.
import type { ExclusionKind } from './eligibility';
import type { PlanExclusion } from './types';

/**
 * Exclusion kinds that say nothing about the request itself (a model not set up, one of another endpoint, a
 * name not in the catalog): when a power level chose among every model, they are bystanders.
 */
export const BYSTANDER_KINDS: ReadonlySet<ExclusionKind> = new Set<ExclusionKind>(['setup', 'endpoint', 'not_in_catalog']);

/** What kept out the models that say something about the request: every one when it named its models, else all but the bystanders. */
export function relevantExclusions(err: Pick<RouteError, 'named' | 'excluded'>): readonly PlanExclusion[] {
  return err.named ? err.excluded : err.excluded.filter((e) => !BYSTANDER_KINDS.has(e.kind));
}

export type RouteErrorKind = 'unknown_model' | 'budget_exhausted' | 'privacy_blocked' | 'no_candidate';

/** The HTTP status the proxy answers each kind with. */
export const ROUTE_ERROR_STATUS: Readonly<Record<RouteErrorKind, number>> = {
  unknown_model: 404,
  budget_exhausted: 402,
  privacy_blocked: 400,
  no_candidate: 503,
};

export class RouteError extends Error {
  readonly kind: RouteErrorKind;
  /** why each model was passed over (set for no_candidate, so a preview can still show it) */
  readonly excluded: readonly PlanExclusion[];
  readonly notes: readonly string[];
  /** the request named its models (a model id, an alias): not a power level choosing among all */
  readonly named: boolean;

  /** `message` is shown to the user: it names models and kinds, never a key or a secret. */
  constructor(kind: RouteErrorKind, message: string, excluded: readonly PlanExclusion[] = [], notes: readonly string[] = [], named = false) {
    super(message);
    this.name = 'RouteError';
    this.kind = kind;
    this.excluded = excluded;
    this.notes = notes;
    this.named = named;
  }

  get status(): number {
    return ROUTE_ERROR_STATUS[this.kind];
  }
}

export function isRouteError(e: unknown): e is RouteError {
  return e instanceof RouteError;
}
