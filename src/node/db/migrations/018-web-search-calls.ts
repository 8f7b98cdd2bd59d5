// The paid web searches a request ran, per usage row: what-if (usage/what-if.ts) re-prices their fee on another
// model whose provider charges for the tool too. Rows before this read 0 (their price_basis still says
// web_search: what-if then says their fee was left out).
import type { Database, Migration } from '../migration';

const SQL = `
-- the serving answer's paid web searches (Anthropic server_tool_use.web_search_requests, OpenAI web_search_call
-- items, Gemini's grounding queries); their fee is in cost_usd
ALTER TABLE usage_log ADD COLUMN web_search_calls INTEGER NOT NULL DEFAULT 0;
`;

export const webSearchCallsMigration: Migration = {
  version: 18,
  name: 'web-search-calls',
  up(db: Database): void {
    db.exec(SQL);
  },
};
