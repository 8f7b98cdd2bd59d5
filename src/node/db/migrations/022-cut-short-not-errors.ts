// A request cut short (the client hung up: client_closed, Claude Code's Esc; or Switchboard quit under it:
// shutdown) is no error (shared/counts-as-error.ts), but usage_daily.errors counted every row with an error
// kind. Each such row still in usage_log was counted exactly once, so its group's count comes down by that many.
// Rows the retention setting already pruned cannot be told apart: their days keep the count they had.
import type { Database, Migration } from '../migration';

// the kinds as they were when this ran: a later change of the rule is not this migration's
const SQL = `
WITH cut AS (
  SELECT day, user_id, COALESCE(provider_id, '') AS provider_id, COALESCE(model_id, '') AS model_id, COUNT(*) AS n
  FROM usage_log WHERE error_kind IN ('client_closed', 'shutdown')
  GROUP BY day, user_id, COALESCE(provider_id, ''), COALESCE(model_id, '')
)
UPDATE usage_daily SET errors = MAX(0, usage_daily.errors - cut.n)
FROM cut
WHERE usage_daily.day = cut.day AND usage_daily.user_id = cut.user_id
  AND usage_daily.provider_id = cut.provider_id AND usage_daily.model_id = cut.model_id;
`;

export const cutShortNotErrorsMigration: Migration = {
  version: 22,
  name: 'cut-short-not-errors',
  up(db: Database): void {
    db.exec(SQL);
  },
};
