// The RouteError a routing input must end in, for the router's unit tests.
import { RouteError } from '../../src/core/routing/route-error';
import { routeRequest } from '../../src/core/routing/route-request';
import type { RouteInput } from '../../src/core/routing/types';

export function routeError(i: RouteInput): RouteError {
  try {
    routeRequest(i);
  } catch (e) {
    if (e instanceof RouteError) return e;
    throw e;
  }
  throw new Error('expected a RouteError');
}
