import { describe, expect, it } from 'vitest';
import { REASON, RouteError, contextTooSmall } from '../../core/routing';
import { routeErrorToProxy } from './final-error';

const none = (...reasons: string[]) => new RouteError('no_candidate', 'no model can serve this request', reasons.map((reason, i) => ({ model: `p/m${i}`, reason })));

describe('routeErrorToProxy', () => {
  it('answers 400 when the request itself rules every model out, naming the kind of mismatch', () => {
    expect(routeErrorToProxy(none(REASON.otherFormat, REASON.noKey))).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'model_not_supported' });
    expect(routeErrorToProxy(none('no document (PDF) support'))).toMatchObject({ status: 400, code: 'model_not_supported' });
    expect(routeErrorToProxy(none(contextTooSmall(300_000, 200_000), REASON.modelDisabled))).toMatchObject({ status: 400, code: 'context_length_exceeded' });
  });

  it('stays 503 when waiting could help or nothing about the request was at fault', () => {
    expect(routeErrorToProxy(none(REASON.otherFormat, REASON.coolingDown)).status).toBe(503);
    expect(routeErrorToProxy(none(REASON.noKey)).status).toBe(503);
    expect(routeErrorToProxy(none()).status).toBe(503);
  });
});
