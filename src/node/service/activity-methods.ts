// The activity log (GET /api/v1/llm/requests) and one request with its captured bodies.
import type { AdminService } from '../../shared/contract';
import { number, objectOf, oneOf, text } from '../../shared/validate';
import { ActivityLog, decodeCursor, type ActivityFilter } from '../usage/activity';
import type { UsageRecorder } from '../usage/recorder';
import type { ServiceContext } from './context';
import { badRequest, notFound, pathId, withAdminErrors } from './errors';
import { withoutEmpty } from './model-methods';

export type ActivityMethods = Pick<AdminService, 'listRequests' | 'getRequest'>;

export const DEFAULT_ACTIVITY_LIMIT = 50;

const filterText = (max: number) => text({ max, trim: false });
const activityQuery = objectOf({
  limit: number({ integer: true, min: 1, max: 500, fromString: true }),
  before: filterText(64),
  status: filterText(16),
  user_id: filterText(64),
  model: filterText(300),
  client: filterText(256),
});

function parseStatus(raw: string | undefined): ActivityFilter['status'] {
  if (raw === undefined) return null;
  if (/^\d{3}$/.test(raw)) return Number(raw);
  const word = oneOf(['success', 'ok', 'error', 'errors'] as const)(raw, 'status');
  return word === 'success' || word === 'ok' ? 'success' : 'error';
}

export function createActivityMethods(ctx: Pick<ServiceContext, 'db'>, recorder: UsageRecorder): ActivityMethods {
  const log = new ActivityLog(ctx.db);
  return withAdminErrors<ActivityMethods>({
    async listRequests(input) {
      const q = activityQuery(withoutEmpty(input ?? {}), '');
      let before: ActivityFilter['before'] = null;
      if (q.before !== undefined) {
        before = decodeCursor(q.before);
        if (before === null) throw badRequest('before must be a next_before cursor or an ISO time', 'before');
      }
      recorder.flush();
      return log.list({
        limit: q.limit ?? DEFAULT_ACTIVITY_LIMIT,
        before,
        status: parseStatus(q.status),
        userId: q.user_id ?? null,
        model: q.model ?? null,
        client: q.client ?? null,
      });
    },

    async getRequest(input) {
      const id = pathId((input as { request_id?: unknown } | undefined)?.request_id, 'request_id');
      recorder.flush();
      const entry = log.get(id);
      if (!entry) throw notFound('request', id);
      const bodies = recorder.bodies.get(id);
      return { ...entry, request_body: bodies?.request ?? null, response_body: bodies?.response ?? null };
    },
  });
}
