// What each request needed of a model when it was routed, per usage row: what-if (usage/what-if.ts) routes logged
// traffic again at a power level with these needs (before, every row was routed as a plain chat request, so
// Claude Code's tool calls were priced on a model without tools). Rows before this read NULL: needs unknown.
import type { Database, Migration } from '../migration';

const SQL = `
-- the capabilities the router checked and the APIs it held the request to or put first (core/routing/needs-code.ts);
-- NULL: unknown (logged before this, or never routed)
ALTER TABLE usage_log ADD COLUMN route_needs INTEGER;
-- the max_tokens the request asked, which the context check reserves room for; NULL: none asked, or needs unknown
ALTER TABLE usage_log ADD COLUMN route_max_output INTEGER;
`;

export const routeNeedsMigration: Migration = {
  version: 21,
  name: 'route-needs',
  up(db: Database): void {
    db.exec(SQL);
  },
};
